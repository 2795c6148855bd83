import { beforeEach, describe, expect, it } from 'vitest'
import { createConnector } from '../../src-main/connectors'
import { startSandbox } from '../../src-main/sandboxes'
import type { SandboxOptions } from '../../src-main/sandboxes/types'
import type { SourceKind } from '../../src-main/sources/config'
import { SourceStore } from '../../src-main/sources/store'
import type { SyncRunResult } from '../../src-main/sync/engine'
import { cachedTruth, sortedTruth, syncOnce, syncTestBed } from '../helpers/sandbox-sync'

const HOUR = 3_600_000
const DAY = 24 * HOUR
const bed = syncTestBed('orderdesk-recheck-')

/** A sandbox that keeps every request it gets, and a source configured against it. */
async function recorded(kind: SourceKind, options: SandboxOptions = {}, extra: Record<string, unknown> = {}) {
  const started = await startSandbox(kind, { seed: 17, orders: 400, ...options }, { recordRequests: true })
  bed.track(started)
  const config = started.sourceConfig(`r-${kind}`, kind, extra)
  new SourceStore(bed.db).upsert(config, { storeSecrets: false })
  const requests = (): string[] => started.server.requestLog.map((r) => decodeURIComponent(r.uri))
  const forget = (): void => void started.server.requestLog.splice(0)
  return { started, config, requests, forget }
}

/** Orders of the source in the cache, pending, created before `before`, with their expiry. */
function cachedPending(sourceId: string, before: number): Array<{ remote_id: string; order_no: string | null; expires_at: number | null }> {
  return bed.db
    .prepare(
      "SELECT remote_id, order_no, expires_at FROM orders WHERE source_id = ? AND status = 'pending' AND created_at < ? ORDER BY remote_id",
    )
    .all(sourceId, before) as Array<{ remote_id: string; order_no: string | null; expires_at: number | null }>
}

const statusOf = (sourceId: string, remoteId: string): unknown =>
  bed.db.prepare('SELECT status FROM orders WHERE source_id = ? AND remote_id = ?').pluck().get(sourceId, remoteId)

describe('old pending orders, where the API lists by status', () => {
  describe('pub, after an old pending order was paid', () => {
    let fixture: Awaited<ReturnType<typeof recorded>>
    let old: ReturnType<typeof cachedPending>
    let result: SyncRunResult
    beforeEach(async () => {
      fixture = await recorded('pub', {}, { pageSize: 10 })
      await syncOnce(bed.db, [fixture.config])
      old = cachedPending(fixture.config.id, Date.now() - 60 * DAY)
      expect(old.length).toBeGreaterThan(10)
      fixture.started.sandbox.pay(old[0].remote_id)
      fixture.forget()
      result = await syncOnce(bed.db, [fixture.config])
    })

    it('re-checks them with one listing of the pending orders', () => {
      expect(result.sources[0]).toMatchObject({ mode: 'incremental', status: 'ok', recheckedBy: 'listing' })
      expect(result.sources[0].rechecked).toBeGreaterThanOrEqual(old.length)
      expect(fixture.requests().filter((uri) => uri.includes('status=0')).length).toBeGreaterThan(0)
    })

    it('reads singly only the order that left the listing, which the cache then holds as paid', () => {
      const singles = fixture.requests().filter((uri) => uri.includes('trade_no='))
      expect(singles).toEqual([`/pub/order/list?trade_no=${old[0].order_no}&page_no=1&page_size=10`])
      expect(statusOf(fixture.config.id, old[0].remote_id)).toBe('paid')
      expect(cachedTruth(bed.db, fixture.config.id)).toEqual(sortedTruth(fixture.started))
    })
  })

  describe('appkey, after an old payable order and an old expired one were paid', () => {
    let fixture: Awaited<ReturnType<typeof recorded>>
    let payable: ReturnType<typeof cachedPending>
    let expired: ReturnType<typeof cachedPending>
    let texts: string[]
    let result: SyncRunResult
    beforeEach(async () => {
      fixture = await recorded('appkey', {}, { pageSize: 10 })
      const { started, config } = fixture
      await syncOnce(bed.db, [config])
      // The oldest ones: far from the window, whose last page the sync reads (and so re-reads) anyway.
      const old = cachedPending(config.id, Date.now() - 60 * DAY)
      payable = old.filter((o) => o.expires_at === null)
      expired = old.filter((o) => o.expires_at !== null)
      expect(payable.length).toBeGreaterThan(3)
      expect(expired.length).toBeGreaterThan(3)
      texts = bed.db
        .prepare(`SELECT DISTINCT remote_status FROM orders WHERE source_id = ? AND remote_id IN (${payable.map(() => '?').join(',')})`)
        .pluck()
        .all(config.id, ...payable.map((o) => o.remote_id)) as string[]
      started.sandbox.pay(payable[0].remote_id)
      started.sandbox.pay(expired[0].remote_id)
      fixture.forget()
      result = await syncOnce(bed.db, [config])
    })

    it('re-checks them with one listing per pending status text the cache holds', () => {
      expect(result.sources[0]).toMatchObject({ status: 'ok', recheckedBy: 'listing' })
      expect(result.sources[0].rechecked).toBeGreaterThanOrEqual(payable.length)
      const listed = new Set(
        fixture
          .requests()
          .filter((uri) => uri.includes('status='))
          .map((uri) => new URL(uri, 'http://x').searchParams.get('status')),
      )
      expect(texts.length).toBeGreaterThan(0)
      for (const text of texts) expect(listed.has(text)).toBe(true)
    })

    it('reads singly only the payable order that left the listing, none past its expiry', () => {
      const singles = fixture.requests().filter((uri) => /\/Order\/[^/?]+\/[^/?]+$/.test(uri.split('?')[0]))
      expect(singles).toEqual([`/api/Order/ak_demo_shop/${payable[0].remote_id}`])
      expect(statusOf(fixture.config.id, payable[0].remote_id)).toBe('paid')
    })

    it('leaves an order past its expiry pending, for the next full sync to catch', async () => {
      // Past its expiry it could not be paid; the sandbox did it anyway, and the weekly full sync catches it.
      expect(statusOf(fixture.config.id, expired[0].remote_id)).toBe('pending')
      await syncOnce(bed.db, [fixture.config], { full: true })
      expect(statusOf(fixture.config.id, expired[0].remote_id)).toBe('paid')
    })
  })

  it('pingpp: pending orders are listed (unpaid, not canceled, created before the window) only while some can still be paid', async () => {
    const { started, config, requests, forget } = await recorded('pingpp', { orders: 200 }, { lookbackDays: 1 })
    // Ping++ orders expire within days; one made now that stays payable for 15 days becomes old in 3.
    const made = await createConnector(config).create({
      merchant_order_no: 'RECHECK0001',
      amount: 990,
      subject: '测试',
      body: '复查',
      client_ip: '127.0.0.1',
      time_expire: Math.floor(Date.now() / 1000) + 15 * 86_400,
    })
    await syncOnce(bed.db, [config])
    forget()
    // A day later nothing old can still be paid, except the one made above, not old yet: no listing.
    await syncOnce(bed.db, [config], { now: () => Date.now() + DAY / 2 })
    expect(requests().filter((uri) => uri.includes('paid=false'))).toEqual([])

    started.sandbox.pay(made.remote_id)
    forget()
    const later = await syncOnce(bed.db, [config], { now: () => Date.now() + 3 * DAY })
    expect(later.sources[0]).toMatchObject({ status: 'ok', recheckedBy: 'listing', rechecked: 1 })
    const listings = requests().filter((uri) => uri.includes('paid=false'))
    expect(listings.length).toBeGreaterThan(0)
    for (const uri of listings) expect(uri).toMatch(/canceled=0.*created\[gte\]=\d+.*created\[lt\]=\d+/)
    expect(requests().filter((uri) => uri.startsWith(`/v1/orders/${made.remote_id}`))).toHaveLength(1)
    expect(statusOf(config.id, made.remote_id)).toBe('paid')
  })
})

describe('old pending orders, where the API cannot list by status (course)', () => {
  const reads = (requests: string[]): string[] => requests.filter((uri) => uri.startsWith('/order/get'))

  it('reads them one by one, least recently read first, within the budget, an hour after any sync last read them', async () => {
    const { config, requests, forget } = await recorded('course', { orders: 300 }, { pageSize: 10 })
    const t0 = Date.now()
    await syncOnce(bed.db, [config], { now: () => t0 })
    // The oldest ones: far from the window, whose last page each sync reads anyway.
    const old = cachedPending(config.id, t0 - 60 * DAY).map((o) => o.remote_id)
    expect(old.length).toBeGreaterThan(20)
    const at = (ms: number) => ({ now: () => ms, recheckBudget: 10 })
    const readNow = (): string[] => reads(requests()).map((uri) => new URL(uri, 'http://x').searchParams.get('id')!)

    // The first sync read them all just now: none is due yet.
    forget()
    expect((await syncOnce(bed.db, [config], at(t0 + 10 * 60_000))).sources[0]).toMatchObject({ status: 'ok', rechecked: 0 })
    expect(readNow()).toEqual([])

    const read: string[] = []
    for (let i = 0; ; i++) {
      forget()
      const result = await syncOnce(bed.db, [config], at(t0 + 2 * HOUR + i * 60_000))
      const ids = readNow()
      expect(result.sources[0]).toMatchObject({ rechecked: ids.length })
      expect(ids.length).toBeLessThanOrEqual(10)
      read.push(...ids)
      if (ids.length < 10) break
    }
    // Each once: a read order starts its day-long wait.
    expect(new Set(read).size).toBe(read.length)
    for (const id of old) expect(read).toContain(id)

    // Found unchanged once, an order waits a day, not an hour. (Orders that left the window since
    // the last sync are read now, an hour after the listing last saw them.)
    forget()
    await syncOnce(bed.db, [config], at(t0 + 5 * HOUR))
    expect(readNow().filter((id) => read.includes(id))).toEqual([])
    forget()
    await syncOnce(bed.db, [config], at(t0 + 2 * HOUR + 25 * HOUR))
    expect(readNow()).toHaveLength(10)
  })

  it('picks up an old order paid since, when its turn comes', async () => {
    const { started, config } = await recorded('course', { orders: 300 })
    const t0 = Date.now()
    await syncOnce(bed.db, [config], { now: () => t0 })
    const [target] = cachedPending(config.id, t0 - 30 * DAY)
    started.sandbox.pay(target.remote_id)
    await syncOnce(bed.db, [config], { now: () => t0 + 2 * HOUR })
    expect(statusOf(config.id, target.remote_id)).toBe('paid')
  })
})

describe('the sync log', () => {
  it('says how many requests each source sent and how old pending orders were re-checked', async () => {
    const { config } = await recorded('pub')
    await syncOnce(bed.db, [config])
    const result = await syncOnce(bed.db, [config])
    const row = bed.db
      .prepare('SELECT requests, rechecked, recheck_method FROM sync_run_sources WHERE run_id = ?')
      .get(result.runId) as Record<string, unknown>
    expect(row).toEqual({ requests: result.sources[0].requests, rechecked: result.sources[0].rechecked, recheck_method: 'listing' })
    expect(row.requests).toBeGreaterThan(0)
  })
})
