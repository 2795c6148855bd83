import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { HomeSummary } from '../../src-preload/contract'
import { openDatabase, type Db } from '../../src-main/db/database'
import { homeSummary } from '../../src-main/home/summary'
import { SourceStore } from '../../src-main/sources/store'
import { recordFailure } from '../../src-main/sync/backoff'
import { addSource, order, writeOrders } from '../helpers/orders'

let db: Db
beforeEach(() => {
  db = openDatabase(':memory:').db
  addSource(db, 'shop', 'pub', '代理商城')
})
afterEach(() => db.close())

const TZ = 'Asia/Shanghai'
/** An instant given as China wall-clock time. */
const cn = (iso: string): number => Date.parse(`${iso}+08:00`)
const HOUR = 3_600_000

const summaryAt = (now: number, tz = TZ): HomeSummary => homeSummary(db, new SourceStore(db).listViews(), tz, now)
const periodOf = (s: HomeSummary, key: 'today' | 'yesterday' | 'month') => s.periods.find((p) => p.key === key)!
/** A period's figures as { currency: [net, paid orders, refunds] } for now and for the period compared. */
const figures = (s: HomeSummary, key: 'today' | 'yesterday' | 'month') =>
  Object.fromEntries(
    periodOf(s, key).figures.map((f) => [
      f.currency,
      {
        now: [f.current.net, f.current.paid_orders, f.current.refunds],
        before: [f.previous.net, f.previous.paid_orders, f.previous.refunds],
      },
    ]),
  )

describe('the 工作台 figures', () => {
  const NOW = cn('2026-11-15T10:00:00')

  beforeEach(() => {
    writeOrders(db, 'shop', [
      // Today's first and last instants in China: the day is cut there, not in UTC.
      order({ remote_id: 'first', paid: 1001, created_at: cn('2026-11-14T20:00:00'), paid_at: cn('2026-11-15T00:00:00') }),
      order({ remote_id: 'last', paid: 1, created_at: cn('2026-11-15T23:59:59.999') }),
      // 07:00 in China is the day before in UTC.
      order({ remote_id: 'early', paid: 303, created_at: cn('2026-11-15T07:00:00') }),
      order({
        remote_id: 'part',
        paid: 500,
        refunded: 200,
        status: 'partially_refunded',
        created_at: cn('2026-11-15T08:00:00'),
        paid_at: cn('2026-11-15T08:05:00'),
      }),
      order({ remote_id: 'usd', paid: 99, currency: 'USD', created_at: cn('2026-11-15T09:00:00') }),
      order({ remote_id: 'unpaid', paid: 0, status: 'pending', created_at: cn('2026-11-15T09:30:00') }),
      // Yesterday's last instant.
      order({ remote_id: 'y', paid: 2002, created_at: cn('2026-11-14T23:59:59.999') }),
      order({ remote_id: 'y-ref', paid: 800, refunded: 800, status: 'refunded', created_at: cn('2026-11-14T12:00:00') }),
      order({ remote_id: 'd-2', paid: 700, created_at: cn('2026-11-13T12:00:00') }),
      // This month's first instant; last month, in and just out of its same days (1 to 15 October).
      order({ remote_id: 'm1', paid: 400, created_at: cn('2026-11-01T00:00:00') }),
      order({ remote_id: 'oct-in', paid: 888, created_at: cn('2026-10-15T23:59:59.999') }),
      order({ remote_id: 'oct-out', paid: 999, created_at: cn('2026-10-16T00:00:00') }),
      order({ remote_id: 'oct-end', paid: 5000, created_at: cn('2026-10-31T23:59:59.999') }),
    ])
  })

  it('give today against all of yesterday, per currency, exact to the fen, days cut in the zone', () => {
    const s = summaryAt(NOW)
    expect(periodOf(s, 'today')).toMatchObject({ fromDay: '2026-11-15', toDay: '2026-11-15' })
    expect(periodOf(s, 'today').compare).toMatchObject({ fromDay: '2026-11-14', toDay: '2026-11-14' })
    expect(figures(s, 'today')).toEqual({
      CNY: { now: [1001 + 1 + 303 + 300, 4, 200], before: [2002, 2, 800] },
      USD: { now: [99, 1, 0], before: [0, 0, 0] },
    })
  })

  it('give yesterday against the day before', () => {
    const s = summaryAt(NOW)
    expect(periodOf(s, 'yesterday').compare).toMatchObject({ fromDay: '2026-11-13', toDay: '2026-11-13' })
    expect(figures(s, 'yesterday')).toEqual({ CNY: { now: [2002, 2, 800], before: [700, 1, 0] } })
  })

  it('give this month to date against the same days of last month', () => {
    const s = summaryAt(NOW)
    expect(periodOf(s, 'month')).toMatchObject({ fromDay: '2026-11-01', toDay: '2026-11-15' })
    expect(periodOf(s, 'month').compare).toMatchObject({ fromDay: '2026-10-01', toDay: '2026-10-15' })
    expect(figures(s, 'month').CNY).toEqual({ now: [400 + 700 + 2002 + 1605, 8, 1000], before: [888, 1, 0] })
  })

  it('cut the days in the user’s zone: in New York the same instant is still the 14th', () => {
    const s = summaryAt(NOW, 'America/New_York')
    // 10:00 in China is 21:00 on the 14th in New York; its 14th runs from 13:00 to 13:00 the next day in China.
    expect(periodOf(s, 'today')).toMatchObject({ fromDay: '2026-11-14', toDay: '2026-11-14' })
    expect(figures(s, 'today').CNY.now).toEqual([1001 + 303 + 300 + 2002, 4, 200])
  })

  it('compare the last days of a month with the end of a shorter month, not past it', () => {
    writeOrders(db, 'shop', [
      order({ remote_id: 'feb-end', paid: 123, created_at: cn('2026-02-28T23:59:59.999') }),
      order({ remote_id: 'mar-1', paid: 456, created_at: cn('2026-03-01T00:00:00') }),
    ])
    const month = periodOf(summaryAt(cn('2026-03-31T12:00:00')), 'month')
    expect(month.compare).toMatchObject({ fromDay: '2026-02-01', toDay: '2026-02-28' })
    expect(month.figures).toEqual([
      { currency: 'CNY', current: { net: 456, paid_orders: 1, refunds: 0 }, previous: { net: 123, paid_orders: 1, refunds: 0 } },
    ])
  })
})

describe('the 工作台 lists', () => {
  const NOW = cn('2026-11-15T10:00:00')

  it('count the orders waiting for payment longer than 24 hours, the oldest first, their amounts due added up', () => {
    writeOrders(db, 'shop', [
      order({ remote_id: 'just-over', status: 'pending', paid: 0, due: 101, created_at: NOW - 24 * HOUR - 1 }),
      order({ remote_id: 'exactly-24h', status: 'pending', paid: 0, due: 1000, created_at: NOW - 24 * HOUR }),
      order({ remote_id: 'old', status: 'pending', paid: 0, due: 2002, created_at: NOW - 30 * 24 * HOUR }),
      order({ remote_id: 'old-usd', status: 'pending', paid: 0, due: 7, currency: 'USD', created_at: NOW - 48 * HOUR }),
      order({ remote_id: 'old-paid', paid: 500, created_at: NOW - 48 * HOUR }),
      order({ remote_id: 'recent', status: 'pending', paid: 0, created_at: NOW - HOUR }),
    ])
    const { waiting } = summaryAt(NOW)
    expect(waiting.before).toBe(NOW - 24 * HOUR)
    expect(waiting.count).toBe(3)
    expect(waiting.oldest.map((o) => o.remote_id)).toEqual(['old', 'old-usd', 'just-over'])
    expect(waiting.due).toEqual([
      { currency: 'CNY', amount: 2103 },
      { currency: 'USD', amount: 7 },
    ])
  })

  it('give today’s refunds as orders paid today and refunded since, the largest first', () => {
    writeOrders(db, 'shop', [
      order({ remote_id: 'part', paid: 500, refunded: 120, status: 'partially_refunded', created_at: cn('2026-11-15T08:00:00') }),
      order({ remote_id: 'whole', paid: 900, refunded: 900, status: 'refunded', created_at: cn('2026-11-15T00:00:00') }),
      // Paid yesterday (its refund has no time of its own): yesterday's refund.
      order({ remote_id: 'yesterday', paid: 700, refunded: 700, status: 'refunded', created_at: cn('2026-11-14T23:59:59.999') }),
      order({ remote_id: 'paid', paid: 300, created_at: cn('2026-11-15T09:00:00') }),
    ])
    const { refundsToday } = summaryAt(NOW)
    expect(refundsToday.count).toBe(2)
    expect(refundsToday.amounts).toEqual([{ currency: 'CNY', amount: 1020 }])
    expect(refundsToday.largest.map((o) => o.remote_id)).toEqual(['whole', 'part'])
  })
})

describe('the 工作台 sources', () => {
  it('give each source (in the sources page’s order) with its sync failure, next try and newest reconciliation', () => {
    addSource(db, 'pay', 'pingpp', 'Ping++ 收款')
    const now = cn('2026-11-15T10:00:00')
    recordFailure(db, 'pay', { kind: 'auth', message: 'HTTP 401', remoteMessage: 'bad key' }, 0, now)
    db.prepare('INSERT OR IGNORE INTO sync_state (source_id, last_success_at) VALUES (?, ?)').run('shop', now - HOUR)
    const insert = db.prepare('INSERT INTO reconciliations (source_id, at, matches, lines, error) VALUES (?, ?, ?, ?, ?)')
    const line = (match: boolean) => ({ key: 'total', label: 'orders', unit: 'count', remote: 1, local: match ? 1 : 0, match })
    insert.run('shop', now - 2 * HOUR, 1, JSON.stringify([line(true)]), null)
    insert.run('shop', now - HOUR, 0, JSON.stringify([line(false), line(true), line(false)]), null)
    insert.run('pay', now - HOUR, 0, '[]', 'connect ECONNREFUSED')
    const { sources } = summaryAt(now)
    expect(sources).toEqual([
      expect.objectContaining({
        id: 'pay',
        failures: 1,
        lastError: { kind: 'auth', message: 'HTTP 401', remoteMessage: 'bad key' },
        nextAttemptAt: now + 30_000,
        reconcile: { at: now - HOUR, matches: false, differing: 0, failed: true },
      }),
      expect.objectContaining({
        id: 'shop',
        name: '代理商城',
        lastSuccessAt: now - HOUR,
        failures: 0,
        lastError: null,
        reconcile: { at: now - HOUR, matches: false, differing: 2, failed: false },
      }),
    ])
  })

  it('give none when there is no source: the page is the empty state', () => {
    db.prepare('DELETE FROM sources').run()
    expect(summaryAt(Date.now()).sources).toEqual([])
  })
})
