import type { OrderFilter, RevenueDashboard, RevenueKpis, SourceKindValue, SourceProductTypeChoice } from '../../src-preload/contract'
import { productTypeName } from '../../src-preload/product-types'
import type { Db } from '../db/database'
import { DAY_MS } from '../db/migrations'
import { orderFilterSql, periodIndex, REVENUE_TIME } from '../orders/filter'
import { zoneOffsetMs } from '../../src-preload/shared/timezone'
import { namesOnly, periodLabel, periodTotals, revenueBuckets, type RevenueGrain, type RevenueSeriesBucket } from './revenue'

export interface DashboardQuery {
  /** Source, status and product type filters, shared with the order list. */
  filter: OrderFilter
  from: number
  to: number
  by: RevenueGrain
  seriesBy: 'source' | 'product_type' | null
  tz: string
}

/** Every period label from `from` to `to`: empty periods show as zero, not as gaps. */
export function periodsBetween(from: number, to: number, by: RevenueGrain, tz: string): string[] {
  const first = Math.floor((from + zoneOffsetMs(from, tz)) / DAY_MS)
  const last = Math.floor((to + zoneOffsetMs(to, tz)) / DAY_MS)
  const labels: string[] = []
  for (let day = first; day <= last; day++) {
    const label = periodLabel(day, by)
    if (labels[labels.length - 1] !== label) labels.push(label)
  }
  return labels
}

/** The revenue page: series over time, KPI cards against the previous period, status and top products. */
export function revenueDashboard(db: Db, query: DashboardQuery): RevenueDashboard {
  const periods = periodsBetween(query.from, query.to, query.by, query.tz)
  const index = new Map(periods.map((p, i) => [p, i]))
  const buckets = revenueBuckets(db, {
    filter: query.filter,
    by: query.by,
    tz: query.tz,
    period: { from: query.from, to: query.to },
    seriesBy: query.seriesBy ?? undefined,
  })
  const names = seriesNames(db, query.seriesBy)
  const series = new Map<string, RevenueDashboard['series'][number]>()
  for (const b of buckets) {
    const key = seriesKey(query.seriesBy, b)
    const mapKey = `${b.currency}\u0000${key ?? ''}`
    let s = series.get(mapKey)
    if (!s) {
      const zeros = (): number[] => periods.map(() => 0)
      const source = b.source === null ? undefined : names.sources.get(b.source)
      const productType =
        query.seriesBy === 'product_type' && b.source !== null
          ? {
              source: b.source,
              sourceName: source?.name ?? b.source,
              kind: source?.kind ?? null,
              type: b.series ?? '',
              title: names.titles.get(JSON.stringify([b.source, b.series ?? ''])) ?? null,
            }
          : null
      s = {
        key,
        label: productType ? typeLabel(productType) : b.source === null ? '' : (source?.name ?? b.source),
        productType,
        currency: b.currency,
        gross: zeros(),
        refunds: zeros(),
        net: zeros(),
        orders: zeros(),
      }
      series.set(mapKey, s)
    }
    const i = index.get(b.period)
    if (i === undefined) continue
    s.gross[i] += b.gross_minor
    s.refunds[i] += b.refunds_minor
    s.net[i] += b.net_minor
    s.orders[i] += b.orders
  }
  const length = query.to - query.from + 1
  const current = kpis(db, query.filter, query.from, query.to)
  const previous = kpis(db, query.filter, query.from - length, query.from - 1)
  const currencies = [...new Set([...current.keys(), ...previous.keys()])].sort()
  const empty = (currency: string): RevenueKpis => ({
    currency,
    gross: 0,
    refunds: 0,
    net: 0,
    orders: 0,
    paid_orders: 0,
    paid_rate: 0,
    avg_paid: 0,
  })
  return {
    tz: query.tz,
    by: query.by,
    periods,
    series: [...series.values()].sort((a, b) => a.currency.localeCompare(b.currency) || a.label.localeCompare(b.label)),
    kpis: currencies.map((c) => ({ currency: c, current: current.get(c) ?? empty(c), previous: previous.get(c) ?? empty(c) })),
    statusBreakdown: statusBreakdown(db, query.filter, query.from, query.to),
    topProducts: topProducts(db, query.filter, query.from, query.to),
  }
}

function kpis(db: Db, filter: OrderFilter, from: number, to: number): Map<string, RevenueKpis> {
  const result = new Map<string, RevenueKpis>()
  for (const f of periodTotals(db, filter, from, to)) {
    result.set(f.currency, {
      currency: f.currency,
      gross: f.gross_minor,
      refunds: f.refunds_minor,
      net: f.net_minor,
      orders: f.orders,
      paid_orders: f.paid_orders,
      paid_rate: f.orders > 0 ? f.paid_orders / f.orders : 0,
      avg_paid: f.paid_orders > 0 ? Math.round(f.gross_minor / f.paid_orders) : 0,
    })
  }
  return result
}

/**
 * Orders by status and currency, created in [from, to]: whole UTC days from order_days by their
 * creation day (when it answers the filter exactly), the hours left at either end from the orders.
 */
function statusBreakdown(db: Db, filter: OrderFilter, from: number, to: number): RevenueDashboard['statusBreakdown'] {
  const rows = fromDaysAndOrders<RevenueDashboard['statusBreakdown'][number]>(db, filter, from, to, {
    days: (where) =>
      `SELECT o.status AS status, o.currency AS currency, sum(o.orders) AS orders, sum(o.due) AS due FROM order_days o ${where} GROUP BY o.status, o.currency`,
    dayColumn: 'created_day',
    orders: (and) =>
      `SELECT o.status AS status, o.currency AS currency, count(*) AS orders, sum(o.due) AS due FROM orders o ${periodIndex(filter, 'created')}
       ${and} o.created_at BETWEEN @kFrom AND @kTo GROUP BY o.status, o.currency`,
  })
  return addUp(rows, ['status', 'currency'], ['orders', 'due']).sort(
    (a, b) => b.orders - a.orders || compareText(a.status, b.status) || compareText(a.currency, b.currency),
  )
}

/** Products by net revenue in [from, to], the first ten of each currency: as statusBreakdown, from product_days and the orders. */
function topProducts(db: Db, filter: OrderFilter, from: number, to: number): RevenueDashboard['topProducts'] {
  const rows = fromDaysAndOrders<RevenueDashboard['topProducts'][number]>(db, filter, from, to, {
    days: (where) =>
      `SELECT o.product_name AS product_name, o.currency AS currency, sum(o.net) AS net, sum(o.paid_orders) AS paid_orders
       FROM product_days o ${where} GROUP BY o.product_name, o.currency`,
    orders: (and) =>
      `SELECT coalesce(o.product_name, '') AS product_name, o.currency AS currency, sum(o.paid) - sum(o.refunded) AS net,
              sum(o.paid > 0) AS paid_orders
       FROM orders o ${periodIndex(filter, 'revenue')} ${and} ${REVENUE_TIME} BETWEEN @kFrom AND @kTo AND (o.paid <> 0 OR o.refunded <> 0)
       GROUP BY coalesce(o.product_name, ''), o.currency`,
  })
  const sorted = addUp(rows, ['product_name', 'currency'], ['net', 'paid_orders']).sort(
    (a, b) => b.net - a.net || compareText(a.product_name, b.product_name) || compareText(a.currency, b.currency),
  )
  const perCurrency = new Map<string, number>()
  return sorted.filter((r) => {
    const n = (perCurrency.get(r.currency) ?? 0) + 1
    perCurrency.set(r.currency, n)
    return n <= TOP_PRODUCTS
  })
}

/**
 * A breakdown's rows for [from, to]: its whole UTC days from a day table (`days`, given the
 * WHERE clause on its `dayColumn`, `day` unless said), when the table answers the filter, and the rest from the orders (`orders`,
 * given the filter's clause ending in AND, for @kFrom to @kTo).
 */
export function fromDaysAndOrders<R>(
  db: Db,
  filter: OrderFilter,
  from: number,
  to: number,
  sql: { days: (where: string) => string; orders: (and: string) => string; dayColumn?: string },
): R[] {
  const { days, ends } = dayTablesAnswer(filter) ? splitUtcDays(from, to) : { days: null, ends: [{ from, to }] }
  const rows: R[] = []
  if (days) {
    const { where, params } = dayTableFilterSql(filter, days, sql.dayColumn)
    rows.push(...(db.prepare(sql.days(where)).all(params) as R[]))
  }
  if (ends.length > 0) {
    const { where, params } = orderFilterSql(filter)
    const statement = db.prepare(sql.orders(where ? `${where} AND` : 'WHERE'))
    for (const end of ends) rows.push(...(statement.all({ ...params, kFrom: end.from, kTo: end.to }) as R[]))
  }
  return rows
}

/** Rows with the same `keys` as one, their `sums` added up. */
function addUp<R extends object>(rows: R[], keys: ReadonlyArray<keyof R>, sums: ReadonlyArray<keyof R>): R[] {
  const merged = new Map<string, R>()
  for (const row of rows) {
    const key = keys.map((k) => String(row[k])).join('\u0000')
    const into = merged.get(key)
    if (!into) merged.set(key, { ...row })
    else for (const k of sums) (into[k] as number) += row[k] as number
  }
  return [...merged.values()]
}

/** Products shown per currency. */
const TOP_PRODUCTS = 10

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * Whether the day tables answer a filter exactly: it names nothing but sources,
 * statuses and product types, and not the '' they hold for a missing type (the orders' filter
 * matches '' only where the type is '', never where it is missing).
 */
export function dayTablesAnswer(filter: OrderFilter): boolean {
  return (
    namesOnly(filter, ['sources', 'statuses', 'productTypes']) &&
    !filter.productTypes?.some((p) => (typeof p === 'string' ? p : p.type) === '')
  )
}

/** [from, to] as its whole UTC days (null when it holds none) and the instants left at either end. */
export function splitUtcDays(
  from: number,
  to: number,
): { days: { first: number; last: number } | null; ends: Array<{ from: number; to: number }> } {
  const first = Math.ceil(from / DAY_MS)
  const last = Math.floor((to + 1) / DAY_MS) - 1
  if (first > last) return { days: null, ends: [{ from, to }] }
  const ends: Array<{ from: number; to: number }> = []
  if (from < first * DAY_MS) ends.push({ from, to: first * DAY_MS - 1 })
  if ((last + 1) * DAY_MS <= to) ends.push({ from: (last + 1) * DAY_MS, to })
  return { days: { first, last }, ends }
}

/**
 * The WHERE clause of a day table for whole days and a filter it answers: aliased o, it has
 * the orders' source_id, status and product_type columns, so the orders' filter applies as is.
 */
function dayTableFilterSql(
  filter: OrderFilter,
  days: { first: number; last: number },
  dayColumn = 'day',
): { where: string; params: Record<string, unknown> } {
  const { where, params } = orderFilterSql({ sources: filter.sources, statuses: filter.statuses, productTypes: filter.productTypes })
  return { where: `${where ? `${where} AND` : 'WHERE'} o.${dayColumn} BETWEEN @first AND @last`, params: { ...params, ...days } }
}

/** A series' key: its source, or a product type as JSON `[source, type]` (one source's type, never every source's). */
function seriesKey(seriesBy: DashboardQuery['seriesBy'], b: RevenueSeriesBucket): string | null {
  if (seriesBy === 'product_type' && b.source !== null) return JSON.stringify([b.source, b.series ?? ''])
  return b.series
}

/** A product type series' label in the default language, the source's name before the type's; the page names it in its own. */
function typeLabel(t: Omit<SourceProductTypeChoice, 'count'>): string {
  return t.type === '' ? t.sourceName : `${t.sourceName} · ${productTypeName(t.kind, t.type, 'zh-CN', t.title)}`
}

/** What names a series: the sources, and for product types, a product name seen with each (a course's title). */
function seriesNames(
  db: Db,
  seriesBy: DashboardQuery['seriesBy'],
): { sources: Map<string, { name: string; kind: SourceKindValue }>; titles: Map<string, string> } {
  const titles = new Map<string, string>()
  if (seriesBy === null) return { sources: new Map(), titles }
  const rows = db.prepare('SELECT id, name, kind FROM sources').all() as Array<{ id: string; name: string; kind: SourceKindValue }>
  if (seriesBy === 'product_type') {
    // From the counts kept with the orders (order_counts), as the list's product-type filter names them: grouping
    // every order each time the chart is split by type would be slow in a large cache.
    const named = db
      .prepare(
        `SELECT source_id AS source, product_type AS type, max(product_name) AS title FROM order_counts
         WHERE product_name IS NOT NULL GROUP BY source_id, product_type`,
      )
      .all() as Array<{ source: string; type: string; title: string }>
    for (const r of named) titles.set(JSON.stringify([r.source, r.type]), r.title)
  }
  return { sources: new Map(rows.map((r) => [r.id, { name: r.name, kind: r.kind }])), titles }
}
