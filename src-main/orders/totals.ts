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
 * database over every order it selects. A filter of sources, statuses and product types with at
 * most one date range is read from the day sums (order_days) for its whole UTC days and from
 * the covering creation or revenue index for the hours at either end; any other (a keyword, an
 * amount) adds up the orders it selects.
 */
export function moneyTotals(db: Db, filter: OrderFilter): Sums[] {
  const range = singleRange(filter)
  const rows: Array<Omit<Sums, 'net'>> = []
  if (!range || !dayTablesAnswer(range.rest)) {
    const { where, params, keyword } = orderFilterSql(filter, db)
    // A keyword's parts never overlap: each is added up from its own index.
    const parts = (keyword ?? [where]).map((w) => `SELECT o.currency, o.due, o.paid, o.refunded FROM orders o ${w}`).join(' UNION ALL ')
    rows.push(...(db.prepare(`${SUM} FROM (${parts}) o GROUP BY o.currency`).all(params) as typeof rows))
  } else {
    const names = orderFilterSql(range.rest)
    const and = (where: string): string => (where ? `${where} AND` : 'WHERE')
    const { days, ends } = range.field ? splitUtcDays(range.from, range.to) : { days: null, ends: [] }
    if (!range.field || days) {
      const period = range.field && days ? DAYS[range.field].where : ''
      const where = period ? `${and(names.where)} ${period}` : names.where
      rows.push(
        ...(db.prepare(`${DAY_SUM} FROM order_days o ${where} GROUP BY o.currency`).all({ ...names.params, ...days }) as typeof rows),
      )
    }
    if (range.field) {
      const { index, instant } = DAYS[range.field]
      const paidOnly = range.field === 'paid' ? ' AND o.paid_at IS NOT NULL' : ''
      const statement = db.prepare(
        `${SUM} FROM orders o INDEXED BY ${index} ${and(names.where)} ${instant} BETWEEN @kFrom AND @kTo${paidOnly} GROUP BY o.currency`,
      )
      for (const end of ends) rows.push(...(statement.all({ ...names.params, kFrom: end.from, kTo: end.to }) as typeof rows))
    }
  }
  const totals = new Map<string, Sums>()
  for (const r of rows) {
    const into = totals.get(r.currency) ?? { currency: r.currency, orders: 0, due: 0, paid: 0, refunded: 0, net: 0 }
    into.orders += r.orders
    into.due += r.due
    into.paid += r.paid
    into.refunded += r.refunded
    into.net = into.paid - into.refunded
    totals.set(r.currency, into)
  }
  return [...totals.values()].filter((t) => t.orders > 0).sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0))
}

const SUM = 'SELECT o.currency AS currency, count(*) AS orders, sum(o.due) AS due, sum(o.paid) AS paid, sum(o.refunded) AS refunded'
const DAY_SUM =
  'SELECT o.currency AS currency, sum(o.orders) AS orders, sum(o.due) AS due, sum(o.paid) AS paid, sum(o.refunded) AS refunded'

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
  const { where, params, keyword } = orderFilterSql(others, db)
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
