import { z } from 'zod'

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
  type: 'string' | 'integer' | 'decimal' | 'boolean' | 'select'
  required: boolean
  label: LocalizedText
  help?: LocalizedText
  /** For `select`: the allowed values (numbers or strings, as the API wants them). */
  choices?: ReadonlyArray<{ value: string | number; label: LocalizedText }>
  min?: number
  max?: number
  /** For `string`: a pattern the value must match, with the message to show. */
  pattern?: { regex: string; message: LocalizedText }
  maxLength?: number
  /** Default value shown in the form. */
  default?: string | number | boolean
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
      case 'integer':
      case 'decimal': {
        let n = field.type === 'integer' ? z.number().int() : z.number()
        if (field.min !== undefined) n = n.min(field.min)
        if (field.max !== undefined) n = n.max(field.max)
        if (field.type === 'decimal') {
          n = n.refine((v) => Math.abs(Math.round(v * 100) - v * 100) < 1e-6, 'at most two decimals')
        }
        schema = n
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
