// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia'
import { describe, expect, it, vi } from 'vitest'
import { isProxy, reactive, ref } from 'vue'
import type { Bridge, Envelope, ErrorData } from '../../src-preload/contract'
import { ApiError, createApiClient, toPlain } from '../../src-renderer/src/api/client'
import { pickBridge } from '../../src-renderer/src/api/transport'
import { useAppStore } from '../../src-renderer/src/stores/app'

/** A bridge that records what crosses it and answers from a table. */
function recordingBridge(answers: Record<string, Envelope<unknown>>): Bridge & { sent: Array<{ channel: string; args: unknown }> } {
  const sent: Array<{ channel: string; args: unknown }> = []
  return {
    sent,
    invoke: async (channel, args) => {
      sent.push({ channel, args })
      // structuredClone fails on Vue proxies, as Electron's IPC would.
      structuredClone(args)
      return (answers[channel] ?? { ok: false, error: { code: 'not_found', message: `no answer for ${channel}` } }) as never
    },
    on: () => () => undefined,
  }
}

describe('contract client', () => {
  it('strips Vue reactivity deeply before sending', async () => {
    const bridge = recordingBridge({ 'orders:list': { ok: true, data: { total: 0, rows: [] } } })
    const client = createApiClient(bridge, () => undefined)
    const filter = reactive({ statuses: ['paid'], sources: ref(['a']) as unknown as string[] })
    await client.call('orders:list', { filter: filter as never, page: 1 })
    const args = bridge.sent[0].args as { filter: { statuses: string[] } }
    expect(isProxy(args.filter)).toBe(false)
    expect(isProxy(args.filter.statuses)).toBe(false)
    expect(args).toEqual({ filter: { statuses: ['paid'], sources: ['a'] }, page: 1 })
    expect(toPlain(ref(3))).toBe(3)
  })

  it('hands the error to be shown in words, its technical message to the console, and rejects with ApiError', async () => {
    const shown: ErrorData[] = []
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const refused: ErrorData = { code: 'invalid_argument', message: 'timezone: bad', field: 'timezone' }
    const client = createApiClient(recordingBridge({ 'settings:set': { ok: false, error: refused } }), (e) => shown.push(e))
    const error = await client.call('settings:set', { timezone: 'x' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).code).toBe('invalid_argument')
    expect(shown).toEqual([refused])
    expect(warn).toHaveBeenCalledWith('[orderdesk] settings:set: invalid_argument: timezone: bad')
    await client.call('settings:set', { timezone: 'x' }, { quiet: true }).catch(() => undefined)
    expect(shown).toHaveLength(1)
    expect(warn).toHaveBeenCalledTimes(2)
    warn.mockRestore()
  })

  it('picks the preload bridge when present, else HTTP with the token taken out of the URL', () => {
    const preload = recordingBridge({})
    expect(pickBridge({ orderdesk: preload } as unknown as Window)).toBe(preload)
    window.history.replaceState(null, '', '/?token=abc123#/orders')
    const http = pickBridge(window)
    expect(http).not.toBe(preload)
    expect(window.location.search).toBe('')
    expect(window.location.hash).toBe('#/orders')
    expect(window.sessionStorage.getItem('orderdesk.token')).toBe('abc123')
  })
})

describe('app store', () => {
  it('loads info, settings, source kinds and sources at once, and persists the locale', async () => {
    setActivePinia(createPinia())
    localStorage.clear()
    const bridge = recordingBridge({
      'app:info': { ok: true, data: { version: '1', shell: 'web', dbPath: '/x.db', schemaVersion: 1, platform: 'linux' } },
      'settings:get': { ok: true, data: { locale: 'zh-CN', timezone: 'Asia/Shanghai' } },
      'settings:set': { ok: true, data: { locale: 'en', timezone: 'Asia/Shanghai' } },
      'sources:list': { ok: true, data: [] },
      'sources:kinds': { ok: true, data: [{ kind: 'pub', capabilities: { create: true, cancel: true }, createForm: [] }] },
    })
    const store = useAppStore()
    // Nothing started: nothing to wait for.
    await store.loaded()
    const loading = store.load(createApiClient(bridge, () => undefined))
    await store.loaded()
    await loading
    expect(store.info?.shell).toBe('web')
    expect(store.kinds.map((k) => k.kind)).toEqual(['pub'])
    expect(store.sourcesLoaded).toBe(true)
    expect(store.lastSuccessAt()).toBeNull()
    await store.setLocale('en')
    expect(store.settings.locale).toBe('en')
    expect(localStorage.getItem('orderdesk.locale')).toBe('en')
    expect(bridge.sent.map((s) => s.channel)).toEqual(['app:info', 'settings:get', 'sources:kinds', 'sources:list', 'settings:set'])
  })
})
