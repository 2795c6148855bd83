import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import type { Args, OrdersPage, OrderTotals, Result } from '../../../src-preload/contract'
import { api } from '../api'
import { useAppStore } from './app'
import { defaultViewState, listArgsFor, loadViewState, STORAGE_KEY, toFilter, viewStateFromLink, type OrdersViewState } from './orders-view'

export const useOrdersStore = defineStore('orders', () => {
  const storage = typeof localStorage === 'undefined' ? undefined : localStorage
  const state = ref<OrdersViewState>(loadViewState(storage))
  const page = ref(1)
  const app = useAppStore()
  const filter = computed(() => toFilter(state.value, app.settings.timezone))
  /** How many filters narrow the list (a date field alone, or "custom" with no days picked, narrows nothing). */
  const activeCount = computed(() => {
    const f = filter.value
    const date = f.createdFrom !== undefined || f.paidFrom !== undefined || f.revenueFrom !== undefined
    const amount = f.amountMin !== undefined || f.amountMax !== undefined
    return [f.sources, f.statuses, f.productTypes, f.keyword, f.tags].filter((v) => v !== undefined).length + Number(date) + Number(amount)
  })
  const active = computed(() => activeCount.value > 0)

  watch(state, (value) => storage?.setItem(STORAGE_KEY, JSON.stringify(value)), { deep: true })

  /** Every filter and the sort back to the defaults; the page size and the columns stay the user's. */
  function clearFilters(): void {
    const { pageSize, columns } = state.value
    state.value = { ...defaultViewState(), pageSize, columns }
    page.value = 1
  }

  /**
   * Applies a link (the revenue page's bars: a period in the user's zone, a source, a product
   * type, statuses), keeping only its valid values. Returns how many were left out.
   */
  function applyQuery(query: Record<string, unknown>): number {
    const { state: next, dropped } = viewStateFromLink(query, state.value)
    state.value = next
    page.value = 1
    return dropped
  }

  /** What the list asks for now: its filters, sort, page and page size. */
  function listArgs(): Args<'orders:list'> {
    return listArgsFor(filter.value, state.value, page.value)
  }

  /** One page of the list with the status counts for its filters. */
  async function fetchList(args: Args<'orders:list'>): Promise<ListedPage> {
    const [result, counts] = await Promise.all([
      api().call('orders:list', args),
      api().call('orders:statusCounts', { filter: args.filter }),
    ])
    return { result, counts }
  }

  /** The last totals answered, with the filter they are for. */
  const answeredTotals = shallowRef<{ key: string; totals: OrderTotals } | null>(null)
  let totalsSeq = 0
  /** Asks for the totals of the list's filter (the list shows them under its rows, apart from the page). */
  async function loadTotals(): Promise<void> {
    const seq = ++totalsSeq
    const key = JSON.stringify(filter.value)
    const answer = await api().call('orders:totals', { filter: filter.value })
    if (seq === totalsSeq) answeredTotals.value = { key, totals: answer }
  }
  /** The totals of the filter as it is now: none while they are asked for, never another filter's. */
  const totals = computed(() => (answeredTotals.value?.key === JSON.stringify(filter.value) ? answeredTotals.value.totals : null))
  /** Paid orders the list's pay-time filter leaves out for want of a pay time (none without one): the list says so. */
  const withoutPayTime = computed(() => totals.value?.withoutPayTime ?? 0)

  /** Filters the same days by revenue time (paid_at, else created_at, as the revenue page counts), counting those orders in. */
  function countByRevenueTime(): void {
    state.value.dateField = 'revenue'
    page.value = 1
  }

  let early: { key: string; listed: ListedPage | null } | null = null
  /**
   * Asks for the list's page while the page is still starting (the route into the list waits
   * for it), so the list is built once, with its rows, instead of empty and then again. Never
   * fails and never waits long: the list asks again itself, and shows any error, when this
   * has no answer for it.
   */
  async function askEarly(waitMs = 1000): Promise<void> {
    const args = listArgs()
    const entry: { key: string; listed: ListedPage | null } = { key: JSON.stringify(args), listed: null }
    early = entry
    const answer = fetchList(args).then(
      (listed) => void (entry.listed = listed),
      () => undefined,
    )
    await Promise.race([answer, new Promise((resolve) => setTimeout(resolve, waitMs))])
  }
  /** The early answer, once, if it came and is for what the list asks for now. */
  function takeEarly(): ListedPage | null {
    const entry = early
    early = null
    return entry?.listed && entry.key === JSON.stringify(listArgs()) ? entry.listed : null
  }

  return {
    state,
    page,
    filter,
    active,
    activeCount,
    clearFilters,
    applyQuery,
    listArgs,
    fetchList,
    askEarly,
    takeEarly,
    totals,
    withoutPayTime,
    loadTotals,
    countByRevenueTime,
  }
})

export interface ListedPage {
  result: OrdersPage
  counts: Result<'orders:statusCounts'>
}
