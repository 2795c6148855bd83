import type { HomeFigures, HomePeriod, HomeSourceHealth, HomeSummary, OrderFilter, SourceView } from '../../src-preload/contract'
import type { Db } from '../db/database'
import { listOrders } from '../orders/queries'
import { moneyTotals } from '../orders/totals'
import { reconciliationHistory } from '../reconcile/reconcile'
import { periodTotals, todayIn } from '../revenue/revenue'
import { instantFromWallClock, wallClockAt } from '../../src-preload/shared/timezone'

/** How long an order waits for payment before the 工作台 raises it. */
export const WAITING_MS = 24 * 3_600_000
/** Orders listed under "waiting" and "refunds today": the list, one click away, has the rest. */
export const FEW = 5

/** The statuses of an order with money refunded (pub's and appkey's refunds are whole, Ping++'s may be part). */
export const REFUNDED_STATUSES = ['refunded', 'partially_refunded'] as const

/** Start of a calendar day in `zone`; day and month may overflow (day 0 is the last of the month before). */
function dayStart(year: number, month: number, day: number, zone: string): number {
  const d = new Date(Date.UTC(year, month - 1, day))
  return instantFromWallClock(
    { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: 0, minute: 0, second: 0 },
    zone,
  )
}

/** The filter of orders waiting for payment since before `before` (the order list's 待支付 with the over24h shortcut). */
export function waitingFilter(before: number): OrderFilter {
  return { statuses: ['pending'], createdTo: before - 1 }
}

/**
 * The 工作台's figures at `now` in `tz`: today against yesterday, yesterday against the day
 * before, this month to date against the same days of last month; money and paid orders by
 * revenue time as the revenue page counts them (periodTotals); orders waiting for payment for
 * more than a day; today's refunds; and each source's sync health and last reconciliation.
 */
export function homeSummary(db: Db, sources: readonly SourceView[], tz: string, now: number): HomeSummary {
  const w = wallClockAt(now, tz)
  const day = (offset: number): number => dayStart(w.year, w.month, w.day + offset, tz)
  // The same days of last month, cut at its end: on 31 March, 1 to 28 (or 29) February.
  const lastMonthDays = new Date(Date.UTC(w.year, w.month - 1, 0)).getUTCDate()
  const periods: HomePeriod[] = [
    period(db, tz, 'today', [day(0), day(1) - 1], [day(-1), day(0) - 1]),
    period(db, tz, 'yesterday', [day(-1), day(0) - 1], [day(-2), day(-1) - 1]),
    period(
      db,
      tz,
      'month',
      [dayStart(w.year, w.month, 1, tz), day(1) - 1],
      [dayStart(w.year, w.month - 1, 1, tz), dayStart(w.year, w.month - 1, Math.min(w.day, lastMonthDays) + 1, tz) - 1],
    ),
  ]

  const before = now - WAITING_MS
  const waiting = waitingFilter(before)
  const oldest = listOrders(db, { filter: waiting, sort: { key: 'created_at', order: 'asc' }, page: 1, pageSize: 20 })

  const todays: OrderFilter = { revenueFrom: day(0), revenueTo: day(1) - 1 }
  const refundTotals = moneyTotals(db, { ...todays, statuses: [...REFUNDED_STATUSES] })
  // Today's orders by amount refunded, not the refunded statuses': with a status, SQLite walks
  // every refunded order of all time by its status index instead of today's by revenue time.
  const largest = listOrders(db, { filter: todays, sort: { key: 'refunded', order: 'desc' }, page: 1, pageSize: 20 })

  return {
    tz,
    now,
    periods,
    waiting: {
      before,
      count: oldest.total,
      due: moneyTotals(db, waiting).map((t) => ({ currency: t.currency, amount: t.due })),
      oldest: oldest.rows.slice(0, FEW),
    },
    refundsToday: {
      count: refundTotals.reduce((n, t) => n + t.orders, 0),
      amounts: refundTotals.map((t) => ({ currency: t.currency, amount: t.refunded })),
      largest: largest.rows.filter((o) => o.refunded > 0).slice(0, FEW),
    },
    sources: sources.map((s) => health(db, s)),
  }
}

function period(db: Db, tz: string, key: HomePeriod['key'], [from, to]: [number, number], [cFrom, cTo]: [number, number]): HomePeriod {
  const current = figuresOf(db, from, to)
  const previous = figuresOf(db, cFrom, cTo)
  const zero: HomeFigures = { net: 0, paid_orders: 0, refunds: 0 }
  const currencies = [...new Set([...current.keys(), ...previous.keys()])].sort()
  return {
    key,
    from,
    to,
    fromDay: todayIn(tz, from),
    toDay: todayIn(tz, to),
    compare: { from: cFrom, to: cTo, fromDay: todayIn(tz, cFrom), toDay: todayIn(tz, cTo) },
    figures: currencies.map((currency) => ({
      currency,
      current: current.get(currency) ?? zero,
      previous: previous.get(currency) ?? zero,
    })),
  }
}

function figuresOf(db: Db, from: number, to: number): Map<string, HomeFigures> {
  return new Map(
    periodTotals(db, {}, from, to).map((f) => [f.currency, { net: f.net_minor, paid_orders: f.paid_orders, refunds: f.refunds_minor }]),
  )
}

function health(db: Db, s: SourceView): HomeSourceHealth {
  const last = reconciliationHistory(db, s.id, 1)[0]
  return {
    id: s.id,
    name: s.name,
    kind: s.kind,
    enabled: s.enabled,
    autoSyncMinutes: s.autoSyncMinutes,
    lastSuccessAt: s.lastSuccessAt,
    lastError: s.lastError,
    failures: s.failures,
    nextAttemptAt: s.nextAttemptAt,
    reconcile: last
      ? { at: last.at, matches: last.matches, differing: last.lines.filter((l) => !l.match).length, failed: last.error !== null }
      : null,
  }
}
