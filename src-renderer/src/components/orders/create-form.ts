import type { FormField, ProductOption } from '../../../../src-preload/contract'
import { formatFen, parseYuanInput } from '../../../../src-preload/shared/money'
import { newMerchantOrderNo } from '../../../../src-preload/shared/order-no'

/** A message of the create dialog (createDialog.*) with what it names. */
export interface FieldProblem {
  key: string
  named?: Record<string, string | number>
}

/** The form as it opens: defaults, a merchant order number made for it, the rest empty. */
export function initialValues(fields: readonly FormField[], now: number, timeZone: string): Record<string, unknown> {
  const values: Record<string, unknown> = {}
  for (const f of fields) {
    if (f.generate === 'merchant_order_no') values[f.key] = newMerchantOrderNo(now, timeZone)
    else if (f.default !== undefined) values[f.key] = f.default
    else if (f.type === 'boolean') values[f.key] = false
    // Number boxes (el-input-number) hold undefined when empty; the others hold text.
    else if ((f.type === 'integer' && !f.fromOrders) || f.type === 'decimal') values[f.key] = undefined
    else values[f.key] = ''
  }
  return values
}

/**
 * What is wrong with an amount typed in yuan, by the rules main checks again (connectors/form.ts):
 * null when it is right or empty (an empty required field is the required rule's to say).
 */
export function moneyProblem(field: FormField, value: unknown): FieldProblem | null {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : ''
  if (text === '') return null
  const parsed = parseYuanInput(text)
  if ('problem' in parsed) {
    const key = { format: 'moneyFormat', decimals: 'moneyDecimals', too_large: 'moneyTooLarge' }[parsed.problem]
    return { key }
  }
  if (field.wholeYuan && parsed.fen % 100 !== 0) return { key: 'moneyWhole' }
  const min = field.min ?? 1
  if (parsed.fen < min) return { key: 'moneyMin', named: { min: formatFen(min) } }
  if (field.max !== undefined && parsed.fen > field.max) return { key: 'moneyMax', named: { max: formatFen(field.max) } }
  return null
}

/** What is wrong with a whole number typed as text (a field offering the cached orders' ids). */
export function integerTextProblem(field: FormField, value: unknown): FieldProblem | null {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : ''
  if (text === '') return null
  if (!/^\d{1,15}$/.test(text)) return { key: 'integerFormat' }
  const n = Number(text)
  if ((field.min !== undefined && n < field.min) || (field.max !== undefined && n > field.max))
    return { key: 'range', named: { min: field.min ?? '−∞', max: field.max ?? '∞' } }
  return null
}

/** The values main gets: empty ones left out, text trimmed; amounts go as typed, main turns them into fen. */
export function submittedInput(fields: readonly FormField[], values: Record<string, unknown>): Record<string, unknown> {
  const input: Record<string, unknown> = {}
  for (const f of fields) {
    const v = typeof values[f.key] === 'string' ? (values[f.key] as string).trim() : values[f.key]
    if (v === '' || v === undefined || v === null) continue
    input[f.key] = v
  }
  return input
}

/** One product offered for a field: the value the field takes, and what tells it apart. */
export interface ProductSuggestion {
  value: string
  detail: string
  product: ProductOption
}

/**
 * The products a field offers, those matching what is typed (in the value or what tells it apart,
 * any case), most ordered first.
 */
export function productSuggestions(field: FormField, products: readonly ProductOption[], query: string): ProductSuggestion[] {
  const part = field.fromOrders
  if (!part) return []
  const q = query.trim().toLowerCase()
  const seen = new Set<string>()
  const out: ProductSuggestion[] = []
  for (const product of products) {
    const value = product[part]
    if (value === null) continue
    // A name is told apart by its id and an id by its name; a type stands alone.
    const other = part === 'product_name' ? product.product_id : part === 'product_id' ? product.product_name : null
    const detail = other !== null && other !== value ? other : ''
    // A type is offered once; a name or id once for each product it belongs to.
    const key = part === 'product_type' ? value : `${value}\u0000${detail}`
    if (seen.has(key)) continue
    if (q && !`${value} ${detail}`.toLowerCase().includes(q)) continue
    seen.add(key)
    out.push({ value, detail, product })
  }
  return out
}

/** The form's product fields filled from a picked product, where it has that part. */
export function valuesOfProduct(fields: readonly FormField[], product: ProductOption): Record<string, string> {
  const values: Record<string, string> = {}
  for (const f of fields) {
    const v = f.fromOrders ? product[f.fromOrders] : null
    if (v !== null && v !== undefined) values[f.key] = v
  }
  return values
}

/** A failed submit in words: a second failure in a row says it is one, and how many there have been. */
export function failureProblem(attempts: number, message: string): FieldProblem {
  return attempts > 1 ? { key: 'failedAgain', named: { n: attempts, message } } : { key: 'failed', named: { message } }
}
