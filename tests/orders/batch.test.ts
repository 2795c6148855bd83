import crypto from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { CancelProgress, CancelRunResult, Result } from '../../src-preload/contract'
import { CANCEL_CAP } from '../../src-preload/contract-values'
import { dispatch } from '../../src-main/api/dispatch'
import { createHandlers } from '../../src-main/api/handlers'
import { connectorKinds, createConnector } from '../../src-main/connectors'
import { cancelMany } from '../../src-main/orders/batch'
import type { StartedSandbox } from '../../src-main/sandboxes'
import type { SourceKind } from '../../src-main/sources/config'
import { coreWithSandboxes } from '../helpers/core'
import { syncOnce } from '../helpers/sandbox-sync'

/**
 * Batch actions on the list's selection (orders/batch.ts) through the contract, against the
 * sandboxes: what a batch cancel sends, what each order's outcome says, and what stays untouched.
 */
const { env, source } = coreWithSandboxes(60)

async function shop(kind: SourceKind): Promise<StartedSandbox> {
  const started = await source(kind, `${kind} 店`)
  await syncOnce(env().core.db, [started.sourceConfig(`s-${kind}`, `${kind} 店`)])
  return started
}

const call = (channel: string, args: unknown) => dispatch(createHandlers(env().core), channel, args)
const rows = (sql: string, ...params: unknown[]) =>
  env()
    .core.db.prepare(sql)
    .all(...params) as Array<Record<string, unknown>>
/** The cache's pending orders of a source: id, remote id and order number. */
const pending = (source: string, n: number) =>
  rows("SELECT id, remote_id, order_no FROM orders WHERE source_id = ? AND status = 'pending' ORDER BY id LIMIT ?", source, n) as Array<{
    id: number
    remote_id: string
    order_no: string
  }>
const statusOf = (id: number) => rows('SELECT status FROM orders WHERE id = ?', id)[0]?.status
const writes = (started: StartedSandbox) => started.server.requestLog.filter((r) => r.method === 'POST' || r.method === 'PUT').length

async function cancelBatch(ids: number[]): Promise<CancelRunResult> {
  const answer = await call('orders:cancelMany', { runId: crypto.randomUUID(), ids })
  if (!answer.ok) throw new Error(JSON.stringify(answer.error))
  return answer.data as CancelRunResult
}

describe('canceling a batch of orders', () => {
  it('cancels the pending orders and refuses the one the API says no to, with its words, leaving it as cached', async () => {
    const pub = await shop('pub')
    const [a, b, c] = pending('s-pub', 3)
    // Paid at the vendor since the last sync: the cache still says pending, the API refuses.
    pub.sandbox.pay(b.remote_id)
    const progress: CancelProgress[] = []
    env().core.events.subscribe({
      emit: (name, payload) => name === 'orders:cancelProgress' && void progress.push(payload as CancelProgress),
    })

    const { outcomes } = await cancelBatch([a.id, b.id, c.id])

    expect(outcomes.map((o) => [o.orderNo, o.result, o.reason])).toEqual([
      [a.order_no, 'done', null],
      [b.order_no, 'refused', 'api'],
      [c.order_no, 'done', null],
    ])
    expect(outcomes[1].error).toMatchObject({ code: 'remote', kind: 'invalid', remoteMessage: expect.stringContaining('已支付') })
    expect([statusOf(a.id), statusOf(b.id), statusOf(c.id)]).toEqual(['canceled', 'pending', 'canceled'])
    expect(progress.map((p) => [p.answered, p.total, p.outcome.id])).toEqual([
      [1, 3, a.id],
      [2, 3, b.id],
      [3, 3, c.id],
    ])
  })

  it('refuses more than the cap before sending anything', async () => {
    const pub = await shop('pub')
    const before = writes(pub)
    const ids = Array.from({ length: CANCEL_CAP + 1 }, (_, i) => i + 1)
    const answer = await call('orders:cancelMany', { runId: crypto.randomUUID(), ids })
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_argument', field: 'ids' } })
    expect(JSON.stringify(answer)).toContain(`at most ${CANCEL_CAP} orders`)
    expect(writes(pub)).toBe(before)
  })

  it('says an order id not in the cache is missing, without a request, and cancels the others', async () => {
    const pub = await shop('pub')
    const [a] = pending('s-pub', 1)
    const before = writes(pub)
    const { outcomes } = await cancelBatch([987_654, a.id])
    expect(outcomes.map((o) => [o.id, o.result, o.reason])).toEqual([
      [987_654, 'refused', 'missing'],
      [a.id, 'done', null],
    ])
    // pub closes with one POST, then reads the order back.
    expect(writes(pub) - before).toBe(1)
  })

  it('refuses without a request an order already paid in the cache, and one whose API has no cancel', async () => {
    const pub = await shop('pub')
    await shop('appkey')
    const paid = rows("SELECT id FROM orders WHERE source_id = 's-pub' AND status = 'paid' LIMIT 1")[0].id as number
    const [appkey] = pending('s-appkey', 1)
    const before = writes(pub)
    const { outcomes } = await cancelBatch([paid, appkey.id])
    expect(outcomes.map((o) => [o.result, o.reason])).toEqual([
      ['refused', 'paid'],
      ['refused', 'unsupported'],
    ])
    expect(writes(pub)).toBe(before)
  })

  it('refuses a list naming an order twice', async () => {
    await shop('pub')
    const [a] = pending('s-pub', 1)
    expect(await call('orders:cancelMany', { runId: crypto.randomUUID(), ids: [a.id, a.id] })).toMatchObject({
      ok: false,
      error: { code: 'invalid_argument', field: 'ids' },
    })
  })
})

describe('a batch cancel stopped or cut short', () => {
  it('marks the orders never sent as not tried when stopped', async () => {
    await shop('pub')
    const queue = pending('s-pub', 3)
    const controller = new AbortController()
    const outcomes = await cancelMany(
      queue.map((o) => o.id),
      {
        db: env().core.db,
        write: env().core.write,
        kinds: connectorKinds(),
        connectorOf: (id) => {
          const config = env().core.sources.getConfig(id)
          return { config, connector: createConnector(config) }
        },
        signal: controller.signal,
        onOutcome: () => controller.abort(),
      },
    )
    expect(outcomes.map((o) => [o.result, o.reason])).toEqual([
      ['done', null],
      ['not_tried', 'stopped'],
      ['not_tried', 'stopped'],
    ])
    expect(queue.map((o) => statusOf(o.id))).toEqual(['canceled', 'pending', 'pending'])
  })

  it('stops sending a source’s orders once it stops answering, and says which were not tried', async () => {
    const pub = await shop('pub')
    const queue = pending('s-pub', 3)
    await pub.close()
    const outcomes = await cancelMany(
      queue.map((o) => o.id),
      {
        db: env().core.db,
        write: env().core.write,
        kinds: connectorKinds(),
        connectorOf: (id) => {
          const config = env().core.sources.getConfig(id)
          return { config, connector: createConnector(config, { timeoutMs: 500 }) }
        },
      },
    )
    expect(outcomes.map((o) => [o.result, o.reason, o.error?.kind])).toEqual([
      ['refused', 'api', 'network'],
      ['not_tried', 'source_down', 'network'],
      ['not_tried', 'source_down', 'network'],
    ])
  })
})

describe('the cancel plan and the selection of a filter', () => {
  it('says which orders can be canceled and why the others cannot', async () => {
    await shop('pub')
    await shop('appkey')
    const [p] = pending('s-pub', 1)
    const refunded = rows("SELECT id FROM orders WHERE source_id = 's-pub' AND status = 'refunded' LIMIT 1")[0].id as number
    const [appkey] = pending('s-appkey', 1)
    const answer = await call('orders:cancelPlan', { ids: [p.id, refunded, appkey.id, 987_654] })
    expect(answer.ok).toBe(true)
    const plan = (answer as { data: Result<'orders:cancelPlan'> }).data
    expect(plan.cancelable.map((o) => o.id)).toEqual([p.id])
    expect(plan.blocked.map((o) => [o.id, o.reason])).toEqual([
      [refunded, 'refunded'],
      [appkey.id, 'unsupported'],
      [987_654, 'missing'],
    ])
    expect(plan.cap).toBe(CANCEL_CAP)
  })

  it('selects a filter’s orders newest first with its total', async () => {
    await shop('pub')
    const answer = await call('orders:selectAll', { filter: { statuses: ['pending'] } })
    const expected = rows(
      "SELECT id, coalesce(order_no, remote_id) AS orderNo FROM orders WHERE status = 'pending' ORDER BY created_at DESC, id DESC",
    )
    expect(answer).toEqual({ ok: true, data: { total: expected.length, orders: expected } })
  })
})
