import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import { PRESET_VIEWS } from '../../../src-preload/contract-values'
import type { PresetView, SavedView } from '../../../src-preload/saved-views'
import { api } from '../api'
import { useOrdersStore } from './orders'
import { parseViewState, type OrdersViewState } from './orders-view'

/** Which view was applied last, so its tab stays marked across restarts. */
export const ACTIVE_VIEW_KEY = 'orderdesk.orders.activeView'

/**
 * What a view keeps of the list: its filters, sort and columns. The page size stays the user's,
 * whichever view is applied.
 */
export function viewStateOf(state: OrdersViewState): Record<string, unknown> {
  const { pageSize: _pageSize, ...kept } = JSON.parse(JSON.stringify(state)) as OrdersViewState
  return kept
}

/** A stored view as the list's state, read keeping only valid values, with the list's page size. */
export function stateOfView(view: Pick<SavedView, 'state'>, current: OrdersViewState): OrdersViewState {
  return { ...parseViewState(JSON.stringify(view.state)), pageSize: current.pageSize }
}

/** Whether the list shows what the view does (both read alike, so key order or stale values do not count). */
export function sameView(state: OrdersViewState, view: Pick<SavedView, 'state'>): boolean {
  const norm = (s: unknown) => JSON.stringify(viewStateOf(parseViewState(JSON.stringify(s))))
  return norm(state) === norm(view.state)
}

export const useSavedViewsStore = defineStore('savedViews', () => {
  const orders = useOrdersStore()
  const storage = typeof localStorage === 'undefined' ? undefined : localStorage
  const views = ref<SavedView[]>([])
  const loaded = ref(false)
  const stored = Number(storage?.getItem(ACTIVE_VIEW_KEY))
  const activeId = ref<number | null>(Number.isInteger(stored) && stored > 0 ? stored : null)
  watch(activeId, (id) => (id === null ? storage?.removeItem(ACTIVE_VIEW_KEY) : storage?.setItem(ACTIVE_VIEW_KEY, String(id))))

  const active = computed(() => views.value.find((v) => v.id === activeId.value) ?? null)
  /** The list was changed since its view was applied: the tab says so and offers to update the view. */
  const modified = computed(() => active.value !== null && !sameView(orders.state, active.value))
  const missingPresets = computed<PresetView[]>(() => PRESET_VIEWS.filter((p) => !views.value.some((v) => v.preset === p)))

  async function load(): Promise<void> {
    views.value = await api().call('views:list')
    loaded.value = true
    if (activeId.value !== null && !active.value) activeId.value = null
  }

  function apply(view: SavedView): void {
    orders.state = stateOfView(view, orders.state)
    orders.page = 1
    activeId.value = view.id
  }

  /** The list as it is, as a new view at the end of the tabs, marked as applied. */
  async function saveCurrent(name: string): Promise<SavedView> {
    const view = await api().call('views:save', { name, state: viewStateOf(orders.state) })
    views.value = [...views.value, view]
    activeId.value = view.id
    return view
  }

  function replace(view: SavedView): void {
    views.value = views.value.map((v) => (v.id === view.id ? view : v))
  }

  /** The applied view takes the list as it is now. */
  async function updateActive(): Promise<void> {
    if (!active.value) return
    replace(await api().call('views:save', { id: active.value.id, state: viewStateOf(orders.state) }))
  }

  async function rename(view: SavedView, name: string): Promise<void> {
    replace(await api().call('views:rename', { id: view.id, name }))
  }

  async function reorder(ids: number[]): Promise<void> {
    views.value = await api().call('views:reorder', { ids })
  }

  /** Moves a view one place left (-1) or right (+1); nothing past either end. */
  async function move(view: SavedView, step: -1 | 1): Promise<void> {
    const ids = views.value.map((v) => v.id)
    const from = ids.indexOf(view.id)
    const to = from + step
    if (from < 0 || to < 0 || to >= ids.length) return
    ;[ids[from], ids[to]] = [ids[to], ids[from]]
    await reorder(ids)
  }

  /** Puts `id` where `before` is (at the end for null): a tab dropped on another. */
  async function moveBefore(id: number, before: number | null): Promise<void> {
    const ids = views.value.map((v) => v.id).filter((v) => v !== id)
    const at = before === null ? ids.length : ids.indexOf(before)
    if (at < 0) return
    ids.splice(at, 0, id)
    await reorder(ids)
  }

  async function remove(view: SavedView): Promise<void> {
    await api().call('views:delete', { id: view.id })
    views.value = views.value.filter((v) => v.id !== view.id)
    if (activeId.value === view.id) activeId.value = null
  }

  async function restorePresets(): Promise<void> {
    views.value = await api().call('views:restorePresets')
  }

  /** After a settings file is imported: its views, and the applied one read again. */
  function replaceAll(list: SavedView[]): void {
    views.value = list
    if (activeId.value !== null && !active.value) activeId.value = null
  }

  return {
    views,
    loaded,
    activeId,
    active,
    modified,
    missingPresets,
    load,
    apply,
    saveCurrent,
    updateActive,
    rename,
    reorder,
    move,
    moveBefore,
    remove,
    restorePresets,
    replaceAll,
  }
})
