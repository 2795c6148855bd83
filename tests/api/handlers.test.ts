import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { dispatch } from '../../src-main/api/dispatch'
import { createHandlers } from '../../src-main/api/handlers'
import { startSandbox } from '../../src-main/sandboxes'
import { tempCore } from '../helpers/core'
import { databaseText, leakScenarios, type LeakScenarios } from '../helpers/leaks'

let env: ReturnType<typeof tempCore>
const closing: Array<() => Promise<void>> = []
beforeEach(() => {
  env = tempCore()
})
afterEach(async () => {
  await Promise.all(closing.splice(0).map((close) => close()))
  await env.dispose()
})

function reply(channel: string, args?: unknown): Promise<{ ok: boolean; data?: unknown; error?: unknown }> {
  return dispatch(createHandlers(env.core), channel, args) as Promise<{ ok: boolean; data?: unknown; error?: unknown }>
}

async function call<T>(channel: string, args?: unknown): Promise<T> {
  const answer = await reply(channel, args)
  if (!answer.ok) throw new Error(`${channel}: ${JSON.stringify(answer.error)}`)
  return answer.data as T
}

function finished(): Promise<void> {
  return new Promise((resolve) => env.core.events.subscribe({ emit: (name) => name === 'sync:finished' && resolve() }))
}

describe('credentials in the app’s errors', () => {
  it('sync and connection tests failing every way leave no credential in the database, sources:list, sources:test, sync:runs or skipped records', async () => {
    const leaks: LeakScenarios = await leakScenarios()
    closing.push(leaks.close)
    for (const source of leaks.sources) await call('sources:save', { source, isNew: true })
    const done = finished()
    await call('sync:start', {})
    await done

    const views = await call<Array<{ id: string; lastError: { message: string } | null }>>('sources:list')
    const lastErrors = Object.fromEntries(views.map((v) => [v.id, v.lastError?.message ?? null]))
    expect(lastErrors['dead-appkey']).toMatch(/^cannot reach http:\/\/127\.0\.0\.1:\d+\/api\/Order\/••••/)
    expect(lastErrors['wrong-pingpp']).toMatch(/authentication failed/)
    expect(lastErrors['echo-course']).toMatch(/authentication failed .*••••/)
    leaks.expectNone(JSON.stringify(views), 'sources:list')

    const tests = []
    for (const source of leaks.sources) {
      tests.push(await call('sources:test', { id: source.id }))
      // As the dialog tests a source it has not saved: everything typed, secrets included.
      tests.push(await call('sources:test', { source: { ...source, id: `new-${String(source.id)}` } }))
    }
    expect(tests.filter((t) => (t as { ok: boolean }).ok)).toEqual([])
    leaks.expectNone(JSON.stringify(tests), 'sources:test')

    const runs = await call<Array<{ id: number; sources: unknown[] }>>('sync:runs', { limit: 10 })
    expect(runs[0].sources).toHaveLength(leaks.sources.length)
    leaks.expectNone(JSON.stringify(runs), 'sync:runs')
    const skipped = await call<unknown[]>('sync:skipped', { runId: runs[0].id })
    expect(skipped).toHaveLength(1)
    leaks.expectNone(JSON.stringify(skipped), 'sync:skipped')

    const dbPath = path.join(env.dir, 'orderdesk.db')
    const stored = databaseText(dbPath)
    expect(stored).toContain('/Order/••••')
    leaks.expectNone(stored, 'the database and its WAL')
  }, 90_000)
})

describe('sources:test of an edited source', () => {
  it('tests with the stored secret at the saved address, and never sends it to a new one: the secret is asked for again', async () => {
    const saved = await startSandbox('pub', { seed: 1, orders: 3 })
    const elsewhere = await startSandbox('pub', { seed: 2, orders: 3 })
    closing.push(saved.close, elsewhere.close)
    await call('sources:save', { source: { ...saved.sourceConfig('shop', '代理商城') }, isNew: true })
    const edited = { id: 'shop', name: '代理商城', kind: 'pub', timezone: 'Asia/Shanghai' }

    expect(await call('sources:test', { source: { ...edited, baseUrl: saved.server.url } })).toMatchObject({ ok: true })
    expect(await reply('sources:test', { source: { ...edited, baseUrl: elsewhere.server.url } })).toEqual({
      ok: false,
      error: { code: 'invalid_argument', message: 'token: enter the token again: the address changed', field: 'token' },
    })
    expect(elsewhere.server.requestCounts.size).toBe(0)
  })
})

describe('a remote API’s failure as the page gets it', () => {
  it('carries the kind of failure and the API’s own words, credentials masked, beside the technical message', async () => {
    const leaks: LeakScenarios = await leakScenarios()
    closing.push(leaks.close)
    const inputs: Record<string, Record<string, unknown>> = {
      'echo-pub': { pid: 1001, pm_id: 1 },
      'echo-appkey': { productName: '会员', amount: 9.9 },
      'echo-course': { album_id: '1' },
      'echo-pingpp': { merchant_order_no: 'E2E2026112401', amount: 100, subject: '会员', body: '会员', client_ip: '127.0.0.1' },
    }
    for (const [id, input] of Object.entries(inputs)) {
      await call('sources:save', { source: leaks.sources.find((s) => s.id === id), isNew: true })
      const answer = await reply('orders:create', { sourceId: id, input })
      expect(answer.ok, id).toBe(false)
      const error = answer.error as { code: string; kind?: string; message: string; remoteMessage?: string }
      expect(error, id).toMatchObject({ code: 'remote', kind: 'auth' })
      // The API quoted the credential it was sent: its words cross, the credential masked.
      expect(error.remoteMessage, id).toContain('••••')
      expect(error.message, id).toContain(error.remoteMessage)
      leaks.expectNone(JSON.stringify(error), `${id}'s error`)
    }
  }, 60_000)
})
