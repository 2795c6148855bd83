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
