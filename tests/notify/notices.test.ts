import { describe, expect, it } from 'vitest'
import { statesBefore, syncNotices } from '../../src-main/notify/notices'
import type { SandboxTruth } from '../../src-main/sandboxes/types'
import { SOURCE_WORKERS } from '../../src-main/shared/worker-entry'
import type { SourceConfig, SourceKind } from '../../src-main/sources/config'
import type { SyncOptions } from '../../src-main/sync/engine'
import { sandboxSource, syncOnce, syncTestBed } from '../helpers/sandbox-sync'

const DAY = 86_400_000
const HOUR = 3_600_000
const bed = syncTestBed('orderdesk-notices-')

async function source(id = 'shop', kind: SourceKind = 'pub', extra: Record<string, unknown> = {}) {
  const fixture = await sandboxSource(bed.db, kind, id, {}, extra)
  bed.track(fixture.started)
  return fixture
}

/** A run as the app runs it (pages written by the writer thread), with what it tells. */
async function syncTelling(configs: SourceConfig[], options: Partial<SyncOptions> = {}) {
  const before = statesBefore(
    bed.db,
    configs.map((c) => c.id),
  )
  const result = await syncOnce(bed.db, configs, { writeThread: SOURCE_WORKERS.syncWriter, ...options })
  return { result, notices: syncNotices(bed.db, before, result) }
}

const paidIn = (truth: SandboxTruth[]): number => truth.filter((t) => t.status === 'paid').length
const pick = (truth: SandboxTruth[], test: (t: SandboxTruth) => boolean): SandboxTruth => {
  const found = truth.find(test)
  if (!found) throw new Error('the sandbox holds no such order')
  return found
}

describe('what a sync tells', () => {
  it("a source's first sync counts every paid order it brought, and tells none: they are its history", async () => {
    const { started, config } = await source()
    const { result, notices } = await syncTelling([config])
    const paid = paidIn(started.sandbox.truth())
    expect(paid).toBeGreaterThan(1)
    expect(result.sources[0].becamePaid).toBe(paid)
    expect(notices).toEqual([])
  })

  it('a sync that changes nothing tells nothing', async () => {
    const { config } = await source()
    await syncTelling([config])
    const { result, notices } = await syncTelling([config], { now: () => Date.now() + 2 * HOUR })
    expect(result.sources[0]).toMatchObject({ mode: 'incremental', status: 'ok', inserted: 0, updated: 0, becamePaid: 0 })
    expect(notices).toEqual([])
  })

  it('counts new paid orders and pending → paid, not a refund or a new pending order', async () => {
    const { started, config } = await source()
    await syncTelling([config])
    const now = Date.now()
    const truth = started.sandbox.truth()
    const pending = pick(truth, (t) => t.status === 'pending' && t.created_at > now - 20 * DAY)
    const paid = pick(truth, (t) => t.status === 'paid' && t.created_at > now - 20 * DAY)
    started.sandbox.pay(pending.remote_id)
    started.sandbox.refund(paid.remote_id)
    const added = started.sandbox.addOrders(6)
    const addedTruth = () => started.sandbox.truth().filter((t) => added.includes(t.remote_id))
    // One new order at least comes paid, and one stays pending: both sorts are in the run.
    const newPending = addedTruth().filter((t) => t.status === 'pending')
    if (addedTruth().every((t) => t.status !== 'paid')) started.sandbox.pay(newPending.shift()!.remote_id)
    expect(newPending.length).toBeGreaterThan(0)
    const newPaid = addedTruth().filter((t) => t.status === 'paid').length

    const { result, notices } = await syncTelling([config], { now: () => Date.now() + 2 * HOUR })
    expect(result.sources[0]).toMatchObject({ status: 'ok', inserted: added.length })
    expect(result.sources[0].becamePaid).toBe(newPaid + 1)
    expect(notices).toEqual([{ kind: 'paid', sourceId: 'shop', sourceName: config.name, count: newPaid + 1, reason: null }])
  })

  // Outside a week's window (the course API filters by it itself), an old pending order is read
  // by itself: what it wrote is counted like a listing's.
  it('counts an old pending order paid, read by itself outside the window', async () => {
    const { started, config } = await source('shop', 'course', { lookbackDays: 7 })
    await syncTelling([config])
    const now = Date.now()
    const old = pick(started.sandbox.truth(), (t) => t.status === 'pending' && t.created_at < now - 40 * DAY)
    started.sandbox.pay(old.remote_id)
    const { result, notices } = await syncTelling([config], { now: () => Date.now() + 2 * HOUR })
    expect(result.sources[0]).toMatchObject({ mode: 'incremental', status: 'ok', inserted: 0, recheckedBy: 'single' })
    expect(notices).toEqual([{ kind: 'paid', sourceId: 'shop', sourceName: config.name, count: 1, reason: null }])
  })

  it('a source that starts failing is told once, not again on its retries', async () => {
    const { started, config } = await source()
    await syncTelling([config])
    started.server.arm({ fault: { type: 'status', status: 401 }, times: 100 })
    const first = await syncTelling([config])
    expect(first.result.sources[0].status).toBe('failed')
    expect(first.notices).toEqual([
      { kind: 'failing', sourceId: 'shop', sourceName: config.name, count: null, reason: expect.objectContaining({ kind: 'auth' }) },
    ])
    const retry = await syncTelling([config])
    expect(retry.result.sources[0].status).toBe('failed')
    expect(retry.notices).toEqual([])
  })

  it('a new source failing its first sync is told, beside the new paid order of one that works', async () => {
    const good = await source('good')
    await syncTelling([good.config])
    const [id] = good.started.sandbox.addOrders(1)
    if (good.started.sandbox.truth().find((t) => t.remote_id === id)?.status === 'pending') good.started.sandbox.pay(id)
    const bad = await source('bad')
    bad.started.server.arm({ fault: { type: 'status', status: 401 }, times: 100 })
    const { notices } = await syncTelling([good.config, bad.config], { now: () => Date.now() + 2 * HOUR })
    expect(notices.map((n) => [n.kind, n.sourceId, n.count])).toEqual([
      ['paid', 'good', 1],
      ['failing', 'bad', null],
    ])
  })
})
