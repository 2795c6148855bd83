import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { OrderFilter, OrderTotals } from '../../src-preload/contract'
import { openDatabase, type Db } from '../../src-main/db/database'
import { benchSources, ingest } from '../../src-main/bench/ingest'
import { exportOrdersCsv } from '../../src-main/export/csv'
import { listOrders } from '../../src-main/orders/queries'
import { revenueDashboard } from '../../src-main/revenue/dashboard'
import { daysRange } from '../../src-renderer/src/dates'
import { orderFilterSql } from '../../src-main/orders/filter'
import { moneyTotals, orderTotals, withoutPayTime } from '../../src-main/orders/totals'
import { zoneOffsetMs } from '../../src-preload/shared/timezone'
import { addSource, churnOrders, order, writeOrders } from '../helpers/orders'
import { plansOf, readsOf } from '../helpers/plans'

let db: Db
beforeEach(() => {
  db = openDatabase(':memory:').db
  addSource(db, 'shop')
})
afterEach(() => db.close())

const HOUR = 3_600_000
const cn = (iso: string): number => Date.parse(`${iso}+08:00`)

interface Row {
  source_id: string
  status: string
  product_type: string | null
  currency: string
  due: number
  paid: number
  refunded: number
  created_at: number
  paid_at: number | null
}

/** The filter's totals added up here, order by order, from every order the cache holds. */
function byHand(filter: OrderFilter): OrderTotals['currencies'] {
  const rows = db
    .prepare('SELECT source_id, status, product_type, currency, due, paid, refunded, created_at, paid_at FROM orders')
    .all() as Row[]
  const within = (t: number | null, lo?: number, hi?: number): boolean =>
    (lo === undefined && hi === undefined) || (t !== null && (lo === undefined || t >= lo) && (hi === undefined || t <= hi))
  const totals = new Map<string, OrderTotals['currencies'][number]>()
  for (const r of rows) {
    if (filter.sources && !filter.sources.includes(r.source_id)) continue
    if (filter.statuses && !(filter.statuses as string[]).includes(r.status)) continue
    if (filter.productTypes && (r.product_type === null || !filter.productTypes.includes(r.product_type))) continue
    if (!within(r.created_at, filter.createdFrom, filter.createdTo)) continue
    if (!within(r.paid_at, filter.paidFrom, filter.paidTo)) continue
    if (!within(r.paid_at ?? r.created_at, filter.revenueFrom, filter.revenueTo)) continue
    if (!within(r.due, filter.amountMin, filter.amountMax)) continue
    const t = totals.get(r.currency) ?? { currency: r.currency, orders: 0, due: 0, paid: 0, refunded: 0, net: 0 }
    t.orders++
    t.due += r.due
    t.paid += r.paid
    t.refunded += r.refunded
    t.net = t.paid - t.refunded
    totals.set(r.currency, t)
  }
  return [...totals.values()].sort((a, b) => a.currency.localeCompare(b.currency))
}

describe('the order list totals', () => {
  it.each(['Asia/Shanghai', 'America/New_York', 'Asia/Kathmandu'])(
    'add up every order of the filter, whatever its date field, in a zone like %s',
    (tz) => {
      churnOrders(db, tz.length)
      const dayStart = (iso: string): number => {
        const utc = Date.parse(`${iso}T00:00:00Z`)
        return utc - zoneOffsetMs(utc, tz)
      }
      const ranges = [
        { from: dayStart('2025-03-01'), to: dayStart('2026-03-01') - 1 },
        { from: dayStart('2025-06-01'), to: dayStart('2025-07-01') - 1 },
        { from: dayStart('2025-08-01'), to: dayStart('2025-08-02') - 1 },
        { from: dayStart('2025-08-01') + HOUR, to: dayStart('2025-08-01') + 5 * HOUR },
        { from: Date.parse('2025-02-01T00:00:00Z'), to: Date.parse('2025-12-01T00:00:00Z') - 1 },
      ]
      const names: OrderFilter[] = [
        {},
        { sources: ['other'] },
        { statuses: ['paid', 'refunded'] },
        { productTypes: ['9', ''] },
        { sources: ['shop'], statuses: ['pending', 'paid'], productTypes: ['7', '9'] },
        { amountMin: 20_000, amountMax: 70_000 },
      ]
      const filters: OrderFilter[] = [...names]
      for (const { from, to } of ranges) {
        for (const n of names) {
          filters.push(
            { ...n, createdFrom: from, createdTo: to },
            { ...n, paidFrom: from, paidTo: to },
            { ...n, revenueFrom: from, revenueTo: to },
          )
        }
      }
      // Open ranges, and two date fields at once.
      filters.push({ paidFrom: ranges[1].from }, { revenueTo: ranges[1].to }, { createdFrom: ranges[0].from, paidTo: ranges[0].to })
      for (const filter of filters) expect(moneyTotals(db, filter), JSON.stringify(filter)).toEqual(byHand(filter))
    },
  )

  it('plan: add up a keyword’s orders, each once', () => {
    churnOrders(db, 3)
    for (const keyword of ['动态', 'shop-1', 'NO']) {
      const filter: OrderFilter = { keyword, statuses: ['paid', 'partially_refunded'] }
      const { where, params } = orderFilterSql(filter)
      const expected = db
        .prepare(
          `SELECT o.currency AS currency, count(*) AS orders, sum(o.due) AS due, sum(o.paid) AS paid, sum(o.refunded) AS refunded,
                  sum(o.paid) - sum(o.refunded) AS net FROM orders o ${where} GROUP BY o.currency ORDER BY o.currency`,
        )
        .all(params)
      expect(expected.length).toBeGreaterThan(0)
      const plans = plansOf(db, () => expect(moneyTotals(db, filter)).toEqual(expected))
      // Product names from their index alone: a name most orders hold would read every one's row.
      const names = readsOf(plans, 'orders').filter((p) => /orders_product_name/.test(p))
      expect(names.length).toBeGreaterThan(0)
      for (const plan of names) expect(plan).toMatch(/USING COVERING INDEX/)
    }
  })

  it('plan: read a period’s whole days from the day sums and its ends from covering indexes, never from order rows', () => {
    churnOrders(db, 5)
    const plans = plansOf(db, () => {
      for (const field of ['created', 'paid', 'revenue'] as const) {
        const range = { [`${field}From`]: cn('2025-06-01T00:00:00'), [`${field}To`]: cn('2025-06-30T23:59:59.999') }
        moneyTotals(db, { statuses: ['paid'], sources: ['shop'], ...range })
      }
      moneyTotals(db, { productTypes: ['9'] })
    })
    expect(readsOf(plans, 'order_days')).toHaveLength(4)
    expect(readsOf(plans, 'orders').length).toBeGreaterThan(0)
    for (const plan of readsOf(plans, 'orders'))
      expect(plan).toMatch(/^SEARCH o USING COVERING INDEX orders_(created_currency|revenue_money) /)
  })

  it('plan: add up what the day sums cannot answer (an amount, two date fields) from one covering index, never from order rows', () => {
    churnOrders(db, 7)
    const june = { from: cn('2025-06-01T00:00:00'), to: cn('2025-06-30T23:59:59.999') }
    const filters: OrderFilter[] = [
      { amountMin: 100 },
      { amountMin: 100, statuses: ['paid'], paidFrom: june.from, paidTo: june.to },
      { amountMax: 50_000, revenueFrom: june.from, revenueTo: june.to },
      { createdFrom: june.from, createdTo: june.to, revenueTo: june.to },
    ]
    for (const filter of filters) {
      const reads = readsOf(
        plansOf(db, () => expect(moneyTotals(db, filter)).toEqual(byHand(filter))),
        'orders',
      )
      expect(reads, JSON.stringify(filter)).toEqual([
        expect.stringMatching(/^(SCAN|SEARCH) o USING COVERING INDEX orders_(created_currency|revenue_money)\b/),
      ])
    }
  })

  it('follow an order whose refund or pay time alone changes', () => {
    const nov = { revenueFrom: cn('2026-11-01T00:00:00'), revenueTo: cn('2026-11-30T23:59:59.999') }
    const paidRange = { paidFrom: nov.revenueFrom, paidTo: nov.revenueTo }
    const created = cn('2026-11-02T10:00:00')
    writeOrders(db, 'shop', [order({ remote_id: '1', created_at: created, paid: 1000 })])
    for (const refunded of [300, 1000]) writeOrders(db, 'shop', [order({ remote_id: '1', created_at: created, paid: 1000, refunded })])
    expect(moneyTotals(db, nov)).toEqual(byHand(nov))
    expect(moneyTotals(db, nov)[0].refunded).toBe(1000)
    // The API gives its pay time later: the order now counts by pay time, and is no longer left out.
    expect(withoutPayTime(db, paidRange)).toBe(1)
    writeOrders(db, 'shop', [order({ remote_id: '1', created_at: created, paid: 1000, refunded: 1000, paid_at: created + HOUR })])
    expect(moneyTotals(db, paidRange)).toEqual(byHand(paidRange))
    expect(moneyTotals(db, paidRange)[0].orders).toBe(1)
    expect(withoutPayTime(db, paidRange)).toBe(0)
  })
})

describe('orders a pay-time range leaves out', () => {
  beforeEach(() => addSource(db, 'pay', 'pingpp'))
  const nov = { paidFrom: cn('2026-11-01T00:00:00'), paidTo: cn('2026-11-30T23:59:59.999') }

  it('are the orders with money but no pay time whose creation is in the range', () => {
    writeOrders(db, 'shop', [
      // pub: paid and refunded orders without a pay time, created in November.
      order({ remote_id: '1', created_at: cn('2026-11-02T10:00:00'), paid: 1000 }),
      order({ remote_id: '2', created_at: cn('2026-11-30T23:00:00'), paid: 500, refunded: 500, status: 'refunded' }),
      // Not paid: nothing to leave out.
      order({ remote_id: '3', created_at: cn('2026-11-05T10:00:00'), paid: 0, status: 'pending' }),
      // Created outside the range.
      order({ remote_id: '4', created_at: cn('2026-10-31T23:00:00'), paid: 1000 }),
    ])
    writeOrders(db, 'pay', [
      order({ remote_id: '5', created_at: cn('2026-11-02T10:00:00'), paid_at: cn('2026-11-02T10:05:00'), paid: 800 }),
    ])
    expect(withoutPayTime(db, nov)).toBe(2)
    expect(withoutPayTime(db, { ...nov, statuses: ['paid'] })).toBe(1)
    expect(withoutPayTime(db, { ...nov, sources: ['pay'] })).toBe(0)
    expect(withoutPayTime(db, { ...nov, keyword: 'NO-2' })).toBe(1)
    // Counted in by revenue time: the same filter by revenue time holds them.
    expect(moneyTotals(db, { revenueFrom: nov.paidFrom, revenueTo: nov.paidTo, statuses: ['paid', 'refunded'] })[0].paid).toBe(
      moneyTotals(db, { ...nov, statuses: ['paid', 'refunded'] })[0].paid + 1500,
    )
  })

  it('are none without a pay-time range', () => {
    writeOrders(db, 'shop', [order({ remote_id: '1', created_at: cn('2026-11-02T10:00:00'), paid: 1000 })])
    expect(withoutPayTime(db, { createdFrom: nov.paidFrom, createdTo: nov.paidTo })).toBe(0)
    expect(withoutPayTime(db, { revenueFrom: nov.paidFrom, revenueTo: nov.paidTo })).toBe(0)
    expect(orderTotals(db, { revenueFrom: nov.paidFrom, revenueTo: nov.paidTo }).withoutPayTime).toBe(0)
    expect(orderTotals(db, nov).withoutPayTime).toBe(1)
  })

  it('plan: are counted from their own index alone', () => {
    const plan = (filter: OrderFilter): string[] =>
      plansOf(db, () => withoutPayTime(db, filter))
        .map((p) => p.plan)
        .filter((p) => /(SCAN|SEARCH) o\b/.test(p))
    for (const filter of [
      nov,
      { ...nov, statuses: ['paid' as const], sources: ['shop'] },
      { ...nov, amountMin: 100, productTypes: ['9'] },
    ]) {
      expect(plan(filter)).toEqual([
        expect.stringMatching(/^SEARCH o USING COVERING INDEX orders_without_pay_time \(created_at>\? AND created_at<\?\)$/),
      ])
    }
  })
})

describe('the same question on the list, the export and the revenue page', () => {
  const TZ = 'Asia/Shanghai'
  const november = daysRange('2026-11-01', '2026-11-30', TZ)
  let dir: string
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orderdesk-agree-'))
    // Orders of the four kinds as their APIs send them, over the five months before December 6th:
    // pub's without a pay time, Ping++'s partly refunded, course's and appkey's with one.
    benchSources(db)
    ingest(db, 4000, Date.UTC(2026, 11, 6))
  })
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

  it.each([
    ['paid orders', ['paid'] as const],
    ['orders of every status', undefined],
  ])('gets the same sums to the fen for a month by revenue time, for %s', async (_name, statuses) => {
    const filter: OrderFilter = { statuses: statuses && [...statuses], revenueFrom: november.from, revenueTo: november.to }
    const list = orderTotals(db, filter).currencies
    const exported = await exportOrdersCsv(db, path.join(dir, 'orders.csv'), { filter, tz: TZ })
    const revenue = revenueDashboard(db, {
      filter: { statuses: filter.statuses },
      from: november.from,
      to: november.to,
      by: 'day',
      seriesBy: null,
      tz: TZ,
    })
    expect(list.map((c) => c.currency)).toEqual(['CNY'])
    const [cny] = list
    expect(cny.orders).toBe(listOrders(db, { filter, sort: { key: 'created_at', order: 'desc' }, page: 1, pageSize: 50 }).total)
    expect(cny.orders).toBe(exported.rows)
    expect(exported.totals).toEqual({ CNY: { paid: cny.paid, refunded: cny.refunded } })
    const kpi = revenue.kpis.find((k) => k.currency === 'CNY')!.current
    expect({ gross: kpi.gross, refunds: kpi.refunds, net: kpi.net }).toEqual({ gross: cny.paid, refunds: cny.refunded, net: cny.net })
    const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0)
    expect(sum(revenue.series[0].net)).toBe(cny.net)
    // Pub's orders are in it, by their creation: a filter by pay time leaves them out, and says so.
    expect(cny.paid).toBeGreaterThan(0)
    const byPayTime = { ...filter, revenueFrom: undefined, revenueTo: undefined, paidFrom: november.from, paidTo: november.to }
    expect(orderTotals(db, byPayTime).currencies[0].paid).toBeLessThan(cny.paid)
    expect(withoutPayTime(db, byPayTime)).toBe(
      (
        db
          .prepare(
            `SELECT count(*) AS n FROM orders WHERE source_id = 'bench-pub' AND paid > 0 AND created_at BETWEEN ? AND ? ${statuses ? "AND status = 'paid'" : ''}`,
          )
          .get(november.from, november.to) as { n: number }
      ).n,
    )
  })
})
