/**
 * The one contract between the renderer and main: every IPC channel with its argument schema
 * and result type, and every push event with its payload. The preload exposes exactly these
 * channels, main registers one handler per channel from the same map (a missing or extra
 * handler is a type error), and the renderer calls them through one typed client. The web
 * shell serves the same map over HTTP.
 *
 * Argument schemas are zod, so main validates what arrives before a handler sees it.
 * Results and errors cross as plain data.
 */
import { z } from 'zod'

// ---------- shared value types (plain data) ----------

export const LOCALES = ['zh-CN', 'en'] as const
export type Locale = (typeof LOCALES)[number]

export const ORDER_STATUS_VALUES = ['pending', 'paid', 'partially_refunded', 'refunded', 'canceled', 'failed', 'unknown'] as const
export type OrderStatusValue = (typeof ORDER_STATUS_VALUES)[number]

export const SOURCE_KIND_VALUES = ['pub', 'appkey', 'pingpp', 'course'] as const
export type SourceKindValue = (typeof SOURCE_KIND_VALUES)[number]

export interface AppInfo {
  version: string
  shell: 'electron' | 'web'
  dbPath: string
  schemaVersion: number
  platform: string
}

export interface Settings {
  locale: Locale
  /** Zone in which days, weeks and months are cut, and times are shown. */
  timezone: string
}

export interface SourceView {
  id: string
  name: string
  kind: SourceKindValue
  baseUrl: string
  enabled: boolean
  isDemo: boolean
  timezone: string
  currency: string
  lookbackDays: number
  autoSyncMinutes: number
  lastSuccessAt: number | null
  lastError: string | null
  orderCount: number
}

export interface OrderRow {
  id: number
  source_id: string
  source_name: string
  remote_id: string
  order_no: string | null
  trade_no: string | null
  status: OrderStatusValue
  remote_status: string
  product_type: string | null
  product_name: string | null
  customer_id: string | null
  customer_name: string | null
  currency: string
  total: number
  due: number
  paid: number
  refunded: number
  created_at: number
  paid_at: number | null
  missing_since: number | null
}

export interface OrdersPage {
  total: number
  rows: OrderRow[]
}

export interface SyncRunView {
  id: number
  trigger: 'manual' | 'scheduled' | 'startup' | 'cli'
  full: boolean
  status: 'running' | 'ok' | 'partial' | 'failed' | 'canceled'
  startedAt: number
  finishedAt: number | null
  sources: Array<{
    sourceId: string
    fetched: number
    inserted: number
    updated: number
    unchanged: number
    skipped: number
    error: string | null
  }>
}

// ---------- argument schemas ----------

const none = z.object({}).strict().optional()
const timezone = z.string().min(1).max(64)

export const orderFilterSchema = z
  .object({
    sources: z.array(z.string().min(1).max(64)).max(100).optional(),
    statuses: z.array(z.enum(ORDER_STATUS_VALUES)).max(10).optional(),
    productTypes: z.array(z.string().max(64)).max(100).optional(),
    /** Inclusive creation range, epoch ms. */
    createdFrom: z.number().int().optional(),
    createdTo: z.number().int().optional(),
    keyword: z.string().max(100).optional(),
  })
  .strict()
export type OrderFilter = z.infer<typeof orderFilterSchema>

export const ORDER_SORT_KEYS = ['created_at', 'paid_at', 'due', 'paid', 'refunded', 'total', 'status', 'source_name', 'order_no', 'product_name', 'customer_name'] as const

// ---------- the contract ----------

/** Declares a channel: its argument schema and (phantom) result type. */
function channel<R>() {
  return <A extends z.ZodType>(args: A): { args: A; result: R } => ({ args, result: undefined as unknown as R })
}

export const contract = {
  'app:info': channel<AppInfo>()(none),
  'settings:get': channel<Settings>()(none),
  'settings:set': channel<Settings>()(
    z.object({ locale: z.enum(LOCALES).optional(), timezone: timezone.optional() }).strict(),
  ),
  'sources:list': channel<SourceView[]>()(none),
  'orders:list': channel<OrdersPage>()(
    z
      .object({
        filter: orderFilterSchema.default({}),
        sort: z
          .object({ key: z.enum(ORDER_SORT_KEYS), order: z.enum(['asc', 'desc']) })
          .strict()
          .default({ key: 'created_at', order: 'desc' }),
        page: z.number().int().min(1).max(1_000_000).default(1),
        pageSize: z.union([z.literal(20), z.literal(50), z.literal(100), z.literal(500)]).default(50),
      })
      .strict()
      .prefault({}),
  ),
  'sync:runs': channel<SyncRunView[]>()(z.object({ limit: z.number().int().min(1).max(500).default(50) }).strict().prefault({})),
}

/** Push events from main to the renderer, with their payloads. */
export interface EventMap {
  'settings:changed': Settings
}
export const EVENT_NAMES = ['settings:changed'] as const satisfies ReadonlyArray<keyof EventMap>

export type Contract = typeof contract
export type Channel = keyof Contract
export const CHANNELS = Object.keys(contract) as Channel[]
export type ArgsInput<C extends Channel> = z.input<Contract[C]['args']>
export type Args<C extends Channel> = z.output<Contract[C]['args']>
export type Result<C extends Channel> = Contract[C]['result']
export type EventName = keyof EventMap

export type ErrorCode =
  | 'invalid_argument'
  | 'not_found'
  | 'unsupported'
  | 'conflict'
  | 'offline'
  | 'remote'
  | 'forbidden'
  | 'internal'

export interface ErrorData {
  code: ErrorCode
  message: string
  /** The argument field at fault, for invalid_argument. */
  field?: string
}

export type Envelope<T> = { ok: true; data: T } | { ok: false; error: ErrorData }

/** What the preload exposes on `window.orderdesk`, and the web transport imitates. */
export interface Bridge {
  invoke<C extends Channel>(channel: C, args: ArgsInput<C>): Promise<Envelope<Result<C>>>
  on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void
}
