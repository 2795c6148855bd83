import { afterEach, describe, expect, it } from 'vitest'
import { appkeyStatus, normalizeAppkeyRecord } from '../../src-main/connectors/appkey'
import type { StartedSandbox } from '../../src-main/sandboxes'
import { connectorOn, failureOf } from '../helpers/connector'

const SH = { timezone: 'Asia/Shanghai', currency: 'CNY' }
const record = (over: Record<string, unknown> = {}) => ({
  id: '0',
  userID: '0',
  payType: '支付宝',
  amount: '0.07',
  orderNo: 'SO1',
  tradeNo: 'T1',
  status: '已完成',
  productType: '课程',
  productID: 'P1',
  productName: '课',
  orderPayTime: '2026-11-01T23:30:00.1234567',
  expireTime: '',
  createDate: '2026-11-01 23:00:00',
  lastUpdate: '0001-01-01T00:00:00',
  ...over,
})

describe('appkey normalization', () => {
  it.each([
    ['待支付', 'pending'],
    ['未支付', 'pending'],
    ['pending', 'pending'],
    ['UNPAID', 'pending'],
    ['已支付', 'paid'],
    ['已完成', 'paid'],
    ['Paid', 'paid'],
    ['completed', 'paid'],
    ['SUCCESS', 'paid'],
    ['已取消', 'canceled'],
    ['已关闭', 'canceled'],
    ['Canceled', 'canceled'],
    ['cancelled', 'canceled'],
    ['closed', 'canceled'],
    ['已退款', 'refunded'],
    ['Refunded', 'refunded'],
    ['发货中', 'unknown'],
    ['', 'unknown'],
  ] as const)('status %s → %s', (remote, normalized) => {
    expect(appkeyStatus(remote)).toBe(normalized)
  })

  it('computes paid and refunded from the status, keeping the remote text', () => {
    expect(normalizeAppkeyRecord(record({ status: '已退款', amount: 8.2 }), SH)).toMatchObject({
      status: 'refunded',
      remote_status: '已退款',
      paid: 820,
      refunded: 820,
      total: 820,
      due: 820,
      discount: 0,
    })
    expect(normalizeAppkeyRecord(record({ status: '待支付', amount: '1.15' }), SH)).toMatchObject({ paid: 0, refunded: 0, due: 115 })
  })

  it('reads .NET times: seven-digit fractions, no offset = the source’s zone, empty and 0001-01-01 = none', () => {
    const o = normalizeAppkeyRecord(record(), SH)
    expect(o.paid_at).toBe(Date.parse('2026-11-01T15:30:00.123Z'))
    expect(o.created_at).toBe(Date.parse('2026-11-01T15:00:00Z'))
    expect(o.expires_at).toBeNull()
    expect(o.updated_at).toBeNull()
    const ny = normalizeAppkeyRecord(record(), { ...SH, timezone: 'America/New_York' })
    expect(ny.created_at).toBe(Date.parse('2026-11-02T04:00:00Z'))
    expect(normalizeAppkeyRecord(record({ createDate: '2026-11-01T23:00:00Z' }), SH).created_at).toBe(Date.parse('2026-11-01T23:00:00Z'))
    expect(() => normalizeAppkeyRecord(record({ createDate: '2026-02-30T10:00:00' }), SH)).toThrow(/createDate/)
  })
})

describe('appkey connector', () => {
  let started: StartedSandbox
  afterEach(() => started?.close())

  it('creates (reading the whole order back) and says cancel is not supported', async () => {
    const fixture = await connectorOn('appkey')
    started = fixture.started
    // The create form hands the connector fen; the API is sent yuan.
    const order = await fixture.connector.create({ productName: '年度会员', amount: 19990, productType: '会员' })
    expect(order).toMatchObject({ product_name: '年度会员', due: 19990, status: 'pending' })
    expect(await fixture.connector.get(order.remote_id)).toMatchObject({ remote_id: order.remote_id })
    const refused = await failureOf(fixture.connector.cancel(order))
    expect(refused).toMatchObject({ kind: 'unsupported' })
    expect((await failureOf(fixture.connector.create({ amount: 100 }))).kind).toBe('invalid')
  })

  it('tells a wrong app key apart from a wrong token', async () => {
    const wrongKey = await connectorOn('appkey', {}, { appKey: 'nope' })
    started = wrongKey.started
    const keyFailure = await failureOf(wrongKey.connector.probe())
    expect(keyFailure.kind).toBe('not_found')
    expect(keyFailure.message).toMatch(/app key/i)
    await wrongKey.started.close()
    const wrongToken = await connectorOn('appkey', {}, { token: 'nope' })
    started = wrongToken.started
    expect((await failureOf(wrongToken.connector.probe())).kind).toBe('auth')
  })
})
