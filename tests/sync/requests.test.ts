import { describe, expect, it } from 'vitest'
import { startSandbox } from '../../src-main/sandboxes'
import type { ListOrder } from '../../src-main/sandboxes/listing'
import type { SandboxOptions } from '../../src-main/sandboxes/types'
import type { SourceKind } from '../../src-main/sources/config'
import { SourceStore } from '../../src-main/sources/store'
import { KINDS, cachedTruth, sortedTruth, syncOnce, syncTestBed } from '../helpers/sandbox-sync'

const DAY = 86_400_000
const bed = syncTestBed('orderdesk-requests-')

async function source(kind: SourceKind, id: string, options: SandboxOptions = {}, extra: Record<string, unknown> = {}) {
  const started = await startSandbox(kind, { seed: 23, orders: 600, ...options })
  bed.track(started)
  const config = started.sourceConfig(id, kind, extra)
  new SourceStore(bed.db).upsert(config, { storeSecrets: false })
  const requests = (): number => [...started.server.requestCounts.values()].reduce((a, b) => a + b, 0)
  return { started, config, requests }
}

/**
 * The sync counts a request when it sends it; one it asked ahead of need and dropped at once
 * may never reach the API, or reach it after the sync returned (at most three are in flight
 * beside the one waited for, per listing).
 */
function expectSameCount(counted: number, received: number, listings = 1): void {
  expect(received).toBeLessThanOrEqual(counted)
  expect(received).toBeGreaterThanOrEqual(counted - 3 * listings)
}

describe('what a sync costs the vendor', () => {
  it.each(KINDS)('%s: a no-change incremental sync sends a fraction of the first sync’s requests', async (kind) => {
    // Pages of 10 (Ping++: 20) make 2,000 orders as many pages as 20,000 make at the APIs' own sizes.
    const { config, requests } = await source(kind, `c-${kind}`, { orders: 2000 }, { pageSize: 10 })
    const first = await syncOnce(bed.db, [config])
    const second = await syncOnce(bed.db, [config])
    expect(second.sources[0]).toMatchObject({ mode: 'incremental', status: 'ok', inserted: 0, updated: 0 })
    // Course reads its window and a budget of single re-checks; the others at most half.
    const [sentFirst, sentSecond] = [first.sources[0].requests, second.sources[0].requests]
    expect(sentSecond).toBeLessThanOrEqual(kind === 'course' ? sentFirst : sentFirst / 2)
    // Counted over both syncs: a page the first dropped may reach the sandbox while the second runs.
    expectSameCount(sentFirst + sentSecond, requests(), 2)
  })

  it.each(KINDS)('%s: a source with a wrong key costs one request a sync, nothing read ahead of it', async (kind) => {
    const { config, requests } = await source(kind, `bad-${kind}`)
    const wrong = {
      pub: { token: 'wrong' },
      appkey: { token: 'wrong' },
      pingpp: { secretKey: 'sk_test_wrong' },
      course: { token: 'wrong' },
    }[kind]
    const result = await syncOnce(bed.db, [{ ...config, ...wrong } as typeof config])
    expect(result.sources[0]).toMatchObject({ status: 'failed', error: { kind: 'auth' }, requests: 1 })
    expect(requests()).toBe(1)
  })

  it.each(['pub', 'appkey'] as const)('%s: a first sync asks for each page once, several at a time', async (kind) => {
    const { config, requests, started } = await source(kind, `p-${kind}`, { orders: 1000 }, { pageSize: 50 })
    const result = await syncOnce(bed.db, [config])
    expect(result.sources[0]).toMatchObject({ status: 'ok', pages: 20, inserted: 1000 })
    expect(requests()).toBe(20)
    expect(cachedTruth(bed.db, config.id)).toEqual(sortedTruth(started))
  })

  it('pingpp: a first sync reads windows of creation time side by side, costing few requests beyond its pages', async () => {
    const { config, requests, started } = await source('pingpp', 'p-pingpp', { orders: 1000 })
    const result = await syncOnce(bed.db, [config])
    expect(result.sources[0]).toMatchObject({ status: 'ok', inserted: 1000 })
    // 50 pages of 20, plus each window's last, partly filled page and a look past the oldest order.
    expect(requests()).toBeGreaterThanOrEqual(50)
    expect(requests()).toBeLessThanOrEqual(50 * 1.25)
    expect(cachedTruth(bed.db, config.id)).toEqual(sortedTruth(started))
  })
})

describe('windows right for each API', () => {
  /** A first sync of 600 orders listed in `listOrder`, then an incremental one after an order was added. */
  async function incrementalAfterOneNew(kind: SourceKind, listOrder: ListOrder) {
    const fixture = await source(kind, `w-${kind}`, { orders: 600, listOrder }, { pageSize: 10 })
    const { started, config } = fixture
    await syncOnce(bed.db, [config])
    started.server.requestCounts.clear()
    const [added] = started.sandbox.addOrders(1)
    const result = await syncOnce(bed.db, [config])
    expect(result.sources[0]).toMatchObject({ mode: 'incremental', status: 'ok', inserted: 1 })
    expect(bed.db.prepare('SELECT 1 FROM orders WHERE source_id = ? AND remote_id = ?').get(config.id, added)).toBeTruthy()
    expect(cachedTruth(bed.db, config.id)).toEqual(sortedTruth(started))
    return { ...fixture, result }
  }

  it.each(['pub', 'appkey', 'course'] as SourceKind[])(
    '%s listing newest first: the window reads what it must and no more',
    async (kind) => {
      const { started, requests, result } = await incrementalAfterOneNew(kind, 'newest-first')
      const pages = Math.ceil(600 / 10)
      const listPath = { pub: '/pub/order/list', appkey: '/Order/ak_demo_shop', course: '/order/list' }[kind as 'pub' | 'appkey' | 'course']
      const windowAndPending = started.server.requestCounts.get(listPath) ?? 0
      // The 30-day window of 150 days of orders, its boundary page, and at most three pages read ahead.
      const inWindow = started.sandbox.truth().filter((t) => t.created_at >= Date.now() - 30 * DAY).length
      expect(result.sources[0].notes).toEqual([])
      expect(result.sources[0].fetched).toBeLessThan(600)
      // Course re-checks its old pending orders one read each (up to 50), besides the window.
      if (kind === 'course') expect(requests()).toBeLessThanOrEqual(Math.ceil(inWindow / 10) + 1 + 3 + 50)
      else expect(windowAndPending).toBeLessThan(pages)
    },
  )

  it.each(['pub', 'appkey', 'course'] as SourceKind[])(
    '%s listing oldest first: the sync reads on past old pages and says why',
    async (kind) => {
      const { result } = await incrementalAfterOneNew(kind, 'oldest-first')
      // Not newest first: stopping at the first old page would miss what comes after it.
      expect(result.sources[0].notes).toEqual(['not_newest_first'])
      expect(result.sources[0].fetched).toBeGreaterThanOrEqual(601)
    },
  )

  it('course: a 30-day lookback is not a full re-read', async () => {
    const { config, started } = await source('course', 'lookback', { orders: 1000 }, { pageSize: 10 })
    await syncOnce(bed.db, [config])
    started.server.requestCounts.clear()
    const result = await syncOnce(bed.db, [config])
    const listed = started.server.requestCounts.get('/order/list') ?? 0
    const inWindow = started.sandbox.truth().filter((t) => t.created_at >= Date.now() - 30 * DAY).length
    expect(result.sources[0].fetched).toBeLessThan(inWindow + 50)
    // The last 30 days (-30), then the older half up to the window's start: a page or two; each read three pages ahead at most.
    expect(listed).toBeLessThanOrEqual(Math.ceil(inWindow / 10) + 2 + 2 * 3)
  })
})

describe('an API that pushes back', () => {
  it.each(KINDS)('%s: one request in 20 answered 429 with Retry-After: the sync slows down and ends exact', async (kind) => {
    const { started, config, requests } = await source(kind, `rl-${kind}`, { orders: 600 })
    started.server.arm({ fault: { type: 'status', status: 429, retryAfterSeconds: 0 }, times: Infinity, every: 20 })
    const result = await syncOnce(bed.db, [config])
    expect(result.sources[0]).toMatchObject({ status: 'ok', error: null })
    expect(cachedTruth(bed.db, config.id)).toEqual(sortedTruth(started))
    // Every 429 cost one request more, no more.
    expectSameCount(result.sources[0].requests, requests())
  })

  it('a 503 that names its Retry-After is honoured as a 429 is', async () => {
    const { started, config } = await source('pub', 'unavailable')
    started.server.arm({ fault: { type: 'status', status: 503, retryAfterSeconds: 3600 }, times: Infinity })
    const t0 = Date.now()
    const result = await syncOnce(bed.db, [config])
    expect(result.sources[0]).toMatchObject({ status: 'failed', error: { kind: 'rate_limited' } })
    const next = bed.db.prepare("SELECT next_attempt_at FROM sync_state WHERE source_id = 'unavailable'").pluck().get() as number
    expect(next).toBeGreaterThanOrEqual(t0 + 3600_000)
  })

  it('a Retry-After beyond five minutes reports the source rate-limited at once and tries it after that wait', async () => {
    const { started, config } = await source('appkey', 'slow-vendor')
    started.server.arm({ fault: { type: 'status', status: 429, retryAfterSeconds: 3600 }, times: Infinity })
    const t0 = Date.now()
    const result = await syncOnce(bed.db, [config])
    expect(Date.now() - t0).toBeLessThan(5000)
    expect(result.sources[0]).toMatchObject({ status: 'failed', error: { kind: 'rate_limited' } })
    const state = bed.db.prepare('SELECT failures, next_attempt_at FROM sync_state WHERE source_id = ?').get(config.id) as {
      failures: number
      next_attempt_at: number
    }
    expect(state.failures).toBe(1)
    expect(state.next_attempt_at).toBeGreaterThanOrEqual(t0 + 3600_000)
  })
})

describe('orders arriving while a first sync reads side by side', () => {
  it('course: its older half never shifts, so none of its orders is missed whatever order the pages are served in', async () => {
    const { started, config } = await source('course', 'busy-shop', { orders: 1500 }, { pageSize: 10 })
    // Every third request waits a little: pages are served out of the order they were asked in.
    started.server.arm({ fault: { type: 'latency', ms: 25 }, times: Infinity, every: 3 })
    // Older than the last 30 days, with a day to spare for where the platform cuts its days.
    const older = sortedTruth(started)
      .filter((t) => t.created_at < Date.now() - 31 * DAY)
      .map((t) => t.remote_id)
    // New orders keep coming while the list is read.
    const arriving = setInterval(() => started.sandbox.addOrders(1), 3)
    const result = await syncOnce(bed.db, [config]).finally(() => clearInterval(arriving))
    expect(result.sources[0].status).toBe('ok')
    const cached = new Set(bed.db.prepare("SELECT remote_id FROM orders WHERE source_id = 'busy-shop'").pluck().all() as string[])
    expect(older.filter((id) => !cached.has(id))).toEqual([])
  })
})

describe('cancel', () => {
  it('at any moment, with six sources at once, ends as canceled with nothing unhandled, and the next run completes exactly', async () => {
    const fixtures = await Promise.all(
      [...KINDS, 'pub', 'course'].map((kind, i) =>
        source(kind as SourceKind, `x${i}`, { orders: 800, seed: 40 + i }, { pageSize: 20 }).then(async (f) => {
          f.started.server.arm({ fault: { type: 'latency', ms: 5 }, times: Infinity })
          return f
        }),
      ),
    )
    const unhandled: unknown[] = []
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason)
    process.on('unhandledRejection', onUnhandled)
    try {
      for (const progressAt of [0, 1, 3, 8, 20]) {
        const controller = new AbortController()
        let seen = 0
        const result = await syncOnce(
          bed.db,
          fixtures.map((f) => f.config),
          { signal: controller.signal, onProgress: () => ++seen > progressAt && controller.abort() },
        )
        expect(['ok', 'canceled']).toContain(result.status)
        for (const s of result.sources) expect(['ok', 'canceled']).toContain(s.status)
      }
      await new Promise((resolve) => setTimeout(resolve, 50))
      expect(unhandled).toEqual([])
      const locks = bed.db.prepare('SELECT count(*) FROM sync_state WHERE lock_owner IS NOT NULL').pluck().get()
      expect(locks).toBe(0)
      const final = await syncOnce(
        bed.db,
        fixtures.map((f) => f.config),
      )
      expect(final.status).toBe('ok')
      for (const f of fixtures) expect(cachedTruth(bed.db, f.config.id)).toEqual(sortedTruth(f.started))
    } finally {
      process.off('unhandledRejection', onUnhandled)
    }
  })
})
