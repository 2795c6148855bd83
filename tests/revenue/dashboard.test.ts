import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, type Db } from '../../src-main/db/database'
import { productTypes } from '../../src-main/orders/queries'
import { periodsBetween, revenueDashboard } from '../../src-main/revenue/dashboard'
import { addSource, order, writeOrders } from '../helpers/orders'

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
    const d = revenueDashboard(db, { filter: {}, from: cn('2026-11-01T00:00:00'), to: cn('2026-11-04T23:59:59.999'), by: 'day', seriesBy: 'source', tz: TZ })
    expect(d.periods).toEqual(['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04'])
    expect(d.series.map((s) => [s.label, s.net])).toEqual([
      ['代理商城', [1000, 0, 0, 0]],
      ['直播课', [0, 0, 200, 0]],
    ])
  })

  it('names product-type series as the order list\'s product-type filter does', () => {
    writeOrders(db, 'a', [
      order({ remote_id: '1', product_type: '9', product_name: '动态流量套餐', created_at: cn('2026-11-01T10:00:00'), paid: 1000 }),
      order({ remote_id: '2', product_type: '9', product_name: '静态IP套餐', created_at: cn('2026-11-02T10:00:00'), paid: 500 }),
      order({ remote_id: '3', product_type: '7', product_name: null, created_at: cn('2026-11-02T10:00:00'), paid: 200 }),
    ])
    const d = revenueDashboard(db, { filter: {}, from: cn('2026-11-01T00:00:00'), to: cn('2026-11-02T23:59:59.999'), by: 'day', seriesBy: 'product_type', tz: TZ })
    expect(d.series.map((s) => [s.label, s.net])).toEqual([
      ['7', [0, 200]],
      ['9 · 静态IP套餐', [1000, 500]],
    ])
    const named = new Map(productTypes(db).map((p) => [p.value, p.name]))
    expect(named.get('9')).toBe('静态IP套餐')
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
    const d = revenueDashboard(db, { filter: {}, from: cn('2026-11-02T00:00:00'), to: cn('2026-11-08T23:59:59.999'), by: 'week', seriesBy: null, tz: TZ })
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
    expect(periodsBetween(cn('2026-11-01T00:00:00'), cn('2026-11-16T00:00:00'), 'week', TZ)).toEqual(['2026-10-26', '2026-11-02', '2026-11-09', '2026-11-16'])
    expect(periodsBetween(cn('2025-12-01T00:00:00'), cn('2026-11-30T23:59:59'), 'month', TZ)).toHaveLength(12)
    expect(periodsBetween(cn('2025-12-01T00:00:00'), cn('2026-11-30T23:59:59'), 'day', TZ)).toHaveLength(365)
  })
})
