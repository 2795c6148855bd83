import type { Args, OrderFilter, OrderRow, OrdersPage, SourceProductTypeChoice } from '../../src-preload/contract'
import type { Db } from '../db/database'
import { tagsOfOrders } from '../notes/notes'
import { orderFilterSql, productTypeCondition, type SqlFragment } from './filter'
import { remembered } from './remembered'
import { daySums } from './totals'

const LIST_COLUMNS = `o.id, o.source_id, s.name AS source_name, o.remote_id, o.order_no, o.trade_no, o.status,
  o.remote_status, o.product_type, o.product_name, o.customer_id, o.customer_name, o.pay_channel, o.currency, o.total, o.due,
  o.paid, o.refunded, o.created_at, o.paid_at, o.missing_since`

const NULLABLE_SORT_KEYS = new Set(['paid_at', 'order_no', 'product_name', 'customer_name'])

const COUNTED_KEYS = new Set(['sources', 'statuses', 'productTypes'])

/** True when only sources, statuses and product types are set: order_counts answers exactly. */
export function countsAnswer(filter: OrderFilter): boolean {
  return Object.entries(filter).every(([key, value]) => value === undefined || (COUNTED_KEYS.has(key) && Array.isArray(value)))
}

/** The order_counts rows for the sources, statuses and product types of a filter, as SQL. */
export function countsWhere(filter: OrderFilter): { where: string; params: string[] } {
  const clauses: string[] = []
  const params: string[] = []
  for (const [column, values] of [
    ['source_id', filter.sources],
    ['status', filter.statuses],
  ] as const) {
    if (!values?.length) continue
    clauses.push(`${column} IN (${values.map(() => '?').join(', ')})`)
    params.push(...values)
  }
  const types = productTypeCondition(filter.productTypes, { source: 'source_id', type: 'product_type' }, (value) => {
    params.push(value)
    return '?'
  })
  if (types) clauses.push(types)
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params }
}

/** The number of orders a filter matches: from order_counts when it can, by counting otherwise. */
export function countOrders(db: Db, filter: OrderFilter): number {
  if (countsAnswer(filter)) {
    const { where, params } = countsWhere(filter)
    return Number((db.prepare(`SELECT coalesce(sum(n), 0) AS n FROM order_counts ${where}`).get(...params) as { n: number }).n)
  }
  // A date range with sources, statuses or product types: from the day sums, not by counting a month of orders.
  const days = daySums(db, filter, 'currency')
  if (days) return days.reduce((n, d) => n + d.orders, 0)
  if (filter.keyword?.trim() && !filter.statuses?.length) {
    // The list asks for its total and the filter bar for the counts per status under the same
    // filters, here the same orders: with a keyword both read every order it finds, so they are
    // read once, by status. (With a status filter, its index makes the total the cheaper one.)
    return [...ordersByStatus(db, filter).values()].reduce((a, b) => a + b, 0)
  }
  return remembered(db, `count ${JSON.stringify(filter)}`, () => {
    const { where, params, keyword } = orderFilterSql(filter, db)
    // A keyword's parts never overlap, and each is counted from its own index.
    const parts = keyword ?? [where]
    return (db.prepare(`SELECT ${parts.map((w) => `(SELECT count(*) FROM orders o ${w})`).join(' + ')} AS n`).get(params) as { n: number })
      .n
  })
}

/**
 * Orders per status under every filter but the statuses (the filter bar's counts), counted
 * unless order_counts answers; remembered while nothing is written.
 */
export function ordersByStatus(db: Db, filter: OrderFilter): Map<string, number> {
  const others = { ...filter, statuses: undefined }
  let rows: Array<{ status: string; n: number }>
  if (countsAnswer(others)) {
    const { where, params } = countsWhere(others)
    rows = db.prepare(`SELECT status, sum(n) AS n FROM order_counts ${where} GROUP BY status`).all(...params) as Array<{
      status: string
      n: number
    }>
  } else {
    rows =
      daySums(db, others, 'status')?.map((d) => ({ status: d.key, n: d.orders })) ??
      remembered(db, `by status ${JSON.stringify(others)}`, () => {
        const { where, params, keyword } = orderFilterSql(others, db)
        // A keyword's parts never overlap, and each is read from its own index.
        const parts = (keyword ?? [where]).map((w) => `SELECT o.status AS status FROM orders o ${w}`).join(' UNION ALL ')
        return db.prepare(`SELECT status, count(*) AS n FROM (${parts}) GROUP BY status`).all(params) as Array<{
          status: string
          n: number
        }>
      })
  }
  return new Map(rows.map((r) => [r.status, r.n]))
}

/** Sort keys (not nullable) and the index that holds the list's order for each. */
const SORT_INDEXES: Partial<Record<string, string>> = { created_at: 'orders_created', due: 'orders_due' }

/** At most this many orders are read along the sort index for a keyword's page. */
export const KEYWORD_WALK_ROWS = 2_000

/**
 * A keyword's page read along the sort index, each order tested for the keyword on its own
 * fields, stopping once the page is full: when many orders hold the keyword (the digits of a
 * year in date-based order numbers) this reads a few hundred orders instead of finding, then
 * sorting, all of them. Null when it is not worth
 * trying (few orders hold it) or when `walkRows` orders did not fill the page (the ones that
 * do are elsewhere in the order, as for an old year's digits); the caller then finds them
 * through the indexes.
 */
function keywordPageAlongSort(db: Db, args: Args<'orders:list'>, filter: SqlFragment, total: number, walkRows: number): number[] | null {
  const index = SORT_INDEXES[args.sort.key]
  const { rowwise, params } = filter
  if (!index || !rowwise || total === 0) return null
  const offset = (args.page - 1) * args.pageSize
  // Orders read to fill the page if the ones that match were spread evenly along the sort. Only
  // a few: each is a row read, and along an amount index rows are in no order on disk, so a
  // longer walk soon costs more than finding the keyword's orders through the indexes.
  const expected = ((offset + args.pageSize) * countOrders(db, {})) / total
  if (expected > walkRows / 10) return null
  const direction = args.sort.order === 'asc' ? 'ASC' : 'DESC'
  // Along the sort's own index whatever the other filters: the estimate above assumes it, and
  // SQLite might otherwise take an amount or status index and sort all it finds.
  const walk = db.prepare(
    `SELECT o.id AS id, ${rowwise.keyword} AS hit FROM orders o INDEXED BY ${index} ${rowwise.where}
     ORDER BY o.${args.sort.key} ${direction}, o.id ${direction} LIMIT @walkRows`,
  )
  const ids: number[] = []
  let skipped = 0
  for (const row of walk.iterate({ ...params, walkRows }) as Iterable<{ id: number; hit: number }>) {
    if (!row.hit) continue
    if (skipped < offset) skipped++
    else if (ids.push(row.id) === args.pageSize) break
  }
  // A short page is the true last page only if it ends with the last of the keyword's orders.
  return ids.length === args.pageSize || skipped + ids.length === total ? ids : null
}

/**
 * One page of the order list plus the total count, for the filters the user set. The page's
 * ids are found first from the indexes alone (a deep OFFSET skips index entries, not rows),
 * then only those rows are read (CROSS JOIN pins that order: with statistics, SQLite would
 * otherwise scan every order and probe the page).
 */
export function listOrders(db: Db, args: Args<'orders:list'>, options: { keywordWalkRows?: number } = {}): OrdersPage {
  const filter = orderFilterSql(args.filter, db)
  const { where, params, keyword } = filter
  const direction = args.sort.order === 'asc' ? 'ASC' : 'DESC'
  // Sort keys come from the contract's enum, never from free text.
  const sortColumn = args.sort.key === 'source_name' ? 's.name' : `o.${args.sort.key}`
  // Only nullable columns need NULLS LAST; leaving it off the others lets SQLite walk an index.
  const nulls = NULLABLE_SORT_KEYS.has(args.sort.key) ? ' NULLS LAST' : ''
  const total = countOrders(db, args.filter)
  const order = `ORDER BY ${sortColumn} ${direction}${nulls}, o.id ${direction}`
  const walked = keyword ? keywordPageAlongSort(db, args, filter, total, options.keywordWalkRows ?? KEYWORD_WALK_ROWS) : null
  let sql: string
  if (args.sort.key === 'source_name') {
    sql = `SELECT ${LIST_COLUMNS} FROM orders o JOIN sources s ON s.id = o.source_id ${where} ${order} LIMIT @limit OFFSET @offset`
  } else if (walked) {
    // The page's ids are known: only their rows are read.
    params.pageIds = JSON.stringify(walked)
    sql = `SELECT ${LIST_COLUMNS} FROM json_each(@pageIds) page CROSS JOIN orders o ON o.id = page.value CROSS JOIN sources s ON s.id = o.source_id ${order}`
  } else if (keyword) {
    // Each part of the keyword yields its ids and sort keys from its own index, then they are
    // sorted and only the page's rows are read. MATERIALIZED keeps the parts apart: merged in
    // sort order, SQLite would walk a date index through every order for each part.
    const parts = keyword.map((w) => `SELECT o.id AS id, ${sortColumn} AS k FROM orders o ${w}`).join(' UNION ALL ')
    sql = `WITH matched AS MATERIALIZED (${parts}),
           page AS (SELECT id, k FROM matched ORDER BY k ${direction}${nulls}, id ${direction} LIMIT @limit OFFSET @offset)
           SELECT ${LIST_COLUMNS} FROM page CROSS JOIN orders o ON o.id = page.id CROSS JOIN sources s ON s.id = o.source_id ${order}`
  } else {
    sql = `WITH page AS (SELECT o.id FROM orders o ${where} ${order} LIMIT @limit OFFSET @offset)
           SELECT ${LIST_COLUMNS} FROM page CROSS JOIN orders o ON o.id = page.id CROSS JOIN sources s ON s.id = o.source_id ${order}`
  }
  const rows = db.prepare(sql).all({ ...params, limit: args.pageSize, offset: (args.page - 1) * args.pageSize }) as OrderRow[]
  // The page's tags apart, for its rows only: in the query, a sort would read them for every order.
  const tags = tagsOfOrders(db, rows)
  for (const row of rows) row.tags = tags.get(row.id) ?? []
  return { total, rows }
}

/** Whole order records (every field of the unified order), newest first, with the total count. */
export function listOrderRecords(db: Db, filter: OrderFilter, limit: number): { total: number; rows: Array<Record<string, unknown>> } {
  const { where, params } = orderFilterSql(filter)
  const total = (db.prepare(`SELECT count(*) AS n FROM orders o ${where}`).get(params) as { n: number }).n
  const rows = db
    .prepare(
      `SELECT o.*, s.name AS source_name FROM orders o JOIN sources s ON s.id = o.source_id ${where}
       ORDER BY o.created_at DESC, o.id DESC LIMIT @limit`,
    )
    .all({ ...params, limit }) as Array<Record<string, unknown>>
  return { total, rows }
}

/** Product types present in the cache, with a name to show, for the product-type filter. */
export function productTypes(db: Db): Array<{ value: string; count: number; name: string | null }> {
  // From the counts kept with the orders (order_counts): listing the types must not count a million orders.
  return db
    .prepare(
      `SELECT product_type AS value, sum(n) AS count, max(product_name) AS name FROM order_counts
       WHERE product_type <> '' GROUP BY product_type HAVING sum(n) > 0 ORDER BY count DESC LIMIT 200`,
    )
    .all() as Array<{ value: string; count: number; name: string | null }>
}

/**
 * The product types each source's cached orders have, for the list's filter: a type belongs to
 * its source, so pub's "3" and course's "3" are two choices, never one.
 */
export function sourceProductTypes(db: Db): SourceProductTypeChoice[] {
  // From the counts kept with the orders, as productTypes above.
  return db
    .prepare(
      `SELECT c.source_id AS source, coalesce(s.name, c.source_id) AS sourceName, s.kind AS kind, c.product_type AS type,
         sum(c.n) AS count, max(c.product_name) AS title
       FROM order_counts c LEFT JOIN sources s ON s.id = c.source_id
       WHERE c.product_type <> '' GROUP BY c.source_id, c.product_type HAVING sum(c.n) > 0
       ORDER BY sourceName, c.source_id, count DESC, c.product_type LIMIT 500`,
    )
    .all() as SourceProductTypeChoice[]
}
