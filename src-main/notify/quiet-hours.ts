import type { NotifySettings } from '../../src-preload/contract'
import { wallClockAt } from '../../src-preload/shared/timezone'

const minutesOf = (clock: string): number => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5))

/**
 * Whether `now` falls in the quiet hours, read on the wall clock of `zone`: from `from` up to
 * (not including) `to`; a `from` later than `to` crosses midnight (22:00–08:00 is the night).
 */
export function inQuietHours(now: number, quiet: NotifySettings['quiet'], zone: string): boolean {
  if (!quiet.enabled) return false
  const clock = wallClockAt(now, zone)
  const minute = clock.hour * 60 + clock.minute
  const from = minutesOf(quiet.from)
  const to = minutesOf(quiet.to)
  return from < to ? minute >= from && minute < to : minute >= from || minute < to
}
