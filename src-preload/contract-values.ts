/**
 * The contract's plain values: enumerations and defaults that main and the renderer both use
 * at run time. They are part of the contract (contract.ts re-exports them) but live in a file
 * without zod, so the renderer's bundle never loads the schema library it does not run.
 */
import type { SyncProgress } from './contract'

export const LOCALES = ['zh-CN', 'en'] as const

/**
 * The instants a call may name (epoch ms): the days from 1900 to the end of 9999 as cut in any
 * zone (a day there may start up to 14 hours before or after its UTC day), with a day to
 * spare. Far inside Date's range, so every day, month and previous period around them can still
 * be cut in any zone.
 */
export const MIN_INSTANT = Date.UTC(1899, 11, 30)
export const MAX_INSTANT = Date.UTC(10000, 0, 2) - 1

/** The longest product type a filter names: the APIs' own values (appkey's free text) can be long. */
export const MAX_PRODUCT_TYPE = 500

export const ORDER_STATUS_VALUES = ['pending', 'paid', 'partially_refunded', 'refunded', 'canceled', 'failed', 'unknown'] as const

export const SOURCE_KIND_VALUES = ['pub', 'appkey', 'pingpp', 'course'] as const

export const EXPORT_COLUMN_KEYS = [
  'source_id',
  'source_name',
  'remote_id',
  'order_no',
  'trade_no',
  'status',
  'remote_status',
  'product_type',
  'product_name',
  'product_id',
  'customer_id',
  'customer_name',
  'pay_channel',
  'currency',
  'total',
  'discount',
  'due',
  'paid',
  'refunded',
  'created_at',
  'paid_at',
  'expires_at',
  'updated_at',
  // Staff's own words on the order (order_notes, order_tags), not the API's.
  'note',
  'tags',
] as const

/** The CSV's default columns (../shared/spec/cli.md); the others can be chosen. */
export const DEFAULT_EXPORT_COLUMN_KEYS: ReadonlyArray<(typeof EXPORT_COLUMN_KEYS)[number]> = EXPORT_COLUMN_KEYS.filter(
  (c) => !['remote_status', 'product_id', 'expires_at', 'updated_at', 'note', 'tags'].includes(c),
)

export const ORDER_SORT_KEYS = [
  'created_at',
  'paid_at',
  'due',
  'paid',
  'refunded',
  'total',
  'status',
  'source_name',
  'order_no',
  'product_name',
  'customer_name',
] as const

/** A source's progress before its first page: what main and the renderer show as queued. */
export function queuedProgress(sourceId: string, runId = 0): SyncProgress {
  return {
    runId,
    sourceId,
    phase: 'queued',
    mode: null,
    pages: 0,
    fetched: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    skipped: 0,
    requests: 0,
    rechecked: 0,
    total: null,
    error: null,
  }
}
