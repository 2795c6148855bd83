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
import type { FormField } from './shared/form-field'
import { isValidTimeZone } from './shared/timezone'
import {
  CANCEL_CAP,
  EXPORT_COLUMN_KEYS,
  isClockTime,
  LOCALES,
  MAX_INSTANT,
  MIN_INSTANT,
  ORDER_SORT_KEYS,
  ORDER_STATUS_VALUES,
  SELECTION_CAP,
  SOURCE_KIND_VALUES,
} from './contract-values'
import {
  charCount,
  MAX_FILTER_TAGS,
  MAX_TAGS_PER_ORDER,
  normalizeNote,
  normalizeTag,
  NOTE_MAX_CHARS,
  TAG_PROBLEM_TEXT,
  tagProblem,
} from './annotations'
import { EXPORT_FORMATS, EXPORT_HEADERS } from './export-labels'
import { KEYWORD_MAX_CHARS, normalizeKeyword } from './keyword'
import type { PayChannelGroup } from './pay-channels'
import { productTypePicksSchema, savedViewChannels, type SavedView } from './saved-views'

export type { FormField }
export type { PresetView, SavedView } from './saved-views'
// The contract's plain values live apart so the renderer can import them without zod.
export * from './contract-values'

// ---------- shared value types (plain data) ----------

export type Locale = (typeof LOCALES)[number]

export type OrderStatusValue = (typeof ORDER_STATUS_VALUES)[number]

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
  /** Which notifications pop up, and when none do. */
  notify: NotifySettings
}

/** Which notifications pop up on the desktop (or in the browser); the bell lists them all whatever these say. */
export interface NotifySettings {
  /** A sync brought orders that became paid: one summary per source and sync. */
  paid: boolean
  /** A source that synced fine (or never synced) started failing. */
  failing: boolean
  /** From `from` to `to` (HH:MM in the settings' zone; crossing midnight when `from` is later) nothing pops up. */
  quiet: { enabled: boolean; from: string; to: string }
}

export type NotificationKind = 'paid' | 'failing'

/** One entry of the bell's list: what a sync told the user. */
export interface NotificationView {
  id: number
  at: number
  kind: NotificationKind
  sourceId: string
  /** The source's name when told. */
  sourceName: string
  /** Orders that became paid (kind 'paid'), else null. */
  count: number | null
  /** Why the source fails (kind 'failing'), else null. */
  reason: SyncErrorInfo | null
  read: boolean
}

/** The bell: the newest notifications first, and how many of all kept are unread. */
export interface NotificationList {
  items: NotificationView[]
  unread: number
}

/** A new notification, and whether it pops up (its kind is on and it is not quiet hours). */
export interface NotificationPushed {
  notification: NotificationView
  popup: boolean
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
  lastError: SyncErrorInfo | null
  /** Syncs failed in a row since the last success (0: not failing); the next is tried at `nextAttemptAt`. */
  failures: number
  nextAttemptAt: number | null
  /** Credentials masked to their last 4 characters: never sent in full. */
  maskedSecrets: Record<string, string>
  pageSize: number | null
  fullSyncDays: number
  /** Non-secret kind settings (pingpp appId). */
  appId: string | null
  orderCount: number
}

/** How credentials are sealed at rest: in words by `store`; `detail` names the cipher and the file, for support. */
export interface SecretStoreView {
  store: 'key-file' | 'os-keychain'
  detail: string
  /** The store protects little (Electron on Linux without a keyring): the page warns. */
  weak: boolean
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
  /** As the API gave it; src-preload/pay-channels.ts groups it. */
  pay_channel: string | null
  currency: string
  total: number
  due: number
  paid: number
  refunded: number
  created_at: number
  paid_at: number | null
  missing_since: number | null
  /** Staff's tags on the order, A to Z. */
  tags: string[]
}

/** A product type one source's cached orders have, for the list's filter (grouped by source). */
export interface SourceProductTypeChoice {
  source: string
  sourceName: string
  kind: SourceKindValue | null
  type: string
  count: number
  /** A product name seen with the type: for a course's album, the course's title. */
  title: string | null
}

/** Everything the detail drawer shows about one order. */
export interface OrderDetail extends OrderRow {
  source_kind: SourceKindValue
  product_id: string | null
  discount: number
  expires_at: number | null
  updated_at: number | null
  first_seen_at: number
  last_seen_at: number
  warnings: string[]
  raw: unknown
  /** Ping++ charges, from the raw payload; empty for other kinds. */
  charges: Array<{
    id: string
    channel: string | null
    amount: number | null
    paid: boolean
    transaction_no: string | null
    time_paid: number | null
  }>
  /**
   * Refunds as the API lists them with the order (Ping++ charges' refunds), with the times it
   * gives; empty for kinds whose API lists none (their refunds have no time).
   */
  refunds: Array<{
    id: string
    amount: number | null
    /** The API's refund status as given (Ping++: pending, succeeded, failed). */
    status: string | null
    /** When the refund succeeded (Ping++ `time_succeed`). */
    succeeded_at: number | null
    /** When the refund was asked for (Ping++ `created`). */
    created_at: number | null
  }>
  /** Staff's note on the order ('' for none). */
  note: string
  /** When the note or the tags last changed; null when never. */
  note_updated_at: number | null
  /** Whether cancel is offered, and why not. */
  cancel: { allowed: boolean; reason: 'unsupported' | 'not_pending' | null }
  canRefresh: boolean
}

/** A tag in use, with the number of orders that carry it. */
export interface TagCount {
  tag: string
  orders: number
}

/** A product the source's cached orders show, for a create form to offer. */
export interface ProductOption {
  product_id: string | null
  product_name: string | null
  product_type: string | null
  /** Orders of it among those looked at. */
  count: number
}

/** What each API kind can do, and its create form as data. */
export interface SourceKindInfo {
  kind: SourceKindValue
  capabilities: { create: boolean; cancel: boolean; get: boolean; summary: boolean; listFilters: readonly string[] }
  createForm: readonly FormField[]
  /** Credential keys this kind needs. */
  secretKeys: readonly string[]
}

export interface ConnectionTest {
  ok: boolean
  /** auth, not_found (wrong app key / path), network (unreachable), tls, timeout, … */
  kind: 'ok' | SyncErrorKind | 'tls'
  message: string
  /** The API's own words, when it gave any (see SyncErrorInfo). */
  remoteMessage?: string
}

export interface SkippedRecordView {
  id: number
  sourceId: string
  remoteId: string | null
  reason: string
  raw: unknown
  at: number
}

export interface RevenueKpis {
  currency: string
  gross: number
  refunds: number
  net: number
  orders: number
  paid_orders: number
  /** paid_orders / orders, 0..1. */
  paid_rate: number
  /** gross / paid_orders, in fen. */
  avg_paid: number
}

/** The revenue page's data: money in fen, one array entry per period. */
export interface RevenueDashboard {
  tz: string
  by: 'day' | 'week' | 'month'
  periods: string[]
  series: Array<{
    /** The source id, or for a product type its source and type as JSON `[source, type]`; null when not split. */
    key: string | null
    /** The source's name; for a product type the source's name and the type's (zh-CN), which the page names in its own language. */
    label: string
    /** What a product type series counts: a type of one source ('' for orders without one); null for other series. */
    productType: Omit<SourceProductTypeChoice, 'count'> | null
    currency: string
    gross: number[]
    refunds: number[]
    net: number[]
    orders: number[]
  }>
  kpis: Array<{ currency: string; current: RevenueKpis; previous: RevenueKpis }>
  statusBreakdown: Array<{ status: OrderStatusValue; currency: string; orders: number; due: number }>
  topProducts: Array<{ product_name: string; currency: string; net: number; paid_orders: number }>
}

/** Money of one line, in fen, in one currency (amounts in different currencies are never added). */
export interface SettlementFigures {
  currency: string
  /** Orders with money paid whose revenue time falls in the period (the revenue page's paid orders). */
  paid_orders: number
  gross_minor: number
  refunds_minor: number
  net_minor: number
}

/**
 * One line of the settlement report: a source's money on one pay channel group (`channel`), a
 * source's total over its channels (`source`), or every source's (`total`).
 */
export interface SettlementLine extends SettlementFigures {
  kind: 'channel' | 'source' | 'total'
  /** Null on the total lines. */
  source_id: string | null
  source_name: string | null
  /** The group; null on the source and total lines. */
  channel: PayChannelGroup | null
  /** The channel codes as the API gave them that this line adds up, sorted; empty on total lines. */
  codes: string[]
}

/** The settlement report (对账单) of a period: plain data, money in integer fen, lines in the order they are shown. */
export interface SettlementReport {
  tz: string
  /** The period as asked, inclusive instants (epoch ms). */
  from: number
  to: number
  /** The period's first and last day in the zone, `YYYY-MM-DD`. */
  fromDay: string
  toDay: string
  /**
   * Per source (by name, Chinese by pinyin), per currency: its channel lines in PAY_CHANNEL_GROUPS
   * order, then its total; at the end, the total of every source per currency. Only what has money
   * paid or refunded in the period.
   */
  lines: SettlementLine[]
}

export interface ReconcileLine {
  key: string
  /** What is compared: a status, an album, … */
  label: string
  unit: 'count' | 'fen'
  remote: number
  local: number
  match: boolean
  /** E.g. the time the API's summary is cut at. */
  note?: string
}

export interface ReconcileResult {
  id: number
  sourceId: string
  at: number
  matches: boolean
  lines: ReconcileLine[]
  error: string | null
}

/** A 工作台 period's figures in one currency, in fen (as the revenue page counts them: money by revenue time). */
export interface HomeFigures {
  net: number
  paid_orders: number
  refunds: number
}

/** One period of the 工作台 and the period it is compared with, both in the user's zone. */
export interface HomePeriod {
  key: 'today' | 'yesterday' | 'month'
  /** Inclusive instants, and the days they cover (`YYYY-MM-DD`) in the zone. */
  from: number
  to: number
  fromDay: string
  toDay: string
  /** The period compared: the day before, or the same days of last month. */
  compare: { from: number; to: number; fromDay: string; toDay: string }
  /** Per currency (never added across), sorted by code; a currency of either period shows in both. */
  figures: Array<{ currency: string; current: HomeFigures; previous: HomeFigures }>
}

/** A source's sync health and last reconciliation, for the 工作台. */
export interface HomeSourceHealth {
  id: string
  name: string
  kind: SourceKindValue
  enabled: boolean
  autoSyncMinutes: number
  lastSuccessAt: number | null
  lastError: SyncErrorInfo | null
  failures: number
  nextAttemptAt: number | null
  /** The newest reconciliation: whether it matched, how many lines differed, whether it failed. */
  reconcile: { at: number; matches: boolean; differing: number; failed: boolean } | null
}

/** The 工作台 (home page): everything it shows, in one answer. */
export interface HomeSummary {
  tz: string
  /** The instant the summary was computed at. */
  now: number
  periods: HomePeriod[]
  /** Orders still waiting for payment that were created before `before` (now − 24 h): how many, and the oldest few. */
  waiting: { before: number; count: number; due: Array<{ currency: string; amount: number }>; oldest: OrderRow[] }
  /**
   * Refunds of today as the cache can know them: the APIs give no refund time, so a refund counts
   * on its order's revenue time (orders.md § Revenue): orders paid today, refunded since; the largest few.
   */
  refundsToday: { count: number; amounts: Array<{ currency: string; amount: number }>; largest: OrderRow[] }
  sources: HomeSourceHealth[]
}

/** What the order list's filter adds up to (the list's totals), and what its date range leaves out. */
export interface OrderTotals {
  /** Per currency (amounts of different currencies never add up), in fen; net is paid − refunded. */
  currencies: Array<{ currency: string; orders: number; due: number; paid: number; refunded: number; net: number }>
  /**
   * Orders a pay-time range leaves out because their API gives no pay time, though they took
   * money and their revenue time (their creation) is in the range; 0 without a pay-time range.
   */
  withoutPayTime: number
}

export interface OrdersPage {
  total: number
  rows: OrderRow[]
}

export interface SyncRunView {
  id: number
  trigger: 'manual' | 'scheduled' | 'startup' | 'cli'
  full: boolean
  status: 'running' | 'ok' | 'partial' | 'failed' | 'canceled' | 'interrupted'
  startedAt: number
  finishedAt: number | null
  sources: Array<{
    sourceId: string
    fetched: number
    inserted: number
    updated: number
    unchanged: number
    skipped: number
    /** Requests sent to the API, retries included. */
    requests: number
    /** Old pending orders re-checked, and how: by the API's listing of pending orders, or one by one. */
    rechecked: number
    recheckedBy: 'listing' | 'single' | null
    notes: SyncNote[]
    error: SyncErrorInfo | null
  }>
}

/** What a sync noticed about an API, for the sync log: its list was not newest first, so it was read to the end. */
export type SyncNote = 'not_newest_first'

export type SyncPhase = 'queued' | 'listing' | 'rechecking' | 'done' | 'failed' | 'canceled'
export type SyncErrorKind =
  | 'auth'
  | 'not_found'
  | 'invalid'
  | 'rate_limited'
  | 'server'
  | 'network'
  | 'timeout'
  | 'malformed'
  | 'unsupported'
  | 'busy'
  | 'internal'
  | 'canceled'

/** A failure in words: `kind` is shown in the user's language, `message` keeps the API's own words. */
export interface SyncErrorInfo {
  kind: SyncErrorKind
  message: string
  /** The API's own words, when it gave any: what staff see beside the kind (the message holds HTTP codes and addresses). */
  remoteMessage?: string
}

/** Progress of one source in a sync run, pushed as `sync:progress`. */
export interface SyncProgress {
  runId: number
  sourceId: string
  phase: SyncPhase
  mode: 'full' | 'incremental' | null
  pages: number
  fetched: number
  inserted: number
  updated: number
  unchanged: number
  skipped: number
  /** Requests sent so far, retries included. */
  requests: number
  /** Old pending orders re-checked so far. */
  rechecked: number
  /** Records the API says it holds, when it says; for an estimate. */
  total: number | null
  error: SyncErrorInfo | null
}

/** Whether this machine is online, and which enabled sources' servers (ids) do not answer. */
export interface NetworkStatus {
  online: boolean
  unreachable: string[]
}

export interface SyncStatus extends NetworkStatus {
  running: boolean
  progress: SyncProgress[]
}

export interface SyncFinished {
  runId: number | null
  status: 'ok' | 'partial' | 'failed' | 'canceled'
  error: string | null
}

/** An order of a batch as staff name it: its number (the remote id where it has none) and its source. */
export interface BatchOrderRef {
  id: number
  orderNo: string
  sourceName: string
}

/**
 * Why an order of a batch is not canceled without asking its API: gone from the cache, its
 * source removed, its API has no cancel, or its status (only a pending order is canceled).
 */
export type CancelBlock = 'missing' | 'no_source' | 'unsupported' | Exclude<OrderStatusValue, 'pending'>

/** What a batch cancel would do, said before it is confirmed. */
export interface CancelPlan {
  cancelable: BatchOrderRef[]
  blocked: Array<BatchOrderRef & { reason: CancelBlock }>
  /** The most orders one batch cancels (CANCEL_CAP). */
  cap: number
}

/** What became of one order of a batch cancel. */
export interface CancelOutcome extends BatchOrderRef {
  /** done: the API canceled it; refused: not canceled (`reason`, `error`); not_tried: never sent. */
  result: 'done' | 'refused' | 'not_tried'
  /**
   * refused: a CancelBlock found before asking, or 'api' (the API said no: `error`); not_tried:
   * 'stopped' (the run was stopped) or 'source_down' (its source stopped answering earlier in the run: `error`).
   */
  reason: CancelBlock | 'api' | 'stopped' | 'source_down' | null
  error: ErrorData | null
}

export interface CancelRunResult {
  runId: string
  /** One per order asked, in the order asked. */
  outcomes: CancelOutcome[]
}

/** One order of a batch cancel answered, pushed as `orders:cancelProgress`. */
export interface CancelProgress {
  runId: string
  outcome: CancelOutcome
  /** Orders answered so far, and of how many. */
  answered: number
  total: number
}

// ---------- argument schemas ----------

const none = z.object({}).strict().optional()
const timezone = z.string().min(1).max(64)
const clockTime = z.string().refine(isClockTime, 'must be a time of day as HH:MM, from 00:00 to 23:59')
export const notifySettingsSchema = z
  .object({
    paid: z.boolean(),
    failing: z.boolean(),
    quiet: z
      .object({ enabled: z.boolean(), from: clockTime, to: clockTime })
      .strict()
      .refine((q) => q.from !== q.to, { message: 'quiet hours must end at another time than they start', path: ['to'] }),
  })
  .strict()
/** A zone the export can cut times in (settings:set checks its own, with the settings). */
const knownZone = timezone.refine(isValidTimeZone, { error: (issue) => `"${String(issue.input)}" is not a known IANA time zone` })
const instantBounds = 'must be a time from 1900 to 9999'
const instant = z.number().int().min(MIN_INSTANT, instantBounds).max(MAX_INSTANT, instantBounds)
/** A revenue period of the window's calls: from its first instant to its last, at most five years. */
const revenuePeriod = <T extends z.ZodType<{ from: number; to: number }>>(schema: T) =>
  schema
    .refine((a) => a.from <= a.to, { message: 'from must not be after to', path: ['from'] })
    .refine((a) => a.to - a.from <= 5 * 366 * 86_400_000, { message: 'at most five years at once', path: ['to'] })
/** A tag as sent may carry spaces and control characters that normalizing drops; more is refused unread. */
const TAG_MAX_INPUT = 200
const keywordTooLong = `at most ${KEYWORD_MAX_CHARS} characters`
/** Normalized here, once, for every search: blank after normalizing is no keyword. */
const keyword = z
  .string()
  .max(KEYWORD_MAX_CHARS * 10, keywordTooLong)
  .transform(normalizeKeyword)
  .pipe(z.string().max(KEYWORD_MAX_CHARS, keywordTooLong))
  .transform((k) => k || undefined)
/**
 * An object of at most `count` keys of at most 64 characters, checked before its values: an
 * error names the key it is about, and a key of a megabyte must not travel back in one.
 */
const keyed = (count: number) =>
  z.record(z.string(), z.unknown()).refine((value) => {
    const keys = Object.keys(value)
    return keys.length <= count && keys.every((key) => key.length <= 64)
  }, `must have at most ${count} keys of at most 64 characters`)
/** A source as in the sources file: its values are checked by the sources schema (sources/config.ts). */
const sourceInput = keyed(32)
/** The values of a create form (connectors/form.ts checks them field by field). */
const createInput = keyed(50).pipe(
  z.record(z.string(), z.union([z.string().max(1000), z.number().min(-1e12).max(1e12), z.boolean(), z.null()])),
)

/** One tag: normalized, then checked by the rules the drawer says too (annotations.ts). */
const tag = z
  .string()
  .max(TAG_MAX_INPUT)
  .transform(normalizeTag)
  .superRefine((value, ctx) => {
    const problem = tagProblem(value)
    if (problem) ctx.addIssue({ code: 'custom', message: `${TAG_PROBLEM_TEXT[problem]}: "${value}"` })
  })

export const orderFilterSchema = z
  .object({
    sources: z.array(z.string().min(1).max(64)).max(100).optional(),
    statuses: z.array(z.enum(ORDER_STATUS_VALUES)).max(10).optional(),
    /** Product types, each of one source, or bare: that type in every source (product-types.ts). */
    productTypes: productTypePicksSchema.optional(),
    /** Inclusive creation range, epoch ms. */
    createdFrom: instant.optional(),
    createdTo: instant.optional(),
    keyword: keyword.optional(),
    /** Inclusive payment range, epoch ms. */
    paidFrom: instant.optional(),
    paidTo: instant.optional(),
    /** Inclusive range of the revenue time (paid_at, else created_at): a revenue bar's orders. */
    revenueFrom: instant.optional(),
    revenueTo: instant.optional(),
    /** Inclusive range of the amount due, in fen. */
    amountMin: z.number().int().optional(),
    amountMax: z.number().int().optional(),
    /** Orders carrying any of these tags. */
    tags: z.array(tag).max(MAX_FILTER_TAGS, `at most ${MAX_FILTER_TAGS} tags`).optional(),
  })
  .strict()
export type OrderFilter = z.infer<typeof orderFilterSchema>

/** Order ids of a selection: distinct, at most `max`. */
const orderIds = (max: number, why: string) =>
  z
    .array(z.number().int().positive())
    .min(1)
    .max(max, why)
    .refine((ids) => new Set(ids).size === ids.length, 'names an order twice')

export const exportRequestSchema = z
  .object({
    filter: orderFilterSchema.default({}),
    columns: z.array(z.enum(EXPORT_COLUMN_KEYS)).min(1).max(EXPORT_COLUMN_KEYS.length),
    /** The workbook for people, the CSV for machines. */
    format: z.enum(EXPORT_FORMATS).default('xlsx'),
    /** Field keys, or every column and status labelled in a language (export-labels.ts); absent: the format's default. */
    header: z.enum(EXPORT_HEADERS).optional(),
    /** The CSV's encoding (a workbook is always UTF-8). */
    encoding: z.enum(['utf8', 'gb18030']).default('utf8'),
    tz: knownZone,
    /** Only these orders (a selection in the list), within the filter. */
    ids: orderIds(SELECTION_CAP, `at most ${SELECTION_CAP} selected orders; export a filter for more`).optional(),
  })
  .strict()
export type ExportRequest = z.output<typeof exportRequestSchema>

export interface ExportFinished {
  jobId: string
  status: 'done' | 'canceled' | 'failed'
  rows: number
  /** Where the desktop app wrote it. */
  file: string | null
  /** In the browser shell: where the page downloads it (add the token). */
  downloadUrl: string | null
  /** Money sums per currency, in fen, to show beside the revenue figures. */
  totals: Record<string, { paid: number; refunded: number }>
  error: string | null
}

// ---------- the contract ----------

/** Declares a channel: its argument schema and (phantom) result type. */
function channel<R>() {
  return <A extends z.ZodType>(args: A): { args: A; result: R } => ({ args, result: undefined as unknown as R })
}

export const contract = {
  'app:info': channel<AppInfo>()(none),
  'settings:get': channel<Settings>()(none),
  'settings:set': channel<Settings>()(
    z.object({ locale: z.enum(LOCALES).optional(), timezone: timezone.optional(), notify: notifySettingsSchema.optional() }).strict(),
  ),
  'sources:list': channel<SourceView[]>()(none),
  /** The settings and the saved views as one file (settings/file.ts). */
  'settings:export': channel<{ text: string }>()(none),
  /** A settings file: every part checked before anything is changed; views merge by name. */
  'settings:import': channel<{ settings: Settings; views: SavedView[] }>()(
    z
      .object({
        text: z
          .string()
          .max(1_000_000)
          .refine((text) => text.trimStart().startsWith('{'), 'is not a settings file: a JSON object with "orderdesk": "settings"'),
      })
      .strict(),
  ),
  /** The order list's saved views, in their tab order. */
  'views:list': channel<SavedView[]>()(none),
  'views:save': channel<SavedView>()(savedViewChannels.save),
  'views:rename': channel<SavedView>()(savedViewChannels.rename),
  'views:reorder': channel<SavedView[]>()(savedViewChannels.reorder),
  'views:delete': channel<{ deleted: true }>()(savedViewChannels.delete),
  /** Puts back the ready-made views that were deleted; returns every view. */
  'views:restorePresets': channel<SavedView[]>()(none),
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
  'orders:get': channel<OrderDetail>()(z.object({ id: z.number().int().positive() }).strict()),
  'orders:refresh': channel<OrderDetail>()(z.object({ id: z.number().int().positive() }).strict()),
  'orders:statusCounts': channel<Record<OrderStatusValue, number>>()(
    z
      .object({ filter: orderFilterSchema.default({}) })
      .strict()
      .prefault({}),
  ),
  'orders:totals': channel<OrderTotals>()(
    z
      .object({ filter: orderFilterSchema.default({}) })
      .strict()
      .prefault({}),
  ),
  'orders:productTypes': channel<Array<{ value: string; count: number; name: string | null }>>()(none),
  'orders:products': channel<ProductOption[]>()(z.object({ sourceId: z.string().min(1).max(64) }).strict()),
  'orders:sourceProductTypes': channel<SourceProductTypeChoice[]>()(none),
  'orders:create': channel<OrderDetail>()(z.object({ sourceId: z.string().min(1).max(64), input: createInput }).strict()),
  'orders:cancel': channel<OrderDetail>()(z.object({ id: z.number().int().positive() }).strict()),
  /** The orders of a filter as a selection, newest first, at most SELECTION_CAP of `total`. */
  'orders:selectAll': channel<{ total: number; orders: Array<{ id: number; orderNo: string }> }>()(
    z.object({ filter: orderFilterSchema.default({}) }).strict(),
  ),
  'orders:cancelPlan': channel<CancelPlan>()(
    z.object({ ids: orderIds(SELECTION_CAP, `at most ${SELECTION_CAP} selected orders`) }).strict(),
  ),
  /** Cancels the orders one at a time per source, pushing `orders:cancelProgress`; answers when every one is answered. */
  'orders:cancelMany': channel<CancelRunResult>()(
    z
      .object({
        runId: z.string().uuid(),
        ids: orderIds(CANCEL_CAP, `at most ${CANCEL_CAP} orders are canceled at once: each is a request to the vendor`),
      })
      .strict(),
  ),
  /** Stops a batch cancel: the order being sent is answered, the rest are not tried. */
  'orders:cancelStop': channel<{ stopped: boolean }>()(z.object({ runId: z.string().uuid() }).strict()),
  /** Sets an order's note and tags (all of them: a tag left out is taken off); returns the order. */
  'orders:annotate': channel<OrderDetail>()(
    z
      .object({
        id: z.number().int().positive(),
        note: z
          .string()
          .max(NOTE_MAX_CHARS * 10, `a note may have at most ${NOTE_MAX_CHARS} characters`)
          .transform(normalizeNote)
          .refine((note) => charCount(note) <= NOTE_MAX_CHARS, `a note may have at most ${NOTE_MAX_CHARS} characters`),
        tags: z
          .array(tag)
          .max(MAX_TAGS_PER_ORDER, `at most ${MAX_TAGS_PER_ORDER} tags on an order`)
          .transform((tags) => [...new Set(tags)]),
      })
      .strict(),
  ),
  /** Every tag in use, most used first, for the drawer's choices and the list's filter. */
  'orders:tags': channel<TagCount[]>()(none),
  'sources:kinds': channel<SourceKindInfo[]>()(none),
  'sources:save': channel<SourceView>()(
    z
      .object({
        /** The source as in the sources file. On edit, omitted secrets keep their stored values. */
        source: sourceInput,
        isNew: z.boolean(),
      })
      .strict(),
  ),
  'sources:setEnabled': channel<SourceView>()(z.object({ id: z.string().min(1).max(64), enabled: z.boolean() }).strict()),
  'sources:remove': channel<{ removed: true; ordersDeleted: number }>()(
    z.object({ id: z.string().min(1).max(64), keepOrders: z.boolean() }).strict(),
  ),
  'sources:test': channel<ConnectionTest>()(
    z.union([z.object({ id: z.string().min(1).max(64) }).strict(), z.object({ source: sourceInput }).strict()]),
  ),
  'sources:import': channel<{ imported: string[] }>()(
    z
      .object({
        // Characters are code points: 1,000,000 of them is up to 4 MB of UTF-8 (web/server.ts MAX_BODY).
        text: z
          .string()
          .max(1_000_000)
          .refine((text) => text.trimStart().startsWith('{'), 'is not a sources file: a JSON object with "sources"'),
      })
      .strict(),
  ),
  'sources:export': channel<{ text: string }>()(none),
  'sources:secretStore': channel<SecretStoreView>()(none),
  'sync:skipped': channel<SkippedRecordView[]>()(z.object({ runId: z.number().int().positive() }).strict()),
  'revenue:dashboard': channel<RevenueDashboard>()(
    revenuePeriod(
      z
        .object({
          filter: orderFilterSchema.default({}),
          from: instant,
          to: instant,
          by: z.enum(['day', 'week', 'month']),
          seriesBy: z.enum(['source', 'product_type']).nullable().default(null),
        })
        .strict(),
    ),
  ),
  /** The settlement report (对账单) of a period in the user's zone, with the revenue page's filters. */
  'revenue:settlement': channel<SettlementReport>()(
    revenuePeriod(z.object({ filter: orderFilterSchema.default({}), from: instant, to: instant }).strict()),
  ),
  'export:start': channel<{ jobId: string; fileName: string } | { jobId: null; fileName: null }>()(exportRequestSchema),
  'export:cancel': channel<{ canceled: boolean }>()(z.object({ jobId: z.string().uuid() }).strict()),
  'reconcile:run': channel<ReconcileResult>()(z.object({ sourceId: z.string().min(1).max(64) }).strict()),
  'reconcile:history': channel<ReconcileResult[]>()(
    z
      .object({ sourceId: z.string().min(1).max(64).nullable().default(null), limit: z.number().int().min(1).max(500).default(50) })
      .strict()
      .prefault({}),
  ),
  'sync:start': channel<{ started: true; sources: string[] }>()(
    z
      .object({ sources: z.array(z.string().min(1).max(64)).max(100).optional(), full: z.boolean().optional() })
      .strict()
      .prefault({}),
  ),
  'sync:cancel': channel<{ canceled: boolean }>()(none),
  'sync:status': channel<SyncStatus>()(none),
  'demo:start': channel<{ sources: string[] }>()(none),
  'demo:remove': channel<{ removed: number }>()(none),
  /** The 工作台: figures of today, yesterday and this month, orders waiting, refunds and the sources' health. */
  'home:summary': channel<HomeSummary>()(none),
  'sync:runs': channel<SyncRunView[]>()(
    z
      .object({ limit: z.number().int().min(1).max(500).default(50) })
      .strict()
      .prefault({}),
  ),
  'notifications:list': channel<NotificationList>()(none),
  /** Marks the named notifications read, or all of them when none are named. */
  'notifications:markRead': channel<NotificationList>()(
    z
      .object({ ids: z.array(z.number().int().positive()).min(1).max(100).optional() })
      .strict()
      .prefault({}),
  ),
}

/** Push events from main to the renderer, with their payloads. */
export interface EventMap {
  'settings:changed': Settings
  'sync:progress': SyncProgress
  'sync:finished': SyncFinished
  'network:status': NetworkStatus
  'export:progress': { jobId: string; rows: number }
  'export:finished': ExportFinished
  'orders:cancelProgress': CancelProgress
  'notification:new': NotificationPushed
  /** A desktop notification was clicked: the window opens what it is about. */
  'notification:open': NotificationView
}
export const EVENT_NAMES = [
  'settings:changed',
  'sync:progress',
  'sync:finished',
  'network:status',
  'export:progress',
  'export:finished',
  'orders:cancelProgress',
  'notification:new',
  'notification:open',
] as const satisfies ReadonlyArray<keyof EventMap>

export type Contract = typeof contract
export type Channel = keyof Contract
export const CHANNELS = Object.keys(contract) as Channel[]
export type ArgsInput<C extends Channel> = z.input<Contract[C]['args']>
export type Args<C extends Channel> = z.output<Contract[C]['args']>
export type Result<C extends Channel> = Contract[C]['result']
export type EventName = keyof EventMap

export type ErrorCode = 'invalid_argument' | 'not_found' | 'unsupported' | 'conflict' | 'offline' | 'remote' | 'forbidden' | 'internal'

export interface ErrorData {
  code: ErrorCode
  /** For support, not for staff: technical, in English, may hold addresses and HTTP codes. */
  message: string
  /** The argument field at fault, for invalid_argument. */
  field?: string
  /** When a remote API failed: how, as the sync log names it (staff see it in words). */
  kind?: SyncErrorKind
  /** The API's own words, when it gave any (already redacted of secrets). */
  remoteMessage?: string
}

export type Envelope<T> = { ok: true; data: T } | { ok: false; error: ErrorData }

/** What the preload exposes on `window.orderdesk`, and the web transport imitates. */
export interface Bridge {
  invoke<C extends Channel>(channel: C, args: ArgsInput<C>): Promise<Envelope<Result<C>>>
  on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void
}
