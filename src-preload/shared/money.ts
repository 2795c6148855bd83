/** Integer minor units (fen). Never a float yuan. */
export type Fen = number

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

/** Why a typed amount was not taken; the form says it in words. */
export type YuanInputProblem = 'format' | 'decimals' | 'too_large'

/** The largest amount a form takes: 100 million yuan. */
export const MAX_INPUT_FEN = 10_000_000_000

/** Digits, optionally grouped by commas in threes, then an optional fraction. */
const YUAN_INPUT = /^(\d{1,3}(?:,\d{3})+|\d*)(?:\.(\d*))?$/

/**
 * An amount staff typed in yuan, to integer fen, exactly: "0.07" → 7, "8.2" → 820, "19.99" → 1999.
 * Full-width digits and points (typed with a Chinese input method), a leading ¥ and a trailing
 * 元 are taken; a third decimal that is not 0 is refused, never rounded: staff meant something.
 */
export function parseYuanInput(value: string | number): { fen: Fen } | { problem: YuanInputProblem } {
  if (typeof value === 'number' && !Number.isFinite(value)) return { problem: 'format' }
  const text = String(value)
    .replace(/[\uff10-\uff19]/g, (d) => String(d.charCodeAt(0) - 0xff10))
    .replace(/[\uff0e\u3002]/g, '.')
    .replace(/\uff0c/g, ',')
    .replace(/\s+/g, '')
    .replace(/^[¥￥]/, '')
    .replace(/元$/, '')
  const match = YUAN_INPUT.exec(text)
  if (!match || !/\d/.test(text)) return { problem: 'format' }
  const whole = match[1].replace(/,/g, '').replace(/^0+(?=\d)/, '')
  const fraction = (match[2] ?? '').replace(/0+$/, '')
  if (fraction.length > 2) return { problem: 'decimals' }
  if (whole.length > 11) return { problem: 'too_large' }
  const fen = Number(whole || '0') * 100 + Number(fraction.padEnd(2, '0'))
  return fen > MAX_INPUT_FEN ? { problem: 'too_large' } : { fen }
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

/**
 * Fen as the number of yuan an API takes in JSON: 1999 → 19.99. Read from the decimal text, so
 * it is the double nearest that decimal, which JSON writes back as the same digits.
 */
export function fenToYuanNumber(fen: Fen): number {
  return Number(formatFen(fen))
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
