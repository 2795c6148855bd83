import { afterEach, describe, expect, it } from 'vitest'
import { createCourseConnector, normalizeCourseRecord } from '../../src-main/connectors/course'
import type { StartedSandbox } from '../../src-main/sandboxes'
import { courseSourceSchema } from '../../src-main/sources/config'
import { connectorOn, failureOf, listAll } from '../helpers/connector'

const SH = { timezone: 'Asia/Shanghai', currency: 'CNY' }
const item = (over: Record<string, unknown> = {}) => ({
  id: '1',
  user_id: '1',
  puber_id: '1',
  album_id: '1',
  title: '我的直播课',
  user_name: '王小二',
  price: '0.00',
  amount: '0.00',
  servicer: null,
  trade_no: null,
  third_trade_no: null,
  third_buyer_id: null,
  pay_status: '0',
  add_time: '2018-07-05 10:57:18',
  pay_time: '2018-07-05 10:57:18',
  ...over,
})

describe('course normalization', () => {
  it.each([
    ['0', 'pending', 0, false],
    ['2', 'paid', 115, true],
    ['4', 'failed', 0, false],
  ] as const)('pay_status %s → %s', (payStatus, status, paid, hasPaidAt) => {
    const o = normalizeCourseRecord(item({ pay_status: payStatus, price: '8.20', amount: '1.15' }), SH)
    expect(o).toMatchObject({ status, remote_status: payStatus, paid, refunded: 0, total: 820, due: 115, discount: 705 })
    // pay_time is filled for unpaid orders too; only pay_status 2 makes it a payment time.
    expect(o.paid_at !== null).toBe(hasPaidAt)
  })

  it('reads China local times without offset, whatever the machine’s zone, and maps the document’s fields', () => {
    const o = normalizeCourseRecord(item({ pay_status: '2', servicer: '1', third_trade_no: '4200', trade_no: '5-9996-6d2d' }), SH)
    expect(o.created_at).toBe(Date.parse('2018-07-05T02:57:18Z'))
    expect(o).toMatchObject({
      customer_name: '王小二',
      customer_id: '1',
      product_type: '1',
      product_id: '1',
      product_name: '我的直播课',
      pay_channel: 'wechat',
      trade_no: '4200',
      order_no: '5-9996-6d2d',
    })
    expect(normalizeCourseRecord(item({ pay_status: '2', servicer: '2' }), SH).pay_channel).toBe('alipay')
    expect(() => normalizeCourseRecord(item({ amount: '免费' }), SH)).toThrow(/amount/)
  })
})

describe('course connector', () => {
  let started: StartedSandbox
  afterEach(() => started?.close())

  it('creates (a free course is paid at once), says cancel is unsupported, and sums per album', async () => {
    const f = await connectorOn('course')
    started = f.started
    const paid = await f.connector.create({ album_id: '6' })
    expect(paid).toMatchObject({ status: 'paid', product_id: '6', due: 0 })
    const pending = await f.connector.create({ album_id: '3' })
    expect(pending).toMatchObject({ status: 'pending', due: 59900, customer_name: expect.any(String) })
    expect((await failureOf(f.connector.create({ album_id: '999' }))).message).toMatch(/课程不存在/)
    expect((await failureOf(f.connector.cancel(pending))).kind).toBe('unsupported')
    const sums = await f.connector.summary()
    expect(sums.length).toBeGreaterThan(0)
    expect(sums[0]).toMatchObject({ key: expect.any(String), total: expect.any(Number), currency: 'CNY' })
  })

  it('uses time_para for recent windows and pages to a short page', async () => {
    const f = await connectorOn('course', { orders: 120 })
    started = f.started
    const lastWeek = Date.now() - 3 * 86_400_000
    const { orders } = await listAll(f.connector, { since: lastWeek, pageSize: 10 })
    const expected = started.sandbox.truth().filter((t) => t.created_at >= Date.now() - 7 * 86_400_000)
    expect(orders.length).toBeGreaterThanOrEqual(expected.length - 2) // time_para -7 cuts at China midnight
    expect(orders.length).toBeLessThan(120)
  })

  it('answers errors with HTTP 200 + code and err_desc: missing album, not logged in', async () => {
    const f = await connectorOn('course')
    started = f.started
    const config = courseSourceSchema.parse({ id: 'c', name: 'c', kind: 'course', baseUrl: started.server.url, token: 'wrong' })
    const failure = await failureOf(createCourseConnector(config).list({}))
    expect(failure).toMatchObject({ kind: 'auth' })
    expect(failure.message).toMatch(/未登录/)
    expect((await failureOf(f.connector.create({}))).message).toMatch(/缺少订购内容参数/)
  })
})
