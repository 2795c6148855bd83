import type { EpochMs } from '../orders/order'
import { instantFromWallClock } from '../../src-preload/shared/timezone'

// 2026-11-01T23:30:00, 2026-11-01 23:30:00, with optional fraction (any number of digits,
// .NET writes seven) and optional Z or ±hh:mm / ±hhmm offset.
const ISO_LIKE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i

/**
 * Parses an API date-time. A time with an offset or Z is taken as it says; a time without
 * one is wall-clock time in `zone` (the source's zone), whatever zone this machine is in.
 * Returns null for "no value" (null, undefined, empty string, .NET's 0001-01-01 default).
 * Throws on text that is not a date.
 */
export function parseApiTime(value: unknown, zone: string): EpochMs | null {
  if (value === null || value === undefined) return null
  if (typeof value !== 'string') throw new Error(`time is not text: ${JSON.stringify(value)}`)
  const text = value.trim()
  if (text === '') return null
  const m = ISO_LIKE.exec(text)
  if (!m) throw new Error(`not a date-time: ${JSON.stringify(value)}`)
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', offset] = m
  const wall = {
    year: Number(y),
    month: Number(mo),
    day: Number(d),
    hour: Number(h),
    minute: Number(mi),
    second: Number(s),
  }
  if (wall.year <= 1) return null // .NET DateTime.MinValue stands for "not set"
  if (wall.month < 1 || wall.month > 12 || wall.day < 1 || wall.day > 31 || wall.hour > 23 || wall.minute > 59 || wall.second > 60) {
    throw new Error(`not a valid date-time: ${JSON.stringify(value)}`)
  }
  const check = new Date(Date.UTC(wall.year, wall.month - 1, wall.day))
  if (check.getUTCDate() !== wall.day) throw new Error(`not a valid date: ${JSON.stringify(value)}`)
  // Milliseconds from the first three digits: no float arithmetic on the fraction.
  const millis = frac ? Number(frac.slice(0, 3).padEnd(3, '0')) : 0
  if (!offset) return instantFromWallClock(wall, zone, millis)
  const naive = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second) + millis
  if (offset.toUpperCase() === 'Z') return naive
  const om = /^([+-])(\d{2}):?(\d{2})$/.exec(offset)!
  const offsetMs = (Number(om[2]) * 60 + Number(om[3])) * 60000 * (om[1] === '-' ? -1 : 1)
  return naive - offsetMs
}

/** Unix seconds (pingpp) to an instant; null/0/"" are "no value". */
export function parseUnixSeconds(value: unknown): EpochMs | null {
  if (value === null || value === undefined || value === '' || value === 0) return null
  const n = typeof value === 'string' ? Number(value) : value
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) {
    throw new Error(`not a Unix timestamp: ${JSON.stringify(value)}`)
  }
  return Math.round(n * 1000)
}
