/**
 * Saved views of the order list, as the contract takes them: a name and the list's view state
 * (filters, sort, columns) as JSON. The state's known fields are checked as the list reads them
 * (src-renderer/src/stores/orders-view.ts); fields other versions add ride along unchecked.
 */
import { z } from 'zod'
import { MAX_PRODUCT_TYPE, MAX_VIEWS, ORDER_SORT_KEYS, ORDER_STATUS_VALUES, PRESET_VIEWS, VIEW_NAME_MAX } from './contract-values'
import { KEYWORD_MAX_CHARS } from './keyword'
import { DATE_SHORTCUTS, isValidDay, ORDER_COLUMNS, PAGE_SIZES } from './shared/order-list'

export { MAX_VIEWS, PRESET_VIEWS, VIEW_NAME_MAX }
export type PresetView = (typeof PRESET_VIEWS)[number]
/** A state's most characters as JSON: a full filter is about 20 KB at the contract's limits. */
const STATE_MAX_CHARS = 64_000

export interface SavedView {
  id: number
  /** Null for a ready-made view not renamed: the window names it in the user's language. */
  name: string | null
  preset: PresetView | null
  position: number
  state: Record<string, unknown>
  createdAt: number
  updatedAt: number
}

const codePoints = (s: string): number => [...s].length

/** A name as typed: trimmed, then 1 to VIEW_NAME_MAX characters, no line breaks. */
export const viewNameSchema = z
  .string()
  .max(VIEW_NAME_MAX * 4)
  .transform((s) => s.trim())
  .refine((s) => s.length > 0, 'must not be blank')
  .refine((s) => codePoints(s) <= VIEW_NAME_MAX, `must be at most ${VIEW_NAME_MAX} characters`)
  .refine((s) => !/[\r\n\t]/.test(s), 'must be one line')

const day = z.string().refine(isValidDay, 'must be a day YYYY-MM-DD from 1900 to 9999')
const yuan = z.number().finite().min(0).nullable()

/** Product types, each of one source, or bare: that type in every source (product-types.ts). */
export const productTypePicksSchema = z
  .array(
    z.union([
      z.string().max(MAX_PRODUCT_TYPE),
      z.object({ source: z.string().min(1).max(64), type: z.string().max(MAX_PRODUCT_TYPE) }).strict(),
    ]),
  )
  .max(100)

export const viewStateSchema = z
  .looseObject({
    sources: z.array(z.string().min(1).max(64)).max(100).optional(),
    statuses: z.array(z.enum(ORDER_STATUS_VALUES)).max(ORDER_STATUS_VALUES.length).optional(),
    productTypes: productTypePicksSchema.optional(),
    dateField: z.enum(['created', 'paid', 'revenue']).optional(),
    shortcut: z
      .enum([...DATE_SHORTCUTS, 'custom'])
      .nullable()
      .optional(),
    customDays: z.tuple([day, day]).nullable().optional(),
    amountMin: yuan.optional(),
    amountMax: yuan.optional(),
    keyword: z
      .string()
      .refine((k) => codePoints(k) <= KEYWORD_MAX_CHARS, `must be at most ${KEYWORD_MAX_CHARS} characters`)
      .optional(),
    sort: z
      .object({ key: z.enum(ORDER_SORT_KEYS), order: z.enum(['asc', 'desc']) })
      .strict()
      .optional(),
    pageSize: z
      .number()
      .refine((n) => (PAGE_SIZES as readonly number[]).includes(n), `must be one of ${PAGE_SIZES.join(', ')}`)
      .optional(),
    columns: z.array(z.enum(ORDER_COLUMNS)).max(ORDER_COLUMNS.length).optional(),
    columnsVersion: z.number().int().min(1).optional(),
  })
  .refine((state) => JSON.stringify(state).length <= STATE_MAX_CHARS, `must be at most ${STATE_MAX_CHARS} characters as JSON`)

const viewId = z.number().int().positive()

export const savedViewChannels = {
  /** With a name, a new view of the list as it is; with an id, that view's state updated to it. */
  save: z
    .object({ id: viewId.optional(), name: viewNameSchema.optional(), state: viewStateSchema })
    .strict()
    .refine((a) => (a.id === undefined) !== (a.name === undefined), { message: 'give a name (a new view) or an id (an update), not both' }),
  rename: z.object({ id: viewId, name: viewNameSchema }).strict(),
  /** Every view's id, in the new order. */
  reorder: z.object({ ids: z.array(viewId).max(MAX_VIEWS) }).strict(),
  delete: z.object({ id: viewId }).strict(),
}
