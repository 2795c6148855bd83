import { formatFen } from '../../src-main/connectors/money'
import { formatLocalInZone } from '../../src-main/shared/timezone'

/** Money for display: two decimals and the currency, from integer fen. */
export function money(fen: number, currency: string): string {
  return `${formatFen(fen)} ${currency}`
}

/** An instant as wall-clock time in the user's zone. */
export function dateTime(ms: number | null, zone: string): string {
  return ms === null ? '—' : formatLocalInZone(ms, zone)
}

/** A clock time in the user's zone: `HH:mm` today, `MM-DD HH:mm` on another day. */
export function clockTime(ms: number, zone: string, now: number = Date.now()): string {
  const at = formatLocalInZone(ms, zone)
  const sameDay = at.slice(0, 10) === formatLocalInZone(now, zone).slice(0, 10)
  return sameDay ? at.slice(11, 16) : at.slice(5, 16)
}
