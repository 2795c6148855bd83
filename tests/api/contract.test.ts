import { DEFAULT_NOTIFY_SETTINGS, MAX_PRODUCT_TYPE } from '../../src-preload/contract-values'
import { instantOfDate } from '../../src-preload/shared/timezone'
import crypto from 'node:crypto'
import fs from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CHANNELS, EVENT_NAMES, contract, type EventMap } from '../../src-preload/contract'
import { buildBridge } from '../../src-preload/bridge'
import { dispatch } from '../../src-main/api/dispatch'
import { createHandlers } from '../../src-main/api/handlers'
import { registerIpcHandlers } from '../../src-main/shell/ipc'
import { tempCore } from '../helpers/core'
import { addSource, order, writeOrders } from '../helpers/orders'

let env: ReturnType<typeof tempCore>
beforeEach(() => {
  env = tempCore()
})
afterEach(() => env.dispose())

describe('contract parity', () => {
  it('main has exactly one handler per contract channel', () => {
    const handlers = createHandlers(env.core)
    expect(Object.keys(handlers).sort()).toEqual([...CHANNELS].sort())
  })

  it('main registers exactly the contract channels on ipcMain', () => {
    const registered: string[] = []
    registerIpcHandlers({ handle: (channel) => void registered.push(channel) }, createHandlers(env.core), () => true)
    expect(registered.sort()).toEqual(Object.keys(contract).sort())
  })

  it('the preload exposes exactly the contract channels and events', async () => {
    const invoked: string[] = []
    const subscribed: string[] = []
    const bridge = buildBridge({
      invoke: async (channel) => {
        invoked.push(channel)
        return { ok: true, data: null }
      },
      on: (event) => void subscribed.push(event),
      removeListener: () => undefined,
    })
    expect([...bridge.channels].sort()).toEqual([...CHANNELS].sort())
    expect([...bridge.events].sort()).toEqual([...EVENT_NAMES].sort())
    for (const channel of CHANNELS) await bridge.invoke(channel, undefined as never)
    expect(invoked).toEqual([...CHANNELS])
    await expect(bridge.invoke('fs:readFile' as never, undefined as never)).rejects.toThrow(/unknown channel/)
    expect(() => bridge.on('evil:event' as never, () => undefined)).toThrow(/unknown event/)
    expect(Object.keys(bridge).sort()).toEqual(['channels', 'events', 'invoke', 'on'])
  })

  it('IPC calls from a foreign frame are refused', async () => {
    const listeners = new Map<string, (event: never, args: unknown) => Promise<unknown>>()
    registerIpcHandlers(
      { handle: (channel, listener) => void listeners.set(channel, listener as never) },
      createHandlers(env.core),
      () => false,
    )
    const reply = await listeners.get('app:info')!({} as never, undefined)
    expect(reply).toEqual({ ok: false, error: { code: 'forbidden', message: 'app:info: caller is not the OrderDesk window' } })
  })
})

describe('argument validation', () => {
  const call = (channel: string, args: unknown) => dispatch(createHandlers(env.core), channel, args)

  it('answers a bad argument with an error naming the field, never a crash', async () => {
    expect(await call('orders:list', { page: 0 })).toMatchObject({ ok: false, error: { code: 'invalid_argument', field: 'page' } })
    expect(await call('orders:list', { pageSize: 33 })).toMatchObject({ ok: false, error: { code: 'invalid_argument', field: 'pageSize' } })
    expect(await call('orders:list', { filter: { statuses: ['shipped'] } })).toMatchObject({
      ok: false,
      error: { code: 'invalid_argument', field: 'filter.statuses.0' },
    })
    expect(await call('orders:list', { sort: { key: 'raw; DROP TABLE orders', order: 'asc' } })).toMatchObject({
      ok: false,
      error: { field: 'sort.key' },
    })
    const extra = await call('settings:set', { locale: 'en', isAdmin: true })
    expect(extra).toMatchObject({ ok: false, error: { code: 'invalid_argument' } })
    expect(JSON.stringify(extra)).toMatch(/isAdmin/)
    expect(await call('settings:set', { locale: 'fr' })).toMatchObject({ ok: false, error: { field: 'locale' } })
    expect(await call('app:info', 'not an object')).toMatchObject({ ok: false, error: { code: 'invalid_argument' } })
  })

  it('rejects unknown channels and handler-level errors as plain data', async () => {
    expect(await call('nope:nothing', {})).toEqual({ ok: false, error: { code: 'not_found', message: 'unknown channel: nope:nothing' } })
    expect(await call('settings:set', { timezone: 'Mars/Olympus' })).toEqual({
      ok: false,
      error: { code: 'invalid_argument', message: 'timezone: "Mars/Olympus" is not a known IANA time zone', field: 'timezone' },
    })
  })

  it('applies defaults and returns plain data for good arguments', async () => {
    expect(await call('orders:list', undefined)).toEqual({ ok: true, data: { total: 0, rows: [] } })
    const settings = { locale: 'en', timezone: 'Asia/Shanghai', notify: DEFAULT_NOTIFY_SETTINGS }
    expect(await call('settings:set', { locale: 'en' })).toEqual({ ok: true, data: settings })
    expect(await call('settings:get', undefined)).toEqual({ ok: true, data: settings })
    expect(await call('sync:runs', undefined)).toEqual({ ok: true, data: [] })
  })
})

describe("the list's totals", () => {
  const call = (channel: string, args: unknown) => dispatch(createHandlers(env.core), channel, args)
  const nov = Date.UTC(2026, 10, 1)

  it('answer a filter with its sums per currency and the orders its pay-time range leaves out, as plain data', async () => {
    addSource(env.core.db, 'shop')
    writeOrders(env.core.db, 'shop', [
      order({ remote_id: 'a1', created_at: nov, paid: 1000, refunded: 300, due: 1200 }),
      order({ remote_id: 'a2', created_at: nov, paid_at: nov + 60_000, paid: 500, due: 500, currency: 'USD' }),
    ])
    expect(await call('orders:totals', { filter: { paidFrom: nov, paidTo: nov + 86_400_000 } })).toEqual({
      ok: true,
      data: { currencies: [{ currency: 'USD', orders: 1, due: 500, paid: 500, refunded: 0, net: 500 }], withoutPayTime: 1 },
    })
    expect(await call('orders:totals', undefined)).toEqual({
      ok: true,
      data: {
        currencies: [
          { currency: 'CNY', orders: 1, due: 1200, paid: 1000, refunded: 300, net: 700 },
          { currency: 'USD', orders: 1, due: 500, paid: 500, refunded: 0, net: 500 },
        ],
        withoutPayTime: 0,
      },
    })
  })

  it('name the field of a filter they cannot take', async () => {
    expect(await call('orders:totals', { filter: { paidFrom: 'last month' } })).toMatchObject({
      ok: false,
      error: { code: 'invalid_argument', field: 'filter.paidFrom' },
    })
    expect(await call('orders:totals', { filter: {}, page: 2 })).toMatchObject({ ok: false, error: { code: 'invalid_argument' } })
  })
})

describe('arguments that pass the schema and fail later are refused at the boundary', () => {
  const call = (channel: string, args: unknown) => dispatch(createHandlers(env.core), channel, args)
  const refused = (field: string) => ({ ok: false, error: { code: 'invalid_argument', field } })
  const pingpp = (extra: Record<string, unknown>) => ({
    isNew: true,
    source: { id: 'pp', name: 'Ping++', kind: 'pingpp', baseUrl: 'http://127.0.0.1:9', appId: 'app_1', secretKey: 'sk_1', ...extra },
  })

  it('revenue instants outside the years the app can cut into days', async () => {
    const day = { by: 'day' }
    expect(await call('revenue:dashboard', { ...day, from: 8.64e15 + 1, to: 8.64e15 + 2 })).toMatchObject(refused('from'))
    expect(await call('revenue:dashboard', { ...day, from: -8.64e15 - 2, to: -8.64e15 - 1 })).toMatchObject(refused('from'))
    // Inside Date's range, but the period before it (the KPIs' comparison) is not.
    expect(await call('revenue:dashboard', { ...day, from: -8.64e15 + 10, to: -8.64e15 + 20 })).toMatchObject(refused('from'))
    expect(await call('revenue:dashboard', { ...day, from: 0, to: 8.64e15 })).toMatchObject(refused('to'))
    expect(await call('orders:list', { filter: { createdFrom: 8.64e15 + 1 } })).toMatchObject(refused('filter.createdFrom'))
  })

  it('a product type longer than the longest the app keeps', async () => {
    expect(await call('orders:list', { filter: { productTypes: ['型'.repeat(MAX_PRODUCT_TYPE + 1)] } })).toMatchObject(
      refused('filter.productTypes.0'),
    )
  })

  it('a product type of a source without its source, or with more than its source and type', async () => {
    expect(await call('orders:list', { filter: { productTypes: [{ source: '', type: '3' }] } })).toMatchObject(
      refused('filter.productTypes.0.source'),
    )
    expect(await call('orders:list', { filter: { productTypes: [{ type: '3' }] } })).toMatchObject(refused('filter.productTypes.0'))
    expect(await call('orders:list', { filter: { productTypes: [{ source: 'shop', type: '3', name: 'x' }] } })).toMatchObject(
      refused('filter.productTypes.0'),
    )
  })

  it('an import that is not a sources object (null, as a value or as JSON text)', async () => {
    expect(await call('sources:import', { text: null })).toMatchObject(refused('text'))
    for (const text of ['null', ' [] ', '"sources"', '1']) expect(await call('sources:import', { text })).toMatchObject(refused('text'))
  })

  it('an export in a time zone that does not exist', async () => {
    expect(await call('export:start', { columns: ['order_no'], tz: 'Mars/Olympus' })).toEqual({
      ok: false,
      error: { code: 'invalid_argument', message: 'export:start: tz: "Mars/Olympus" is not a known IANA time zone', field: 'tz' },
    })
  })

  it('an export in a format or header language it does not know, or in the spreadsheet style that is gone', async () => {
    const base = { columns: ['order_no'], tz: 'Asia/Shanghai' }
    expect(await call('export:start', { ...base, format: 'ods' })).toMatchObject(refused('format'))
    expect(await call('export:start', { ...base, header: 'fr' })).toMatchObject(refused('header'))
    expect(await call('export:start', { ...base, timeStyle: 'spreadsheet' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_argument' },
    })
    expect(await call('export:start', { ...base, headers: { order_no: '订单号' } })).toMatchObject({
      ok: false,
      error: { code: 'invalid_argument' },
    })
  })

  it('a Ping++ private key that is not an RSA key in PEM form, in a saved or a tested source', async () => {
    const ec = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' })
    for (const privateKeyPem of ['not a key', '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n', ec]) {
      expect(await call('sources:save', pingpp({ privateKeyPem }))).toMatchObject(refused('privateKeyPem'))
      expect(await call('sources:test', { source: pingpp({ privateKeyPem }).source })).toMatchObject(refused('privateKeyPem'))
    }
    const rsa = fs.readFileSync(new URL('../fixtures/pingpp-test-key.pem', import.meta.url), 'utf8')
    expect(await call('sources:save', pingpp({ privateKeyPem: rsa }))).toMatchObject({ ok: true, data: { id: 'pp' } })
  })

  it('a source whose strings are far longer than any real one', async () => {
    const huge = 'a'.repeat(900_000)
    expect(await call('sources:save', pingpp({ baseUrl: `http://127.0.0.1:9/${huge}` }))).toMatchObject(refused('baseUrl'))
    expect(await call('sources:save', pingpp({ appId: huge }))).toMatchObject(refused('appId'))
    expect(await call('sources:save', pingpp({ secretKey: huge }))).toMatchObject(refused('secretKey'))
    expect(await call('sources:save', pingpp({ privateKeyPem: huge }))).toMatchObject(refused('privateKeyPem'))
    // An unknown key is named in the error: a huge one is refused before it is echoed back.
    const unknownKey = await call('sources:save', pingpp({ [huge]: 1 }))
    expect(unknownKey).toMatchObject({ ok: false, error: { code: 'invalid_argument' } })
    expect(JSON.stringify(unknownKey).length).toBeLessThan(1000)
  })

  it('create-form values that no form field takes: nested data, huge text, absurd numbers', async () => {
    for (const input of [{ amount: { $gt: 1 } }, { productName: 'x'.repeat(100_000) }, { amount: 1e300 }, { amount: [1] }])
      expect(await call('orders:create', { sourceId: 'shop', input })).toMatchObject({
        ok: false,
        error: { code: 'invalid_argument', field: expect.stringMatching(/^input\./) },
      })
  })
})

describe('arguments at the edges of what the app accepts are taken', () => {
  const call = (channel: string, args: unknown) => dispatch(createHandlers(env.core), channel, args)

  it('the first and the last day the app accepts, cut in a zone far from UTC', async () => {
    const firstDay = instantOfDate('1900-01-01', 'Asia/Shanghai')
    const lastDayEnd = instantOfDate('9999-12-31', 'America/New_York') + 86_400_000 - 1
    expect(await call('orders:list', { filter: { createdFrom: firstDay, createdTo: lastDayEnd } })).toMatchObject({ ok: true })
  })

  it('a product type of the longest length the app keeps', async () => {
    expect(await call('orders:list', { filter: { productTypes: ['型'.repeat(MAX_PRODUCT_TYPE)] } })).toMatchObject({ ok: true })
  })

  it('a product type of one source, beside a bare one, by the list and by its status counts', async () => {
    expect(await call('orders:list', { filter: { productTypes: [{ source: 'shop', type: '3' }, '9'] } })).toMatchObject({ ok: true })
    expect(await call('orders:statusCounts', { filter: { productTypes: [{ source: 'shop', type: '3' }] } })).toMatchObject({ ok: true })
  })
})

describe('the keyword, as every window call searches with it', () => {
  const call = (channel: string, args: unknown) => dispatch(createHandlers(env.core), channel, args)
  const nov = Date.UTC(2026, 10, 1)
  beforeEach(() => {
    addSource(env.core.db, 'shop')
    writeOrders(env.core.db, 'shop', [
      order({ remote_id: 'a1', product_name: '会员年卡', created_at: nov }),
      order({ remote_id: 'a2', product_name: '动态流量套餐', created_at: nov }),
      order({ remote_id: 'a3', product_name: '动态流量套餐', status: 'pending', paid: 0, created_at: nov }),
    ])
  })
  const exportedRows = async (filter: unknown): Promise<number> => {
    const finished = new Promise<EventMap['export:finished']>((resolve) =>
      env.core.events.subscribe({ emit: (name, payload) => name === 'export:finished' && resolve(payload as EventMap['export:finished']) }),
    )
    expect(await call('export:start', { filter, columns: ['order_no'], tz: 'Asia/Shanghai' })).toMatchObject({ ok: true })
    return (await finished).rows
  }

  // SQLite's LIKE ends its pattern at a NUL: unguarded, "\0会员" would be "%", every order.
  it('holding NUL, it finds what its other characters find: list, status counts, revenue, export', async () => {
    const filter = { keyword: '\u0000会员' }
    expect(await call('orders:list', { filter })).toMatchObject({ ok: true, data: { total: 1, rows: [{ remote_id: 'a1' }] } })
    expect(await call('orders:statusCounts', { filter })).toMatchObject({ ok: true, data: { paid: 1, pending: 0 } })
    const revenue = await call('revenue:dashboard', { filter, from: nov - 86_400_000, to: nov + 86_400_000, by: 'day' })
    expect(revenue.ok && (revenue.data as { kpis: Array<{ current: { orders: number } }> }).kpis[0].current.orders).toBe(1)
    expect(await exportedRows(filter)).toBe(1)
  })

  it('counts its characters after control characters and padding are gone, and refuses more than 100 by name', async () => {
    const padded = `  \u0001${'动'.repeat(100)}\t `
    expect(await call('orders:list', { filter: { keyword: padded } })).toMatchObject({ ok: true, data: { total: 0 } })
    expect(await call('orders:list', { filter: { keyword: '动'.repeat(101) } })).toMatchObject({
      ok: false,
      error: { code: 'invalid_argument', message: 'orders:list: filter.keyword: at most 100 characters', field: 'filter.keyword' },
    })
  })

  it('blank once control characters are gone, it filters nothing', async () => {
    expect(await call('orders:list', { filter: { keyword: '\u0007\u0000 ' } })).toMatchObject({ ok: true, data: { total: 3 } })
    expect(await call('orders:statusCounts', { filter: { keyword: '\u0007' } })).toMatchObject({ ok: true, data: { paid: 2, pending: 1 } })
  })
})

describe('revenue:settlement', () => {
  const call = (args: unknown) => dispatch(createHandlers(env.core), 'revenue:settlement', args)
  const refused = (field: string) => ({ ok: false, error: { code: 'invalid_argument', field } })
  const day = 86_400_000
  const nov = Date.UTC(2026, 10, 1)

  it('refuses a period backwards, longer than five years or outside the years the app can cut, and a bad filter, naming the field', async () => {
    expect(await call({ from: nov + day, to: nov })).toMatchObject(refused('from'))
    expect(await call({ from: nov, to: nov + 6 * 366 * day })).toMatchObject(refused('to'))
    expect(await call({ from: -8.64e15 - 2, to: nov })).toMatchObject(refused('from'))
    expect(await call({ from: nov, to: nov + 0.5 })).toMatchObject(refused('to'))
    expect(await call({ from: nov, to: nov + day, filter: { statuses: ['shipped'] } })).toMatchObject(refused('filter.statuses.0'))
    expect(await call({ to: nov })).toMatchObject(refused('from'))
    const extra = await call({ from: nov, to: nov + day, tz: 'UTC' })
    expect(extra).toMatchObject({ ok: false, error: { code: 'invalid_argument' } })
    expect(JSON.stringify(extra)).toMatch(/tz/)
  })

  it('answers with the report of the period in the zone the settings name, as plain data', async () => {
    addSource(env.core.db, 'pay', 'pingpp', 'Ping++')
    writeOrders(env.core.db, 'pay', [
      order({ remote_id: 'a', pay_channel: 'wx_pub', paid: 1000, created_at: nov + 3 * 3_600_000 }),
      // 2026-10-31 23:00 in UTC, 2026-11-01 07:00 in Shanghai.
      order({ remote_id: 'b', pay_channel: 'alipay_qr', paid: 200, refunded: 50, created_at: nov - 3_600_000 }),
    ])
    const november = { from: nov, to: Date.UTC(2026, 11, 1) - 1 }
    await dispatch(createHandlers(env.core), 'settings:set', { timezone: 'UTC' })
    const answer = await call(november)
    expect(answer).toMatchObject({ ok: true, data: { tz: 'UTC', fromDay: '2026-11-01', toDay: '2026-11-30' } })
    const lines = (answer as { data: { lines: Array<{ kind: string; channel: string | null; net_minor: number; codes: string[] }> } }).data
      .lines
    expect(lines.map((l) => [l.kind, l.channel, l.net_minor, l.codes])).toEqual([
      ['channel', 'wechat', 1000, ['wx_pub']],
      ['source', null, 1000, []],
      ['total', null, 1000, []],
    ])
    await dispatch(createHandlers(env.core), 'settings:set', { timezone: 'Asia/Shanghai' })
    const shanghai = { from: november.from - 8 * 3_600_000, to: november.to - 8 * 3_600_000 }
    expect(await call({ ...shanghai, filter: { sources: ['pay'] } })).toMatchObject({
      ok: true,
      data: {
        tz: 'Asia/Shanghai',
        lines: [{ channel: 'wechat' }, { channel: 'alipay', net_minor: 150 }, { kind: 'source', net_minor: 1150 }, { kind: 'total' }],
      },
    })
  })
})

describe('home:summary', () => {
  const call = (args: unknown) => dispatch(createHandlers(env.core), 'home:summary', args)

  it('answers the whole 工作台 in the settings’ zone, and refuses any argument', async () => {
    await dispatch(createHandlers(env.core), 'settings:set', { timezone: 'America/New_York' })
    addSource(env.core.db, 'shop')
    writeOrders(env.core.db, 'shop', [order({ remote_id: 'a', paid: 1234, created_at: Date.now() })])
    const answer = await call(undefined)
    expect(answer).toMatchObject({ ok: true, data: { tz: 'America/New_York', sources: [expect.objectContaining({ id: 'shop' })] } })
    const today = (answer as { data: { periods: Array<{ key: string; figures: unknown[] }> } }).data.periods.find((p) => p.key === 'today')
    expect(today?.figures).toEqual([{ currency: 'CNY', current: { net: 1234, paid_orders: 1, refunds: 0 }, previous: expect.anything() }])
    expect(await call({ now: 1 })).toMatchObject({ ok: false, error: { code: 'invalid_argument' } })
  })
})
