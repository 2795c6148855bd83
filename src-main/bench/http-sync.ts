import fs from 'node:fs'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { createConnector } from '../connectors'
import { openDatabase, type Db } from '../db/database'
import { sourceConfigSchema, type SourceKind } from '../sources/config'
import { SourceStore } from '../sources/store'
import { SOURCE_WORKERS } from '../shared/worker-entry'
import { runSync } from '../sync/engine'
import { DEFAULT_REQUEST_POLICY } from '../sync/request-gate'
import { WRITE_GROUP_ORDERS } from '../sync/page-groups'
import { benchSources, rawInsert } from './ingest'
import { SandboxHost, type RequestLog } from './hosted-sandboxes'

const KINDS: readonly SourceKind[] = ['pub', 'appkey', 'pingpp', 'course']

export interface HttpSyncFigures {
  orders: number
  orders_per_s: number
  baseline_orders_per_s: number
  ratio: number
  /**
   * The write side's limit: the same number of already-normalized rows inserted by one prepared
   * statement into a new database with the same schema (the sync's file starts new too), in the
   * sync's largest transactions. The sync cannot go faster than it writes.
   */
  raw_insert_rows_per_s: number
  /**
   * The same raw insert into a new database without one part of the schema (dropped there
   * only), rows/s: what each part costs a write. The id search (the indexes of each id's start and
   * end), the rollups (counts, revenue quarters, the per-day tables and the names dictionary,
   * written per transaction), the secondary indexes, and all three (the table with its keys alone).
   */
  raw_insert_without: Record<SchemaPart | 'rollups' | 'all', number>
}

type SchemaPart = 'id_search' | 'indexes'

/** The statements that drop a part of the schema from a bench database, read from its own schema. */
function dropStatements(db: Db, part: SchemaPart): string[] {
  const names = (sql: string): string[] => db.prepare(sql).pluck().all() as string[]
  // The id indexes are the ones on lower-cased ids.
  const idIndexes = "type = 'index' AND tbl_name = 'orders' AND sql LIKE '%lower(%'"
  switch (part) {
    case 'id_search':
      return names(`SELECT name FROM sqlite_master WHERE ${idIndexes}`).map((n) => `DROP INDEX "${n}"`)
    case 'indexes':
      // Declared indexes only (the keys' own, sqlite_autoindex_*, have no SQL and stay), the id indexes aside.
      return names(
        `SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'orders' AND sql IS NOT NULL AND NOT (${idIndexes})`,
      ).map((n) => `DROP INDEX "${n}"`)
  }
}

/**
 * A full sync over loopback from the four sandboxes, each with its page-size cap, by the
 * app's own sync settings, against a baseline: a plain loop that fetches the very same pages
 * (replayed from the sandboxes' request logs) with as many requests in flight per source,
 * JSON.parses them, and stores nothing. The sandboxes run in a child process, as a remote API
 * would: both sides are measured with the whole of this process to themselves. It leaves out
 * what a remote API adds: its latency (answers here come at once) and its rate limits (none
 * here); the remote section (remote-sync.ts) measures those.
 */
export async function benchHttpSync(dbFile: string, total: number): Promise<HttpSyncFigures> {
  const host = await SandboxHost.start({ perKind: Math.ceil(total / KINDS.length), recordRequests: true })
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
    const rawFile = path.join(path.dirname(dbFile), 'http-raw.db')
    const baselinePerS = baselineOrders / baselineSeconds
    await host.close()
    return {
      orders: synced,
      orders_per_s: Math.round(perS),
      baseline_orders_per_s: Math.round(baselinePerS),
      ratio: Math.round((perS / baselinePerS) * 100) / 100,
      raw_insert_rows_per_s: Math.round(rawInsertIntoNew(rawFile, total, [])),
      raw_insert_without: {
        id_search: Math.round(rawInsertIntoNew(rawFile, total, ['id_search'])),
        rollups: Math.round(rawInsertIntoNew(rawFile, total, [], false)),
        indexes: Math.round(rawInsertIntoNew(rawFile, total, ['indexes'])),
        all: Math.round(rawInsertIntoNew(rawFile, total, ['id_search', 'indexes'], false)),
      },
    }
  } finally {
    await host.close()
  }
}

/** Raw inserts of `total` rows into a new database at `file` (removed afterwards) without `parts` of the schema, and with or without the rollups, rows/s. */
function rawInsertIntoNew(file: string, total: number, parts: readonly SchemaPart[], rollups = true): number {
  const remove = (): void => ['', '-wal', '-shm'].forEach((suffix) => fs.rmSync(`${file}${suffix}`, { force: true }))
  remove()
  const { db } = openDatabase(file)
  try {
    benchSources(db)
    for (const part of parts) {
      const statements = dropStatements(db, part)
      // A part that is not found means the schema moved on and this list with it: say so.
      if (statements.length === 0) throw new Error(`the bench finds no ${part} to drop in the schema`)
      for (const statement of statements) db.exec(statement)
    }
    // In the sync's largest transactions: the limit it would reach if it were never held up.
    return rawInsert(db, total, Date.now(), WRITE_GROUP_ORDERS, rollups).rowsPerS
  } finally {
    db.close()
    remove()
  }
}

/**
 * Fetches every request the sync made to one sandbox, parsing and counting records, with as
 * many in flight as the sync keeps per source by its own settings.
 */
async function replay(url: string, log: RequestLog): Promise<number> {
  const origin = new URL(url).origin
  let records = 0
  let next = 0
  const lane = async (): Promise<void> => {
    while (next < log.length) {
      const request = log[next++]
      const response = await fetch(`${origin}${request.uri}`, {
        method: request.method,
        headers: request.headers,
        body: request.method === 'GET' ? undefined : request.body,
      })
      records += countRecords(JSON.parse(await response.text()))
    }
  }
  await Promise.all(Array.from({ length: DEFAULT_REQUEST_POLICY.concurrency }, lane))
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
