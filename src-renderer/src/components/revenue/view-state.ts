import type { OrderStatusValue } from '../../../../src-preload/contract'
import { ORDER_STATUS_VALUES } from '../../../../src-preload/contract-values'
import type { ProductTypePick } from '../../../../src-preload/product-types'
import { PERIOD_SHORTCUTS, type PeriodShortcut } from '../../dates'
import { isValidDay, productTypePick } from '../../stores/orders-view'

export const REVENUE_VIEW_KEY = 'orderdesk.revenue.view'

/** What the user chose on the revenue page; kept in localStorage, as the order list keeps its view, so it survives navigation and restarts. */
export interface RevenueViewState {
  sources: string[]
  statuses: OrderStatusValue[]
  /** Each of one source; a bare type (every source) as older versions saved them still loads, and still means every source. */
  productTypes: ProductTypePick[]
  shortcut: PeriodShortcut | 'custom'
  customDays: [string, string] | null
  by: 'day' | 'week' | 'month'
  seriesBy: 'none' | 'source' | 'product_type'
  metric: 'net' | 'gross' | 'refunds'
  /** The currency shown when the range holds more than one; null picks CNY, else the first. */
  currency: string | null
}

export function defaultRevenueView(): RevenueViewState {
  return {
    sources: [],
    statuses: [],
    productTypes: [],
    shortcut: 'last30',
    customDays: null,
    by: 'day',
    seriesBy: 'source',
    metric: 'net',
    currency: null,
  }
}

/** The contract's most sources and product types in one filter. */
const MAX_NAMES = 100
const strings = (v: unknown): string[] | null => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : null)
const oneOf = <T extends string>(v: unknown, values: readonly T[]): v is T => (values as readonly unknown[]).includes(v)

/**
 * Reads a saved revenue view, keeping only what is still valid: an entry from an older version
 * or edited by hand never reaches main as a query it refuses.
 */
export function parseRevenueView(saved: string | null): RevenueViewState {
  const state = defaultRevenueView()
  let raw: Record<string, unknown>
  try {
    const parsed: unknown = JSON.parse(saved ?? 'null')
    if (!parsed || typeof parsed !== 'object') return state
    raw = parsed as Record<string, unknown>
  } catch {
    return state
  }
  state.sources = (strings(raw.sources) ?? []).filter((s) => s.length > 0 && s.length <= 64).slice(0, MAX_NAMES)
  state.statuses = (strings(raw.statuses) ?? []).filter((s): s is OrderStatusValue => oneOf(s, ORDER_STATUS_VALUES))
  state.productTypes = (Array.isArray(raw.productTypes) ? raw.productTypes : [])
    .map(productTypePick)
    .filter((p) => p !== null)
    .slice(0, MAX_NAMES)
  if (raw.shortcut === 'custom' || oneOf(raw.shortcut, PERIOD_SHORTCUTS)) state.shortcut = raw.shortcut
  const days = strings(raw.customDays)
  if (days && days.length === 2 && days.every(isValidDay) && days[0] <= days[1]) state.customDays = [days[0], days[1]]
  if (oneOf(raw.by, ['day', 'week', 'month'] as const)) state.by = raw.by
  if (oneOf(raw.seriesBy, ['none', 'source', 'product_type'] as const)) state.seriesBy = raw.seriesBy
  if (oneOf(raw.metric, ['net', 'gross', 'refunds'] as const)) state.metric = raw.metric
  if (typeof raw.currency === 'string' && raw.currency.length > 0 && raw.currency.length <= 16) state.currency = raw.currency
  return state
}

export function loadRevenueView(storage: Pick<Storage, 'getItem'> | undefined): RevenueViewState {
  try {
    return parseRevenueView(storage?.getItem(REVENUE_VIEW_KEY) ?? null)
  } catch {
    return defaultRevenueView()
  }
}

export function saveRevenueView(storage: Pick<Storage, 'setItem'> | undefined, state: RevenueViewState): void {
  try {
    storage?.setItem(REVENUE_VIEW_KEY, JSON.stringify(state))
  } catch {
    // A full or refused storage only means the page starts from its defaults next time.
  }
}
