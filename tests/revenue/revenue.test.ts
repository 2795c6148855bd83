import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, type Db } from '../../src-main/db/database'
import { revenueReport } from '../../src-main/revenue/revenue'
import { addSource, order, writeOrders } from '../helpers/orders'

let db: Db
beforeEach(() => {
  db = openDatabase(':memory:').db
  addSource(db, 'shop')
})
afterEach(() => db.close())

/** An instant given as China wall-clock time. */
const cn = (iso: string): number => Date.parse(`${iso}+08:00`)

describe('revenue', () => {
  it('cuts days in Asia/Shanghai: 00:30 and 23:30 local land on their own days', () => {
    writeOrders(db, 'shop', [
      order({ remote_id: 'a', created_at: cn('2026-11-01T00:30:00'), paid: 1000 }), // 2026-10-31 16:30 UTC
      order({ remote_id: 'b', created_at: cn('2026-11-01T23:30:00'), paid: 250 }), // 2026-11-01 15:30 UTC
      order({ remote_id: 'c', created_at: cn('2026-11-02T00:00:00'), paid: 1 }), // the very first instant of the 2nd
      order({ remote_id: 'd', created_at: cn('2026-11-01T07:59:59'), paid: 7 }), // 23:59:59 UTC the day before
    ])
    const report = revenueReport(db, {}, 'day', 'Asia/Shanghai')
    expect(report.buckets.map((b) => [b.period, b.gross_minor, b.orders])).toEqual([
      ['2026-11-01', 1257, 3],
      ['2026-11-02', 1, 1],
    ])
    // The same orders cut in UTC fall differently: the zone matters.
    const utc = revenueReport(db, {}, 'day', 'UTC')
    expect(utc.buckets.map((b) => b.period)).toEqual(['2026-10-31', '2026-11-01'])
  })

  it('puts revenue on paid_at, refunds in their order bucket, and counts orders by creation', () => {
    writeOrders(db, 'shop', [
      order({ remote_id: 'late', created_at: cn('2026-10-31T22:00:00'), paid_at: cn('2026-11-01T09:00:00'), paid: 5000, refunded: 2000, status: 'partially_refunded' }),
      order({ remote_id: 'pending', created_at: cn('2026-11-01T10:00:00'), paid: 0, status: 'pending' }),
    ])
    const report = revenueReport(db, {}, 'day', 'Asia/Shanghai')
    expect(report.buckets).toEqual([
      { period: '2026-10-31', currency: 'CNY', orders: 1, paid_orders: 0, gross_minor: 0, refunds_minor: 0, net_minor: 0 },
      { period: '2026-11-01', currency: 'CNY', orders: 1, paid_orders: 1, gross_minor: 5000, refunds_minor: 2000, net_minor: 3000 },
    ])
    expect(report.totals).toEqual([{ currency: 'CNY', orders: 2, paid_orders: 1, gross_minor: 5000, refunds_minor: 2000, net_minor: 3000 }])
  })

  it('starts weeks on Monday and cuts months in the zone', () => {
    writeOrders(db, 'shop', [
      order({ remote_id: 'sun', created_at: cn('2026-11-01T12:00:00'), paid: 100 }), // Sunday → week of Mon 2026-10-26
      order({ remote_id: 'mon', created_at: cn('2026-11-02T00:10:00'), paid: 200 }), // Monday
      order({ remote_id: 'oct', created_at: cn('2026-10-31T23:59:59'), paid: 300 }),
      order({ remote_id: 'nov', created_at: cn('2026-11-01T00:00:00'), paid: 400 }), // 2026-10-31 16:00 UTC
    ])
    const weeks = revenueReport(db, {}, 'week', 'Asia/Shanghai')
    expect(weeks.buckets.map((b) => [b.period, b.gross_minor])).toEqual([
      ['2026-10-26', 800],
      ['2026-11-02', 200],
    ])
    const months = revenueReport(db, {}, 'month', 'Asia/Shanghai')
    expect(months.buckets.map((b) => [b.period, b.gross_minor])).toEqual([
      ['2026-10', 300],
      ['2026-11', 700],
    ])
  })

  it('never adds different currencies together', () => {
    writeOrders(db, 'shop', [
      order({ remote_id: 'cny', created_at: cn('2026-11-01T12:00:00'), paid: 100 }),
      order({ remote_id: 'usd', created_at: cn('2026-11-01T13:00:00'), paid: 7, currency: 'USD' }),
    ])
    const report = revenueReport(db, {}, 'day', 'Asia/Shanghai')
    expect(report.buckets.map((b) => [b.period, b.currency, b.gross_minor])).toEqual([
      ['2026-11-01', 'CNY', 100],
      ['2026-11-01', 'USD', 7],
    ])
    expect(report.totals.map((t) => [t.currency, t.net_minor])).toEqual([
      ['CNY', 100],
      ['USD', 7],
    ])
  })

  it('handles a zone with daylight saving', () => {
    // New York leaves DST on 2026-11-01 at 02:00 local (06:00 UTC).
    writeOrders(db, 'shop', [
      order({ remote_id: 'before', created_at: Date.parse('2026-11-01T03:30:00Z'), paid: 1 }), // 23:30 EDT Oct 31
      order({ remote_id: 'after', created_at: Date.parse('2026-11-02T04:30:00Z'), paid: 2 }), // 23:30 EST Nov 1
    ])
    const report = revenueReport(db, {}, 'day', 'America/New_York')
    expect(report.buckets.map((b) => [b.period, b.gross_minor])).toEqual([
      ['2026-10-31', 1],
      ['2026-11-01', 2],
    ])
  })
})
