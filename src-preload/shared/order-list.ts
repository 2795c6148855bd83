// The order list's values that its saved views are checked against, on both sides: the window
// reads a stored view with them, and main validates a view before it keeps it.

/**
 * The order list's date shortcuts. `over24h` is an age, not a period: orders created before
 * now − 24 h (the list filters it on the creation time whatever date field is chosen).
 */
export const DATE_SHORTCUTS = ['today', 'yesterday', 'last7', 'last30', 'thisMonth', 'lastMonth', 'over24h'] as const
export type DateShortcut = (typeof DATE_SHORTCUTS)[number]

/** Every column the list can show, in the order it shows them (the order number is pinned at the left). */
export const ORDER_COLUMNS = [
  'orderNo',
  'source',
  'product',
  'customer',
  'status',
  'due',
  'paid',
  'refunded',
  'channel',
  'createdAt',
  'paidAt',
  'tags',
] as const
export type OrderColumn = (typeof ORDER_COLUMNS)[number]

export const PAGE_SIZES = [20, 50, 100, 500] as const

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/
/** The years a day may be in: main accepts every instant of them, in any zone. */
const MIN_YEAR = 1900
const MAX_YEAR = 9999

/** A real calendar day (`YYYY-MM-DD`) in the years main accepts: not 2026-02-30, not 0001-01-01. */
export function isValidDay(value: unknown): value is string {
  const m = typeof value === 'string' ? DAY.exec(value) : null
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const at = Date.UTC(y, mo - 1, d)
  const date = new Date(at)
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && y >= MIN_YEAR && y <= MAX_YEAR
}
