import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createHandlers } from '../../src-main/api/handlers'
import { createConnector } from '../../src-main/connectors'
import { pingppSourceSchema } from '../../src-main/sources/config'
import { failureOf } from '../helpers/connector'
import { tempCore } from '../helpers/core'

let env: ReturnType<typeof tempCore>
beforeEach(() => (env = tempCore()))
afterEach(() => env.dispose())

describe('the demo across launches', () => {
  it('keeps what the user changed in a demo source and points it at the new sandbox', async () => {
    await env.core.demo.start()
    const before = env.core.sources.getConfig('demo-pub')
    env.core.sources.save(
      { id: 'demo-pub', name: '我的演示店', kind: 'pub', baseUrl: before.baseUrl, lookbackDays: 7, autoSyncMinutes: 0 },
      false,
    )
    env.core.sources.setEnabled('demo-appkey', false)

    // The next launch: the sandboxes start again, on other ports.
    await env.core.demo.stop()
    await env.core.demo.start()

    const after = env.core.sources.getConfig('demo-pub')
    expect(after).toMatchObject({ name: '我的演示店', lookbackDays: 7, autoSyncMinutes: 0 })
    expect(after.baseUrl).not.toBe(before.baseUrl)
    expect(env.core.sources.view('demo-pub').isDemo).toBe(true)
    expect(env.core.sources.getConfig('demo-appkey').enabled).toBe(false)
    // Its address and keys are this launch's: every demo source answers.
    for (const id of ['demo-pub', 'demo-appkey', 'demo-pingpp', 'demo-course'])
      await createConnector(env.core.sources.getConfig(id)).probe()
  })

  it('signs what the demo Ping++ source sends, and its sandbox refuses an unsigned write', async () => {
    await env.core.demo.start()
    const config = pingppSourceSchema.parse(env.core.sources.getConfig('demo-pingpp'))
    const input = (no: string) => ({ merchant_order_no: no, amount: 990, subject: '拿铁', body: '一杯', client_ip: '127.0.0.1' })
    expect((await createConnector(config).create(input('DEMO20261123001'))).status).toBe('pending')
    const unsigned = createConnector({ ...config, privateKeyPem: undefined })
    expect(await failureOf(unsigned.create(input('DEMO20261123002')))).toMatchObject({ kind: 'auth' })
  })

  it('adds the demo sources with their own names on first start', async () => {
    await env.core.demo.start()
    expect(
      env.core.sources
        .listViews()
        .filter((v) => v.isDemo)
        .map((v) => v.name)
        .sort(),
    ).toEqual(['演示·代理商城', '演示·商城', '演示·Ping++', '演示·直播课'].sort())
  })
})

/** Resolves when the next sync run finishes. */
function syncFinished(core: ReturnType<typeof tempCore>['core']): Promise<void> {
  return new Promise((resolve) => core.events.subscribe({ emit: (name) => name === 'sync:finished' && resolve() }))
}

describe('the demo as staff first see it', () => {
  it('has no order created, paid or updated after now', async () => {
    const synced = syncFinished(env.core)
    await createHandlers(env.core)['demo:start'](undefined)
    await synced
    const now = Date.now()
    const later = env.core.db
      .prepare('SELECT source_id, remote_id, paid_at, updated_at FROM orders WHERE paid_at > ? OR updated_at > ? OR created_at > ?')
      .all(now, now, now)
    expect(later).toEqual([])
    expect(env.core.db.prepare('SELECT count(*) AS n FROM orders').pluck().get()).toBe(1400)
  })

  it('is not synced again at start-up right after its own first sync', async () => {
    await env.dispose()
    env = tempCore({ syncTickMs: 50 })
    const sync = env.core.sync
    // What each sync was started by, and how many times the scheduler has looked (each look probes first).
    const triggers: string[] = []
    const start = sync.start.bind(sync)
    sync.start = (request) => (triggers.push(request.trigger), start(request))
    let looks = 0
    const probe = sync.checkNetwork.bind(sync)
    sync.checkNetwork = () => (looks++, probe())
    // The app has just started with no source: the scheduler has nothing to sync yet.
    sync.startScheduler()
    const synced = syncFinished(env.core)
    await createHandlers(env.core)['demo:start'](undefined)
    await synced
    const seen = looks
    // Three more looks: none finds the demo's sources due, each synced a moment ago.
    await expect.poll(() => looks, { timeout: 10_000 }).toBeGreaterThanOrEqual(seen + 3)
    expect(triggers).toEqual(['manual'])
  })
})
