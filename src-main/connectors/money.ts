import type { Fen } from '../orders/order'

export interface ParsedMoney {
  fen: Fen
  /** True when the value had more than two decimals and was rounded half-up. */
  rounded: boolean
}

const DECIMAL = /^([+-])?(\d+)(?:\.(\d*))?$/

/**
 * Parses a decimal amount in yuan (text or a JSON number) into integer fen without ever
 * multiplying a binary float: "0.07" → 7, 8.2 → 820, "1234567.89" → 123456789.
 * A JSON number is read through its shortest round-trip text, which is the decimal the
 * API wrote. Returns null for "no value" (null, undefined, empty string).
 * Throws on anything that is not a decimal number.
 */
export function parseYuanToFen(value: unknown): ParsedMoney | null {
  if (value === null || value === undefined) return null
  let text: string
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`amount is not a finite number: ${value}`)
    text = numberToPlainText(value)
  } else if (typeof value === 'string') {
    text = value.trim()
    if (text === '') return null
  } else {
    throw new Error(`amount is not a number: ${JSON.stringify(value)}`)
  }
  const match = DECIMAL.exec(text)
  if (!match) throw new Error(`amount is not a decimal number: ${JSON.stringify(value)}`)
  const [, sign, whole, fraction = ''] = match
  const cents = (fraction + '00').slice(0, 2)
  const rest = fraction.slice(2)
  let fen = Number(whole) * 100 + Number(cents)
  // Half-up on the third decimal; any later digits cannot change a half-up decision
  // except to push an exact "5" above half, which rounds up anyway.
  const rounded = /[1-9]/.test(rest)
  if (rest.length > 0 && rest[0] >= '5') fen += 1
  if (!Number.isSafeInteger(fen)) throw new Error(`amount is too large: ${JSON.stringify(value)}`)
  return { fen: sign === '-' ? -fen : fen, rounded }
}

/** Integer fen given by the API itself (pingpp). Rejects fractions and text that is not an integer. */
export function parseFenInteger(value: unknown): Fen | null {
  if (value === null || value === undefined || value === '') return null
  const n = typeof value === 'string' ? Number(value.trim()) : value
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) {
    throw new Error(`amount in fen is not an integer: ${JSON.stringify(value)}`)
  }
  return n
}

/** 1999 → "19.99", -5 → "-0.05". Plain decimal, no separators, no currency sign. */
export function formatFen(fen: Fen): string {
  const negative = fen < 0
  const abs = Math.abs(fen)
  const text = `${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
  return negative ? `-${text}` : text
}

function numberToPlainText(n: number): string {
  // String(1e21) is exponent notation; amounts that large are not money anyway.
  const text = String(n)
  if (/e/i.test(text)) {
    if (Math.abs(n) < 1) return n.toFixed(20).replace(/0+$/, '')
    throw new Error(`amount is too large: ${text}`)
  }
  return text
}
