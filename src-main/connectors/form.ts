import { z } from 'zod'
import { parseYuanInput, type YuanInputProblem } from './money'

/** Text in both UI languages; the renderer picks one. */
export interface LocalizedText {
  zh: string
  en: string
}

/**
 * One field of a connector's create form, described as data so the renderer can draw it
 * and main can validate the submitted values with the very same description.
 */
export interface FormField {
  key: string
  /**
   * `money`: typed in yuan (text, at most two decimals), handed to the connector as integer fen;
   * the connector writes it as its API wants it.
   */
  type: 'string' | 'integer' | 'decimal' | 'money' | 'boolean' | 'select'
  required: boolean
  label: LocalizedText
  help?: LocalizedText
  /** For `select`: the allowed values (numbers or strings, as the API wants them). */
  choices?: ReadonlyArray<{ value: string | number; label: LocalizedText }>
  /** Bounds of the value; for `money`, in fen. */
  min?: number
  max?: number
  /** For `money`: whole yuan only (the API takes an integer number of yuan). */
  wholeYuan?: boolean
  /** A value the form makes up front, which staff may change: a merchant order number in the API's format. */
  generate?: 'merchant_order_no'
  /** The part of a product this field holds: the form offers the products of the source's cached orders. */
  fromOrders?: 'product_id' | 'product_name' | 'product_type'
  /** For `string`: a pattern the value must match, with the message to show. */
  pattern?: { regex: string; message: LocalizedText }
  maxLength?: number
  /** Default value shown in the form. */
  default?: string | number | boolean
}

const MONEY_PROBLEMS: Record<YuanInputProblem, string> = {
  format: 'is not an amount in yuan',
  decimals: 'at most two decimals',
  too_large: 'is too large',
}

/** Builds the zod schema of a create form: unknown keys rejected, empty optional values dropped. */
export function formSchema(fields: readonly FormField[]): z.ZodType<Record<string, unknown>> {
  const shape: Record<string, z.ZodType> = {}
  for (const field of fields) {
    let schema: z.ZodType
    switch (field.type) {
      case 'string': {
        let s = z.string().trim()
        if (field.required) s = s.min(1, `${field.label.en} is required`)
        if (field.maxLength) s = s.max(field.maxLength)
        if (field.pattern) s = s.regex(new RegExp(field.pattern.regex), field.pattern.message.en)
        schema = s
        break
      }
      case 'money': {
        let fen = z
          .number()
          .int()
          .min(field.min ?? 1, `at least ${field.min ?? 1} fen`)
        if (field.max !== undefined) fen = fen.max(field.max, `at most ${field.max} fen`)
        schema = z
          .union([z.string().max(40), z.number()])
          .transform((value, ctx) => {
            const parsed = parseYuanInput(value)
            if ('fen' in parsed) return parsed.fen
            ctx.addIssue({ code: 'custom', message: MONEY_PROBLEMS[parsed.problem] })
            return z.NEVER
          })
          .pipe(field.wholeYuan ? fen.refine((v) => v % 100 === 0, 'whole yuan only') : fen)
        break
      }
      case 'integer':
      case 'decimal': {
        let n = field.type === 'integer' ? z.number().int() : z.number()
        if (field.min !== undefined) n = n.min(field.min)
        if (field.max !== undefined) n = n.max(field.max)
        if (field.type === 'decimal') {
          n = n.refine((v) => Math.abs(Math.round(v * 100) - v * 100) < 1e-6, 'at most two decimals')
        }
        // A number picked from the cached orders arrives as the text it was shown as.
        schema =
          field.type === 'integer' ? z.preprocess((v) => (typeof v === 'string' && /^\s*\d{1,15}\s*$/.test(v) ? Number(v) : v), n) : n
        break
      }
      case 'boolean':
        schema = z.boolean()
        break
      case 'select': {
        const values = (field.choices ?? []).map((c) => c.value)
        schema = z.union([z.string(), z.number()]).refine((v) => values.includes(v), {
          message: `must be one of ${values.join(', ')}`,
        })
        break
      }
    }
    shape[field.key] = field.required ? schema : z.preprocess((v) => (v === '' || v === null ? undefined : v), schema.optional())
  }
  return z.strictObject(shape)
}
