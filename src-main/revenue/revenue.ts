import type { OrderFilter } from '../../src-preload/contract'
import type { Db } from '../db/database'
import { orderFilterSql } from '../orders/filter'
import { wallClockAt, zoneOffsetMs } from '../shared/timezone'

export type RevenueGrain = 'day' | 'week' | 'month'

export interface RevenueFigures {
  currency: string
  orders: number
  paid_orders: number
  gross_minor: number
  refunds_minor: number
  net_minor: number
}

export interface RevenueBucket extends RevenueFigures {
  /** `YYYY-MM-DD` (day; for week, its Monday) or `YYYY-MM` (month), in the zone. */
  period: string
}

export interface RevenueReport {
  tz: string
  by: RevenueGrain
  buckets: RevenueBucket[]
  totals: RevenueFigures[]
}

const DAY_MS = 86_400_000

export interface RevenueQuery {
  filter: OrderFilter
  by: RevenueGrain
  tz: string
  /** Restricts money to revenue times, and the order count to creation times, in [from, to]. */
  period?: { from: number; to: number }
  /** Splits every bucket into series: per source or per product type. */
  seriesBy?: 'source' | 'product_type'
}

export interface RevenueSeriesBucket extends RevenueBucket {
  /** The source id or product type of this part of the bucket; null when not split. */
  series: string | null
}

/**
 * Revenue per period (orders.md § Revenue), computed in SQL from the cache. `gross`, `refunds`
 * and `paid_orders` fall on the order's revenue time (paid_at, else created_at), `orders` on
 * its creation time; periods are cut in `tz`, never in UTC, and currencies never mix. SQL
 * groups by local day number; weeks and months are rolled up from days here.
 */
export function revenueReport(db: Db, filter: OrderFilter, by: RevenueGrain, tz: string): RevenueReport {
  const buckets = revenueBuckets(db, { filter, by, tz })
  const totals = new Map<string, RevenueFigures>()
  for (const b of buckets) {
    const t = totals.get(b.currency) ?? { currency: b.currency, orders: 0, paid_orders: 0, gross_minor: 0, refunds_minor: 0, net_minor: 0 }
    addFigures(t, b)
    totals.set(b.currency, t)
  }
  return {
    tz,
    by,
    buckets: buckets.map(({ series: _series, ...b }) => b),
    totals: [...totals.values()].sort((a, b) => a.currency.localeCompare(b.currency)),
  }
}

export function addFigures(into: RevenueFigures, from: RevenueFigures): void {
  into.orders += from.orders
  into.paid_orders += from.paid_orders
  into.gross_minor += from.gross_minor
  into.refunds_minor += from.refunds_minor
  into.net_minor += from.net_minor
}

/** Buckets by period, currency and (optionally) series, sorted; only periods with orders appear. */
export function revenueBuckets(db: Db, query: RevenueQuery): RevenueSeriesBucket[] {
  const { where, params } = orderFilterSql(query.filter)
  const and = where ? `${where} AND` : 'WHERE'
  const range = db
    .prepare(`SELECT min(min(o.created_at, o.revenue_at)) AS lo, max(max(o.created_at, o.revenue_at)) AS hi FROM orders o ${where}`)
    .get(params) as { lo: number | null; hi: number | null }
  const lo = query.period ? query.period.from : range.lo
  const hi = query.period ? query.period.to : range.hi
  if (lo === null || hi === null || range.lo === null) return []
  const localDay = (column: string): string => `((${column} + ${offsetCase(column, lo, hi, query.tz)}) / ${DAY_MS})`
  const seriesColumn = query.seriesBy === 'source' ? 'o.source_id' : query.seriesBy === 'product_type' ? 'o.product_type' : 'NULL'
  const inPeriod = (column: string): string => (query.period ? ` AND ${column} BETWEEN @periodFrom AND @periodTo` : '')
  const all = query.period ? { ...params, periodFrom: query.period.from, periodTo: query.period.to } : params
  const revenueRows = db
    .prepare(
      `SELECT ${localDay('o.revenue_at')} AS day, o.currency AS currency, ${seriesColumn} AS series, sum(o.paid) AS gross,
              sum(o.refunded) AS refunds, sum(o.paid > 0) AS paid_orders
       FROM orders o ${and} (o.paid <> 0 OR o.refunded <> 0)${inPeriod('o.revenue_at')} GROUP BY day, currency, series`,
    )
    .all(all) as Array<{ day: number; currency: string; series: string | null; gross: number; refunds: number; paid_orders: number }>
  const createdRows = db
    .prepare(
      `SELECT ${localDay('o.created_at')} AS day, o.currency AS currency, ${seriesColumn} AS series, count(*) AS orders
       FROM orders o ${query.period ? `${and} o.created_at BETWEEN @periodFrom AND @periodTo` : where} GROUP BY day, currency, series`,
    )
    .all(all) as Array<{ day: number; currency: string; series: string | null; orders: number }>

  const buckets = new Map<string, RevenueSeriesBucket>()
  const bucketFor = (day: number, currency: string, series: string | null): RevenueSeriesBucket => {
    const period = periodLabel(day, query.by)
    const key = `${period}\u0000${currency}\u0000${series ?? ''}`
    let bucket = buckets.get(key)
    if (!bucket) {
      bucket = { period, currency, series, orders: 0, paid_orders: 0, gross_minor: 0, refunds_minor: 0, net_minor: 0 }
      buckets.set(key, bucket)
    }
    return bucket
  }
  for (const row of revenueRows) {
    const b = bucketFor(row.day, row.currency, row.series)
    b.gross_minor += row.gross
    b.refunds_minor += row.refunds
    b.net_minor += row.gross - row.refunds
    b.paid_orders += row.paid_orders
  }
  for (const row of createdRows) bucketFor(row.day, row.currency, row.series).orders += row.orders
  return [...buckets.values()].sort(
    (a, b) => a.period.localeCompare(b.period) || a.currency.localeCompare(b.currency) || (a.series ?? '').localeCompare(b.series ?? ''),
  )
}

/**
 * The zone's UTC offset as a SQL expression over [lo, hi]: a constant for zones without
 * transitions in the range (China), a CASE over the transitions otherwise (DST zones).
 * Only computed numbers go into the SQL.
 */
function offsetCase(column: string, lo: number, hi: number, tz: string): string {
  const segments: Array<{ from: number; offset: number }> = [{ from: lo, offset: zoneOffsetMs(lo, tz) }]
  for (let t = lo + 6 * 3600_000; t <= hi + 6 * 3600_000; t += 6 * 3600_000) {
    const offset = zoneOffsetMs(t, tz)
    if (offset === segments[segments.length - 1].offset) continue
    // Narrow the transition to the minute.
    let a = t - 6 * 3600_000
    let b = t
    while (b - a > 60_000) {
      const mid = Math.floor((a + b) / 2)
      if (zoneOffsetMs(mid, tz) === offset) b = mid
      else a = mid
    }
    segments.push({ from: b, offset })
  }
  if (segments.length === 1) return String(segments[0].offset)
  const cases = segments
    .slice(1)
    .reverse()
    .map((s) => `WHEN ${column} >= ${s.from} THEN ${s.offset}`)
    .join(' ')
  return `(CASE ${cases} ELSE ${segments[0].offset} END)`
}

/** Label of the period containing local day number `day` (days since 1970-01-01 local). */
export function periodLabel(day: number, by: RevenueGrain): string {
  const date = new Date(day * DAY_MS)
  if (by === 'month') return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}`
  if (by === 'week') {
    const sinceMonday = (date.getUTCDay() + 6) % 7
    return isoDay(new Date((day - sinceMonday) * DAY_MS))
  }
  return isoDay(date)
}

function isoDay(date: Date): string {
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`
}

function pad(n: number): string {
  return String(n).padStart(2, '0')
}

/** Today's date in the zone, `YYYY-MM-DD`. */
export function todayIn(tz: string, now = Date.now()): string {
  const w = wallClockAt(now, tz)
  return `${w.year}-${pad(w.month)}-${pad(w.day)}`
}
