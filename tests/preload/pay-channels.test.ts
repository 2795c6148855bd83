import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { normalizeAppkeyRecord } from '../../src-main/connectors/appkey'
import { normalizeCourseRecord } from '../../src-main/connectors/course'
import { normalizePingppRecord } from '../../src-main/connectors/pingpp'
import { normalizePubRecord } from '../../src-main/connectors/pub'
import { generateAppkeyRecords } from '../../src-main/sandboxes/appkey'
import { generateCourseRecords } from '../../src-main/sandboxes/course'
import { generatePubRecords } from '../../src-main/sandboxes/pub'
import { Random } from '../../src-main/sandboxes/random'
import { PAY_CHANNEL_GROUPS, PAY_CHANNEL_LABELS, payChannelDetail, payChannelGroup, payChannelLabel } from '../../src-preload/pay-channels'

const SH = { timezone: 'Asia/Shanghai', currency: 'CNY' }
const NOW = Date.parse('2026-11-20T04:00:00Z')

/** Ping++'s first documented sample order (fixtures), paid through one charge on `channel`: what the connector stores as its channel. */
function pingppChannel(channel: string): string | null {
  const [sample] = JSON.parse(fs.readFileSync(new URL('../fixtures/pingpp-seed-002-orders.json', import.meta.url), 'utf8')) as Array<
    Record<string, unknown> & { charges: { data: Array<Record<string, unknown>> } }
  >
  const charge = { ...sample.charges.data[0], channel, paid: true, transaction_no: '4200000001' }
  const raw = {
    ...sample,
    status: 'paid',
    paid: true,
    amount_paid: 800,
    time_paid: 1502695500,
    charges: { ...sample.charges, data: [charge] },
  }
  return normalizePingppRecord(raw, SH).pay_channel
}

describe('pay channel groups', () => {
  it.each([
    ['alipay', 'alipay'],
    ['alipay_wap', 'alipay'],
    ['alipay_qr', 'alipay'],
    ['alipay_scan', 'alipay'],
    ['alipay_pc_direct', 'alipay'],
    ['alipay_lite', 'alipay'],
    ['cb_alipay', 'alipay'],
    ['wx', 'wechat'],
    ['wx_pub', 'wechat'],
    ['wx_pub_qr', 'wechat'],
    ['wx_pub_scan', 'wechat'],
    ['wx_wap', 'wechat'],
    ['wx_lite', 'wechat'],
    ['cb_wx', 'wechat'],
    ['cb_wx_pub', 'wechat'],
    ['cb_wx_pub_qr', 'wechat'],
    ['cb_wx_pub_scan', 'wechat'],
    ['upacp', 'unionpay'],
    ['upacp_wap', 'unionpay'],
    ['upacp_pc', 'unionpay'],
    ['upacp_b2b', 'unionpay'],
    ['cp_b2b', 'unionpay'],
    ['applepay_upacp', 'unionpay'],
    ['balance', 'balance'],
    ['bfb', 'other'],
    ['bfb_wap', 'other'],
    ['jdpay_wap', 'other'],
    ['qpay', 'other'],
    ['yeepay_wap', 'other'],
    ['cmb_wallet', 'other'],
    ['isv_qr', 'other'],
    ['isv_scan', 'other'],
    ['isv_wap', 'other'],
    // Codes Ping++ may add later go by the family their name starts with.
    ['wx_new_scene', 'wechat'],
    ['cb_wx_future', 'wechat'],
    ['upacp_future', 'unionpay'],
    ['paypal', 'other'],
  ])('Ping++ channel %s, as its connector stores a paid charge’s, is %s', (code, group) => {
    const stored = pingppChannel(code)
    expect(stored).toBe(code)
    expect(payChannelGroup(stored)).toBe(group)
  })

  it('a Ping++ order without a paid charge has no channel', () => {
    const [sample] = JSON.parse(fs.readFileSync(new URL('../fixtures/pingpp-seed-002-orders.json', import.meta.url), 'utf8')) as unknown[]
    expect(payChannelGroup(normalizePingppRecord(sample, SH).pay_channel)).toBe('none')
  })

  it.each([
    ['微信支付', 'wechat'],
    ['微信', 'wechat'],
    ['WeChat Pay', 'wechat'],
    ['wxpay', 'wechat'],
    ['支付宝', 'alipay'],
    ['支付宝支付', 'alipay'],
    ['Alipay', 'alipay'],
    ['银联', 'unionpay'],
    ['银联支付', 'unionpay'],
    ['云闪付', 'unionpay'],
    ['UnionPay', 'unionpay'],
    ['余额', 'balance'],
    ['余额支付', 'balance'],
    ['信用卡', 'other'],
    ['货到付款', 'other'],
    ['', 'none'],
    ['   ', 'none'],
  ])('appkey payType %j is %s', (payType, group) => {
    const [record] = generateAppkeyRecords(new Random(7), NOW, 1) as Array<Record<string, unknown>>
    expect(payChannelGroup(normalizeAppkeyRecord({ ...record, payType }, SH).pay_channel)).toBe(group)
  })

  it.each([
    ['1', 'wechat'],
    ['2', 'alipay'],
    [1, 'wechat'],
    ['3', 'other'],
    [null, 'none'],
  ])('course servicer %j is %s', (servicer, group) => {
    const [record] = generateCourseRecords(new Random(7), NOW, 1) as Array<Record<string, unknown>>
    expect(payChannelGroup(normalizeCourseRecord({ ...record, servicer }, SH).pay_channel)).toBe(group)
  })

  it('pub gives no channel: its orders are none', () => {
    const records = generatePubRecords(new Random(7), NOW, 20)
    expect(new Set(records.map((r) => payChannelGroup(normalizePubRecord(r, SH).pay_channel)))).toEqual(new Set(['none']))
  })

  it('takes a name of Object’s prototype as any unknown code', () => {
    expect(payChannelGroup('constructor')).toBe('other')
    expect(payChannelGroup('__proto__')).toBe('other')
  })
})

describe('pay channel names', () => {
  it('name every group in both languages, Chinese as the issue lists them', () => {
    expect(PAY_CHANNEL_GROUPS.map((g) => PAY_CHANNEL_LABELS[g]['zh-CN'])).toEqual(['微信', '支付宝', '银联', '余额', '其他', '未注明'])
    expect(PAY_CHANNEL_GROUPS.map((g) => payChannelLabel(g, 'en'))).toEqual([
      'WeChat Pay',
      'Alipay',
      'UnionPay',
      'Balance',
      'Other',
      'Not given',
    ])
  })

  it.each([
    ['wx_pub', 'zh-CN', '微信（wx_pub）'],
    ['wx_pub', 'en', 'WeChat Pay (wx_pub)'],
    ['信用卡', 'zh-CN', '其他（信用卡）'],
    ['支付宝', 'zh-CN', '支付宝'],
    ['微信支付', 'zh-CN', '微信（微信支付）'],
    [null, 'zh-CN', '未注明'],
    [null, 'en', 'Not given'],
  ])('the detail of %j in %s reads %s', (code, locale, text) => {
    expect(payChannelDetail(code, locale)).toBe(text)
  })
})
