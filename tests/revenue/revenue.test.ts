import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, type Db } from '../../src-main/db/database'
import { periodIndex } from '../../src-main/orders/filter'
import { onlySources, periodTotals, revenueBuckets, revenueReport } from '../../src-main/revenue/revenue'
import { addSource, churnOrders, order, writeOrders } from '../helpers/orders'

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

  describe('an order created one day and paid the next, partly refunded, beside a pending one', () => {
    let report: ReturnType<typeof revenueReport>
    beforeEach(() => {
      writeOrders(db, 'shop', [
        order({
          remote_id: 'late',
          created_at: cn('2026-10-31T22:00:00'),
          paid_at: cn('2026-11-01T09:00:00'),
          paid: 5000,
          refunded: 2000,
          status: 'partially_refunded',
        }),
        order({ remote_id: 'pending', created_at: cn('2026-11-01T10:00:00'), paid: 0, status: 'pending' }),
      ])
      report = revenueReport(db, {}, 'day', 'Asia/Shanghai')
    })

    it('puts the revenue on the day it was paid', () => {
      expect(report.buckets.map((b) => [b.period, b.currency, b.paid_orders, b.gross_minor])).toEqual([
        ['2026-10-31', 'CNY', 0, 0],
        ['2026-11-01', 'CNY', 1, 5000],
      ])
    })

    it('puts the refund in the bucket of its order, taken off its revenue', () => {
      expect(report.buckets.map((b) => [b.period, b.refunds_minor, b.net_minor])).toEqual([
        ['2026-10-31', 0, 0],
        ['2026-11-01', 2000, 3000],
      ])
    })

    it('counts each order on the day it was created', () => {
      expect(report.buckets.map((b) => [b.period, b.orders])).toEqual([
        ['2026-10-31', 1],
        ['2026-11-01', 1],
      ])
    })

    it('totals the period per currency', () => {
      expect(report.totals).toEqual([
        { currency: 'CNY', orders: 2, paid_orders: 1, gross_minor: 5000, refunds_minor: 2000, net_minor: 3000 },
      ])
    })
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

describe('revenue from the quarter-hour rollup', () => {
  const ALL_STATUSES = ['pending', 'paid', 'partially_refunded', 'refunded', 'canceled', 'failed', 'unknown'] as const
  const DAY = 86_400_000

  /** The same question with every status named: the filter then goes to the orders themselves. */
  const fromOrders = (filter: Record<string, unknown>) => ({ ...filter, statuses: [...ALL_STATUSES] })

  it.each(['Asia/Shanghai', 'America/New_York', 'Asia/Kathmandu'])(
    'agrees with adding up the orders, in %s, after inserts, updates and deletes',
    (tz) => {
      churnOrders(db, tz.length)
      for (const by of ['day', 'week', 'month'] as const) {
        for (const filter of [{}, { sources: ['other'] }]) {
          const rollup = revenueBuckets(db, { filter, by, tz })
          expect(rollup.length).toBeGreaterThan(10)
          expect(rollup).toEqual(revenueBuckets(db, { filter: fromOrders(filter), by, tz }))
        }
      }
      const from = Date.parse('2025-06-01T00:00:00Z') - 8 * 3_600_000
      const period = { from, to: from + 200 * DAY - 1 }
      const bySource = revenueBuckets(db, { filter: {}, by: 'day', tz, period, seriesBy: 'source' })
      expect(bySource).toEqual(revenueBuckets(db, { filter: fromOrders({}), by: 'day', tz, period, seriesBy: 'source' }))
      expect(periodTotals(db, { sources: ['shop'] }, period.from, period.to)).toEqual(
        periodTotals(db, fromOrders({ sources: ['shop'] }), period.from, period.to),
      )
    },
  )

  it('plan: splits by product type from the covering indexes alone, never reading the orders table', () => {
    writeOrders(db, 'shop', [
      order({ remote_id: 'a', product_type: '9', created_at: cn('2026-11-01T10:00:00'), paid: 1000 }),
      order({ remote_id: 'b', product_type: '7', created_at: cn('2026-11-02T10:00:00'), paid: 300, refunded: 100 }),
    ])
    const statements: string[] = []
    const prepare = db.prepare.bind(db)
    db.prepare = ((sql: string) => (statements.push(sql), prepare(sql))) as typeof db.prepare
    const period = { from: cn('2026-11-01T00:00:00'), to: cn('2026-11-02T23:59:59.999') }
    const buckets = revenueBuckets(db, { filter: {}, by: 'day', tz: 'Asia/Shanghai', period, seriesBy: 'product_type' })
    db.prepare = prepare
    expect(buckets.map((b) => [b.period, b.series, b.net_minor, b.orders])).toEqual([
      ['2026-11-01', '9', 1000, 1],
      ['2026-11-02', '7', 200, 1],
    ])
    const reads = statements.filter((sql) => /FROM orders o/.test(sql))
    // With a period, only the money by revenue time and the counts by creation time: the
    // orders' whole span is not looked up.
    expect(reads).toHaveLength(2)
    for (const sql of reads) {
      const params = { periodFrom: period.from, periodTo: period.to }
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as Array<{ detail: string }>).map((r) => r.detail).join(' | ')
      expect(plan).toMatch(/USING COVERING INDEX orders_(revenue_money|created_currency)/)
    }
  })

  it('plan: reads a period filtered by status, source and product type from the covering indexes alone', () => {
    writeOrders(db, 'shop', [
      order({ remote_id: 'a', product_type: '9', created_at: cn('2026-11-01T10:00:00'), paid: 1000 }),
      order({ remote_id: 'b', product_type: '9', created_at: cn('2026-11-02T10:00:00'), paid: 0, status: 'pending' }),
    ])
    const statements: string[] = []
    const prepare = db.prepare.bind(db)
    db.prepare = ((sql: string) => (statements.push(sql), prepare(sql))) as typeof db.prepare
    const filter = { sources: ['shop'], statuses: ['paid' as const], productTypes: ['9'] }
    const period = { from: cn('2026-11-01T00:00:00'), to: cn('2026-11-02T23:59:59.999') }
    const buckets = revenueBuckets(db, { filter, by: 'day', tz: 'Asia/Shanghai', period, seriesBy: 'source' })
    const totals = periodTotals(db, filter, period.from, period.to)
    db.prepare = prepare
    expect(buckets.map((b) => [b.period, b.net_minor, b.orders])).toEqual([['2026-11-01', 1000, 1]])
    expect(totals).toMatchObject([{ currency: 'CNY', orders: 1, gross_minor: 1000 }])
    const reads = statements.filter((sql) => /FROM orders o/.test(sql))
    expect(reads).toHaveLength(4)
    const params = {
      periodFrom: period.from,
      periodTo: period.to,
      kFrom: period.from,
      kTo: period.to,
      source0: 'shop',
      status0: 'paid',
      ptype0: '9',
    }
    for (const sql of reads) {
      const used = Object.fromEntries(Object.entries(params).filter(([k]) => sql.includes(`@${k}`)))
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(used) as Array<{ detail: string }>).map((r) => r.detail).join(' | ')
      expect(plan).toMatch(/USING COVERING INDEX orders_(revenue_money|created_currency)/)
    }
    // An index is named only where it holds the filter's columns: not for a keyword, an amount
    // (the revenue index), or payment and revenue times (the creation index).
    expect(periodIndex(filter, 'revenue')).toBe('INDEXED BY orders_revenue_money')
    expect(periodIndex({ ...filter, paidFrom: 0 }, 'revenue')).toBe('INDEXED BY orders_revenue_money')
    expect(periodIndex({ ...filter, amountMin: 0 }, 'revenue')).toBe('')
    expect(periodIndex({ ...filter, revenueTo: 0 }, 'created')).toBe('')
    expect(periodIndex({ ...filter, amountMax: 0 }, 'created')).toBe('INDEXED BY orders_created_currency')
    expect(periodIndex({ keyword: 'P2026' }, 'created')).toBe('')
  })

  it('holds no row for a quarter hour whose orders are all gone', () => {
    writeOrders(db, 'shop', [
      order({ remote_id: 'x', created_at: cn('2026-11-01T10:00:00'), paid_at: cn('2026-11-02T10:00:00'), paid: 500 }),
    ])
    expect(db.prepare('SELECT count(*) AS n FROM revenue_quarters').get()).toEqual({ n: 2 })
    db.prepare('DELETE FROM orders').run()
    expect(db.prepare('SELECT count(*) AS n FROM revenue_quarters').get()).toEqual({ n: 0 })
  })

  it('only uses the rollup for questions it answers exactly', () => {
    churnOrders(db, 3)
    // A period that does not start on a quarter hour is added up from the orders: same answer.
    const period = { from: Date.parse('2025-03-01T00:07:00Z'), to: Date.parse('2025-09-01T00:00:00Z') }
    expect(revenueBuckets(db, { filter: {}, by: 'day', tz: 'Asia/Shanghai', period })).toEqual(
      revenueBuckets(db, { filter: fromOrders({}), by: 'day', tz: 'Asia/Shanghai', period }),
    )
    expect(onlySources({ sources: ['a'], keyword: ' ', statuses: [] })).toBe(true)
    expect(onlySources({ sources: ['a'], keyword: 'x' })).toBe(false)
    expect(onlySources({ amountMin: 0 })).toBe(false)
  })
})
