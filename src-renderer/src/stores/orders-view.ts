import type { Args, OrderFilter, OrderStatusValue } from '../../../src-preload/contract'
import { MAX_PRODUCT_TYPE, ORDER_SORT_KEYS, ORDER_STATUS_VALUES } from '../../../src-preload/contract-values'
import { MAX_FILTER_TAGS, normalizeTag, tagProblem } from '../../../src-preload/annotations'
import { KEYWORD_MAX_CHARS, normalizeKeyword } from '../../../src-preload/keyword'
import type { ProductTypePick } from '../../../src-preload/product-types'
import { DATE_SHORTCUTS, daysRange, shortcutRange, type DateShortcut } from '../dates'

// The order list's saved view and the filter it makes, apart from the store.

import { ORDER_COLUMNS, PAGE_SIZES, isValidDay, type OrderColumn } from '../../../src-preload/shared/order-list'
export { ORDER_COLUMNS, PAGE_SIZES, isValidDay, type OrderColumn }
/**
 * The columns shown until the user chooses: they fit beside the sidebar in a 1280-pixel window.
 * The others (paid, refunded, paid at) are one click away in the column chooser, which says how
 * many are hidden.
 */
export const DEFAULT_COLUMNS: readonly OrderColumn[] = ['orderNo', 'source', 'product', 'customer', 'status', 'due', 'createdAt']
/**
 * The saved column choice's version. Before 2 every column was shown by default, so a saved list
 * of all of them was never chosen and gives way to the defaults; any other choice is kept.
 */
export const COLUMNS_VERSION = 2
/** Every column version 1 had (the pay channel came with version 2, the tags later, shown only when chosen). */
const VERSION_1_COLUMNS = ORDER_COLUMNS.filter((c) => c !== 'channel' && c !== 'tags')
export type SortKey = (typeof ORDER_SORT_KEYS)[number]

export const STORAGE_KEY = 'orderdesk.orders.view'

/** What the user set on the order list; kept in localStorage so it survives restarts. */
export interface OrdersViewState {
  sources: string[]
  statuses: OrderStatusValue[]
  productTypes: ProductTypePick[]
  dateField: 'created' | 'paid' | 'revenue'
  shortcut: DateShortcut | 'custom' | null
  customDays: [string, string] | null
  /** Yuan as typed; turned into fen for the query. */
  amountMin: number | null
  amountMax: number | null
  keyword: string
  /** Orders carrying any of these tags. */
  tags: string[]
  sort: { key: SortKey; order: 'asc' | 'desc' }
  pageSize: 20 | 50 | 100 | 500
  columns: OrderColumn[]
  columnsVersion: typeof COLUMNS_VERSION
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
    tags: [],
    sort: { key: 'created_at', order: 'desc' },
    pageSize: 50,
    columns: [...DEFAULT_COLUMNS],
    columnsVersion: COLUMNS_VERSION,
  }
}

/** The sort a column header click asks for, by sort key: dates newest first, amounts largest first, words A to Z. */
const NATURAL_ORDER: Record<SortKey, 'asc' | 'desc'> = {
  created_at: 'desc',
  paid_at: 'desc',
  due: 'desc',
  paid: 'desc',
  refunded: 'desc',
  total: 'desc',
  status: 'asc',
  source_name: 'asc',
  order_no: 'asc',
  product_name: 'asc',
  customer_name: 'asc',
}

/**
 * The sort after a click on a column's header: the column's natural order the first time, never
 * the direction the previous column was in; the other way round on the sorted column.
 */
export function nextSort(current: OrdersViewState['sort'], key: SortKey): OrdersViewState['sort'] {
  if (current.key === key) return { key, order: current.order === 'asc' ? 'desc' : 'asc' }
  return { key, order: NATURAL_ORDER[key] }
}

const strings = (v: unknown): string[] | null => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : null)
const amount = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null)
const isStatus = (s: string): s is OrderStatusValue => (ORDER_STATUS_VALUES as readonly string[]).includes(s)
// Source ids and product types as the contract takes them (a product type may be blank).
const isSourceId = (s: string): boolean => s.length > 0 && s.length <= 64
const isProductType = (s: string): boolean => s.length <= MAX_PRODUCT_TYPE
/** A product type as saved: a source's type, or a bare type (every source), as an older version saved them. */
export function productTypePick(v: unknown): ProductTypePick | null {
  if (typeof v === 'string') return isProductType(v) ? v : null
  if (!v || typeof v !== 'object') return null
  const { source, type } = v as Record<string, unknown>
  return typeof source === 'string' && isSourceId(source) && typeof type === 'string' && isProductType(type) ? { source, type } : null
}
/** The contract's most sources and product types in one filter. */
const MAX_NAMES = 100

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
  state.productTypes = (Array.isArray(raw.productTypes) ? raw.productTypes : [])
    .map(productTypePick)
    .filter((p) => p !== null)
    .slice(0, MAX_NAMES)
  if (raw.dateField === 'created' || raw.dateField === 'paid' || raw.dateField === 'revenue') state.dateField = raw.dateField
  if (raw.shortcut === 'custom' || (DATE_SHORTCUTS as readonly unknown[]).includes(raw.shortcut))
    state.shortcut = raw.shortcut as OrdersViewState['shortcut']
  // Older than 24 hours is about the creation time: the list shows the field the filter uses.
  if (state.shortcut === 'over24h') state.dateField = 'created'
  const days = strings(raw.customDays)
  if (days && days.length === 2 && days.every(isValidDay)) state.customDays = [days[0], days[1]]
  state.amountMin = amount(raw.amountMin)
  state.amountMax = amount(raw.amountMax)
  if (typeof raw.keyword === 'string') state.keyword = [...raw.keyword].slice(0, KEYWORD_MAX_CHARS).join('')
  // Tag by tag: one a later version would refuse takes no other with it.
  const tags = (Array.isArray(raw.tags) ? (raw.tags as unknown[]) : []).filter((tag) => typeof tag === 'string').map(normalizeTag)
  state.tags = [...new Set(tags.filter((tag) => tagProblem(tag) === null))].slice(0, MAX_FILTER_TAGS)
  const sort = raw.sort as { key?: unknown; order?: unknown } | undefined
  if (sort && (ORDER_SORT_KEYS as readonly unknown[]).includes(sort.key) && (sort.order === 'asc' || sort.order === 'desc')) {
    state.sort = { key: sort.key as SortKey, order: sort.order }
  }
  if ((PAGE_SIZES as readonly unknown[]).includes(raw.pageSize)) state.pageSize = raw.pageSize as OrdersViewState['pageSize']
  const columns = strings(raw.columns)
  const neverChosen = raw.columnsVersion !== COLUMNS_VERSION && !!columns && VERSION_1_COLUMNS.every((c) => columns.includes(c))
  if (columns && !neverChosen) state.columns = ORDER_COLUMNS.filter((c) => c === 'orderNo' || columns.includes(c))
  return state
}

/**
 * A product type pick as one string, for a menu's value: JSON of [source, type], the source ''
 * for a bare type (a source id is never empty).
 */
export function pickKey(pick: ProductTypePick): string {
  return typeof pick === 'string' ? JSON.stringify(['', pick]) : JSON.stringify([pick.source, pick.type])
}

/** The pick a key stands for (null for a string that is not a key). */
export function pickOfKey(key: string): ProductTypePick | null {
  try {
    const value: unknown = JSON.parse(key)
    if (!Array.isArray(value) || value.length !== 2 || !value.every((v) => typeof v === 'string')) return null
    const [source, type] = value as [string, string]
    return productTypePick(source === '' ? type : { source, type })
  } catch {
    return null
  }
}

/** What a link to the order list may set (the revenue page's bars: RevenueView.vue `openOrders`; the 工作台's figures). */
const LINK_KEYS = ['from', 'to', 'dateField', 'source', 'productType', 'status', 'shortcut'] as const

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
  // One product type, taken whole (a type may hold a comma): of the link's source when it names
  // one, else bare, that type in every source, as links always meant it.
  const productType = query.productType
  if (typeof productType === 'string' && productType !== '' && isProductType(productType)) {
    state.productTypes = state.sources.length === 1 ? [{ source: state.sources[0], type: productType }] : [productType]
  } else if (productType !== undefined && productType !== '') dropped++
  const { from, to, dateField } = query
  if (from !== undefined || to !== undefined) {
    if (isValidDay(from) && isValidDay(to) && from <= to) {
      state.shortcut = 'custom'
      state.customDays = [from, to]
    } else dropped++
  }
  if (dateField === 'created' || dateField === 'paid' || dateField === 'revenue') state.dateField = dateField
  else if (dateField !== undefined) dropped++
  // A shortcut (`shortcut=over24h`) instead of days: days win when a link names both.
  const { shortcut } = query
  if (shortcut !== undefined) {
    if ((DATE_SHORTCUTS as readonly unknown[]).includes(shortcut) && state.shortcut !== 'custom') state.shortcut = shortcut as DateShortcut
    else dropped++
  }
  if (state.shortcut === 'over24h') state.dateField = 'created'
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
  if (state.productTypes.length) filter.productTypes = state.productTypes.map((p) => (typeof p === 'string' ? p : { ...p }))
  const range =
    state.shortcut === 'custom'
      ? state.customDays
        ? daysRange(state.customDays[0], state.customDays[1], zone)
        : null
      : state.shortcut
        ? shortcutRange(state.shortcut, zone, now)
        : null
  if (range) {
    // An age counts from the order's creation, whatever date field is chosen.
    if (state.shortcut === 'over24h') Object.assign(filter, { createdFrom: range.from, createdTo: range.to })
    else if (state.dateField === 'paid') Object.assign(filter, { paidFrom: range.from, paidTo: range.to })
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
  if (state.tags.length) filter.tags = [...state.tags]
  return filter
}

/** What the list asks for: a page of the orders its filter selects, in its sort. */
export function listArgsFor(filter: OrderFilter, state: OrdersViewState, page: number): Args<'orders:list'> {
  return { filter, sort: state.sort, page, pageSize: state.pageSize }
}
