import type { OrderFilter, RevenueDashboard, RevenueKpis } from '../../src-preload/contract'
import type { Db } from '../db/database'
import { orderFilterSql, REVENUE_TIME } from '../orders/filter'
import { zoneOffsetMs } from '../shared/timezone'
import { periodLabel, periodTotals, revenueBuckets, type RevenueGrain } from './revenue'

const DAY_MS = 86_400_000

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
  const labels = seriesLabels(db, query.seriesBy)
  const series = new Map<string, RevenueDashboard['series'][number]>()
  for (const b of buckets) {
    const key = `${b.currency}\u0000${b.series ?? ''}`
    let s = series.get(key)
    if (!s) {
      const zeros = (): number[] => periods.map(() => 0)
      s = { key: b.series, label: b.series === null ? '' : (labels.get(b.series) ?? b.series), currency: b.currency, gross: zeros(), refunds: zeros(), net: zeros(), orders: zeros() }
      series.set(key, s)
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
  const empty = (currency: string): RevenueKpis => ({ currency, gross: 0, refunds: 0, net: 0, orders: 0, paid_orders: 0, paid_rate: 0, avg_paid: 0 })
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

function statusBreakdown(db: Db, filter: OrderFilter, from: number, to: number): RevenueDashboard['statusBreakdown'] {
  const { where, params } = orderFilterSql(filter)
  const and = where ? `${where} AND` : 'WHERE'
  // Without a source or product type, the creation-time index holds every column read. Left to
  // itself, SQLite would skip-scan the status index and read a month of order rows.
  const coveringIndex = filter.sources?.length || filter.productTypes?.length ? '' : 'INDEXED BY orders_created_currency'
  return db
    .prepare(
      `SELECT o.status AS status, o.currency AS currency, count(*) AS orders, sum(o.due) AS due FROM orders o ${coveringIndex}
       ${and} o.created_at BETWEEN @kFrom AND @kTo GROUP BY o.status, o.currency ORDER BY orders DESC`,
    )
    .all({ ...params, kFrom: from, kTo: to }) as RevenueDashboard['statusBreakdown']
}

function topProducts(db: Db, filter: OrderFilter, from: number, to: number): RevenueDashboard['topProducts'] {
  const { where, params } = orderFilterSql(filter)
  const and = where ? `${where} AND` : 'WHERE'
  return db
    .prepare(
      `SELECT coalesce(o.product_name, '') AS product_name, o.currency AS currency, sum(o.paid) - sum(o.refunded) AS net,
              sum(o.paid > 0) AS paid_orders
       FROM orders o ${and} ${REVENUE_TIME} BETWEEN @kFrom AND @kTo AND (o.paid <> 0 OR o.refunded <> 0)
       GROUP BY coalesce(o.product_name, ''), o.currency ORDER BY net DESC LIMIT 10`,
    )
    .all({ ...params, kFrom: from, kTo: to }) as RevenueDashboard['topProducts']
}

/** Names for series keys: source names, or a product name seen with each product type. */
function seriesLabels(db: Db, seriesBy: DashboardQuery['seriesBy']): Map<string, string> {
  if (seriesBy === 'source') {
    const rows = db.prepare('SELECT id, name FROM sources').all() as Array<{ id: string; name: string }>
    return new Map(rows.map((r) => [r.id, r.name]))
  }
  if (seriesBy === 'product_type') {
    // From the counts kept by triggers, as the list's product-type filter names them: grouping
    // a million orders took most of a second each time the chart was split by type.
    const rows = db
      .prepare(`SELECT product_type AS type, max(product_name) AS name FROM order_counts WHERE product_type <> '' GROUP BY product_type`)
      .all() as Array<{ type: string; name: string | null }>
    return new Map(rows.map((r) => [r.type, r.name ? `${r.type} · ${r.name}` : r.type]))
  }
  return new Map()
}
