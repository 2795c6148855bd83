import type { NormalizedOrder } from '../orders/order'
import { parseYuanToFen } from '../../src-preload/shared/money'
import type { SkippedRecord } from './types'

/** Text or null: an empty string or null is "no value". */
export function text(value: unknown): string | null {
  if (value === null || value === undefined) return null
  const s = String(value).trim()
  return s === '' ? null : s
}

/** A required id as a string; throws naming the field. */
export function requiredId(value: unknown, field: string): string {
  const id = text(value)
  if (id === null) throw new Error(`${field} is missing`)
  return id
}

/**
 * Money in yuan to fen, with the field named in errors and a warning recorded when the
 * value had more than two decimals. A missing amount is 0.
 */
export function yuan(value: unknown, field: string, warnings: string[]): number {
  let parsed
  try {
    parsed = parseYuanToFen(value)
  } catch (error) {
    throw new Error(`${field}: ${(error as Error).message}`, { cause: error })
  }
  if (!parsed) return 0
  if (parsed.rounded) warnings.push(`${field} ${String(value)} had more than two decimals and was rounded to the fen`)
  return parsed.fen
}

/** Wraps a field parser so its error names the field. */
export function field<T>(name: string, parse: () => T): T {
  try {
    return parse()
  } catch (error) {
    throw new Error(`${name}: ${(error as Error).message}`, { cause: error })
  }
}

/** Normalizes a page of raw records: a record that cannot be normalized is skipped with its reason, the rest go on. */
export function normalizePage(
  records: readonly unknown[],
  normalize: (raw: unknown) => NormalizedOrder,
  idOf: (raw: unknown) => unknown,
): { orders: NormalizedOrder[]; skipped: SkippedRecord[] } {
  const orders: NormalizedOrder[] = []
  const skipped: SkippedRecord[] = []
  for (const raw of records) {
    try {
      orders.push(normalize(raw))
    } catch (error) {
      const id = text(idOf(raw))
      skipped.push({ reason: (error as Error).message, raw, ...(id ? { remote_id: id } : {}) })
    }
  }
  return { orders, skipped }
}

/** The opaque cursor sync persists between pages. */
export function encodeCursor(value: Record<string, number>): string {
  return JSON.stringify(value)
}

export function decodeCursor<T extends Record<string, number>>(cursor: string | null | undefined, fallback: T): T {
  if (!cursor) return fallback
  try {
    const parsed = JSON.parse(cursor) as T
    return { ...fallback, ...parsed }
  } catch {
    return fallback
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
