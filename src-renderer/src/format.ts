import { formatFen } from '../../src-preload/shared/money'
import { formatLocalInZone } from '../../src-preload/shared/timezone'

const formatters = new Map<string, Intl.NumberFormat | null>()

/**
 * Intl's formatter for amounts in `currency` (a code as the API gave it, any case): yuan with
 * the ¥ sign, every other currency with its code ("USD 1,234.56"), so no two look alike. Written
 * the same in either UI language, so an amount reads the same on every screen. Null for a code
 * Intl does not take.
 */
function formatterFor(currency: string): Intl.NumberFormat | null {
  const code = currency.trim().toUpperCase()
  let formatter = formatters.get(code)
  if (formatter === undefined) {
    try {
      formatter = new Intl.NumberFormat('zh-CN', {
        style: 'currency',
        currency: code,
        currencyDisplay: code === 'CNY' ? 'narrowSymbol' : 'code',
        // Amounts are kept in hundredths whatever the currency (fen for yuan).
        minimumFractionDigits: 2,
        maximumFractionDigits: 2,
      })
    } catch {
      formatter = null
    }
    formatters.set(code, formatter)
  }
  return formatter
}

const plain = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })

/** What goes before the digits of an amount in `currency`: "¥", or the code and a space that does not break. */
function currencyPrefix(currency: string): string {
  const parts = formatterFor(currency)?.formatToParts(1)
  if (!parts) return currency ? `${currency}\u00a0` : ''
  return parts
    .slice(
      0,
      parts.findIndex((p) => p.type === 'integer'),
    )
    .map((p) => (p.type === 'literal' ? '\u00a0' : p.value))
    .join('')
}

/**
 * Money for the screen, from integer fen, through Intl: the currency's sign or code, thousands
 * separators and two decimals ("¥1,234.56", "-¥12.30", "USD\u00a01,234.56"). The exact decimal
 * text goes to Intl, never a float, so it is exact to the fen for any amount. Exports and the
 * CLI write the plain decimal instead (formatFen).
 */
export function money(fen: number, currency: string): string {
  const text = formatFen(fen)
  const formatter = formatterFor(currency)
  if (formatter) return formatter.format(text as Intl.StringNumericLiteral)
  // Not a currency code Intl accepts: the code as the API gave it, before the grouped digits.
  const negative = text.startsWith('-')
  return `${negative ? '-' : ''}${currencyPrefix(currency)}${plain.format((negative ? text.slice(1) : text) as Intl.StringNumericLiteral)}`
}

/**
 * A chart axis's label: the amount in a few characters ("¥12万", "¥1.2亿"; "¥120K" in English).
 * Only for axes, where a rounded figure is enough; tooltips and every other place show `money`.
 */
export function moneyAxis(fen: number, currency: string, locale: string): string {
  const compact = new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(Math.abs(fen) / 100)
  return `${fen < 0 ? '-' : ''}${currencyPrefix(currency)}${compact}`
}

const percentFormat = new Intl.NumberFormat('zh-CN', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 })

/**
 * A ratio as a percentage for the screen, through Intl like `money`: thousands separators and one
 * decimal (0.437 → "43.7%", 11.49 → "1,149.0%"), written the same in either UI language.
 */
export function percent(ratio: number): string {
  return percentFormat.format(ratio)
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
