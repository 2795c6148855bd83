import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import type { OrderFilter, OrderStatusValue } from '../../../src-preload/contract'
import { daysRange, shortcutRange, type DateShortcut } from '../dates'
import { useAppStore } from './app'

export const ORDER_COLUMNS = ['source', 'orderNo', 'product', 'customer', 'status', 'due', 'paid', 'refunded', 'createdAt', 'paidAt'] as const
export type OrderColumn = (typeof ORDER_COLUMNS)[number]
export type SortKey = 'created_at' | 'paid_at' | 'due' | 'paid' | 'refunded' | 'status' | 'source_name' | 'order_no' | 'product_name' | 'customer_name'

const STORAGE_KEY = 'orderdesk.orders.view'

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

function load(storage: Pick<Storage, 'getItem'> | undefined): OrdersViewState {
  const base = defaultViewState()
  try {
    const saved = storage?.getItem(STORAGE_KEY)
    return saved ? { ...base, ...(JSON.parse(saved) as Partial<OrdersViewState>) } : base
  } catch {
    return base
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
  if (state.amountMin !== null) filter.amountMin = Math.round(state.amountMin * 100)
  if (state.amountMax !== null) filter.amountMax = Math.round(state.amountMax * 100)
  const keyword = state.keyword.trim()
  if (keyword) filter.keyword = keyword
  return filter
}

export const useOrdersStore = defineStore('orders', () => {
  const storage = typeof localStorage === 'undefined' ? undefined : localStorage
  const state = ref<OrdersViewState>(load(storage))
  const page = ref(1)
  const app = useAppStore()
  const filter = computed(() => toFilter(state.value, app.settings.timezone))
  const active = computed(() => JSON.stringify({ ...state.value, sort: null, pageSize: null, columns: null }) !== JSON.stringify({ ...defaultViewState(), sort: null, pageSize: null, columns: null }))

  watch(state, (value) => storage?.setItem(STORAGE_KEY, JSON.stringify(value)), { deep: true })

  function clearFilters(): void {
    const { sort, pageSize, columns } = state.value
    state.value = { ...defaultViewState(), sort, pageSize, columns }
    page.value = 1
  }

  /** Applies a link from the revenue page: a period (days in the user's zone), a source, a product type, statuses. */
  function applyQuery(query: Record<string, unknown>): void {
    if (typeof query.from !== 'string' || typeof query.to !== 'string') return
    state.value = {
      ...defaultViewState(),
      sort: state.value.sort,
      pageSize: state.value.pageSize,
      columns: state.value.columns,
      shortcut: 'custom',
      customDays: [query.from, query.to],
      dateField: query.dateField === 'revenue' ? 'revenue' : query.dateField === 'paid' ? 'paid' : 'created',
      sources: typeof query.source === 'string' && query.source ? query.source.split(',') : [],
      productTypes: typeof query.productType === 'string' && query.productType ? [query.productType] : [],
      statuses: typeof query.status === 'string' && query.status ? (query.status.split(',') as OrderStatusValue[]) : [],
    }
    page.value = 1
  }

  return { state, page, filter, active, clearFilters, applyQuery }
})
