import { formatFen } from '../../src-main/connectors/money'
import { formatLocalInZone } from '../../src-main/shared/timezone'

const prefixes = new Map<string, string>()

/**
 * What goes before the digits of an amount in `currency`: the symbol Intl writes for it in
 * zh-CN, with the space it puts after a letter code ("¥", "US$", "JP¥", "SGD "). In zh-CN each
 * currency has a symbol of its own, so amounts of different currencies never look alike. The
 * same in either UI language: an amount reads the same on every screen.
 */
function currencyPrefix(currency: string): string {
  let prefix = prefixes.get(currency)
  if (prefix === undefined) {
    try {
      const parts = new Intl.NumberFormat('zh-CN', { style: 'currency', currency }).formatToParts(1)
      const digits = parts.findIndex((p) => p.type === 'integer')
      const before = parts.slice(0, digits)
      prefix = before.some((p) => p.type === 'currency') ? before.map((p) => p.value).join('') : `${currency}\u00a0`
    } catch {
      // Not a currency code Intl accepts: the code as the API gave it.
      prefix = currency ? `${currency}\u00a0` : ''
    }
    prefixes.set(currency, prefix)
  }
  return prefix
}

/** "1234567.89" → "1,234,567.89": the grouping added to the exact decimal text, never through a float. */
function group(decimal: string): string {
  const [whole, fraction] = decimal.split('.')
  return `${whole.replace(/\B(?=(\d{3})+$)/g, ',')}.${fraction}`
}

/**
 * Money for the screen, from integer fen: the currency's symbol, thousands separators and two
 * decimals, exact to the fen ("¥1,234.56", "-¥12.30", "US$1,234.56"). Exports and the CLI write
 * the plain decimal instead (formatFen).
 */
export function money(fen: number, currency: string): string {
  const text = formatFen(fen)
  const negative = text.startsWith('-')
  return `${negative ? '-' : ''}${currencyPrefix(currency)}${group(negative ? text.slice(1) : text)}`
}

/**
 * A chart axis's label: the amount in a few characters ("¥12万", "¥1.2亿"; "¥120K" in English).
 * Only for axes, where a rounded figure is enough; tooltips and every other place show `money`.
 */
export function moneyAxis(fen: number, currency: string, locale: string): string {
  const compact = new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(Math.abs(fen) / 100)
  return `${fen < 0 ? '-' : ''}${currencyPrefix(currency)}${compact}`
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
