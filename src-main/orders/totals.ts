import type { OrderFilter, OrderTotals } from '../../src-preload/contract'
import type { Db } from '../db/database'
import { dayTablesAnswer, splitUtcDays } from '../revenue/dashboard'
import { orderFilterSql, REVENUE_TIME } from './filter'
import { remembered } from './remembered'

type Sums = OrderTotals['currencies'][number]
type DateField = 'created' | 'paid' | 'revenue'

const RANGE_KEYS: Record<DateField, readonly [keyof OrderFilter, keyof OrderFilter]> = {
  created: ['createdFrom', 'createdTo'],
  paid: ['paidFrom', 'paidTo'],
  revenue: ['revenueFrom', 'revenueTo'],
}

/** Where each date field's UTC days are in order_days, and the index that holds its instants with every column summed. */
const DAYS: Record<DateField, { where: string; index: string; instant: string }> = {
  created: { where: 'o.created_day BETWEEN @first AND @last', index: 'orders_created_currency', instant: 'o.created_at' },
  // With a pay time the revenue time is the payment's: a pay-time range reads the revenue days and index.
  paid: { where: 'o.pay_time = 1 AND o.revenue_day BETWEEN @first AND @last', index: 'orders_revenue_money', instant: REVENUE_TIME },
  revenue: { where: 'o.revenue_day BETWEEN @first AND @last', index: 'orders_revenue_money', instant: REVENUE_TIME },
}

/**
 * What the order list's filter adds up to, per currency, and how many orders its pay-time
 * range leaves out for want of a pay time. Remembered while nothing is written: paging and
 * sorting ask again for the same filter.
 */
export function orderTotals(db: Db, filter: OrderFilter): OrderTotals {
  return remembered(db, `totals ${JSON.stringify(filter)}`, () => ({
    currencies: moneyTotals(db, filter),
    withoutPayTime: withoutPayTime(db, filter),
  }))
}

/**
 * The orders of a filter added up per currency: due, paid, refunded and net, computed by the
 * database over every order it selects: from the day sums when they answer the filter (see
 * daySums), otherwise from one covering index (or, with a keyword, from its parts' indexes).
 */
export function moneyTotals(db: Db, filter: OrderFilter): Sums[] {
  const rows = daySums(db, filter, 'currency') ?? summedOrders(db, filter)
  return rows
    .map(({ key, orders, due, paid, refunded }) => ({ currency: key, orders, due, paid, refunded, net: paid - refunded }))
    .filter((t) => t.orders > 0)
    .sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0))
}

/** Orders and their money added up by one column. */
export interface GroupSums {
  key: string
  orders: number
  due: number
  paid: number
  refunded: number
}

/**
 * A filter of sources, statuses and product types with at most one date range (creation, pay or
 * revenue time), added up by currency or status without reading the orders of its days: whole
 * UTC days from order_days, the hours at either end from the covering creation or revenue
 * index. Null for any other filter (a keyword, an amount, two date fields).
 */
export function daySums(db: Db, filter: OrderFilter, by: 'currency' | 'status'): GroupSums[] | null {
  const range = singleRange(filter)
  if (!range || !dayTablesAnswer(range.rest)) return null
  const names = orderFilterSql(range.rest)
  const and = (where: string): string => (where ? `${where} AND` : 'WHERE')
  const rows: GroupSums[] = []
  const { days, ends } = range.field ? splitUtcDays(range.from, range.to) : { days: null, ends: [] }
  if (!range.field || days) {
    const period = range.field && days ? DAYS[range.field].where : ''
    const where = period ? `${and(names.where)} ${period}` : names.where
    const sql = `SELECT o.${by} AS key, sum(o.orders) AS orders, sum(o.due) AS due, sum(o.paid) AS paid, sum(o.refunded) AS refunded
                 FROM order_days o ${where} GROUP BY o.${by}`
    rows.push(...(db.prepare(sql).all({ ...names.params, ...days }) as GroupSums[]))
  }
  if (range.field && ends.length) {
    const { index, instant } = DAYS[range.field]
    const paidOnly = range.field === 'paid' ? ' AND o.paid_at IS NOT NULL' : ''
    const statement = db.prepare(
      `${sumBy(by)} FROM orders o INDEXED BY ${index} ${and(names.where)} ${instant} BETWEEN @kFrom AND @kTo${paidOnly} GROUP BY o.${by}`,
    )
    for (const end of ends) rows.push(...(statement.all({ ...names.params, kFrom: end.from, kTo: end.to }) as GroupSums[]))
  }
  const merged = new Map<string, GroupSums>()
  for (const r of rows) {
    const into = merged.get(r.key)
    if (!into) merged.set(r.key, { ...r })
    else {
      into.orders += r.orders
      into.due += r.due
      into.paid += r.paid
      into.refunded += r.refunded
    }
  }
  return [...merged.values()]
}

/**
 * A filter the day sums cannot answer, added up from the orders: through one index that holds
 * every column a filter names but the keyword (the revenue index when it ranges over pay or
 * revenue time, the creation index otherwise), or a keyword's parts through their own indexes.
 */
function summedOrders(db: Db, filter: OrderFilter): GroupSums[] {
  const byPayOrRevenue =
    filter.paidFrom !== undefined || filter.paidTo !== undefined || filter.revenueFrom !== undefined || filter.revenueTo !== undefined
  // A pay-time range is also a revenue-time range (orderFilterSql says so): the revenue index reads only its range.
  const { where, params, keyword } = orderFilterSql(filter)
  const index = `INDEXED BY ${byPayOrRevenue ? 'orders_revenue_money' : 'orders_created_currency'}`
  // A keyword's parts never overlap: each is added up from its own index.
  const parts = (keyword ?? [`${index} ${where}`]).map((w) => `SELECT o.currency, o.due, o.paid, o.refunded FROM orders o ${w}`)
  return db.prepare(`${sumBy('currency')} FROM (${parts.join(' UNION ALL ')}) o GROUP BY o.currency`).all(params) as GroupSums[]
}

const sumBy = (by: 'currency' | 'status'): string =>
  `SELECT o.${by} AS key, count(*) AS orders, sum(o.due) AS due, sum(o.paid) AS paid, sum(o.refunded) AS refunded`

/**
 * The filter's one date range (null when it names more than one date field) and the filter
 * without it; no range, when it names none.
 */
function singleRange(filter: OrderFilter): { field: DateField | null; from: number; to: number; rest: OrderFilter } | null {
  const named = (Object.keys(RANGE_KEYS) as DateField[]).filter((f) => RANGE_KEYS[f].some((key) => filter[key] !== undefined))
  if (named.length > 1) return null
  const rest: OrderFilter = { ...filter }
  for (const [lo, hi] of Object.values(RANGE_KEYS)) {
    delete rest[lo]
    delete rest[hi]
  }
  const field = named[0] ?? null
  if (!field) return { field, from: 0, to: 0, rest }
  const [lo, hi] = RANGE_KEYS[field]
  return { field, from: (filter[lo] as number | undefined) ?? MIN_TIME, to: (filter[hi] as number | undefined) ?? MAX_TIME, rest }
}

/** Before and after every instant an order may carry: an open end of a range. */
const MIN_TIME = -8_640_000_000_000_000
const MAX_TIME = 8_640_000_000_000_000

/**
 * How many orders a filter's pay-time range leaves out because their API gives no pay time
 * (pub's) though they took money, and their revenue time, the creation, is in the range: what
 * filtering by revenue time would count in. 0 without a pay-time range. Counted from the index
 * of such orders (orders_without_pay_time) alone; with a keyword, from its parts' indexes.
 */
export function withoutPayTime(db: Db, filter: OrderFilter): number {
  if (filter.paidFrom === undefined && filter.paidTo === undefined) return 0
  const others: OrderFilter = { ...filter, paidFrom: undefined, paidTo: undefined }
  const { where, params, keyword } = orderFilterSql(others)
  const lacking = ['o.paid_at IS NULL AND (o.paid <> 0 OR o.refunded <> 0)']
  const all: Record<string, unknown> = { ...params }
  if (filter.paidFrom !== undefined) {
    lacking.push('o.created_at >= @lackingFrom')
    all.lackingFrom = filter.paidFrom
  }
  if (filter.paidTo !== undefined) {
    lacking.push('o.created_at <= @lackingTo')
    all.lackingTo = filter.paidTo
  }
  const and = (w: string): string => `${w ? `${w} AND` : 'WHERE'} ${lacking.join(' AND ')}`
  // A keyword's parts never overlap, and each is counted from its own index.
  const parts = keyword ? keyword.map(and) : [`INDEXED BY orders_without_pay_time ${and(where)}`]
  const sql = `SELECT ${parts.map((p) => `(SELECT count(*) FROM orders o ${p})`).join(' + ')} AS n`
  return (db.prepare(sql).get(all) as { n: number }).n
}
