import { MAX_PRODUCT_TYPE, MIN_INSTANT } from '../../src-preload/contract-values'
// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { nextTick } from 'vue'
import type { Bridge, OrderFilter, OrderTotals } from '../../src-preload/contract'
import { daysRange, shortcutRange } from '../../src-renderer/src/dates'
import { useOrdersStore } from '../../src-renderer/src/stores/orders'
import {
  COLUMNS_VERSION,
  DEFAULT_COLUMNS,
  defaultViewState,
  nextSort,
  ORDER_COLUMNS,
  parseViewState,
  pickKey,
  pickOfKey,
  toFilter,
} from '../../src-renderer/src/stores/orders-view'

const cn = (iso: string): number => Date.parse(`${iso}+08:00`)
const TZ = 'Asia/Shanghai'

describe('date shortcuts', () => {
  // 2026-11-24 00:30 in China is still 2026-11-23 in UTC: days must be cut in China.
  const now = cn('2026-11-24T00:30:00')
  it.each([
    ['today', '2026-11-24T00:00:00', '2026-11-25T00:00:00'],
    ['yesterday', '2026-11-23T00:00:00', '2026-11-24T00:00:00'],
    ['last7', '2026-11-18T00:00:00', '2026-11-25T00:00:00'],
    ['last30', '2026-10-26T00:00:00', '2026-11-25T00:00:00'],
    ['thisMonth', '2026-11-01T00:00:00', '2026-12-01T00:00:00'],
    ['lastMonth', '2026-10-01T00:00:00', '2026-11-01T00:00:00'],
  ] as const)('%s is cut in the user’s zone', (shortcut, from, toExclusive) => {
    expect(shortcutRange(shortcut, TZ, now)).toEqual({ from: cn(from), to: cn(toExclusive) - 1 })
  })

  it('over24h is every creation before now − 24 h, to the millisecond', () => {
    expect(shortcutRange('over24h', TZ, now)).toEqual({ from: MIN_INSTANT, to: now - 24 * 3_600_000 - 1 })
  })

  it('over24h filters by creation time even when the list was set to the pay time', () => {
    const state = { ...defaultViewState(), dateField: 'paid' as const, shortcut: 'over24h' as const }
    expect(toFilter(state, TZ, now)).toEqual({ createdFrom: MIN_INSTANT, createdTo: now - 24 * 3_600_000 - 1 })
  })

  it('handles January’s last month and custom day ranges', () => {
    expect(shortcutRange('lastMonth', TZ, cn('2026-01-15T12:00:00'))).toEqual({
      from: cn('2025-12-01T00:00:00'),
      to: cn('2026-01-01T00:00:00') - 1,
    })
    expect(daysRange('2026-02-27', '2026-02-28', TZ)).toEqual({ from: cn('2026-02-27T00:00:00'), to: cn('2026-03-01T00:00:00') - 1 })
  })
})

describe('orders store', () => {
  beforeEach(() => {
    localStorage.clear()
    setActivePinia(createPinia())
  })

  it('turns the view state into the contract filter: fen, zone-cut dates, the chosen date field', () => {
    const state = {
      ...defaultViewState(),
      statuses: ['paid' as const],
      amountMin: 10.5,
      amountMax: 99.99,
      keyword: '  会员 ',
      shortcut: 'today' as const,
      dateField: 'paid' as const,
    }
    const filter = toFilter(state, TZ, cn('2026-11-24T00:30:00'))
    expect(filter).toEqual({
      statuses: ['paid'],
      amountMin: 1050,
      amountMax: 9999,
      keyword: '会员',
      paidFrom: cn('2026-11-24T00:00:00'),
      paidTo: cn('2026-11-25T00:00:00') - 1,
    })
  })

  it('filters "over 24 hours" on the creation time, strictly before now − 24 h, whatever date field is chosen', () => {
    const now = cn('2026-11-24T00:30:00')
    const state = { ...defaultViewState(), statuses: ['pending' as const], shortcut: 'over24h' as const, dateField: 'paid' as const }
    expect(toFilter(state, TZ, now)).toEqual({ statuses: ['pending'], createdFrom: MIN_INSTANT, createdTo: now - 86_400_000 - 1 })
  })

  it('persists filters across restarts and clears them and the sort in one click, keeping page size and columns', async () => {
    const store = useOrdersStore()
    store.state.statuses = ['refunded']
    store.state.sort = { key: 'due', order: 'asc' }
    store.state.pageSize = 100
    store.state.columns = ['orderNo', 'paidAt']
    await nextTick()
    setActivePinia(createPinia())
    const again = useOrdersStore()
    expect(again.state.statuses).toEqual(['refunded'])
    expect(again.active).toBe(true)
    expect(again.state.sort).toEqual({ key: 'due', order: 'asc' })
    again.clearFilters()
    expect(again.state.statuses).toEqual([])
    expect(again.state.sort).toEqual({ key: 'created_at', order: 'desc' })
    expect(again.state.pageSize).toBe(100)
    expect(again.state.columns).toEqual(['orderNo', 'paidAt'])
    expect(again.active).toBe(false)
  })

  it('applies a revenue bar’s link: period on revenue time, its source', () => {
    const store = useOrdersStore()
    store.applyQuery({ from: '2026-11-01', to: '2026-11-01', dateField: 'revenue', source: 'demo-pub' })
    expect(store.filter).toMatchObject({
      sources: ['demo-pub'],
      revenueFrom: cn('2026-11-01T00:00:00'),
      revenueTo: cn('2026-11-02T00:00:00') - 1,
    })
  })
})

describe('the list’s totals in the store', () => {
  /** What main answers for each filter asked: its sums, and 12 orders left out by a pay-time range. */
  const asked: OrderFilter[] = []
  const answer = (filter: OrderFilter): OrderTotals => ({
    currencies: [{ currency: 'CNY', orders: 3, due: 3000, paid: 2000, refunded: 500, net: 1500 }],
    withoutPayTime: filter.paidFrom !== undefined ? 12 : 0,
  })
  const bridge: Bridge = {
    invoke: async (channel, args) => {
      const { filter } = args as { filter: OrderFilter }
      asked.push(filter)
      return { ok: true, data: channel === 'orders:totals' ? answer(filter) : null } as never
    },
    on: () => () => undefined,
  }
  beforeEach(() => {
    ;(window as unknown as { orderdesk: Bridge }).orderdesk = bridge
    localStorage.clear()
    setActivePinia(createPinia())
    asked.length = 0
  })

  it('counts by revenue time over the same days in one step, and remembers it', async () => {
    const store = useOrdersStore()
    Object.assign(store.state, { dateField: 'paid', shortcut: 'lastMonth', statuses: ['paid'] })
    store.page = 3
    const before = store.filter
    store.countByRevenueTime()
    expect(store.filter).toEqual({ statuses: ['paid'], revenueFrom: before.paidFrom, revenueTo: before.paidTo })
    expect(store.page).toBe(1)
    await nextTick()
    setActivePinia(createPinia())
    expect(useOrdersStore().state.dateField).toBe('revenue')
  })

  it('says how many orders the pay-time filter leaves out, only for the filter they were counted for', async () => {
    const store = useOrdersStore()
    Object.assign(store.state, { dateField: 'paid', shortcut: 'lastMonth' })
    await store.loadTotals()
    expect(asked).toEqual([store.filter])
    expect(store.totals?.currencies[0].net).toBe(1500)
    expect(store.withoutPayTime).toBe(12)
    // Another filter: nothing shown until its own totals come.
    store.state.statuses = ['paid']
    expect(store.totals).toBeNull()
    expect(store.withoutPayTime).toBe(0)
    await store.loadTotals()
    expect(store.withoutPayTime).toBe(12)
    store.countByRevenueTime()
    await store.loadTotals()
    expect(store.totals?.withoutPayTime).toBe(0)
    expect(store.withoutPayTime).toBe(0)
  })
})

describe('links to the order list', () => {
  beforeEach(() => {
    localStorage.clear()
    setActivePinia(createPinia())
  })

  it('keeps a crafted link’s valid values, leaves out the rest and counts them, and never throws', () => {
    const store = useOrdersStore()
    store.state.sort = { key: 'due', order: 'asc' }
    const dropped = store.applyQuery({ from: 'garbage', to: 'x', status: 'bogus,paid', dateField: 'shipped', source: 'demo-pub' })
    expect(dropped).toBe(3)
    expect(store.filter).toEqual({ sources: ['demo-pub'], statuses: ['paid'] })
    expect(store.state).toMatchObject({ shortcut: null, customDays: null, dateField: 'created', sort: { key: 'due', order: 'asc' } })
  })

  it.each([
    ['a day that does not exist', { from: '2026-02-30', to: '2026-03-01' }],
    ['a reversed range', { from: '2026-11-02', to: '2026-11-01' }],
    ['one end only', { from: '2026-11-01' }],
    ['a year before 1900', { from: '0001-01-01', to: '2026-11-01' }],
    ['a repeated key', { from: '2026-11-01', to: '2026-11-01', status: ['paid', 'refunded'] }],
    ['a bare key', { from: '2026-11-01', to: '2026-11-01', productType: null }],
    ['more sources than a filter takes', { source: Array.from({ length: 101 }, (_, i) => `s${i}`).join(',') }],
    ['an unknown date shortcut', { status: 'pending', shortcut: 'over48h' }],
  ])('leaves out %s', (_name, query) => {
    const store = useOrdersStore()
    expect(store.applyQuery(query)).toBe(1)
    expect(() => store.filter).not.toThrow()
  })

  // The revenue page's bars (RevenueView.vue openOrders) build these.
  it.each([
    [{ from: '2026-11-01', to: '2026-11-01', dateField: 'revenue', source: 'demo-pub' }, { sources: ['demo-pub'] }],
    [
      { from: '2026-11-01', to: '2026-11-30', dateField: 'revenue', source: 'a,b', status: 'paid,refunded' },
      { sources: ['a', 'b'], statuses: ['paid', 'refunded'] },
    ],
    [{ from: '2026-11-02', to: '2026-11-08', dateField: 'revenue', productType: '课程,直播' }, { productTypes: ['课程,直播'] }],
    // With its one source, the type is that source's ("3" of pub is not "3" of course).
    [
      { from: '2026-11-02', to: '2026-11-08', dateField: 'revenue', source: 'demo-pub', productType: '3' },
      { sources: ['demo-pub'], productTypes: [{ source: 'demo-pub', type: '3' }] },
    ],
  ])('applies a revenue bar’s link exactly: %o', (query, expected) => {
    const store = useOrdersStore()
    expect(store.applyQuery(query)).toBe(0)
    expect(store.filter).toEqual({
      ...expected,
      revenueFrom: cn(`${query.from}T00:00:00`),
      revenueTo: daysRange(query.to, query.to, TZ).to,
    })
  })
})

describe('the saved view and the keyword', () => {
  it('keeps a saved over24h shortcut (the ready-made view 待支付超24小时)', () => {
    expect(parseViewState(JSON.stringify({ statuses: ['pending'], shortcut: 'over24h', dateField: 'paid' }))).toMatchObject({
      statuses: ['pending'],
      shortcut: 'over24h',
      dateField: 'created',
    })
  })

  it('drops saved custom days that are not days', () => {
    expect(parseViewState(JSON.stringify({ shortcut: 'custom', customDays: ['2026-02-30', '2026-03-01'] })).customDays).toBeNull()
    expect(parseViewState(JSON.stringify({ shortcut: 'custom', customDays: ['2026-02-28', '2026-03-01'] })).customDays).toEqual([
      '2026-02-28',
      '2026-03-01',
    ])
  })

  it('drops saved sources and product types main would refuse', () => {
    const long = 'y'.repeat(MAX_PRODUCT_TYPE)
    const saved = parseViewState(JSON.stringify({ sources: ['', 'x'.repeat(65), 'ok'], productTypes: ['', `${long}y`, long, '9'] }))
    expect(saved.sources).toEqual(['ok'])
    expect(saved.productTypes).toEqual(['', long, '9'])
  })

  it('keeps saved product types of one source, and bare ones from before, dropping what main would refuse', () => {
    const saved = parseViewState(
      JSON.stringify({
        productTypes: ['9', { source: 'shop', type: '3' }, { source: '', type: '3' }, { type: '3' }, { source: 'shop', type: 3 }, 7, null],
      }),
    )
    expect(saved.productTypes).toEqual(['9', { source: 'shop', type: '3' }])
    expect(toFilter(saved, TZ)).toEqual({ productTypes: ['9', { source: 'shop', type: '3' }] })
  })

  it('keeps saved tags main takes, normalized, and sends them as the tag filter', () => {
    const saved = parseViewState(JSON.stringify({ tags: [' 加急 ', '加急', 'a,b', '', '长'.repeat(21), 7, 'VIP'] }))
    expect(saved.tags).toEqual(['加急', 'VIP'])
    expect(toFilter(saved, TZ)).toEqual({ tags: ['加急', 'VIP'] })
    expect(toFilter(defaultViewState(), TZ)).toEqual({})
  })

  it('sends the keyword as main searches it: control characters out, trimmed', () => {
    expect(toFilter({ ...defaultViewState(), keyword: '\u0000会员\t' }, TZ)).toEqual({ keyword: '会员' })
    expect(toFilter({ ...defaultViewState(), keyword: '\u0000 ' }, TZ)).toEqual({})
  })
})

describe('sorting on a column header', () => {
  it('opens a time column newest first, whatever the previous column’s direction, and turns it round on the next click', () => {
    // After 应付 high to low, 创建时间 opened oldest first.
    expect(nextSort({ key: 'due', order: 'desc' }, 'created_at')).toEqual({ key: 'created_at', order: 'desc' })
    expect(nextSort({ key: 'order_no', order: 'asc' }, 'paid_at')).toEqual({ key: 'paid_at', order: 'desc' })
    expect(nextSort({ key: 'created_at', order: 'desc' }, 'created_at')).toEqual({ key: 'created_at', order: 'asc' })
  })

  it('opens an amount column largest first, whatever the previous column’s direction', () => {
    for (const key of ['due', 'paid', 'refunded', 'total'] as const) {
      expect(nextSort({ key: 'created_at', order: 'desc' }, key)).toEqual({ key, order: 'desc' })
      expect(nextSort({ key: 'order_no', order: 'asc' }, key)).toEqual({ key, order: 'desc' })
    }
  })

  it('opens a text column from A to Z, and the status column in its order', () => {
    for (const key of ['order_no', 'source_name', 'product_name', 'customer_name', 'status'] as const) {
      expect(nextSort({ key: 'due', order: 'asc' }, key)).toEqual({ key, order: 'asc' })
    }
  })
})

describe('the columns shown', () => {
  it('are by default the ones that fit a 1280-pixel window, the order number first', () => {
    expect(defaultViewState().columns).toEqual(['orderNo', 'source', 'product', 'customer', 'status', 'due', 'createdAt'])
    expect(ORDER_COLUMNS[0]).toBe('orderNo')
  })

  it('give way to the defaults when saved by a version that showed every column unasked, and stay as the user chose them', () => {
    const old = { columns: ['source', 'orderNo', 'product', 'customer', 'status', 'due', 'paid', 'refunded', 'createdAt', 'paidAt'] }
    expect(parseViewState(JSON.stringify(old)).columns).toEqual(DEFAULT_COLUMNS)
    expect(parseViewState(JSON.stringify({ columns: ['orderNo', 'status', 'paidAt'] })).columns).toEqual(['orderNo', 'status', 'paidAt'])
    expect(parseViewState(JSON.stringify({ columns: [...ORDER_COLUMNS], columnsVersion: COLUMNS_VERSION })).columns).toEqual([
      ...ORDER_COLUMNS,
    ])
  })
})

describe('product types in a menu', () => {
  it('stand for one key each and back, a type with commas or quotes, and a bare type apart from a source’s', () => {
    for (const pick of [{ source: 'shop', type: '3' }, '3', { source: 'a', type: '课程,"直播"' }, { source: 'a', type: '' }]) {
      expect(pickOfKey(pickKey(pick))).toEqual(pick)
    }
    expect(pickKey('3')).not.toBe(pickKey({ source: 'shop', type: '3' }))
  })

  it('read nothing from a key that is not one', () => {
    for (const key of ['', '3', '["a"]', '[1, "3"]', '{"source":"a","type":"3"}']) expect(pickOfKey(key)).toBeNull()
  })
})
