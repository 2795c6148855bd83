import { performance } from 'node:perf_hooks'
import type { Args, OrderFilter, OrderStatusValue } from '../../src-preload/contract'
import type { Db } from '../db/database'
import { statusCounts } from '../orders/detail'
import { listOrders } from '../orders/queries'
import { forgetRemembered } from '../orders/remembered'
import { orderTotals } from '../orders/totals'

export interface Timing {
  p50_ms: number
  p95_ms: number
  rows: number
}

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]
}

function time(db: Db, repeats: number, run: (i: number) => number): Timing {
  const samples: number[] = []
  let rows = 0
  run(0) // warm the statement cache
  for (let i = 0; i < repeats; i++) {
    // Values repeat across runs: each is timed as a new filter, not from the counts kept for paging.
    forgetRemembered(db)
    const t0 = performance.now()
    rows = run(i)
    samples.push(performance.now() - t0)
  }
  const round = (n: number): number => Math.round(n * 100) / 100
  return { p50_ms: round(percentile(samples, 50)), p95_ms: round(percentile(samples, 95)), rows }
}

/**
 * The shapes the order list sends: the first page (50 rows) plus its total count, each
 * repeated with varied values.
 */
export function benchQueries(db: Db, sources: string[], now: number, repeats = 30): Record<string, Timing> {
  const DAY = 86_400_000
  const statuses = ['paid', 'pending', 'refunded', 'canceled'] as const
  const names = db.prepare('SELECT DISTINCT product_name FROM orders WHERE product_name IS NOT NULL LIMIT 50').all() as Array<{
    product_name: string
  }>
  const twoChars = names.map((n) => [...n.product_name].slice(0, 2).join('')).filter((s) => /[\u4e00-\u9fff]{2}/.test(s))
  const sixChars = names.map((n) => [...n.product_name].slice(0, 6).join('')).filter((s) => [...s].length === 6)
  const orderNos = (
    db.prepare('SELECT order_no FROM orders WHERE order_no IS NOT NULL ORDER BY random() LIMIT 50').all() as Array<{ order_no: string }>
  ).map((r) => r.order_no.slice(0, Math.max(4, r.order_no.length - 4)))
  // What staff copy from a payment receipt: a whole trade number, or its last four digits; an
  // order number's last six.
  const tradeNos = db.prepare('SELECT trade_no FROM orders WHERE trade_no IS NOT NULL ORDER BY random() LIMIT 50').pluck().all() as string[]
  const orderNoEnds = (
    db.prepare('SELECT order_no FROM orders WHERE order_no IS NOT NULL ORDER BY random() LIMIT 50').pluck().all() as string[]
  ).map((n) => n.slice(-6))
  // Sources, statuses and the start of a product name that go together, so the shape with every
  // filter finds orders (values picked each on its own rarely meet in one order).
  const combos = (
    db
      .prepare(`SELECT source_id, status, product_name FROM order_counts WHERE n > 0 AND product_name IS NOT NULL ORDER BY n DESC LIMIT 50`)
      .all() as Array<{
      source_id: string
      status: OrderStatusValue
      product_name: string
    }>
  )
    .map((c) => ({ ...c, keyword: [...c.product_name].slice(0, 2).join('') }))
    .filter((c) => /[\u4e00-\u9fff]{2}/.test(c.keyword))
  const page = (filter: OrderFilter, extra: Partial<Args<'orders:list'>> = {}): number =>
    listOrders(db, { filter, sort: { key: 'created_at', order: 'desc' }, page: 1, pageSize: 50, ...extra }).rows.length
  const pick = <T>(items: readonly T[], i: number): T => items[i % items.length]
  // The list asks for its totals (and the orders a pay-time range leaves out) on every filter change.
  const totals = (filter: OrderFilter): number => orderTotals(db, filter).currencies.length
  const days = (i: number, length: number): { from: number; to: number } => ({
    from: now - (length + (i % 30)) * DAY,
    to: now - (i % 30) * DAY,
  })
  // The shape with every filter: a source, a status and a name that go together, 90 days, an amount range.
  const allFilters = (i: number): OrderFilter => {
    const c = pick(combos, i)
    return {
      sources: [c.source_id],
      statuses: [c.status],
      createdFrom: now - 90 * DAY,
      createdTo: now,
      amountMin: 100,
      amountMax: 10_000_000,
      keyword: c.keyword,
    }
  }
  return {
    no_filter: time(db, repeats, (i) => page({}, { page: 1 + (i % 3) })),
    one_status: time(db, repeats, (i) => page({ statuses: [pick(statuses, i)] })),
    source_30_days: time(db, repeats, (i) =>
      page({ sources: [pick(sources, i)], createdFrom: now - (30 + (i % 30)) * DAY, createdTo: now - (i % 30) * DAY }),
    ),
    all_filters: time(db, repeats, (i) => page(allFilters(i))),
    keyword_2_chinese: time(db, repeats, (i) => page({ keyword: pick(twoChars, i) })),
    keyword_6_chars: time(db, repeats, (i) => page({ keyword: pick(sixChars, i) })),
    order_no_prefix: time(db, repeats, (i) => page({ keyword: pick(orderNos, i) })),
    trade_no_whole: time(db, repeats, (i) => page({ keyword: pick(tradeNos, i) })),
    trade_no_last_4: time(db, repeats, (i) => page({ keyword: pick(tradeNos, i).slice(-4) })),
    order_no_last_6: time(db, repeats, (i) => page({ keyword: pick(orderNoEnds, i) })),
    sort_by_amount: time(db, repeats, (i) => page({}, { sort: { key: 'due', order: i % 2 ? 'asc' : 'desc' } })),
    deep_page_2000: time(db, repeats, (i) => page({}, { page: 2000 + (i % 5) })),
    status_counts: time(db, repeats, (i) => {
      return Object.keys(statusCounts(db, { sources: [pick(sources, i)] })).length
    }),
    paid_30_days: time(db, repeats, (i) => page({ paidFrom: days(i, 30).from, paidTo: days(i, 30).to })),
    revenue_30_days: time(db, repeats, (i) => page({ revenueFrom: days(i, 30).from, revenueTo: days(i, 30).to })),
    totals_no_filter: time(db, repeats, () => totals({})),
    totals_one_status: time(db, repeats, (i) => totals({ statuses: [pick(statuses, i)] })),
    totals_source_30_days: time(db, repeats, (i) =>
      totals({ sources: [pick(sources, i)], createdFrom: days(i, 30).from, createdTo: days(i, 30).to }),
    ),
    totals_paid_30_days: time(db, repeats, (i) => totals({ statuses: ['paid'], paidFrom: days(i, 30).from, paidTo: days(i, 30).to })),
    totals_revenue_30_days: time(db, repeats, (i) => totals({ revenueFrom: days(i, 30).from, revenueTo: days(i, 30).to })),
    totals_amount: time(db, repeats, (i) => totals({ amountMin: 100 * (1 + (i % 5)), amountMax: 10_000_000 })),
    totals_all_filters: time(db, repeats, (i) => totals(allFilters(i))),
    totals_keyword_2_chinese: time(db, repeats, (i) => totals({ keyword: pick(twoChars, i) })),
  }
}
