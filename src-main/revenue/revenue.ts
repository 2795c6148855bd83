import type { OrderFilter } from '../../src-preload/contract'
import type { Db } from '../db/database'
import { QUARTER_MS } from '../db/migrations'
import { orderFilterSql, periodIndex, REVENUE_TIME } from '../orders/filter'
import { wallClockAt, zoneOffsetMs } from '../../src-preload/shared/timezone'

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
  /** The source id or product type ('' for none) of this part of the bucket; null when not split. */
  series: string | null
  /**
   * The source of this part's orders, when split: a product type belongs to its source, so pub's
   * "3" and course's "3" are two parts, never one.
   */
  source: string | null
}

/**
 * Revenue per period (src-main/orders/README.md § Revenue), computed in SQL from the cache. `gross`, `refunds`
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
    buckets: buckets.map(({ series: _series, source: _source, ...b }) => b),
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
  const rows = quarterRows(db, query) ?? orderRows(db, query)
  const buckets = new Map<string, RevenueSeriesBucket>()
  for (const row of rows) {
    const period = periodLabel(row.day, query.by)
    const key = JSON.stringify([period, row.currency, row.source, row.series])
    let b = buckets.get(key)
    if (!b) {
      b = {
        period,
        currency: row.currency,
        series: row.series,
        source: row.source,
        orders: 0,
        paid_orders: 0,
        gross_minor: 0,
        refunds_minor: 0,
        net_minor: 0,
      }
      buckets.set(key, b)
    }
    b.gross_minor += row.gross
    b.refunds_minor += row.refunds
    b.net_minor += row.gross - row.refunds
    b.paid_orders += row.paid_orders
    b.orders += row.orders
  }
  return [...buckets.values()].sort(
    (a, b) =>
      a.period.localeCompare(b.period) ||
      a.currency.localeCompare(b.currency) ||
      (a.source ?? '').localeCompare(b.source ?? '') ||
      (a.series ?? '').localeCompare(b.series ?? ''),
  )
}

/** Figures of one local day, currency and series, as SQL adds them up. */
interface DayRow {
  day: number
  currency: string
  series: string | null
  source: string | null
  orders: number
  paid_orders: number
  gross: number
  refunds: number
}

/**
 * From the per-quarter-hour rollup (revenue_quarters), when it can answer exactly: the filter is
 * at most a set of sources, the series (if any) are sources, the zone's offsets and changes
 * fall on quarter hours, and the period starts and ends on quarter hours (days always do).
 * Anything else (status, product type, keyword, amount…) is added up from the orders.
 */
function quarterRows(db: Db, query: RevenueQuery): DayRow[] | null {
  if (!onlySources(query.filter) || query.seriesBy === 'product_type') return null
  const sources = query.filter.sources?.length ? query.filter.sources : null
  const params: Record<string, unknown> = {}
  const clauses: string[] = []
  if (sources) {
    clauses.push(`q.source_id IN (${sources.map((s, i) => ((params[`s${i}`] = s), `@s${i}`)).join(', ')})`)
  }
  let lo: number
  let hi: number
  if (query.period) {
    if (query.period.from % QUARTER_MS !== 0 || (query.period.to + 1) % QUARTER_MS !== 0) return null
    lo = query.period.from / QUARTER_MS
    hi = (query.period.to + 1) / QUARTER_MS - 1
  } else {
    const range = db
      .prepare(
        `SELECT min(q.quarter) AS lo, max(q.quarter) AS hi FROM revenue_quarters q ${clauses.length ? `WHERE ${clauses.join(' AND ')}` : ''}`,
      )
      .get(params) as { lo: number | null; hi: number | null }
    if (range.lo === null || range.hi === null) return []
    lo = range.lo
    hi = range.hi
  }
  const segments = zoneSegments(lo * QUARTER_MS, (hi + 1) * QUARTER_MS - 1, query.tz)
  if (segments.some((s) => s.offset % QUARTER_MS !== 0 || (s !== segments[0] && s.from % QUARTER_MS !== 0))) return null
  clauses.push('q.quarter BETWEEN @lo AND @hi')
  Object.assign(params, { lo, hi })
  const start = `(q.quarter * ${QUARTER_MS})`
  return db
    .prepare(
      `SELECT (${start} + ${offsetSql(start, segments)}) / ${DAY_MS} AS day, q.currency AS currency,
              ${query.seriesBy === 'source' ? 'q.source_id' : 'NULL'} AS series, ${query.seriesBy === 'source' ? 'q.source_id' : 'NULL'} AS source,
              sum(q.orders) AS orders,
              sum(q.paid_orders) AS paid_orders, sum(q.gross) AS gross, sum(q.refunds) AS refunds
       FROM revenue_quarters q WHERE ${clauses.join(' AND ')} GROUP BY day, currency, series`,
    )
    .all(params) as DayRow[]
}

/**
 * Figures per currency for [from, to]: money by revenue time, orders by creation time. From
 * the rollup when it can answer exactly (see quarterRows), otherwise from the orders.
 */
export function periodTotals(db: Db, filter: OrderFilter, from: number, to: number): RevenueFigures[] {
  const aligned = from % QUARTER_MS === 0 && (to + 1) % QUARTER_MS === 0
  let rows: Array<Omit<RevenueFigures, 'net_minor'>>
  if (aligned && onlySources(filter)) {
    const sources = filter.sources?.length ? filter.sources : null
    const params: Record<string, unknown> = { lo: from / QUARTER_MS, hi: (to + 1) / QUARTER_MS - 1 }
    const inSources = sources ? `AND q.source_id IN (${sources.map((s, i) => ((params[`s${i}`] = s), `@s${i}`)).join(', ')})` : ''
    rows = db
      .prepare(
        `SELECT q.currency AS currency, sum(q.orders) AS orders, sum(q.paid_orders) AS paid_orders, sum(q.gross) AS gross_minor,
                sum(q.refunds) AS refunds_minor
         FROM revenue_quarters q WHERE q.quarter BETWEEN @lo AND @hi ${inSources} GROUP BY q.currency`,
      )
      .all(params) as typeof rows
  } else {
    const { where, params } = orderFilterSql(filter)
    const and = where ? `${where} AND` : 'WHERE'
    const money = db
      .prepare(
        `SELECT o.currency AS currency, 0 AS orders, sum(o.paid > 0) AS paid_orders, sum(o.paid) AS gross_minor, sum(o.refunded) AS refunds_minor
         FROM orders o ${periodIndex(filter, 'revenue')} ${and} ${REVENUE_TIME} BETWEEN @kFrom AND @kTo GROUP BY o.currency`,
      )
      .all({ ...params, kFrom: from, kTo: to }) as typeof rows
    const created = db
      .prepare(
        `SELECT o.currency AS currency, count(*) AS orders, 0 AS paid_orders, 0 AS gross_minor, 0 AS refunds_minor
         FROM orders o ${periodIndex(filter, 'created')} ${and} o.created_at BETWEEN @kFrom AND @kTo GROUP BY o.currency`,
      )
      .all({ ...params, kFrom: from, kTo: to }) as typeof rows
    rows = money.concat(created)
  }
  const totals = new Map<string, RevenueFigures>()
  for (const r of rows) {
    const t = totals.get(r.currency) ?? { currency: r.currency, orders: 0, paid_orders: 0, gross_minor: 0, refunds_minor: 0, net_minor: 0 }
    addFigures(t, { ...r, net_minor: r.gross_minor - r.refunds_minor })
    totals.set(r.currency, t)
  }
  return [...totals.values()].sort((a, b) => a.currency.localeCompare(b.currency))
}

/** True when a filter names nothing but sources (an empty list or blank keyword names nothing). */
export function onlySources(filter: OrderFilter): boolean {
  return namesOnly(filter, ['sources'])
}

/** True when a filter names nothing but `keys` (an empty list or blank keyword names nothing). */
export function namesOnly(filter: OrderFilter, keys: ReadonlyArray<keyof OrderFilter>): boolean {
  return Object.entries(filter).every(([key, value]) => {
    if (value === undefined || keys.includes(key as keyof OrderFilter)) return true
    if (Array.isArray(value)) return value.length === 0
    return typeof value === 'string' && value.trim() === ''
  })
}

/** From the orders themselves, through the covering indexes on revenue and creation times. */
function orderRows(db: Db, query: RevenueQuery): DayRow[] {
  const { where, params } = orderFilterSql(query.filter)
  const and = where ? `${where} AND` : 'WHERE'
  // Without a period, the orders' own span; it reads every order, so not when a period is given.
  const range = query.period
    ? { lo: query.period.from, hi: query.period.to }
    : (db
        .prepare(`SELECT min(min(o.created_at, o.revenue_at)) AS lo, max(max(o.created_at, o.revenue_at)) AS hi FROM orders o ${where}`)
        .get(params) as { lo: number | null; hi: number | null })
  const { lo, hi } = range
  if (lo === null || hi === null) return []
  const segments = zoneSegments(lo, hi, query.tz)
  const localDay = (column: string): string => `((${column} + ${offsetSql(column, segments)}) / ${DAY_MS})`
  // A missing type and a blank one are one part of their source: neither names a type.
  const seriesColumn =
    query.seriesBy === 'source' ? 'o.source_id' : query.seriesBy === 'product_type' ? "coalesce(o.product_type, '')" : 'NULL'
  const sourceColumn = query.seriesBy ? 'o.source_id' : 'NULL'
  const inPeriod = (column: string): string => (query.period ? ` AND ${column} BETWEEN @periodFrom AND @periodTo` : '')
  const all = query.period ? { ...params, periodFrom: query.period.from, periodTo: query.period.to } : params
  const revenueRows = db
    .prepare(
      `SELECT ${localDay(REVENUE_TIME)} AS day, o.currency AS currency, ${seriesColumn} AS series, ${sourceColumn} AS source, 0 AS orders, sum(o.paid) AS gross,
              sum(o.refunded) AS refunds, sum(o.paid > 0) AS paid_orders
       FROM orders o ${query.period ? periodIndex(query.filter, 'revenue') : ''} ${and} (o.paid <> 0 OR o.refunded <> 0)${inPeriod(REVENUE_TIME)}
       GROUP BY day, currency, source, series`,
    )
    .all(all) as DayRow[]
  const createdRows = db
    .prepare(
      `SELECT ${localDay('o.created_at')} AS day, o.currency AS currency, ${seriesColumn} AS series, ${sourceColumn} AS source, count(*) AS orders,
              0 AS gross, 0 AS refunds, 0 AS paid_orders
       FROM orders o ${query.period ? `${periodIndex(query.filter, 'created')} ${and} o.created_at BETWEEN @periodFrom AND @periodTo` : where}
       GROUP BY day, currency, source, series`,
    )
    .all(all) as DayRow[]
  return revenueRows.concat(createdRows)
}

interface OffsetSegment {
  /** First instant (epoch ms) with this offset. */
  from: number
  offset: number
}

/** The zone's UTC offsets over [lo, hi], each change found to the millisecond. */
function zoneSegments(lo: number, hi: number, tz: string): OffsetSegment[] {
  const segments: OffsetSegment[] = [{ from: lo, offset: zoneOffsetMs(lo, tz) }]
  for (let t = lo + 6 * 3600_000; t <= hi + 6 * 3600_000; t += 6 * 3600_000) {
    const offset = zoneOffsetMs(t, tz)
    if (offset === segments[segments.length - 1].offset) continue
    let a = t - 6 * 3600_000
    let b = t
    while (b - a > 1) {
      const mid = Math.floor((a + b) / 2)
      if (zoneOffsetMs(mid, tz) === offset) b = mid
      else a = mid
    }
    segments.push({ from: b, offset })
  }
  return segments
}

/**
 * The zone's UTC offset as a SQL expression: a constant for zones without changes in the
 * range (China), a CASE over the changes otherwise (DST zones). Only computed numbers go in.
 */
function offsetSql(column: string, segments: readonly OffsetSegment[]): string {
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
