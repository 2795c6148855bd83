import { MIN_INSTANT } from '../../src-preload/contract-values'
import { instantFromWallClock, wallClockAt } from '../../src-preload/shared/timezone'

export { DATE_SHORTCUTS, type DateShortcut } from '../../src-preload/shared/order-list'
import type { DateShortcut } from '../../src-preload/shared/order-list'
/** The shortcuts that are periods: the revenue page's. */
export const PERIOD_SHORTCUTS = [
  'today',
  'yesterday',
  'last7',
  'last30',
  'thisMonth',
  'lastMonth',
] as const satisfies readonly DateShortcut[]
export type PeriodShortcut = (typeof PERIOD_SHORTCUTS)[number]
/** How old `over24h`'s orders are, at least. */
export const OVER_24H_MS = 24 * 3_600_000

export interface InstantRange {
  /** Inclusive start, epoch ms. */
  from: number
  /** Inclusive end, epoch ms. */
  to: number
}

function dayStart(year: number, month: number, day: number, zone: string): number {
  // Date.UTC normalizes overflowing days and months (day 0 = last day of the previous month).
  const d = new Date(Date.UTC(year, month - 1, day))
  return instantFromWallClock(
    { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: 0, minute: 0, second: 0 },
    zone,
  )
}

/** A shortcut as an instant range, with days cut in `zone` (the user's zone), never in UTC. */
export function shortcutRange(shortcut: DateShortcut, zone: string, now = Date.now()): InstantRange {
  const w = wallClockAt(now, zone)
  const start = (offsetDays: number): number => dayStart(w.year, w.month, w.day + offsetDays, zone)
  switch (shortcut) {
    case 'today':
      return { from: start(0), to: start(1) - 1 }
    case 'yesterday':
      return { from: start(-1), to: start(0) - 1 }
    case 'last7':
      return { from: start(-6), to: start(1) - 1 }
    case 'last30':
      return { from: start(-29), to: start(1) - 1 }
    case 'thisMonth':
      return { from: dayStart(w.year, w.month, 1, zone), to: dayStart(w.year, w.month + 1, 1, zone) - 1 }
    case 'lastMonth':
      return { from: dayStart(w.year, w.month - 1, 1, zone), to: dayStart(w.year, w.month, 1, zone) - 1 }
    case 'over24h':
      // Created strictly before now − 24 h, as the 工作台 counts them (src-main/home/summary.ts).
      return { from: MIN_INSTANT, to: now - OVER_24H_MS - 1 }
  }
}

/** `YYYY-MM-DD` day strings (as a date picker gives them) to an inclusive instant range in `zone`. */
export function daysRange(fromDay: string, toDay: string, zone: string): InstantRange {
  const [fy, fm, fd] = fromDay.split('-').map(Number)
  const [ty, tm, td] = toDay.split('-').map(Number)
  return { from: dayStart(fy, fm, fd, zone), to: dayStart(ty, tm, td + 1, zone) - 1 }
}

/** The instant as `YYYY-MM-DD` in `zone`. */
export function dayOf(ms: number, zone: string): string {
  const w = wallClockAt(ms, zone)
  return `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`
}
