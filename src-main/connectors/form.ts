import { z } from 'zod'
import type { FormField } from '../../src-preload/shared/form-field'
import { parseYuanInput, type YuanInputProblem } from '../../src-preload/shared/money'

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
