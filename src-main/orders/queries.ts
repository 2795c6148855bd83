import type { Args, OrderFilter, OrderRow, OrdersPage } from '../../src-preload/contract'
import type { Db } from '../db/database'
import { orderFilterSql } from './filter'

const LIST_COLUMNS = `o.id, o.source_id, s.name AS source_name, o.remote_id, o.order_no, o.trade_no, o.status,
  o.remote_status, o.product_type, o.product_name, o.customer_id, o.customer_name, o.currency, o.total, o.due,
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
    ['product_type', filter.productTypes],
  ] as const) {
    if (!values?.length) continue
    clauses.push(`${column} IN (${values.map(() => '?').join(', ')})`)
    params.push(...values)
  }
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params }
}

/** The number of orders a filter matches: from order_counts when it can, by counting otherwise. */
export function countOrders(db: Db, filter: OrderFilter): number {
  if (countsAnswer(filter)) {
    const { where, params } = countsWhere(filter)
    return Number((db.prepare(`SELECT coalesce(sum(n), 0) AS n FROM order_counts ${where}`).get(...params) as { n: number }).n)
  }
  const { where, params, keyword } = orderFilterSql(filter, db)
  // A keyword's parts never overlap, and each is counted from its own index.
  const parts = keyword ?? [where]
  return (db.prepare(`SELECT ${parts.map((w) => `(SELECT count(*) FROM orders o ${w})`).join(' + ')} AS n`).get(params) as { n: number }).n
}

/**
 * One page of the order list plus the total count, for the filters the user set. The page's
 * ids are found first from the indexes alone (a deep OFFSET skips index entries, not rows),
 * then only those rows are read (CROSS JOIN pins that order: with statistics, SQLite would
 * otherwise scan every order and probe the page).
 */
export function listOrders(db: Db, args: Args<'orders:list'>): OrdersPage {
  const { where, params, keyword } = orderFilterSql(args.filter, db)
  const direction = args.sort.order === 'asc' ? 'ASC' : 'DESC'
  // Sort keys come from the contract's enum, never from free text.
  const sortColumn = args.sort.key === 'source_name' ? 's.name' : `o.${args.sort.key}`
  // Only nullable columns need NULLS LAST; leaving it off the others lets SQLite walk an index.
  const nulls = NULLABLE_SORT_KEYS.has(args.sort.key) ? ' NULLS LAST' : ''
  const total = countOrders(db, args.filter)
  const order = `ORDER BY ${sortColumn} ${direction}${nulls}, o.id ${direction}`
  let sql: string
  if (args.sort.key === 'source_name') {
    sql = `SELECT ${LIST_COLUMNS} FROM orders o JOIN sources s ON s.id = o.source_id ${where} ${order} LIMIT @limit OFFSET @offset`
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
  return { total, rows }
}

/** Whole order records (every field of orders.md), newest first, with the total count. */
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
  // From the counts kept by triggers: listing the types must not count a million orders.
  return db
    .prepare(
      `SELECT product_type AS value, sum(n) AS count, max(product_name) AS name FROM order_counts
       WHERE product_type <> '' GROUP BY product_type HAVING sum(n) > 0 ORDER BY count DESC LIMIT 200`,
    )
    .all() as Array<{ value: string; count: number; name: string | null }>
}
