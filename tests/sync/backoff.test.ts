import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createHandlers } from '../../src-main/api/handlers'
import { dispatch } from '../../src-main/api/dispatch'
import { startSandbox, type StartedSandbox } from '../../src-main/sandboxes'
import { isDue, retryDelayMs } from '../../src-main/sync/backoff'
import { tempCore } from '../helpers/core'
import { syncOnce } from '../helpers/sandbox-sync'

const MINUTE = 60_000

describe('when a failing source is tried again', () => {
  it('after 30 s, then twice as long each time, at most an hour apart', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 20].map(retryDelayMs)).toEqual([
      30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, 3_600_000, 3_600_000, 3_600_000,
    ])
  })

  it('auto-sync waits for its next attempt, whatever its interval says', () => {
    const now = Date.now()
    const failing = { autoSyncMinutes: 10, lastSuccessAt: null, nextAttemptAt: now + MINUTE, failures: 1 }
    expect(isDue(failing, now)).toBe(false)
    expect(isDue(failing, now + MINUTE)).toBe(true)
    const fine = { autoSyncMinutes: 10, nextAttemptAt: null, failures: 0 }
    expect(isDue({ ...fine, lastSuccessAt: now - 5 * MINUTE }, now)).toBe(false)
    expect(isDue({ ...fine, lastSuccessAt: now - 10 * MINUTE }, now)).toBe(true)
    expect(isDue({ ...fine, autoSyncMinutes: 0, lastSuccessAt: null }, now)).toBe(false)
    // Failing, its settings just saved (no next attempt set): tried at once, whatever its interval.
    expect(isDue({ ...fine, failures: 2, lastSuccessAt: now - MINUTE }, now)).toBe(true)
  })
})

describe('a source that keeps failing', () => {
  let env: ReturnType<typeof tempCore>
  let sandbox: StartedSandbox
  let events: Array<{ name: string; payload: unknown }>

  beforeEach(async () => {
    env = tempCore({ syncTickMs: 50 })
    events = []
    env.core.events.subscribe({ emit: (name, payload) => void events.push({ name, payload }) })
    sandbox = await startSandbox('pub', { seed: 5, orders: 50 })
    env.core.sources.upsert(sandbox.sourceConfig('shop', '代理商城', { token: 'wrong-token' }), { storeSecrets: true })
  })
  afterEach(async () => {
    await sandbox.close()
    await env.dispose()
  })

  const view = () => env.core.sources.view('shop')

  describe('synced by hand, failing', () => {
    let config: ReturnType<typeof env.core.sources.getConfig>
    let t0: number
    beforeEach(async () => {
      config = env.core.sources.getConfig('shop')
      t0 = Date.now()
      await syncOnce(env.core.db, [config], { now: () => t0 })
    })

    it('is tried again 30 s after its first failure', () => {
      expect(view()).toMatchObject({ failures: 1, nextAttemptAt: t0 + 30_000, lastError: { kind: 'auth' } })
    })

    it('waits twice as long after the next failure', async () => {
      await syncOnce(env.core.db, [config], { now: () => t0 + 30_000 })
      expect(view()).toMatchObject({ failures: 2, nextAttemptAt: t0 + 30_000 + 60_000 })
    })

    it('ends its backoff with a successful sync', async () => {
      await syncOnce(env.core.db, [config], { now: () => t0 + 30_000 })
      await syncOnce(env.core.db, [sandbox.sourceConfig('shop', '代理商城')], { now: () => t0 + 90_000 })
      expect(view()).toMatchObject({ failures: 0, nextAttemptAt: null, lastError: null })
    })
  })

  it('is not asked again at every tick of auto-sync', async () => {
    env.core.sync.startScheduler()
    await expect.poll(() => events.some((e) => e.name === 'sync:finished'), { timeout: 5000 }).toBe(true)
    // Twenty ticks later, still the one attempt at start-up, and none under way.
    await env.ticks(20)
    expect(env.core.sync.status().running).toBe(false)
    expect(sandbox.server.requestCounts.get('/pub/order/list')).toBe(1)
    expect(env.core.db.prepare('SELECT count(*) FROM sync_runs').pluck().get()).toBe(1)
    expect(view()).toMatchObject({ failures: 1 })
  })

  it('keeps a rate limit’s wait through a saved setting and a passed connection test', async () => {
    const handlers = createHandlers(env.core)
    const later = Date.now() + 3_600_000
    env.core.db
      .prepare("INSERT INTO sync_state (source_id, failures, next_attempt_at, last_error) VALUES ('shop', 1, ?, ?)")
      .run(later, JSON.stringify({ kind: 'rate_limited', message: 'rate limited' }))
    await dispatch(handlers, 'sources:save', { source: { id: 'shop', kind: 'pub', token: 'pub-sandbox-token' }, isNew: false })
    expect(view().nextAttemptAt).toBe(later)
    expect(await dispatch(handlers, 'sources:test', { id: 'shop' })).toMatchObject({ ok: true, data: { ok: true } })
    expect(view()).toMatchObject({ failures: 0, nextAttemptAt: later })
  })

  describe('once its settings are saved with the right token', () => {
    let saved: unknown
    beforeEach(async () => {
      await syncOnce(env.core.db, [env.core.sources.getConfig('shop')])
      expect(view().failures).toBe(1)
      saved = await dispatch(createHandlers(env.core), 'sources:save', {
        source: { id: 'shop', kind: 'pub', token: 'pub-sandbox-token' },
        isNew: false,
      })
    })

    it('is due at once, still shown failing until it works', () => {
      expect(saved).toMatchObject({ ok: true, data: { failures: 1, nextAttemptAt: null } })
    })

    it('stops failing once its connection test succeeds', async () => {
      expect(await dispatch(createHandlers(env.core), 'sources:test', { id: 'shop' })).toMatchObject({ ok: true, data: { ok: true } })
      expect(view()).toMatchObject({ failures: 0, nextAttemptAt: null, lastError: null })
    })
  })
})
