/**
 * The contract's plain values: enumerations and defaults that main and the renderer both use
 * at run time. They are part of the contract (contract.ts re-exports them) but live in a file
 * without zod, so the renderer's bundle never loads the schema library it does not run.
 */
import type { NotifySettings, SyncProgress } from './contract'

export const LOCALES = ['zh-CN', 'en'] as const

/** Both kinds pop up; quiet hours, off, would be the night. */
export const DEFAULT_NOTIFY_SETTINGS: NotifySettings = { paid: true, failing: true, quiet: { enabled: false, from: '22:00', to: '08:00' } }

/** A time of day as HH:MM (00:00 to 23:59). */
export function isClockTime(value: unknown): value is string {
  return typeof value === 'string' && /^([01]\d|2[0-3]):[0-5]\d$/.test(value)
}

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

/** The CSV's default columns, which scripts reading the CLI's export rely on; the others can be chosen. */
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

/**
 * The most orders a selection holds ("all N orders of this filter" stops here, and says so):
 * their ids and numbers travel to the window and back, and an export of more takes the filter.
 */
export const SELECTION_CAP = 10_000

/**
 * The most orders canceled in one batch: each is a request (two for pub) to the vendor's API,
 * made one after another per source, so a batch stays minutes long at most and never floods it.
 */
export const CANCEL_CAP = 200

/** The order list's ready-made saved views: each present on a new database, and put back on request once deleted. */
export const PRESET_VIEWS = ['paidToday', 'pendingOver24h', 'refundedThisMonth'] as const

/** A saved view's name in characters (code points): a tab's worth. */
export const VIEW_NAME_MAX = 40
/** The most saved views kept: beyond them the tabs stop being one click away. */
export const MAX_VIEWS = 30
