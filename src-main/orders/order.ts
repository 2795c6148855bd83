/**
 * The unified order (README.md beside this file). Field names are the ones it gives (they are the
 * CSV column keys and the CLI's JSON keys), so no renaming layer is needed between the
 * database, the CLI and the export.
 */

import type { Fen } from '../../src-preload/shared/money'

export type { Fen }
/** A UTC instant in epoch milliseconds. */
export type EpochMs = number

export const ORDER_STATUSES = ['pending', 'paid', 'partially_refunded', 'refunded', 'canceled', 'failed', 'unknown'] as const
export type OrderStatus = (typeof ORDER_STATUSES)[number]

/** What a connector produces from one remote record: the order without its source. */
export interface NormalizedOrder {
  remote_id: string
  order_no: string | null
  trade_no: string | null
  status: OrderStatus
  remote_status: string
  product_type: string | null
  product_name: string | null
  product_id: string | null
  customer_id: string | null
  customer_name: string | null
  pay_channel: string | null
  currency: string
  total: Fen
  discount: Fen
  due: Fen
  paid: Fen
  refunded: Fen
  created_at: EpochMs
  paid_at: EpochMs | null
  expires_at: EpochMs | null
  updated_at: EpochMs | null
  /** Data warnings, such as a rounded amount; shown in the detail view. */
  warnings: string[]
  /** The record exactly as the API sent it. */
  raw: unknown
}

/** An order as the cache holds it. */
export interface StoredOrder extends Omit<NormalizedOrder, 'raw'> {
  id: number
  source_id: string
  source_name: string
  /** Set by a full sync when the API stopped listing the order; never deleted. */
  missing_since: EpochMs | null
  first_seen_at: EpochMs
  last_seen_at: EpochMs
}
