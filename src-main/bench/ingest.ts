import { performance } from 'node:perf_hooks'
import { generateAppkeyRecords } from '../sandboxes/appkey'
import { generateCourseRecords } from '../sandboxes/course'
import { generatePingppRecords } from '../sandboxes/pingpp'
import { generatePubRecords } from '../sandboxes/pub'
import { Random } from '../sandboxes/random'
import { normalizeAppkeyRecord } from '../connectors/appkey'
import { normalizeCourseRecord } from '../connectors/course'
import { normalizePingppRecord } from '../connectors/pingpp'
import { normalizePubRecord } from '../connectors/pub'
import type { Db } from '../db/database'
import type { NormalizedOrder } from '../orders/order'
import { NewOrderRollups } from '../orders/rollups'
import { fingerprint, OrderWriter } from '../orders/writer'
import type { SourceKind } from '../sources/config'
import { SourceStore } from '../sources/store'
import { WRITE_GROUP_ORDERS } from '../sync/page-groups'

type Generator = (random: Random, now: number, count: number, startIndex?: number) => unknown[]
type Normalizer = (raw: unknown, source: { timezone: string; currency: string }) => NormalizedOrder

const KINDS: ReadonlyArray<{ kind: SourceKind; generate: Generator; normalize: Normalizer }> = [
  { kind: 'pub', generate: generatePubRecords, normalize: normalizePubRecord },
  { kind: 'appkey', generate: generateAppkeyRecords, normalize: normalizeAppkeyRecord },
  { kind: 'pingpp', generate: generatePingppRecords, normalize: normalizePingppRecord },
  { kind: 'course', generate: generateCourseRecords, normalize: normalizeCourseRecord },
]

/** Records per API page, as the sandboxes serve them by default. */
const PAGE = 100
const ZONE = { timezone: 'Asia/Shanghai', currency: 'CNY' }

export function benchSources(db: Db): string[] {
  const store = new SourceStore(db)
  for (const { kind } of KINDS) {
    store.upsert(
      {
        id: `bench-${kind}`,
        name: `压测·${kind}`,
        kind,
        baseUrl: 'http://127.0.0.1:9',
        token: 'x',
        appKey: 'x',
        appId: 'x',
        secretKey: 'x',
        timezone: 'Asia/Shanghai',
        currency: 'CNY',
        lookbackDays: 30,
        autoSyncMinutes: 0,
        fullSyncDays: 7,
        enabled: true,
      } as never,
      { storeSecrets: false },
    )
  }
  return KINDS.map((k) => `bench-${k.kind}`)
}

/**
 * Ingest through the real path: the sandboxes' generators produce raw API records page by
 * page, the real connectors' normalizers turn them into orders, and the real writer upserts
 * them in transactions of the sync's batch size. Returns orders per second of the whole path.
 */
export function ingest(db: Db, total: number, now: number, onProgress?: (done: number) => void): { seconds: number; ordersPerS: number } {
  const writer = new OrderWriter(db)
  const perKind = Math.ceil(total / KINDS.length)
  let done = 0
  let busy = 0
  KINDS.forEach(({ kind, generate, normalize }, k) => {
    const random = new Random(1000 + k)
    const count = Math.min(perKind, total - k * perKind)
    // Pages of PAGE records are normalized one by one and written as sync writes them while
    // its writer keeps up: WRITE_GROUP_ORDERS per transaction.
    for (let start = 0; start < count; start += WRITE_GROUP_ORDERS) {
      const pages: unknown[][] = []
      for (let p = start; p < Math.min(count, start + WRITE_GROUP_ORDERS); p += PAGE)
        pages.push(generate(random, now, Math.min(PAGE, count - p), p))
      const t0 = performance.now()
      const orders = pages.flatMap((raw) => raw.map((r) => normalize(r, ZONE)))
      writer.upsert(`bench-${kind}`, orders, now)
      busy += performance.now() - t0
      done += orders.length
      if (done % 50_000 < WRITE_GROUP_ORDERS) onProgress?.(done)
    }
  })
  return { seconds: busy / 1000, ordersPerS: done / (busy / 1000) }
}

/**
 * The machine's limit for the same rows: already-normalized orders inserted by one prepared
 * statement into the same table and indexes, with their rollups summed and written per
 * transaction as the writer does (unless `rollups` is false), in transactions of `groupOrders`
 * (the ingest's size unless said), up to the same count (an index of a million rows costs more
 * per insert than one of a thousand). Only the writes are timed; generating, normalizing and
 * fingerprinting are done before each.
 */
export function rawInsert(db: Db, total: number, now: number, groupOrders = WRITE_GROUP_ORDERS, rollups = true): { rowsPerS: number } {
  let insert: ReturnType<Db['prepare']> | null = null
  const sums = new NewOrderRollups(db)
  const write = db.transaction((batch: Array<Record<string, unknown>>, orders: NormalizedOrder[]) => {
    for (const p of batch) insert!.run(p)
    if (!rollups) return
    for (const o of orders) sums.add('bench-pub', o)
    sums.write()
  })
  const perKind = Math.ceil(total / KINDS.length)
  let busy = 0
  let done = 0
  KINDS.forEach(({ generate, normalize }, k) => {
    const random = new Random(5000 + k)
    const count = Math.min(perKind, total - k * perKind)
    for (let start = 0; start < count; start += groupOrders) {
      const orders = generate(random, now, Math.min(groupOrders, count - start), start).map((r) => normalize(r, ZONE))
      const batch = orders.map((order, i) => {
        const { raw: _raw, ...o } = order
        return {
          ...o,
          source_id: 'bench-pub',
          remote_id: `raw-${k}-${start + i}`,
          warnings: o.warnings.length ? JSON.stringify(o.warnings) : null,
          fingerprint: fingerprint(order),
          seen_at: now,
        }
      })
      if (!insert) {
        const columns = Object.keys(batch[0]).filter((c) => c !== 'seen_at')
        insert = db.prepare(
          `INSERT INTO orders (${columns.join(', ')}, first_seen_at, last_seen_at) VALUES (${columns.map((c) => `@${c}`).join(', ')}, @seen_at, @seen_at)`,
        )
      }
      const t0 = performance.now()
      write(batch, orders)
      busy += performance.now() - t0
      done += batch.length
    }
  })
  return { rowsPerS: done / (busy / 1000) }
}
