// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import type { Bridge, SavedView } from '../../src-preload/contract'
import { useOrdersStore } from '../../src-renderer/src/stores/orders'
import { defaultViewState } from '../../src-renderer/src/stores/orders-view'
import { ACTIVE_VIEW_KEY, useSavedViewsStore } from '../../src-renderer/src/stores/saved-views'

/** Main, as far as the views store asks it: a list of views kept in memory. */
let stored: SavedView[] = []
const calls: Array<[string, unknown]> = []
const view = (id: number, state: Record<string, unknown>, name: string | null = `v${id}`): SavedView => ({
  id,
  name,
  preset: name === null ? 'paidToday' : null,
  position: id,
  state,
  createdAt: 0,
  updatedAt: 0,
})
const bridge: Bridge = {
  invoke: async (channel, args) => {
    calls.push([channel, args])
    const a = args as { id?: number; ids?: number[]; name?: string; state?: Record<string, unknown> }
    let data: unknown
    if (channel === 'views:list') data = stored
    else if (channel === 'views:save' && a.id === undefined) {
      const saved = view(stored.length + 1, a.state ?? {}, a.name ?? null)
      stored = [...stored, saved]
      data = saved
    } else if (channel === 'views:save') data = { ...stored.find((v) => v.id === a.id), state: a.state }
    else if (channel === 'views:reorder') data = stored = a.ids!.map((id) => stored.find((v) => v.id === id)!)
    else if (channel === 'views:delete') data = { deleted: true }
    return { ok: true, data } as never
  },
  on: () => () => undefined,
}

beforeEach(() => {
  ;(window as unknown as { orderdesk: Bridge }).orderdesk = bridge
  localStorage.clear()
  setActivePinia(createPinia())
  stored = [
    view(1, { statuses: ['paid'], dateField: 'paid', shortcut: 'today', sort: { key: 'paid_at', order: 'desc' } }, null),
    view(2, { statuses: ['pending'], shortcut: 'over24h' }),
  ]
  calls.length = 0
})

describe('the saved views store', () => {
  it('applies a view: its filters, sort and columns, the page back to 1, the user’s page size kept', async () => {
    const orders = useOrdersStore()
    const views = useSavedViewsStore()
    await views.load()
    orders.state.pageSize = 100
    orders.state.keyword = '会员'
    orders.page = 4
    views.apply(views.views[0])
    expect(orders.state).toEqual({
      ...defaultViewState(),
      statuses: ['paid'],
      dateField: 'paid',
      shortcut: 'today',
      sort: { key: 'paid_at', order: 'desc' },
      pageSize: 100,
    })
    expect(orders.page).toBe(1)
    expect(views.active?.id).toBe(1)
    expect(views.modified).toBe(false)
  })

  it('says the list no longer matches the view once a filter changes, and matches again when it is put back', async () => {
    const orders = useOrdersStore()
    const views = useSavedViewsStore()
    await views.load()
    views.apply(views.views[1])
    orders.state.statuses = ['pending', 'paid']
    expect(views.modified).toBe(true)
    orders.state.statuses = ['pending']
    expect(views.modified).toBe(false)
    // The page size is not part of a view.
    orders.state.pageSize = 500
    expect(views.modified).toBe(false)
  })

  it('saves the list as it is without its page size, and marks the new view applied', async () => {
    const orders = useOrdersStore()
    const views = useSavedViewsStore()
    await views.load()
    orders.state.amountMin = 100
    const saved = await views.saveCurrent('大额')
    const { pageSize: _pageSize, ...expected } = { ...orders.state }
    expect(calls.at(-1)).toEqual(['views:save', { name: '大额', state: expected }])
    expect(views.views.map((v) => v.id)).toEqual([1, 2, saved.id])
    expect(views.activeId).toBe(saved.id)
    expect(views.modified).toBe(false)
  })

  it('updates the applied view to the list as it is', async () => {
    const orders = useOrdersStore()
    const views = useSavedViewsStore()
    await views.load()
    views.apply(views.views[1])
    orders.state.statuses = ['failed']
    await views.updateActive()
    expect(calls.at(-1)?.[1]).toMatchObject({ id: 2, state: { statuses: ['failed'] } })
    expect(views.modified).toBe(false)
  })

  it('moves a view one place, and no further than either end', async () => {
    const views = useSavedViewsStore()
    await views.load()
    await views.move(views.views[1], -1)
    expect(views.views.map((v) => v.id)).toEqual([2, 1])
    calls.length = 0
    await views.move(views.views[0], -1)
    expect(calls).toEqual([])
  })

  it('forgets the applied view once it is deleted', async () => {
    const views = useSavedViewsStore()
    await views.load()
    views.apply(views.views[1])
    await views.remove(views.views[1])
    expect(views.views.map((v) => v.id)).toEqual([1])
    expect(views.activeId).toBeNull()
    expect(localStorage.getItem(ACTIVE_VIEW_KEY)).toBeNull()
  })

  it('reads a stored view keeping only valid values: a bad one never reaches a query', async () => {
    stored = [view(3, { statuses: ['sold', 'paid'], sort: { key: 'price', order: 'up' }, tags: 1 })]
    const orders = useOrdersStore()
    const views = useSavedViewsStore()
    await views.load()
    views.apply(views.views[0])
    expect(orders.filter).toEqual({ statuses: ['paid'] })
    expect(orders.state.sort).toEqual(defaultViewState().sort)
  })

  it('says which ready-made views are missing', async () => {
    const views = useSavedViewsStore()
    await views.load()
    expect(views.missingPresets).toEqual(['pendingOver24h', 'refundedThisMonth'])
  })
})
