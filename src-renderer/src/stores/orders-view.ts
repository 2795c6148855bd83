import type { Args, OrderFilter, OrderStatusValue } from '../../../src-preload/contract'
import { MAX_PRODUCT_TYPE, ORDER_SORT_KEYS, ORDER_STATUS_VALUES } from '../../../src-preload/contract-values'
import { KEYWORD_MAX_CHARS, normalizeKeyword } from '../../../src-preload/keyword'
import { DATE_SHORTCUTS, daysRange, shortcutRange, type DateShortcut } from '../dates'

// The order list's saved view and the filter it makes, apart from the store: the page's first
// script (main.ts, through first-screen.ts) reads them before Vue and Pinia have loaded.

export const ORDER_COLUMNS = [
  'source',
  'orderNo',
  'product',
  'customer',
  'status',
  'due',
  'paid',
  'refunded',
  'channel',
  'createdAt',
  'paidAt',
] as const
export type OrderColumn = (typeof ORDER_COLUMNS)[number]
export type SortKey = (typeof ORDER_SORT_KEYS)[number]
export const PAGE_SIZES = [20, 50, 100, 500] as const

export const STORAGE_KEY = 'orderdesk.orders.view'

/** What the user set on the order list; kept in localStorage so it survives restarts. */
export interface OrdersViewState {
  sources: string[]
  statuses: OrderStatusValue[]
  productTypes: string[]
  dateField: 'created' | 'paid' | 'revenue'
  shortcut: DateShortcut | 'custom' | null
  customDays: [string, string] | null
  /** Yuan as typed; turned into fen for the query. */
  amountMin: number | null
  amountMax: number | null
  keyword: string
  sort: { key: SortKey; order: 'asc' | 'desc' }
  pageSize: 20 | 50 | 100 | 500
  columns: OrderColumn[]
}

export function defaultViewState(): OrdersViewState {
  return {
    sources: [],
    statuses: [],
    productTypes: [],
    dateField: 'created',
    shortcut: null,
    customDays: null,
    amountMin: null,
    amountMax: null,
    keyword: '',
    sort: { key: 'created_at', order: 'desc' },
    pageSize: 50,
    columns: [...ORDER_COLUMNS],
  }
}

const strings = (v: unknown): string[] | null => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : null)
const amount = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null)
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/
const isStatus = (s: string): s is OrderStatusValue => (ORDER_STATUS_VALUES as readonly string[]).includes(s)
// Source ids and product types as the contract takes them (a product type may be blank).
const isSourceId = (s: string): boolean => s.length > 0 && s.length <= 64
const isProductType = (s: string): boolean => s.length <= MAX_PRODUCT_TYPE
/** The contract's most sources and product types in one filter. */
const MAX_NAMES = 100

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

/**
 * Reads the saved view state, keeping only what is still valid: a stale or hand-edited entry
 * (an unknown status, page size or sort key from an older version) never reaches main as a bad query.
 */
export function parseViewState(saved: string | null): OrdersViewState {
  const base = defaultViewState()
  if (!saved) return base
  let raw: Record<string, unknown>
  try {
    const parsed: unknown = JSON.parse(saved)
    if (!parsed || typeof parsed !== 'object') return base
    raw = parsed as Record<string, unknown>
  } catch {
    return base
  }
  const state = { ...base }
  state.sources = (strings(raw.sources) ?? base.sources).filter(isSourceId).slice(0, MAX_NAMES)
  state.statuses = (strings(raw.statuses) ?? []).filter(isStatus)
  state.productTypes = (strings(raw.productTypes) ?? base.productTypes).filter(isProductType).slice(0, MAX_NAMES)
  if (raw.dateField === 'created' || raw.dateField === 'paid' || raw.dateField === 'revenue') state.dateField = raw.dateField
  if (raw.shortcut === 'custom' || (DATE_SHORTCUTS as readonly unknown[]).includes(raw.shortcut))
    state.shortcut = raw.shortcut as OrdersViewState['shortcut']
  const days = strings(raw.customDays)
  if (days && days.length === 2 && days.every(isValidDay)) state.customDays = [days[0], days[1]]
  state.amountMin = amount(raw.amountMin)
  state.amountMax = amount(raw.amountMax)
  if (typeof raw.keyword === 'string') state.keyword = [...raw.keyword].slice(0, KEYWORD_MAX_CHARS).join('')
  const sort = raw.sort as { key?: unknown; order?: unknown } | undefined
  if (sort && (ORDER_SORT_KEYS as readonly unknown[]).includes(sort.key) && (sort.order === 'asc' || sort.order === 'desc')) {
    state.sort = { key: sort.key as SortKey, order: sort.order }
  }
  if ((PAGE_SIZES as readonly unknown[]).includes(raw.pageSize)) state.pageSize = raw.pageSize as OrdersViewState['pageSize']
  const columns = strings(raw.columns)
  if (columns) state.columns = ORDER_COLUMNS.filter((c) => columns.includes(c))
  return state
}

/** What a link to the order list may set (the revenue page's bars: RevenueView.vue `openOrders`). */
const LINK_KEYS = ['from', 'to', 'dateField', 'source', 'productType', 'status'] as const

/** True when a route query is a link that sets the list's filters. */
export function isOrdersLink(query: Record<string, unknown>): boolean {
  return LINK_KEYS.some((key) => key in query)
}

/**
 * A link's query as the list's filters, read like the saved view: only valid values are kept
 * (a day that is not a day, an unknown status), and `dropped` counts the rest, so the list can
 * say once that part of the link was left out. The sort, page size and columns stay the user's.
 */
export function viewStateFromLink(query: Record<string, unknown>, current: OrdersViewState): { state: OrdersViewState; dropped: number } {
  let dropped = 0
  const { sort, pageSize, columns } = current
  const state: OrdersViewState = { ...defaultViewState(), sort, pageSize, columns }
  /** A comma-separated list (vue-router gives an array for a repeated key, null for a bare one). */
  const list = (key: string, valid: (item: string) => boolean): string[] => {
    const value = query[key]
    if (value === undefined) return []
    if (typeof value !== 'string') {
      dropped++
      return []
    }
    const items = value.split(',').filter((item) => item !== '')
    const kept = [...new Set(items.filter(valid))].slice(0, MAX_NAMES)
    if (kept.length < new Set(items).size) dropped++
    return kept
  }
  state.sources = list('source', isSourceId)
  state.statuses = list('status', isStatus) as OrderStatusValue[]
  // One product type, taken whole: a type may hold a comma.
  const productType = query.productType
  if (typeof productType === 'string' && productType !== '' && isProductType(productType)) state.productTypes = [productType]
  else if (productType !== undefined && productType !== '') dropped++
  const { from, to, dateField } = query
  if (from !== undefined || to !== undefined) {
    if (isValidDay(from) && isValidDay(to) && from <= to) {
      state.shortcut = 'custom'
      state.customDays = [from, to]
    } else dropped++
  }
  if (dateField === 'created' || dateField === 'paid' || dateField === 'revenue') state.dateField = dateField
  else if (dateField !== undefined) dropped++
  return { state, dropped }
}

export function loadViewState(storage: Pick<Storage, 'getItem'> | undefined): OrdersViewState {
  try {
    return parseViewState(storage?.getItem(STORAGE_KEY) ?? null)
  } catch {
    return defaultViewState()
  }
}

/** The view state as the contract's filter: dates in the user's zone, amounts in fen. */
export function toFilter(state: OrdersViewState, zone: string, now = Date.now()): OrderFilter {
  const filter: OrderFilter = {}
  if (state.sources.length) filter.sources = [...state.sources]
  if (state.statuses.length) filter.statuses = [...state.statuses]
  if (state.productTypes.length) filter.productTypes = [...state.productTypes]
  const range =
    state.shortcut === 'custom'
      ? state.customDays
        ? daysRange(state.customDays[0], state.customDays[1], zone)
        : null
      : state.shortcut
        ? shortcutRange(state.shortcut, zone, now)
        : null
  if (range) {
    if (state.dateField === 'paid') Object.assign(filter, { paidFrom: range.from, paidTo: range.to })
    else if (state.dateField === 'revenue') Object.assign(filter, { revenueFrom: range.from, revenueTo: range.to })
    else Object.assign(filter, { createdFrom: range.from, createdTo: range.to })
  }
  // Yuan as typed (a cleared box may leave undefined) to fen; a reversed range is read the sensible way round.
  let min = typeof state.amountMin === 'number' && Number.isFinite(state.amountMin) ? Math.round(state.amountMin * 100) : null
  let max = typeof state.amountMax === 'number' && Number.isFinite(state.amountMax) ? Math.round(state.amountMax * 100) : null
  if (min !== null && max !== null && min > max) [min, max] = [max, min]
  if (min !== null) filter.amountMin = min
  if (max !== null) filter.amountMax = max
  const keyword = normalizeKeyword(state.keyword)
  if (keyword) filter.keyword = keyword
  return filter
}

/** What the list asks for: a page of the orders its filter selects, in its sort. */
export function listArgsFor(filter: OrderFilter, state: OrdersViewState, page: number): Args<'orders:list'> {
  return { filter, sort: state.sort, page, pageSize: state.pageSize }
}
