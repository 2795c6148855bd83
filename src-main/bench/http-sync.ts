import { performance } from 'node:perf_hooks'
import { createConnector } from '../connectors'
import { openDatabase } from '../db/database'
import { startSandbox, type StartedSandbox } from '../sandboxes'
import type { SourceKind } from '../sources/config'
import { SourceStore } from '../sources/store'
import { runSync } from '../sync/engine'

const KINDS: readonly SourceKind[] = ['pub', 'appkey', 'pingpp', 'course']

export interface HttpSyncFigures {
  orders: number
  orders_per_s: number
  baseline_orders_per_s: number
  ratio: number
}

/**
 * A full sync over loopback from the four sandboxes, each with its page-size cap, against
 * a baseline: a plain loop that fetches the very same pages (replayed from the sandboxes'
 * request logs) with the same concurrency, JSON.parses them, and stores nothing.
 */
export async function benchHttpSync(dbFile: string, total: number): Promise<HttpSyncFigures> {
  const perKind = Math.ceil(total / KINDS.length)
  const sandboxes: StartedSandbox[] = await Promise.all(
    KINDS.map((kind, i) => startSandbox(kind, { seed: 900 + i, orders: perKind }, { recordRequests: true })),
  )
  try {
    const configs = sandboxes.map((s) => s.sourceConfig(`http-${s.kind}`, `http ${s.kind}`))
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
    })
    const seconds = (performance.now() - t0) / 1000
    db.close()
    if (result.status !== 'ok') throw new Error(`benchmark sync failed: ${JSON.stringify(result.sources.map((s) => s.error))}`)
    const synced = result.sources.reduce((n, s) => n + s.inserted + s.updated + s.unchanged, 0)

    const t1 = performance.now()
    const counts = await Promise.all(sandboxes.map((s) => replay(s)))
    const baselineSeconds = (performance.now() - t1) / 1000
    const baselineOrders = counts.reduce((a, b) => a + b, 0)

    const perS = synced / seconds
    const baselinePerS = baselineOrders / baselineSeconds
    return { orders: synced, orders_per_s: Math.round(perS), baseline_orders_per_s: Math.round(baselinePerS), ratio: Math.round((perS / baselinePerS) * 100) / 100 }
  } finally {
    await Promise.all(sandboxes.map((s) => s.close()))
  }
}

/** Fetches every request the sync made to this sandbox, in order, parsing and counting records. */
async function replay(sandbox: StartedSandbox): Promise<number> {
  const origin = new URL(sandbox.server.url).origin
  let records = 0
  for (const request of [...sandbox.server.requestLog]) {
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
