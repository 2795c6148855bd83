import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, type Db } from '../../src-main/db/database'
import type { OrderFilter } from '../../src-preload/contract'
import { zoneOffsetMs } from '../../src-preload/shared/timezone'
import { dayTablesAnswer, periodsBetween, revenueDashboard, splitUtcDays } from '../../src-main/revenue/dashboard'
import { addSource, churnOrders, order, writeOrders } from '../helpers/orders'

let db: Db
beforeEach(() => {
  db = openDatabase(':memory:').db
  addSource(db, 'a', 'pub', '代理商城')
  addSource(db, 'b', 'course', '直播课')
})
afterEach(() => db.close())

const cn = (iso: string): number => Date.parse(`${iso}+08:00`)
const TZ = 'Asia/Shanghai'

describe('revenue dashboard', () => {
  it('fills empty periods with zeros and splits series by source', () => {
    writeOrders(db, 'a', [order({ remote_id: '1', created_at: cn('2026-11-01T10:00:00'), paid: 1000 })])
    writeOrders(db, 'b', [order({ remote_id: '1', created_at: cn('2026-11-03T23:30:00'), paid: 300, refunded: 100 })])
    const d = revenueDashboard(db, {
      filter: {},
      from: cn('2026-11-01T00:00:00'),
      to: cn('2026-11-04T23:59:59.999'),
      by: 'day',
      seriesBy: 'source',
      tz: TZ,
    })
    expect(d.periods).toEqual(['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04'])
    expect(d.series.map((s) => [s.label, s.net])).toEqual([
      ['代理商城', [1000, 0, 0, 0]],
      ['直播课', [0, 0, 200, 0]],
    ])
  })

  it("names product-type series by the type's own name, after its source's", () => {
    writeOrders(db, 'a', [
      order({ remote_id: '1', product_type: '9', product_name: '动态流量套餐', created_at: cn('2026-11-01T10:00:00'), paid: 1000 }),
      order({ remote_id: '2', product_type: '9', product_name: '静态IP套餐', created_at: cn('2026-11-02T10:00:00'), paid: 500 }),
      order({ remote_id: '3', product_type: '99', product_name: null, created_at: cn('2026-11-02T10:00:00'), paid: 200 }),
    ])
    const d = revenueDashboard(db, {
      filter: {},
      from: cn('2026-11-01T00:00:00'),
      to: cn('2026-11-02T23:59:59.999'),
      by: 'day',
      seriesBy: 'product_type',
      tz: TZ,
    })
    expect(d.series.map((s) => [s.label, s.net])).toEqual([
      ['代理商城 · 动态流量套餐', [1000, 500]],
      ['代理商城 · 类型 99', [0, 200]],
    ])
    expect(d.series[0].productType).toEqual({ source: 'a', sourceName: '代理商城', kind: 'pub', type: '9', title: '静态IP套餐' })
  })

  it("keeps one source's product type apart from the same code of another source", () => {
    writeOrders(db, 'a', [
      order({ remote_id: '1', product_type: '3', product_name: '余额充值', created_at: cn('2026-11-01T10:00:00'), paid: 1000 }),
    ])
    writeOrders(db, 'b', [
      order({ remote_id: '1', product_type: '3', product_name: '雅思口语冲刺班', created_at: cn('2026-11-01T11:00:00'), paid: 300 }),
    ])
    const d = revenueDashboard(db, {
      filter: {},
      from: cn('2026-11-01T00:00:00'),
      to: cn('2026-11-01T23:59:59.999'),
      by: 'day',
      seriesBy: 'product_type',
      tz: TZ,
    })
    expect(d.series.map((s) => [s.key, s.label, s.productType?.source, s.productType?.type, s.net])).toEqual([
      ['["a","3"]', '代理商城 · 余额充值', 'a', '3', [1000]],
      ['["b","3"]', '直播课 · 雅思口语冲刺班（课程 3）', 'b', '3', [300]],
    ])
  })

  it('keeps orders without a product type as a part of their own source', () => {
    writeOrders(db, 'a', [order({ remote_id: '1', product_type: null, created_at: cn('2026-11-01T10:00:00'), paid: 1000 })])
    writeOrders(db, 'b', [order({ remote_id: '1', product_type: '', created_at: cn('2026-11-01T11:00:00'), paid: 300 })])
    const d = revenueDashboard(db, {
      filter: {},
      from: cn('2026-11-01T00:00:00'),
      to: cn('2026-11-01T23:59:59.999'),
      by: 'day',
      seriesBy: 'product_type',
      tz: TZ,
    })
    expect(d.series.map((s) => [s.key, s.productType?.type, s.net])).toEqual([
      ['["a",""]', '', [1000]],
      ['["b",""]', '', [300]],
    ])
  })

  it('compares KPIs with the previous period of the same length', () => {
    writeOrders(db, 'a', [
      // previous week: 2 orders, 1 paid 500
      order({ remote_id: 'p1', created_at: cn('2026-10-27T10:00:00'), paid: 500 }),
      order({ remote_id: 'p2', created_at: cn('2026-10-28T10:00:00'), paid: 0, status: 'pending' }),
      // this week: 4 orders, 3 paid 1000 + 2000 + 3000, one refunded 1000
      order({ remote_id: 'c1', created_at: cn('2026-11-02T10:00:00'), paid: 1000, refunded: 1000, status: 'refunded' }),
      order({ remote_id: 'c2', created_at: cn('2026-11-03T10:00:00'), paid: 2000 }),
      order({ remote_id: 'c3', created_at: cn('2026-11-04T10:00:00'), paid: 3000 }),
      order({ remote_id: 'c4', created_at: cn('2026-11-05T10:00:00'), paid: 0, status: 'canceled' }),
    ])
    const d = revenueDashboard(db, {
      filter: {},
      from: cn('2026-11-02T00:00:00'),
      to: cn('2026-11-08T23:59:59.999'),
      by: 'week',
      seriesBy: null,
      tz: TZ,
    })
    expect(d.periods).toEqual(['2026-11-02'])
    expect(d.kpis).toEqual([
      {
        currency: 'CNY',
        current: { currency: 'CNY', gross: 6000, refunds: 1000, net: 5000, orders: 4, paid_orders: 3, paid_rate: 0.75, avg_paid: 2000 },
        previous: { currency: 'CNY', gross: 500, refunds: 0, net: 500, orders: 2, paid_orders: 1, paid_rate: 0.5, avg_paid: 500 },
      },
    ])
    expect(d.topProducts[0]).toMatchObject({ product_name: '动态流量套餐', net: 5000 })
    expect(d.statusBreakdown.find((s) => s.status === 'paid')).toMatchObject({ orders: 2 })
  })

  it('labels weeks by Monday and months across a year', () => {
    expect(periodsBetween(cn('2026-11-01T00:00:00'), cn('2026-11-16T00:00:00'), 'week', TZ)).toEqual([
      '2026-10-26',
      '2026-11-02',
      '2026-11-09',
      '2026-11-16',
    ])
    expect(periodsBetween(cn('2025-12-01T00:00:00'), cn('2026-11-30T23:59:59'), 'month', TZ)).toHaveLength(12)
    expect(periodsBetween(cn('2025-12-01T00:00:00'), cn('2026-11-30T23:59:59'), 'day', TZ)).toHaveLength(365)
  })
})

describe('status breakdown and top products from the UTC day tables', () => {
  const DAY = 86_400_000
  /** The same question with a filter the day tables cannot answer (it holds every order): added up from the orders. */
  const fromOrders = (filter: OrderFilter): OrderFilter => ({ ...filter, amountMin: -Number.MAX_SAFE_INTEGER })
  const breakdownAndTop = (filter: OrderFilter, from: number, to: number, tz: string) => {
    const d = revenueDashboard(db, { filter, from, to, by: 'day', seriesBy: null, tz })
    return { statusBreakdown: d.statusBreakdown, topProducts: d.topProducts }
  }

  it.each(['Asia/Shanghai', 'Asia/Kathmandu', 'America/New_York'])(
    'agree with adding up the orders, in %s, after inserts, updates and deletes',
    (tz) => {
      addSource(db, 'shop')
      churnOrders(db, tz.length + 11)
      const dayStart = (iso: string): number => {
        const utc = Date.parse(`${iso}T00:00:00Z`)
        return utc - zoneOffsetMs(utc, tz)
      }
      const ranges = [
        // A year of the zone's days, a month, a single day, a few hours, and whole UTC days.
        { from: dayStart('2025-03-01'), to: dayStart('2026-03-01') - 1 },
        { from: dayStart('2025-06-10'), to: dayStart('2025-07-10') - 1 },
        { from: dayStart('2025-08-01'), to: dayStart('2025-08-02') - 1 },
        { from: dayStart('2025-08-01') + 3_600_000, to: dayStart('2025-08-01') + 5 * 3_600_000 },
        { from: Date.parse('2025-02-01T00:00:00Z'), to: Date.parse('2025-12-01T00:00:00Z') - 1 },
      ]
      const filters: OrderFilter[] = [
        {},
        { sources: ['other'] },
        { statuses: ['paid', 'refunded'] },
        { productTypes: ['9'] },
        { sources: ['shop'], statuses: ['pending', 'paid'], productTypes: ['7', '9'] },
      ]
      for (const { from, to } of ranges) {
        for (const filter of filters) {
          expect(dayTablesAnswer(filter)).toBe(true)
          const days = breakdownAndTop(filter, from, to, tz)
          expect(days).toEqual(breakdownAndTop(fromOrders(filter), from, to, tz))
        }
      }
      const year = breakdownAndTop({}, ranges[0].from, ranges[0].to, tz)
      expect(year.statusBreakdown.length).toBeGreaterThan(7)
      // The first ten products of each currency (these orders hold four names per currency).
      expect(new Set(year.topProducts.map((p) => p.currency))).toEqual(new Set(['CNY', 'USD']))
    },
  )

  it('plan: read whole UTC days from the day tables, only the hours at either end from the orders', () => {
    writeOrders(db, 'a', [
      order({ remote_id: '1', created_at: cn('2026-11-01T10:00:00'), paid: 1000, product_name: '年度会员' }),
      order({ remote_id: '2', created_at: cn('2026-11-02T10:00:00'), paid: 0, status: 'pending', due: 700 }),
    ])
    const statements: string[] = []
    const prepare = db.prepare.bind(db)
    db.prepare = ((sql: string) => (statements.push(sql), prepare(sql))) as typeof db.prepare
    const from = cn('2026-11-01T00:00:00')
    const to = cn('2026-11-30T23:59:59.999')
    const d = breakdownAndTop({}, from, to, TZ)
    db.prepare = prepare
    expect(d.statusBreakdown).toEqual([
      { status: 'paid', currency: 'CNY', orders: 1, due: 1000 },
      { status: 'pending', currency: 'CNY', orders: 1, due: 700 },
    ])
    expect(d.topProducts).toEqual([{ product_name: '年度会员', currency: 'CNY', net: 1000, paid_orders: 1 }])
    expect(statements.filter((sql) => /FROM (order|product)_days/.test(sql))).toHaveLength(2)
    // Shanghai's days start at 16:00 UTC: eight hours at the start and sixteen at the end come from the orders.
    expect(splitUtcDays(from, to)).toEqual({
      days: { first: Math.ceil(from / DAY), last: Math.floor((to + 1) / DAY) - 1 },
      ends: [
        { from, to: Date.parse('2026-11-01T00:00:00Z') - 1 },
        { from: Date.parse('2026-11-30T00:00:00Z'), to },
      ],
    })
    expect(splitUtcDays(cn('2026-11-01T10:00:00'), cn('2026-11-01T12:00:00'))).toEqual({
      days: null,
      ends: [{ from: cn('2026-11-01T10:00:00'), to: cn('2026-11-01T12:00:00') }],
    })
  })

  it('hold no row for a day whose orders are gone, or moved to another day, status or product', () => {
    writeOrders(db, 'a', [order({ remote_id: '1', created_at: cn('2026-11-01T10:00:00'), paid_at: cn('2026-11-03T10:00:00'), paid: 500 })])
    const rows = () => ({
      status: db.prepare('SELECT created_day AS day, status, sum(orders) AS orders, sum(due) AS due FROM order_days GROUP BY 1, 2').all(),
      product: db.prepare('SELECT day, product_name, status, orders, paid_orders, net FROM product_days').all(),
    })
    const day = (iso: string): number => Math.floor(Date.parse(iso) / DAY)
    expect(rows()).toEqual({
      status: [{ day: day('2026-11-01T02:00:00Z'), status: 'paid', orders: 1, due: 1000 }],
      product: [{ day: day('2026-11-03T02:00:00Z'), product_name: '动态流量套餐', status: 'paid', orders: 1, paid_orders: 1, net: 500 }],
    })
    // A refund that changes nothing else moves the money only.
    for (const refunded of [100, 200]) {
      writeOrders(db, 'a', [
        order({
          remote_id: '1',
          created_at: cn('2026-11-01T10:00:00'),
          paid_at: cn('2026-11-03T10:00:00'),
          paid: 500,
          refunded,
          status: 'partially_refunded',
        }),
      ])
    }
    expect(rows().product).toEqual([
      { day: day('2026-11-03T02:00:00Z'), product_name: '动态流量套餐', status: 'partially_refunded', orders: 1, paid_orders: 1, net: 300 },
    ])
    writeOrders(db, 'a', [
      order({
        remote_id: '1',
        created_at: cn('2026-11-01T10:00:00'),
        paid_at: cn('2026-11-03T10:00:00'),
        paid: 500,
        refunded: 500,
        status: 'refunded',
      }),
    ])
    expect(rows()).toEqual({
      status: [{ day: day('2026-11-01T02:00:00Z'), status: 'refunded', orders: 1, due: 1000 }],
      product: [{ day: day('2026-11-03T02:00:00Z'), product_name: '动态流量套餐', status: 'refunded', orders: 1, paid_orders: 1, net: 0 }],
    })
    db.prepare('DELETE FROM orders').run()
    expect(rows()).toEqual({ status: [], product: [] })
  })

  it('leave other filters, and the product type of orders without one, to the orders', () => {
    expect(dayTablesAnswer({ sources: ['a'], statuses: ['paid'], productTypes: ['9'], keyword: ' ' })).toBe(true)
    expect(dayTablesAnswer({ productTypes: [''] })).toBe(false)
    expect(dayTablesAnswer({ productTypes: [{ source: 'a', type: '9' }] })).toBe(true)
    expect(dayTablesAnswer({ productTypes: [{ source: 'a', type: '' }] })).toBe(false)
    expect(dayTablesAnswer({ keyword: '会员' })).toBe(false)
    expect(dayTablesAnswer({ createdFrom: 0 })).toBe(false)
    writeOrders(db, 'a', [order({ remote_id: '1', product_type: null, paid: 300 }), order({ remote_id: '2', product_type: '', paid: 200 })])
    const d = breakdownAndTop({ productTypes: [''] }, Date.UTC(2026, 9, 1), Date.UTC(2026, 11, 1) - 1, TZ)
    expect(d.statusBreakdown).toEqual([{ status: 'paid', currency: 'CNY', orders: 1, due: 1000 }])
    expect(d.topProducts).toEqual([{ product_name: '动态流量套餐', currency: 'CNY', net: 200, paid_orders: 1 }])
  })
})
