/**
 * Wall-clock ↔ instant conversion in an IANA zone, via Intl (the tz database the runtime
 * ships). Used at the edges only: parsing offset-less API times, and cutting days, weeks and
 * months for revenue and display.
 */
const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    formatters.set(zone, f)
  }
  return f
}

export function isValidTimeZone(zone: string): boolean {
  try {
    formatter(zone)
    return true
  } catch {
    return false
  }
}

export interface WallClock {
  year: number
  month: number // 1-12
  day: number
  hour: number
  minute: number
  second: number
}

/** The wall clock in `zone` at instant `ms` (milliseconds dropped). */
export function wallClockAt(ms: number, zone: string): WallClock {
  const parts = formatter(zone).formatToParts(new Date(ms))
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value)
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
  }
}

const offsetCache = new Map<string, number>()
const QUARTER_HOUR = 900_000

/**
 * Offset of `zone` from UTC at instant `ms`, in milliseconds (Shanghai: +8 h). Offsets only
 * change on quarter-hour boundaries, so they are cached per zone and quarter hour: Intl is
 * slow, and an export formats two times for every row.
 */
export function zoneOffsetMs(ms: number, zone: string): number {
  const slot = Math.floor(ms / QUARTER_HOUR)
  const key = `${zone}|${slot}`
  let offset = offsetCache.get(key)
  if (offset === undefined) {
    const at = slot * QUARTER_HOUR
    const w = wallClockAt(at, zone)
    offset = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - at
    if (offsetCache.size > 200_000) offsetCache.clear()
    offsetCache.set(key, offset)
  }
  return offset
}

/** The wall clock in `zone` at `ms`, by offset arithmetic (no Intl call once the offset is cached). */
function fastWallClock(ms: number, zone: string): WallClock {
  const d = new Date(ms + zoneOffsetMs(ms, zone))
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  }
}

/**
 * The instant at which the wall clock in `zone` shows the given time. In a DST gap the
 * later offset wins; in an overlap the earlier instant. China has no DST, so this only
 * matters for sources configured in other zones.
 */
export function instantFromWallClock(w: WallClock, zone: string, millis = 0): number {
  const naive = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second)
  let guess = naive - zoneOffsetMs(naive, zone)
  const second = naive - zoneOffsetMs(guess, zone)
  if (second !== guess) guess = second
  return guess + millis
}

/** Formats an instant as ISO 8601 with the zone's offset, seconds precision. */
export function formatIsoInZone(ms: number, zone: string): string {
  const w = fastWallClock(ms, zone)
  const offsetMin = Math.round(zoneOffsetMs(ms, zone) / 60000)
  const sign = offsetMin < 0 ? '-' : '+'
  const abs = Math.abs(offsetMin)
  return `${formatLocal(w).replace(' ', 'T')}${sign}${pad(Math.trunc(abs / 60))}:${pad(abs % 60)}`
}

/** `YYYY-MM-DD HH:mm:ss` in the zone (the spreadsheet style). */
export function formatLocalInZone(ms: number, zone: string): string {
  return formatLocal(fastWallClock(ms, zone))
}

function formatLocal(w: WallClock): string {
  return `${w.year}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`
}

function pad(n: number): string {
  return String(n).padStart(2, '0')
}

/**
 * A formatter of instants in one zone for bulk output (the CSV export formats two times per
 * row, a million rows): the date text is built once per local day, the time by arithmetic.
 * Same output as formatIsoInZone (`iso`) and formatLocalInZone (`spreadsheet`).
 */
export function zoneTimeFormatter(zone: string, style: 'iso' | 'spreadsheet'): (ms: number) => string {
  const days = new Map<number, string>()
  const offsets = new Map<number, string>()
  const offsetAt = zoneOffsets(zone)
  return (ms) => {
    const offset = offsetAt(ms)
    const local = ms + offset
    const day = Math.floor(local / 86_400_000)
    let date = days.get(day)
    if (date === undefined) {
      const d = new Date(day * 86_400_000)
      date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
      if (days.size > 10_000) days.clear()
      days.set(day, date)
    }
    const seconds = Math.floor((local - day * 86_400_000) / 1000)
    const clock = `${TWO_DIGITS[Math.floor(seconds / 3600)]}:${TWO_DIGITS[Math.floor(seconds / 60) % 60]}:${TWO_DIGITS[seconds % 60]}`
    if (style === 'spreadsheet') return `${date} ${clock}`
    let suffix = offsets.get(offset)
    if (suffix === undefined) {
      const minutes = Math.round(offset / 60_000)
      const abs = Math.abs(minutes)
      suffix = `${minutes < 0 ? '-' : '+'}${pad(Math.trunc(abs / 60))}:${pad(abs % 60)}`
      offsets.set(offset, suffix)
    }
    return `${date}T${clock}${suffix}`
  }
}

/**
 * The zone's offset at an instant, for bulk work (an export's million rows): offsets are kept by
 * quarter hour, keyed by number, cheaper than zoneOffsetMs's shared string-keyed cache.
 */
export function zoneOffsets(zone: string): (ms: number) => number {
  const slots = new Map<number, number>()
  return (ms) => {
    const slot = Math.floor(ms / QUARTER_HOUR)
    let offset = slots.get(slot)
    if (offset === undefined) {
      offset = zoneOffsetMs(ms, zone)
      if (slots.size > 100_000) slots.clear()
      slots.set(slot, offset)
    }
    return offset
  }
}

const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'))

/** Start of the calendar day containing `ms` in `zone`, as an instant. */
export function startOfDay(ms: number, zone: string): number {
  const w = wallClockAt(ms, zone)
  return instantFromWallClock({ ...w, hour: 0, minute: 0, second: 0 }, zone)
}

/** Instant of `YYYY-MM-DD` 00:00 in `zone`. Throws on a malformed date. */
export function instantOfDate(date: string, zone: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  if (!m) throw new Error(`not a date (YYYY-MM-DD): ${date}`)
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const check = new Date(Date.UTC(year, month - 1, day))
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) throw new Error(`not a real date: ${date}`)
  return instantFromWallClock({ year, month, day, hour: 0, minute: 0, second: 0 }, zone)
}
