import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { OrderFilter } from '../../src-preload/contract'
import { openDatabase, type Db } from '../../src-main/db/database'
import { revenueDashboard } from '../../src-main/revenue/dashboard'
import { periodTotals, revenueBuckets } from '../../src-main/revenue/revenue'
import { settlementReport, type SettlementLine } from '../../src-main/revenue/settlement'
import { Random } from '../../src-main/sandboxes/random'
import { addSource, churnOrders, order, writeOrders } from '../helpers/orders'

let db: Db
beforeEach(() => {
  db = openDatabase(':memory:').db
  addSource(db, 'shop')
})
afterEach(() => db.close())

/** An instant given as China wall-clock time. */
const cn = (iso: string): number => Date.parse(`${iso}+08:00`)
const TZ = 'Asia/Shanghai'
const NOVEMBER = { from: cn('2026-11-01T00:00:00'), to: cn('2026-12-01T00:00:00') - 1 }

/** A line as [kind, source, channel, currency, paid orders, gross, refunds, net]. */
const brief = (l: SettlementLine) => [
  l.kind,
  l.source_id,
  l.channel,
  l.currency,
  l.paid_orders,
  l.gross_minor,
  l.refunds_minor,
  l.net_minor,
]

describe('settlement report', () => {
  beforeEach(() => {
    addSource(db, 'pay', 'pingpp', 'Ping++ 收款')
    addSource(db, 'mall', 'appkey', '商城')
    addSource(db, 'proxy', 'pub', '代理商城')
    const at = cn('2026-11-10T12:00:00')
    writeOrders(db, 'pay', [
      order({ remote_id: 'p1', pay_channel: 'wx_pub', paid: 1000, created_at: at }),
      order({ remote_id: 'p2', pay_channel: 'wx_lite', paid: 500, refunded: 200, status: 'partially_refunded', created_at: at }),
      order({ remote_id: 'p3', pay_channel: 'alipay_qr', paid: 300, created_at: at }),
      order({ remote_id: 'p4', pay_channel: 'upacp_pc', paid: 2000, refunded: 2000, status: 'refunded', created_at: at }),
      order({ remote_id: 'p5', pay_channel: 'wx_pub', paid: 99, currency: 'USD', created_at: at }),
      order({ remote_id: 'p6', pay_channel: null, paid: 0, status: 'pending', created_at: at }),
    ])
    writeOrders(db, 'mall', [
      order({ remote_id: 'm1', pay_channel: '微信支付', paid: 700, created_at: at }),
      order({ remote_id: 'm2', pay_channel: '信用卡', paid: 100, created_at: at }),
      order({ remote_id: 'm3', pay_channel: '余额', paid: 50, created_at: at }),
      // Created in October, paid in November: November's money.
      order({
        remote_id: 'm4',
        pay_channel: '支付宝',
        paid: 40,
        created_at: cn('2026-10-31T23:00:00'),
        paid_at: cn('2026-11-01T00:10:00'),
      }),
      // Created in November, paid in December: not November's.
      order({ remote_id: 'm5', pay_channel: '支付宝', paid: 9999, created_at: at, paid_at: cn('2026-12-01T00:00:00') }),
    ])
    // pub sends no channel: its money is on no channel, not guessed onto one.
    writeOrders(db, 'proxy', [order({ remote_id: 'x1', paid: 400, created_at: at })])
  })

  it('adds up each source’s money by pay channel, then the source’s total, then every source’s, per currency', () => {
    const report = settlementReport(db, { filter: {}, ...NOVEMBER, tz: TZ })
    expect(report.lines.map(brief)).toEqual([
      // Sources by name as staff read them: Chinese by pinyin (代理商城 dai, 商城 shang), then Latin.
      ['channel', 'proxy', 'none', 'CNY', 1, 400, 0, 400],
      ['source', 'proxy', null, 'CNY', 1, 400, 0, 400],
      ['channel', 'mall', 'wechat', 'CNY', 1, 700, 0, 700],
      ['channel', 'mall', 'alipay', 'CNY', 1, 40, 0, 40],
      ['channel', 'mall', 'balance', 'CNY', 1, 50, 0, 50],
      ['channel', 'mall', 'other', 'CNY', 1, 100, 0, 100],
      ['source', 'mall', null, 'CNY', 4, 890, 0, 890],
      ['channel', 'pay', 'wechat', 'CNY', 2, 1500, 200, 1300],
      ['channel', 'pay', 'alipay', 'CNY', 1, 300, 0, 300],
      ['channel', 'pay', 'unionpay', 'CNY', 1, 2000, 2000, 0],
      ['source', 'pay', null, 'CNY', 4, 3800, 2200, 1600],
      ['channel', 'pay', 'wechat', 'USD', 1, 99, 0, 99],
      ['source', 'pay', null, 'USD', 1, 99, 0, 99],
      ['total', null, null, 'CNY', 9, 5090, 2200, 2890],
      ['total', null, null, 'USD', 1, 99, 0, 99],
    ])
    expect(report).toMatchObject({ tz: TZ, from: NOVEMBER.from, to: NOVEMBER.to, fromDay: '2026-11-01', toDay: '2026-11-30' })
  })

  it('names each source and keeps the codes each channel line adds up', () => {
    const lines = settlementReport(db, { filter: {}, ...NOVEMBER, tz: TZ }).lines
    const line = (source: string, channel: string) =>
      lines.find((l) => l.source_id === source && l.channel === channel && l.currency === 'CNY')!
    expect(line('pay', 'wechat')).toMatchObject({ source_name: 'Ping++ 收款', codes: ['wx_lite', 'wx_pub'] })
    expect(line('mall', 'other')).toMatchObject({ source_name: '商城', codes: ['信用卡'] })
    expect(line('proxy', 'none').codes).toEqual([])
    expect(lines.filter((l) => l.kind !== 'channel').every((l) => l.codes.length === 0)).toBe(true)
  })

  it('takes the revenue page’s filters', () => {
    const lines = settlementReport(db, { filter: { sources: ['mall'], statuses: ['paid'] }, ...NOVEMBER, tz: TZ }).lines
    expect(lines.filter((l) => l.kind === 'total').map(brief)).toEqual([['total', null, null, 'CNY', 4, 890, 0, 890]])
    expect(settlementReport(db, { filter: { statuses: ['refunded'] }, ...NOVEMBER, tz: TZ }).lines.map(brief)).toEqual([
      ['channel', 'pay', 'unionpay', 'CNY', 1, 2000, 2000, 0],
      ['source', 'pay', null, 'CNY', 1, 2000, 2000, 0],
      ['total', null, null, 'CNY', 1, 2000, 2000, 0],
    ])
  })

  it('has no lines for a period without money', () => {
    expect(settlementReport(db, { filter: {}, from: cn('2026-01-01T00:00:00'), to: cn('2026-01-02T00:00:00') - 1, tz: TZ }).lines).toEqual(
      [],
    )
  })
})

describe('settlement report against the revenue page', () => {
  const CODES = ['wx_pub', 'alipay_qr', 'upacp_pc', 'balance', '微信支付', '信用卡', 'wechat', '3', null]

  /** churnOrders' orders (inserts, rewrites and deletes in two sources and currencies), each on a channel. */
  function churnWithChannels(seed: number): void {
    churnOrders(db, seed)
    const random = new Random(seed)
    const ids = (db.prepare('SELECT id FROM orders').all() as Array<{ id: number }>).map((r) => r.id)
    const set = db.prepare('UPDATE orders SET pay_channel = ? WHERE id = ?')
    for (const id of ids) set.run(random.pick(CODES), id)
  }

  const periods = (tz: string) => {
    const day = (iso: string) => Date.parse(`${iso}T00:00:00${tz === TZ ? '+08:00' : 'Z'}`)
    return [
      { from: day('2025-01-01'), to: day('2026-01-01') - 1 },
      { from: day('2025-03-01'), to: day('2025-04-01') - 1 },
      // Not on a quarter hour: the revenue totals are added up from the orders, not the rollup.
      { from: Date.parse('2025-05-03T07:07:00Z'), to: Date.parse('2025-09-17T13:00:00Z') },
    ]
  }
  const filters: OrderFilter[] = [
    {},
    { sources: ['other'] },
    { statuses: ['paid', 'partially_refunded'] },
    { productTypes: ['9', ''] },
    { sources: ['shop'], statuses: ['refunded'], productTypes: ['7'] },
    { amountMin: 1000 },
  ]

  it.each([TZ, 'UTC'])('totals equal the revenue totals to the fen, for every period and filter (%s)', (tz) => {
    churnWithChannels(tz.length)
    let compared = 0
    for (const period of periods(tz)) {
      for (const filter of filters) {
        const report = settlementReport(db, { filter, ...period, tz })
        const totals = report.lines.filter((l) => l.kind === 'total')
        const revenue = periodTotals(db, filter, period.from, period.to).filter((t) => t.gross_minor !== 0 || t.refunds_minor !== 0)
        expect(totals.map((t) => [t.currency, t.paid_orders, t.gross_minor, t.refunds_minor, t.net_minor])).toEqual(
          revenue.map((t) => [t.currency, t.paid_orders, t.gross_minor, t.refunds_minor, t.net_minor]),
        )
        compared += totals.length
      }
    }
    expect(compared).toBeGreaterThan(20)
  })

  describe('each source’s lines, in each currency, over half a year', () => {
    let lines: ReturnType<typeof settlementReport>['lines']
    let series: ReturnType<typeof revenueBuckets>
    const eachSourceAndCurrency = ['shop', 'other'].flatMap((source) => ['CNY', 'USD'].map((currency) => ({ source, currency })))
    const totalOf = (source: string, currency: string) =>
      lines.find((l) => l.kind === 'source' && l.source_id === source && l.currency === currency)!
    beforeEach(() => {
      churnWithChannels(11)
      const period = { from: cn('2025-01-01T00:00:00'), to: cn('2025-07-01T00:00:00') - 1 }
      lines = settlementReport(db, { filter: {}, ...period, tz: TZ }).lines
      series = revenueBuckets(db, { filter: {}, by: 'month', tz: TZ, period, seriesBy: 'source' })
    })

    it('the source’s total equals its revenue series', () => {
      for (const { source, currency } of eachSourceAndCurrency) {
        const total = totalOf(source, currency)
        const buckets = series.filter((b) => b.series === source && b.currency === currency)
        expect([total.gross_minor, total.refunds_minor, total.net_minor, total.paid_orders]).toEqual([
          buckets.reduce((n, b) => n + b.gross_minor, 0),
          buckets.reduce((n, b) => n + b.refunds_minor, 0),
          buckets.reduce((n, b) => n + b.net_minor, 0),
          buckets.reduce((n, b) => n + b.paid_orders, 0),
        ])
      }
    })

    it('the source’s channels add up to its total', () => {
      for (const { source, currency } of eachSourceAndCurrency) {
        const channels = lines.filter((l) => l.kind === 'channel' && l.source_id === source && l.currency === currency)
        expect(channels.length).toBeGreaterThan(3)
        expect(channels.reduce((n, l) => n + l.net_minor, 0)).toBe(totalOf(source, currency).net_minor)
      }
    })
  })

  it('equals the KPI figures the revenue page shows, month by month', () => {
    churnWithChannels(5)
    let months = 0
    for (let month = 1; month <= 12; month++) {
      const from = cn(`2025-${String(month).padStart(2, '0')}-01T00:00:00`)
      const to = (month === 12 ? cn('2026-01-01T00:00:00') : cn(`2025-${String(month + 1).padStart(2, '0')}-01T00:00:00`)) - 1
      const page = revenueDashboard(db, { filter: {}, from, to, by: 'day', seriesBy: 'source', tz: TZ })
      const totals = settlementReport(db, { filter: {}, from, to, tz: TZ }).lines.filter((l) => l.kind === 'total')
      expect(totals.map((t) => [t.currency, t.gross_minor, t.refunds_minor, t.net_minor, t.paid_orders])).toEqual(
        page.kpis
          .filter((k) => k.current.gross || k.current.refunds)
          .map((k) => [k.currency, k.current.gross, k.current.refunds, k.current.net, k.current.paid_orders]),
      )
      months += totals.length > 0 ? 1 : 0
    }
    expect(months).toBe(12)
  })

  it('plan: reads whole UTC days from channel_days, and only the hours at either end from the orders', () => {
    churnWithChannels(3)
    const statements: string[] = []
    const prepare = db.prepare.bind(db)
    db.prepare = ((sql: string) => (statements.push(sql), prepare(sql))) as typeof db.prepare
    const filter: OrderFilter = { sources: ['shop'], statuses: ['paid'], productTypes: ['9'] }
    // China's days start at 16:00 UTC: 8 hours of the first UTC day and 16 of the last come from the orders.
    const period = { from: cn('2025-03-01T00:00:00'), to: cn('2025-04-01T00:00:00') - 1 }
    settlementReport(db, { filter, ...period, tz: TZ })
    db.prepare = prepare
    const params = { first: 0, last: 0, kFrom: 0, kTo: 0, source0: 'shop', status0: 'paid', ptype0: '9' }
    const plan = (sql: string) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as Array<{ detail: string }>).map((r) => r.detail).join(' | ')
    const days = statements.filter((sql) => /FROM channel_days o/.test(sql))
    expect(days).toHaveLength(1)
    expect(plan(days[0])).toMatch(/SEARCH o USING PRIMARY KEY \(day>\? AND day<\?\)/)
    const orders = statements.filter((sql) => /FROM orders o/.test(sql))
    expect(orders).toHaveLength(1)
    expect(plan(orders[0])).toMatch(/SEARCH o USING INDEX orders_revenue_money \(<expr>>\? AND <expr><\?\)/)
  })

  it('gives the same lines from channel_days as from the orders alone, after inserts, updates and deletes', () => {
    churnWithChannels(7)
    const period = { from: cn('2025-02-01T00:00:00'), to: cn('2025-08-01T00:00:00') - 1 }
    for (const filter of [{}, { sources: ['other'], statuses: ['paid' as const] }, { productTypes: ['9'] }]) {
      const fromDays = settlementReport(db, { filter, ...period, tz: TZ }).lines
      // An amount filter is one channel_days cannot answer: every order is read.
      const fromOrders = settlementReport(db, { filter: { ...filter, amountMin: -1 }, ...period, tz: TZ }).lines
      expect(fromDays.length).toBeGreaterThan(8)
      expect(fromDays).toEqual(fromOrders)
    }
  })

  it('holds no channel_days row for a day whose orders are gone, or moved to another channel', () => {
    writeOrders(db, 'shop', [order({ remote_id: 'a', pay_channel: 'wx_pub', created_at: cn('2026-11-01T10:00:00'), paid: 500 })])
    expect(db.prepare('SELECT pay_channel, gross FROM channel_days').all()).toEqual([{ pay_channel: 'wx_pub', gross: 500 }])
    writeOrders(db, 'shop', [order({ remote_id: 'a', pay_channel: 'alipay_qr', created_at: cn('2026-11-01T10:00:00'), paid: 500 })])
    expect(db.prepare('SELECT pay_channel, gross FROM channel_days').all()).toEqual([{ pay_channel: 'alipay_qr', gross: 500 }])
    db.prepare('DELETE FROM orders').run()
    expect(db.prepare('SELECT count(*) AS n FROM channel_days').get()).toEqual({ n: 0 })
  })
})
