import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { EventMap, EventName } from '../../src-preload/contract'
import { createHandlers } from '../../src-main/api/handlers'
import { dispatch } from '../../src-main/api/dispatch'
import { startSandbox, type StartedSandbox } from '../../src-main/sandboxes'
import { SOURCE_WORKERS } from '../../src-main/shared/worker-entry'
import { SyncService } from '../../src-main/sync/service'
import { tempCore } from '../helpers/core'
import { cachedTruth, sortedTruth } from '../helpers/sandbox-sync'

let env: ReturnType<typeof tempCore>
let sandbox: StartedSandbox
let events: Array<{ name: EventName; payload: unknown }>

beforeEach(async () => {
  env = tempCore()
  events = []
  env.core.events.subscribe({ emit: (name, payload) => void events.push({ name, payload }) })
  sandbox = await startSandbox('pub', { seed: 5, orders: 250 }, { latencyMs: 2 })
  env.core.sources.upsert(sandbox.sourceConfig('shop', '代理商城'), { storeSecrets: true })
})
afterEach(async () => {
  await sandbox.close()
  await env.dispose()
})

function finished(): Promise<EventMap['sync:finished']> {
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      const done = events.find((e) => e.name === 'sync:finished')
      if (done) {
        clearInterval(timer)
        resolve(done.payload as EventMap['sync:finished'])
      }
    }, 20)
  })
}

describe('the app sync service', () => {
  it('syncs in a worker thread with its own connection and pushes progress', async () => {
    const started = env.core.sync.start({ trigger: 'manual' })
    expect(started).toEqual({ started: true, sources: ['shop'] })
    expect(env.core.sync.status().running).toBe(true)
    // The main thread stays free: a read answers while the worker writes.
    expect(env.core.sources.listViews()).toHaveLength(1)
    expect(() => env.core.sync.start({ trigger: 'manual' })).toThrow(/already running/)
    const done = await finished()
    expect(done.status).toBe('ok')
    expect(env.core.sync.status().running).toBe(false)
    const progress = events.filter((e) => e.name === 'sync:progress').map((e) => e.payload as EventMap['sync:progress'])
    expect(progress.some((p) => p.phase === 'listing' && p.pages > 0)).toBe(true)
    expect(progress.at(-1)).toMatchObject({ sourceId: 'shop', phase: 'done', inserted: 250 })
    expect(cachedTruth(env.core.db, 'shop')).toEqual(sortedTruth(sandbox))
    const [view] = env.core.sources.listViews()
    expect(view.lastSuccessAt).not.toBeNull()
    expect(view.orderCount).toBe(250)
  })

  it('cancels, keeping what was committed', async () => {
    sandbox.sandbox.setMaxPageSize(5)
    env.core.sync.start({ trigger: 'manual' })
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (events.some((e) => e.name === 'sync:progress' && (e.payload as EventMap['sync:progress']).pages >= 2)) {
          clearInterval(timer)
          resolve()
        }
      }, 5)
    })
    expect(env.core.sync.cancel()).toEqual({ canceled: true })
    const done = await finished()
    expect(done.status).toBe('canceled')
    const n = (env.core.db.prepare('SELECT count(*) AS n FROM orders').get() as { n: number }).n
    expect(n).toBeGreaterThan(0)
    expect(n).toBeLessThan(250)
  })

  it("gives the app's own writes a turn with the sync's writer: they never wait on SQLite's lock", async () => {
    // Pages that come slowly, one at a time, each written as it comes, and every order costing the
    // writer a recursive count: the sync writes group after group for seconds.
    const big = await startSandbox('pub', { seed: 6, orders: 1500 }, { latencyMs: 300 })
    env.core.sources.upsert(big.sourceConfig('big', '大店', { concurrency: 1 }), { storeSecrets: true })
    env.core.db.exec(`CREATE TRIGGER slow_insert AFTER INSERT ON orders BEGIN
      SELECT count(*) FROM (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1500) SELECT x FROM c);
    END`)
    const handlers = createHandlers(env.core)
    const orderCount = (): number => env.core.db.prepare('SELECT count(*) FROM orders').pluck().get() as number
    try {
      env.core.sync.start({ sources: ['big'], trigger: 'manual' })
      // A write of this process that met the writer's lock would fail at once instead of waiting.
      env.core.db.pragma('busy_timeout = 0')
      const answers: Array<{ ok: boolean; orders: number }> = []
      let locale: 'en' | 'zh-CN' = 'en'
      while (env.core.sync.status().running) {
        const answer = await dispatch(handlers, 'settings:set', { locale })
        answers.push({ ok: answer.ok, orders: orderCount() })
        if (!answer.ok) break
        locale = locale === 'en' ? 'zh-CN' : 'en'
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
      env.core.db.pragma('busy_timeout = 10000')
      expect((await finished()).status).toBe('ok')
      expect(answers.filter((a) => !a.ok)).toEqual([])
      // Written between the sync's groups, not only before or after them.
      expect(answers.filter((a) => a.orders > 0 && a.orders < 1500).length).toBeGreaterThan(5)
      expect(orderCount()).toBe(1500)
    } finally {
      await big.close()
    }
  })

  it('syncs the others when one source’s credentials must be entered again, and shows that one failing', async () => {
    const other = await startSandbox('course', { seed: 8, orders: 20 })
    try {
      env.core.sources.upsert(other.sourceConfig('school', '直播课'), { storeSecrets: true })
      // Re-pointed in the database alone: its sealed credentials no longer name it, and are refused.
      env.core.db.prepare("UPDATE sources SET base_url = 'http://127.0.0.1:9' WHERE id = 'shop'").run()
      expect(() => env.core.sync.start({ sources: ['shop'], trigger: 'manual' })).toThrow(/shop/)
      expect(env.core.sync.start({ trigger: 'scheduled' })).toEqual({ started: true, sources: ['school'] })
      expect((await finished()).status).toBe('ok')
      expect(env.core.sources.view('shop')).toMatchObject({ failures: 1, lastError: { kind: 'auth' } })
    } finally {
      await other.close()
    }
  })

  it('finishes a run whose worker exits without a word, and answers the turns asked of it', async () => {
    // A sync worker that dies on its first message, before any reply.
    const entry = path.join(env.dir, 'dying-worker.mjs')
    fs.writeFileSync(entry, "import { parentPort } from 'node:worker_threads'\nparentPort.on('message', () => process.exit(3))\n")
    const sync = new SyncService({
      db: env.core.db,
      dbPath: env.core.options.dbPath,
      sources: env.core.sources,
      events: env.core.events,
      worker: { url: pathToFileURL(entry) },
      writer: SOURCE_WORKERS.syncWriter,
    })
    sync.start({ trigger: 'manual' })
    const wrote = await sync.writeTurn(() => 'written')
    expect(wrote).toBe('written')
    expect(await finished()).toEqual({ runId: null, status: 'failed', error: 'the sync worker stopped (exit code 3)' })
    expect(sync.status().running).toBe(false)
  })

  it('refuses to start for an unknown source', () => {
    expect(() => env.core.sync.start({ sources: ['nope'], trigger: 'manual' })).toThrow(/no source with id "nope"/)
  })

  it('auto-syncs at start-up, says a source whose server stopped unreachable (not offline), and notices when it returns', async () => {
    await env.dispose()
    env = tempCore({ syncTickMs: 100 })
    events = []
    env.core.events.subscribe({ emit: (name, payload) => void events.push({ name, payload }) })
    env.core.sources.upsert(sandbox.sourceConfig('shop', '代理商城', { autoSyncMinutes: 10 }), { storeSecrets: true })
    env.core.sync.startScheduler()
    const first = await finished()
    expect(first.status).toBe('ok')
    const runs = env.core.db.prepare('SELECT trigger FROM sync_runs').all()
    expect(runs).toEqual([{ trigger: 'startup' }])
    // Synced just now, interval 10 minutes: nothing more is due, and no tick starts a sync.
    await env.ticks(4)
    expect(env.core.sync.status().running).toBe(false)
    expect(env.core.db.prepare('SELECT count(*) AS n FROM sync_runs').get()).toEqual({ n: 1 })

    const port = sandbox.server.port
    await sandbox.close()
    const said = (): EventMap['network:status'] | undefined =>
      events
        .filter((e) => e.name === 'network:status')
        .map((e) => e.payload as EventMap['network:status'])
        .at(-1)
    await expect.poll(said, { timeout: 5000 }).toEqual({ online: true, unreachable: ['shop'] })

    // The source comes back on the same address: the probe hears it again.
    sandbox = await startSandbox('pub', { seed: 5, orders: 250 }, { port })
    await expect.poll(said, { timeout: 5000 }).toEqual({ online: true, unreachable: [] })
  })

  it('passes over a source whose server does not answer when auto-syncing', async () => {
    await env.dispose()
    env = tempCore({ syncTickMs: 100 })
    events = []
    env.core.events.subscribe({ emit: (name, payload) => void events.push({ name, payload }) })
    const gone = await startSandbox('pub', { seed: 6, orders: 10 })
    await gone.close()
    env.core.sources.upsert(gone.sourceConfig('gone', '已关闭'), { storeSecrets: true })
    env.core.sources.upsert(sandbox.sourceConfig('shop', '代理商城', { autoSyncMinutes: 10 }), { storeSecrets: true })
    env.core.sync.startScheduler()
    await finished()
    expect(env.core.db.prepare('SELECT source_id FROM sync_run_sources').all()).toEqual([{ source_id: 'shop' }])
    expect(env.core.sync.status()).toMatchObject({ online: true, unreachable: ['gone'] })
  })
})
