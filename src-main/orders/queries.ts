import type { Args, OrderFilter, OrderRow, OrdersPage } from '../../src-preload/contract'
import type { Db } from '../db/database'
import { orderFilterSql } from './filter'

const LIST_COLUMNS = `o.id, o.source_id, s.name AS source_name, o.remote_id, o.order_no, o.trade_no, o.status,
  o.remote_status, o.product_type, o.product_name, o.customer_id, o.customer_name, o.currency, o.total, o.due,
  o.paid, o.refunded, o.created_at, o.paid_at, o.missing_since`

const NULLABLE_SORT_KEYS = new Set(['paid_at', 'order_no', 'product_name', 'customer_name'])

/** One page of the order list plus the total count, for the filters the user set. */
export function listOrders(db: Db, args: Args<'orders:list'>): OrdersPage {
  const { where, params } = orderFilterSql(args.filter)
  const direction = args.sort.order === 'asc' ? 'ASC' : 'DESC'
  // Sort keys come from the contract's enum, never from free text.
  const sortColumn = args.sort.key === 'source_name' ? 's.name' : `o.${args.sort.key}`
  // Only nullable columns need NULLS LAST; leaving it off the others lets SQLite walk an index.
  const nulls = NULLABLE_SORT_KEYS.has(args.sort.key) ? ' NULLS LAST' : ''
  const total = (db.prepare(`SELECT count(*) AS n FROM orders o ${where}`).get(params) as { n: number }).n
  const rows = db
    .prepare(
      `SELECT ${LIST_COLUMNS} FROM orders o JOIN sources s ON s.id = o.source_id ${where}
       ORDER BY ${sortColumn} ${direction}${nulls}, o.id ${direction} LIMIT @limit OFFSET @offset`,
    )
    .all({ ...params, limit: args.pageSize, offset: (args.page - 1) * args.pageSize }) as OrderRow[]
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
  return db
    .prepare(
      `SELECT product_type AS value, count(*) AS count, max(product_name) AS name FROM orders
       WHERE product_type IS NOT NULL GROUP BY product_type ORDER BY count DESC LIMIT 200`,
    )
    .all() as Array<{ value: string; count: number; name: string | null }>
}
