import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CHANNELS, EVENT_NAMES, contract } from '../../src-preload/contract'
import { buildBridge } from '../../src-preload/bridge'
import { dispatch } from '../../src-main/api/dispatch'
import { createHandlers } from '../../src-main/api/handlers'
import { registerIpcHandlers } from '../../src-main/shell/ipc'
import { tempCore } from '../helpers/core'

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
    expect(await call('settings:set', { locale: 'en' })).toEqual({ ok: true, data: { locale: 'en', timezone: 'Asia/Shanghai' } })
    expect(await call('settings:get', undefined)).toEqual({ ok: true, data: { locale: 'en', timezone: 'Asia/Shanghai' } })
    expect(await call('sync:runs', undefined)).toEqual({ ok: true, data: [] })
  })
})
