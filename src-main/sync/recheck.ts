import { ConnectorError } from '../connectors/errors'
import type { Connector, PagesRequest, Send } from '../connectors/types'
import type { WritablePage } from './page-writer'
import type { Db } from '../db/database'
import type { NormalizedOrder } from '../orders/order'
import type { SourceConfig } from '../sources/config'

const HOUR_MS = 3_600_000

/** Old pending orders re-checked one by one per source and sync at most, where the API cannot list by status. */
export const RECHECK_BUDGET = 50

/** Where the API lists by status, orders that left the listing are real changes: four budgets' worth are read a sync. */
const LEFT_LISTING_BUDGET_FACTOR = 4

/**
 * How long after the last time any sync read it an old pending order is due for a single
 * re-check: an hour, then a day, then a week, as it keeps being found unchanged.
 */
export const RECHECK_INTERVALS_MS = [HOUR_MS, 24 * HOUR_MS, 7 * 24 * HOUR_MS] as const

export function recheckIntervalMs(checks: number): number {
  return RECHECK_INTERVALS_MS[Math.min(checks, RECHECK_INTERVALS_MS.length - 1)]
}

interface Candidate {
  id: number
  remote_id: string
  order_no: string | null
  remote_status: string
  created_at: number
  last_seen_at: number
  checks: number
}

export interface RecheckOptions {
  db: Db
  source: SourceConfig
  connector: Connector
  /** The window's start: orders created before it are not re-listed by the window. */
  since: number
  now: number
  budget: number
  send: Send
  signal?: AbortSignal
  /** Reads and writes a listing (pending orders, by the API's status filter), telling each page. */
  list: (request: Pick<PagesRequest, 'filters' | 'since' | 'until'>, onPage: (page: WritablePage) => void) => Promise<void>
  /** Counts a listed page in the progress. */
  counted: (page: WritablePage) => void
  /** Writes orders read one by one. */
  write: (orders: NormalizedOrder[]) => Promise<void>
  /** Writes on the sync's own connection, in turn with the writer thread. */
  exclusive: <T>(fn: () => T) => Promise<T>
  onRechecked: (count: number) => void
}

/**
 * Re-checks orders still pending that are older than the window (src-main/sync/README.md),
 * at a cost a vendor accepts. Orders past their own expiry can no longer be paid and wait for
 * the next full sync. Where the API lists by status, one paged listing of the pending orders
 * stands for all of them, and only those that left it are read, once each. Where it cannot,
 * single reads are spread over syncs: each order is due an hour, a day, then a week after any
 * sync last read it, least recently read first, a budget per sync.
 */
export async function recheckOldPending(options: RecheckOptions): Promise<{ method: 'listing' | 'single' | null; missing: number }> {
  const { db, source, connector } = options
  const candidates = db
    .prepare(
      `SELECT o.id, o.remote_id, o.order_no, o.remote_status, o.created_at, o.last_seen_at, coalesce(r.checks, 0) AS checks
       FROM orders o LEFT JOIN order_rechecks r ON r.order_id = o.id
       WHERE o.status = 'pending' AND o.created_at < ? AND o.source_id = ? AND o.missing_since IS NULL
         AND (o.expires_at IS NULL OR o.expires_at > ?)`,
    )
    .all(options.since, source.id, options.now) as Candidate[]
  if (candidates.length === 0) return { method: null, missing: 0 }

  const filters = connector.pendingFilters([...new Set(candidates.map((c) => c.remote_status))])
  if (filters) {
    const listed = new Set<string>()
    const oldest = candidates.reduce((min, c) => Math.min(min, c.created_at), Number.POSITIVE_INFINITY)
    // Side by side (the source's requests hold them to its concurrency); each settles before a failure is told.
    const listings = await Promise.allSettled(
      filters.map((filter) =>
        options.list({ filters: filter, since: oldest, until: options.since }, (page) => {
          for (const order of page.orders) listed.add(order.remote_id)
          options.counted(page)
        }),
      ),
    )
    for (const listing of listings) if (listing.status === 'rejected') throw listing.reason
    // Read once each, a few budgets' worth a sync (least recently read first): after a long time
    // offline many may have left at once, and the rest are read by the next syncs.
    const left = candidates
      .filter((c) => !listed.has(c.remote_id))
      .sort((a, b) => a.last_seen_at - b.last_seen_at || a.id - b.id)
      .slice(0, LEFT_LISTING_BUDGET_FACTOR * options.budget)
    const missing = await readEach(options, left, false)
    options.onRechecked(candidates.length)
    return { method: 'listing', missing }
  }
  if (!connector.capabilities.get) return { method: null, missing: 0 }
  const due = candidates
    .filter((c) => options.now - c.last_seen_at >= recheckIntervalMs(c.checks))
    .sort((a, b) => a.last_seen_at - b.last_seen_at || a.id - b.id)
    .slice(0, options.budget)
  if (due.length === 0) return { method: null, missing: 0 }
  const missing = await readEach(options, due, true)
  options.onRechecked(due.length)
  return { method: 'single', missing }
}

/**
 * Reads each order once (as many at a time as the source's requests allow) and writes what
 * came back; an order the API no longer has is flagged, never deleted. Returns how many were flagged.
 */
async function readEach(options: RecheckOptions, orders: readonly Candidate[], counting: boolean): Promise<number> {
  const { db, connector, source } = options
  const results = await Promise.allSettled(
    orders.map((c) => options.send((signal) => connector.get(c.remote_id, signal, { order_no: c.order_no }), options.signal)),
  )
  const read: NormalizedOrder[] = []
  const gone: Candidate[] = []
  let failure: unknown = null
  results.forEach((result, i) => {
    if (result.status === 'fulfilled') read.push(result.value)
    else if (result.reason instanceof ConnectorError && result.reason.kind === 'not_found') gone.push(orders[i])
    // An order the API can only find by a number this one lacks stays as it is.
    else if (!(result.reason instanceof ConnectorError && result.reason.kind === 'unsupported')) failure ??= result.reason
  })
  if (read.length > 0) await options.write(read)
  await options.exclusive(() =>
    db
      .transaction(() => {
        const flag = db.prepare('UPDATE orders SET missing_since = ? WHERE source_id = ? AND remote_id = ? AND missing_since IS NULL')
        for (const c of gone) flag.run(options.now, source.id, c.remote_id)
        if (!counting) return
        // Found still pending, an order is due again later than before; once it left pending its count goes.
        const byRemoteId = new Map(orders.map((c) => [c.remote_id, c.id]))
        const count = db.prepare(
          'INSERT INTO order_rechecks (order_id, checks) VALUES (?, 1) ON CONFLICT (order_id) DO UPDATE SET checks = checks + 1',
        )
        const forget = db.prepare('DELETE FROM order_rechecks WHERE order_id = ?')
        for (const order of read) (order.status === 'pending' ? count : forget).run(byRemoteId.get(order.remote_id))
      })
      .immediate(),
  )
  if (failure !== null) throw failure
  return gone.length
}
