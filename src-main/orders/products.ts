import type { ProductOption } from '../../src-preload/contract'
import type { Db } from '../db/database'

/** The newest orders of a source looked at: a shop's products show in its recent orders, and the read stays short at any size. */
export const PRODUCT_SCAN_ORDERS = 5000
/** At most this many products are offered. */
export const PRODUCT_OPTIONS_MAX = 200

/**
 * The products a source's cached orders show (id, name and type, as each order has them), most
 * ordered first: what a create form offers to pick from.
 */
export function sourceProducts(db: Db, sourceId: string): ProductOption[] {
  return db
    .prepare(
      `SELECT product_id, product_name, max(product_type) AS product_type, count(*) AS count FROM (
         SELECT product_id, product_name, product_type FROM orders WHERE source_id = ?
         ORDER BY created_at DESC LIMIT ${PRODUCT_SCAN_ORDERS}
       ) WHERE product_id IS NOT NULL OR product_name IS NOT NULL
       GROUP BY product_id, product_name ORDER BY count DESC, product_name, product_id LIMIT ${PRODUCT_OPTIONS_MAX}`,
    )
    .all(sourceId) as ProductOption[]
}
