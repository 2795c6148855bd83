import { afterEach, describe, expect, it } from 'vitest'
import { normalizePubRecord, pubCreateForm } from '../../src-main/connectors/pub'
import type { StartedSandbox } from '../../src-main/sandboxes'
import { connectorOn, failureOf } from '../helpers/connector'

const SH = { timezone: 'Asia/Shanghai', currency: 'CNY' }
const record = (over: Record<string, unknown> = {}) => ({
  id: 7,
  trade_no: 'P2026110100000007',
  product_id: 9001,
  product_name: '动态流量套餐 10GB',
  product_type: 9,
  total_fee: 8.2,
  pay_fee: 1.15,
  status: 1,
  created_at: '2019-08-24T14:15:22Z',
  ...over,
})

describe('pub normalization', () => {
  it.each([
    [0, 'pending', 0, 0],
    [1, 'paid', 115, 0],
    [2, 'canceled', 0, 0],
    [3, 'refunded', 115, 115],
    [9, 'unknown', 0, 0],
  ] as const)('status %i → %s (paid %i, refunded %i)', (status, normalized, paid, refunded) => {
    const o = normalizePubRecord(record({ status }), SH)
    expect(o).toMatchObject({ status: normalized, remote_status: String(status), paid, refunded, total: 820, due: 115, discount: 705 })
  })

  it('reads money from decimals without float products and times with offsets', () => {
    expect(normalizePubRecord(record({ total_fee: 0.07, pay_fee: 0.07 }), SH)).toMatchObject({ total: 7, due: 7 })
    expect(normalizePubRecord(record({ total_fee: 1234567.89, pay_fee: 19.99 }), SH)).toMatchObject({ total: 123456789, due: 1999 })
    expect(normalizePubRecord(record(), SH).created_at).toBe(Date.parse('2019-08-24T14:15:22Z'))
    expect(normalizePubRecord(record({ created_at: '2026-11-01T23:30:00+08:00' }), SH).created_at).toBe(Date.parse('2026-11-01T15:30:00Z'))
    expect(normalizePubRecord(record({ created_at: '2026-11-01 23:30:00' }), { ...SH, timezone: 'America/New_York' }).created_at).toBe(
      Date.parse('2026-11-02T04:30:00Z'),
    )
    const rounded = normalizePubRecord(record({ pay_fee: 1.005 }), SH)
    expect(rounded.due).toBe(101)
    expect(rounded.warnings[0]).toMatch(/rounded/)
  })

  it('maps the fields of the unified order and refuses what it cannot read', () => {
    const o = normalizePubRecord(record(), SH)
    expect(o).toMatchObject({
      remote_id: '7',
      order_no: 'P2026110100000007',
      trade_no: null,
      product_type: '9',
      product_id: '9001',
      paid_at: null,
      currency: 'CNY',
    })
    expect(() => normalizePubRecord(record({ id: null }), SH)).toThrow(/id is missing/)
    expect(() => normalizePubRecord(record({ pay_fee: 'abc' }), SH)).toThrow(/pay_fee/)
    expect(() => normalizePubRecord(record({ created_at: 'yesterday' }), SH)).toThrow(/created_at/)
  })

  it('offers the document’s fields in its create form', () => {
    expect(pubCreateForm.filter((f) => f.required).map((f) => f.key)).toEqual(['pid', 'pm_id'])
  })
})

describe('pub connector', () => {
  let started: StartedSandbox
  afterEach(() => started?.close())

  it('creates, looks up by trade_no, closes, and refuses to close a paid order with the API’s words', async () => {
    const fixture = await connectorOn('pub')
    started = fixture.started
    const { connector } = fixture
    const created = await connector.create({ pid: 9001, pm_id: 1 })
    expect(created).toMatchObject({ status: 'pending', product_type: '9' })
    const closed = await connector.cancel(created)
    expect(closed.status).toBe('canceled')
    const paid = started.sandbox.truth().find((t) => t.status === 'paid')!
    const paidOrder = await connector.get(paid.remote_id, undefined, {
      order_no: (await connector.list({ pageSize: 100 })).orders.find((o) => o.remote_id === paid.remote_id)!.order_no,
    })
    const refused = await failureOf(connector.cancel(paidOrder))
    expect(refused.kind).toBe('invalid')
    expect(refused.message).toMatch(/无法关闭/)
    expect((await failureOf(connector.create({ pid: 99_999_999, pm_id: 1 }))).message).toMatch(/套餐不存在/)
    expect((await failureOf(connector.summary())).kind).toBe('unsupported')
  })

  it('reports errors sent with HTTP 200 and a non-zero code', async () => {
    const fixture = await connectorOn('pub', {}, { token: 'bad' })
    started = fixture.started
    const failure = await failureOf(fixture.connector.list({}))
    expect(failure).toMatchObject({ kind: 'auth' })
    expect(failure.message).toMatch(/token 无效/)
  })
})
