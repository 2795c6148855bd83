import { fork, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { createConnector } from '../connectors'
import { openDatabase } from '../db/database'
import { sourceConfigSchema, type SourceKind } from '../sources/config'
import { SourceStore } from '../sources/store'
import { runSync } from '../sync/engine'
import { SOURCE_WORKERS } from '../shared/worker-entry'
import { benchSources, rawInsert } from './ingest'
import type { HostedSandbox, HostReply, HostRequest } from './sandbox-host'

const KINDS: readonly SourceKind[] = ['pub', 'appkey', 'pingpp', 'course']

export interface HttpSyncFigures {
  orders: number
  orders_per_s: number
  baseline_orders_per_s: number
  ratio: number
  /**
   * The write side's limit: the same number of already-normalized rows inserted by one prepared
   * statement into a new database with the same schema (the sync's file starts new too), in the
   * sync's transaction size. The sync cannot go faster than it writes.
   */
  raw_insert_rows_per_s: number
}

/**
 * A full sync over loopback from the four sandboxes, each with its page-size cap, against
 * a baseline: a plain loop that fetches the very same pages (replayed from the sandboxes'
 * request logs) with the same concurrency, JSON.parses them, and stores nothing. The
 * sandboxes run in a child process, as a remote API would: both sides are measured with
 * the whole of this process to themselves.
 */
export async function benchHttpSync(dbFile: string, total: number): Promise<HttpSyncFigures> {
  const host = await SandboxHost.start(Math.ceil(total / KINDS.length))
  try {
    const configs = host.sandboxes.map((s) =>
      sourceConfigSchema.parse({ id: `http-${s.kind}`, name: `http ${s.kind}`, kind: s.kind, baseUrl: s.url, ...s.credentials }),
    )
    const { db } = openDatabase(dbFile)
    const store = new SourceStore(db)
    for (const c of configs) store.upsert(c, { storeSecrets: false })
    const t0 = performance.now()
    const result = await runSync({
      db,
      sources: configs,
      connectorFor: (c) => createConnector(c),
      trigger: 'manual',
      full: true,
      concurrency: 4,
      minRequestIntervalMs: 0,
      // As the app's sync worker runs it: pages written by a thread of their own.
      writeThread: SOURCE_WORKERS.syncWriter,
    })
    const seconds = (performance.now() - t0) / 1000
    db.close()
    if (result.status !== 'ok') throw new Error(`benchmark sync failed: ${JSON.stringify(result.sources.map((s) => s.error))}`)
    const synced = result.sources.reduce((n, s) => n + s.inserted + s.updated + s.unchanged, 0)

    const logs = await Promise.all(host.sandboxes.map(async (s) => ({ url: s.url, log: await host.requestLog(s.kind) })))
    const t1 = performance.now()
    const counts = await Promise.all(logs.map(({ url, log }) => replay(url, log)))
    const baselineSeconds = (performance.now() - t1) / 1000
    const baselineOrders = counts.reduce((a, b) => a + b, 0)

    const perS = synced / seconds
    const baselinePerS = baselineOrders / baselineSeconds
    await host.close()
    return {
      orders: synced,
      orders_per_s: Math.round(perS),
      baseline_orders_per_s: Math.round(baselinePerS),
      ratio: Math.round((perS / baselinePerS) * 100) / 100,
      raw_insert_rows_per_s: Math.round(rawInsertIntoNew(path.join(path.dirname(dbFile), 'http-raw.db'), total)),
    }
  } finally {
    await host.close()
  }
}

/** Raw inserts of `total` rows into a new database at `file` (removed afterwards), rows/s. */
function rawInsertIntoNew(file: string, total: number): number {
  const remove = (): void => ['', '-wal', '-shm'].forEach((suffix) => fs.rmSync(`${file}${suffix}`, { force: true }))
  remove()
  const { db } = openDatabase(file)
  try {
    benchSources(db)
    return rawInsert(db, total, Date.now()).rowsPerS
  } finally {
    db.close()
    remove()
  }
}

type RequestLog = Extract<HostReply, { type: 'requestLog' }>['log']

/** The sandbox-host child process, started and waited for. */
class SandboxHost {
  private constructor(
    private readonly child: ChildProcess,
    readonly sandboxes: HostedSandbox[],
  ) {}

  static start(perKind: number): Promise<SandboxHost> {
    const child = fork(fileURLToPath(new URL('./sandbox-host.ts', import.meta.url)), [String(perKind)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    return new Promise((resolve, reject) => {
      child.once('error', reject)
      child.once('exit', (code) => reject(new Error(`sandbox host exited with code ${code} before it was ready`)))
      child.once('message', (reply: HostReply) => {
        if (reply.type === 'ready') resolve(new SandboxHost(child, reply.sandboxes))
        else reject(new Error(`sandbox host: ${reply.type === 'error' ? reply.message : reply.type}`))
      })
    })
  }

  requestLog(kind: SourceKind): Promise<RequestLog> {
    return new Promise((resolve, reject) => {
      const onMessage = (reply: HostReply): void => {
        if (reply.type === 'requestLog' && reply.kind === kind) {
          this.child.off('message', onMessage)
          resolve(reply.log)
        } else if (reply.type === 'error') {
          this.child.off('message', onMessage)
          reject(new Error(`sandbox host: ${reply.message}`))
        }
      }
      this.child.on('message', onMessage)
      this.child.send({ type: 'requestLog', kind } satisfies HostRequest)
    })
  }

  close(): Promise<void> {
    if (this.child.exitCode !== null) return Promise.resolve()
    return new Promise((resolve) => {
      this.child.removeAllListeners('exit')
      this.child.once('exit', () => resolve())
      this.child.send({ type: 'close' } satisfies HostRequest)
    })
  }
}

/** Fetches every request the sync made to one sandbox, in order, parsing and counting records. */
async function replay(url: string, log: RequestLog): Promise<number> {
  const origin = new URL(url).origin
  let records = 0
  for (const request of log) {
    const response = await fetch(`${origin}${request.uri}`, {
      method: request.method,
      headers: request.headers,
      body: request.method === 'GET' ? undefined : request.body,
    })
    records += countRecords(JSON.parse(await response.text()))
  }
  return records
}
/** The records in a list reply of any of the four envelopes. */
function countRecords(json: unknown): number {
  const j = json as Record<string, unknown>
  const data = j.data as Record<string, unknown> | unknown[] | undefined
  if (Array.isArray(data)) return data.length // pingpp
  if (data && typeof data === 'object') {
    for (const key of ['list', 'data', 'items']) {
      const v = (data as Record<string, unknown>)[key]
      if (Array.isArray(v)) return v.length
    }
  }
  return 0
}
