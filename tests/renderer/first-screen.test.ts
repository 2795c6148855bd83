// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Bridge, Envelope } from '../../src-preload/contract'
import { api } from '../../src-renderer/src/api'
import { dropPrefetched, prefetch } from '../../src-renderer/src/api/prefetch'
import { answersRead, firstScreenCalls, ZONE_STORAGE_KEY } from '../../src-renderer/src/first-screen'
import { useAppStore } from '../../src-renderer/src/stores/app'
import { useOrdersStore } from '../../src-renderer/src/stores/orders'

const sent: Array<{ channel: string; args: unknown }> = []
let zone = 'Asia/Shanghai'
const answers: Record<string, () => Envelope<unknown>> = {
  'app:info': () => ({ ok: true, data: { version: '1', shell: 'web', dbPath: '/x.db', schemaVersion: 10, platform: 'linux' } }),
  'settings:get': () => ({ ok: true, data: { locale: 'zh-CN', timezone: zone } }),
  'sources:kinds': () => ({ ok: true, data: [] }),
  'sources:list': () => ({ ok: true, data: [] }),
  'home:summary': () => ({ ok: true, data: { tz: zone, now: 0, periods: [], waiting: {}, refundsToday: {}, sources: [] } }),
  'orders:list': () => ({ ok: true, data: { total: 42, rows: [] } }),
  'orders:statusCounts': () => ({ ok: true, data: { pending: 0, paid: 42, canceled: 0, refunded: 0, partially_refunded: 0, closed: 0 } }),
}
/** The preload's place: every call the page makes crosses it, recorded. */
const bridge: Bridge = {
  invoke: async (channel, args) => {
    sent.push({ channel, args })
    return answers[channel]() as never
  },
  on: () => () => undefined,
}
;(window as unknown as { orderdesk: Bridge }).orderdesk = bridge

const VIEW = { statuses: ['paid'], shortcut: 'last7', dateField: 'paid', keyword: 'SO9', sort: { key: 'due', order: 'asc' }, pageSize: 100 }
const channels = (): string[] => sent.map((s) => s.channel)
/** The app store's start-up load: what every launch asks for, wherever it lands. */
const START_UP = ['app:info', 'settings:get', 'sources:kinds', 'sources:list']

/** What main.ts does before the app's code has loaded. */
function startPage(hash: string): void {
  for (const [channel, args] of firstScreenCalls(localStorage, hash)) prefetch(bridge, channel, args)
}

/** What the app does on its way into the order list: the start-up load, then the route's early ask. */
async function startApp(): Promise<void> {
  setActivePinia(createPinia())
  await useAppStore().load()
  await useOrdersStore().askEarly()
}

describe('the first screen’s early calls', () => {
  beforeEach(() => {
    dropPrefetched()
    sent.length = 0
    localStorage.clear()
    zone = 'Asia/Shanghai'
  })

  it('are the calls the app makes, so each crosses once and the list gets the early answer', async () => {
    zone = 'America/New_York'
    localStorage.setItem('orderdesk.orders.view', JSON.stringify(VIEW))
    localStorage.setItem(ZONE_STORAGE_KEY, zone)
    startPage('#/orders')
    const early = [...channels()]
    expect(early).toEqual([...START_UP, 'orders:list', 'orders:statusCounts'])
    await startApp()
    expect(channels()).toEqual(early)
    expect(useOrdersStore().takeEarly()?.result.total).toBe(42)
    // The list's filter was the saved one, its dates cut in the remembered zone.
    expect(sent[4].args).toEqual(useOrdersStore().listArgs())
    expect(sent[4].args).toMatchObject({
      filter: { statuses: ['paid'], keyword: 'SO9' },
      sort: { key: 'due', order: 'asc' },
      pageSize: 100,
      page: 1,
    })
  })

  it('go unused when the settings name another zone: the list asks again, and the stale answer is dropped', async () => {
    localStorage.setItem('orderdesk.orders.view', JSON.stringify(VIEW))
    localStorage.setItem(ZONE_STORAGE_KEY, 'Asia/Shanghai')
    zone = 'America/New_York'
    startPage('#/orders')
    const staleArgs = sent.find((s) => s.channel === 'orders:list')?.args
    await startApp()
    expect(channels().filter((c) => c === 'orders:list')).toHaveLength(2)
    expect(localStorage.getItem(ZONE_STORAGE_KEY)).toBe('America/New_York')
    dropPrefetched()
    await api().call('orders:list', staleArgs as never)
    expect(channels().filter((c) => c === 'orders:list')).toHaveLength(3)
  })

  it('answer each call once: a second identical call crosses the bridge', async () => {
    startPage('#/')
    await api().call('app:info')
    await api().call('app:info')
    expect(channels().filter((c) => c === 'app:info')).toHaveLength(2)
  })

  it('ask for the list only when the page opens on it, and not for a link that sets its filters', () => {
    const listed = (hash: string): boolean => firstScreenCalls(localStorage, hash).some(([channel]) => channel === 'orders:list')
    expect(['#/orders', '#/orders?'].map(listed)).toEqual([true, true])
    expect(
      [
        '',
        '#/',
        '#/revenue',
        '#/sources',
        '#/orders?from=2026-11-01&to=2026-11-30&dateField=revenue',
        '#/orders?status=pending&shortcut=over24h',
      ].map(listed),
    ).toEqual([false, false, false, false, false, false])
    expect(firstScreenCalls(localStorage, '#/revenue').map(([channel]) => channel)).toEqual(START_UP)
  })

  it('ask for the 工作台’s summary where a launch lands, and the page takes that answer', async () => {
    const channelsAt = (hash: string): string[] => firstScreenCalls(localStorage, hash).map(([channel]) => channel)
    for (const hash of ['', '#', '#/', '#/home']) expect(channelsAt(hash)).toEqual([...START_UP, 'home:summary'])
    expect(channelsAt('#/orders')).not.toContain('home:summary')
    startPage('')
    await api().call('home:summary')
    expect(channels().filter((c) => c === 'home:summary')).toHaveLength(1)
  })

  it('leave the list to the app when the kept zone is unknown to this runtime, without failing the start', () => {
    localStorage.setItem('orderdesk.orders.view', JSON.stringify({ ...VIEW, shortcut: 'today' }))
    localStorage.setItem(ZONE_STORAGE_KEY, 'Not/AZone')
    expect(firstScreenCalls(localStorage, '#/orders').map(([channel]) => channel)).toEqual(START_UP)
  })
})

describe('loading the app after the first screen’s answers', () => {
  beforeEach(() => void vi.useFakeTimers())
  afterEach(() => void vi.useRealTimers())

  /** Whether `promise` has settled once pending callbacks and the timers due within `ms` have run. */
  async function settledWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
    let settled = false
    void promise.then(() => (settled = true))
    await vi.advanceTimersByTimeAsync(ms)
    return settled
  }

  it('goes on as soon as every answer has been read, failed ones included', async () => {
    let answer!: () => void
    const slow = new Promise<void>((resolve) => (answer = resolve))
    const read = answersRead([Promise.resolve('settings'), Promise.reject(new Error('offline')), slow], 400)
    expect(await settledWithin(read, 100)).toBe(false)
    answer()
    expect(await settledWithin(read, 0)).toBe(true)
  })

  it('does not wait past its limit for an answer that does not come', async () => {
    const read = answersRead([Promise.resolve('settings'), new Promise(() => undefined)], 400)
    expect(await settledWithin(read, 399)).toBe(false)
    expect(await settledWithin(read, 1)).toBe(true)
  })
})
