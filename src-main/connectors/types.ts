import type { SyncNote } from '../../src-preload/contract'
import type { EpochMs, NormalizedOrder } from '../orders/order'
import type { SourceConfig, SourceKind } from '../sources/config'
import type { FormField } from '../../src-preload/shared/form-field'

/** A record the connector could not turn into an order; the rest of the page goes on. */
export interface SkippedRecord {
  reason: string
  raw: unknown
  remote_id?: string
}

export interface ListRequest {
  /**
   * Opaque position returned as `nextCursor` by the previous page; absent for the first
   * page. Stored by sync after each committed page so an interrupted run resumes there.
   */
  cursor?: string | null
  /**
   * Only orders created at or after this instant are wanted, where the API filters by time
   * (pingpp `created[gte]`, course `time_para`); a single page of the others is not narrowed
   * (`pages` cuts their windows). Absent: everything the API will list.
   */
  since?: EpochMs
  /** Page size to ask for; the API may send fewer. Default: the connector's choice. */
  pageSize?: number
  /**
   * The API's own list filters, by their documented names (pub `status`, pingpp `paid`,
   * `refunded`, `canceled`, …): reconciliation counts through them.
   */
  filters?: Readonly<Record<string, string | number | boolean>>
  signal?: AbortSignal
}

export interface ListPage {
  orders: NormalizedOrder[]
  skipped: SkippedRecord[]
  /** Where the next page starts; null when this was the last page. */
  nextCursor: string | null
  /** Total number of records when the API says (for a progress estimate). */
  total?: number
}

/**
 * Sends one request under the sync's limits (the source's concurrency, the run's cap, retries
 * and slow-downs); `signal` drops it before it is sent when the listing no longer needs it.
 */
export type Send = <T>(request: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal) => Promise<T>

/** A whole listing, as sync reads it: pages in order, several fetched at once where the API allows. */
export interface PagesRequest {
  /** Where a previous listing's last written page left off (its nextCursor); absent from the start. */
  cursor?: string | null
  /** As ListRequest.since: only orders created at or after this instant are wanted. */
  since?: EpochMs
  /** Only orders created before this instant are wanted, where the API filters by time (pingpp); others list all. */
  until?: EpochMs
  pageSize?: number
  filters?: ListRequest['filters']
  /** Requests the listing keeps in flight at most (the source's concurrency). */
  ahead: number
  send: Send
  signal?: AbortSignal
  onNote?: (note: SyncNote) => void
}

export interface SummaryRow {
  key: string
  label: string
  /** Paid total the API reports, in fen. */
  total: number
  currency: string
  /** The instant the API's figures are cut at. */
  asOf: EpochMs | null
}

export interface ConnectorCapabilities {
  create: boolean
  cancel: boolean
  get: boolean
  summary: boolean
  /** The API's own list filters, by name, as documented. */
  listFilters: readonly string[]
}

/** Why cancel is not offered, when it is not; a key the UI translates. */
export type CancelBlock = 'unsupported' | 'not_pending'

export interface Connector {
  readonly kind: SourceKind
  readonly capabilities: ConnectorCapabilities
  /** Fields of the create form, as data: drawn by the renderer, validated by main. */
  readonly createForm: readonly FormField[]
  /** One page, by cursor. */
  list(request: ListRequest): Promise<ListPage>
  /**
   * Every page of a listing in order, each with the cursor of the page after it, so a sync
   * writing them in order resumes exactly after the last one written. Requests go through `send`.
   */
  pages(request: PagesRequest): AsyncGenerator<ListPage, void, undefined>
  /**
   * The list filters under which the API lists orders still pending, one listing each, for
   * orders whose remote status is one of `remoteStatuses`; null when it cannot list by status.
   */
  pendingFilters(remoteStatuses: readonly string[]): Array<NonNullable<ListRequest['filters']>> | null
  /**
   * One order by its remote id; throws ConnectorError('not_found') when the API has none.
   * `hint` carries what the cache knows (pub can only look an order up by its trade_no).
   */
  get(remoteId: string, signal?: AbortSignal, hint?: { order_no?: string | null }): Promise<NormalizedOrder>
  /** Creates through the API; `input` has passed the create form's validation. */
  create(input: Record<string, unknown>, signal?: AbortSignal): Promise<NormalizedOrder>
  /**
   * Cancels through the API and returns the order as it now stands. Throws
   * ConnectorError('unsupported') on kinds whose API has no cancel.
   */
  cancel(order: Pick<NormalizedOrder, 'remote_id' | 'order_no' | 'customer_id'>, signal?: AbortSignal): Promise<NormalizedOrder>
  /** course `/order/sum`; throws ConnectorError('unsupported') elsewhere. */
  summary(signal?: AbortSignal): Promise<SummaryRow[]>
  /** A cheap authenticated call: resolves when reachable and authenticated. */
  probe(signal?: AbortSignal): Promise<void>
}

export interface ConnectorOptions {
  /** Per-request timeout in ms (default 15 s). */
  timeoutMs?: number
  /** Used by tests to pin "now" for windows such as course `time_para`. */
  now?: () => EpochMs
  /** The address this computer sends from toward a URL (default: as the system routes it); tests pin it. */
  addressToward?: (url: string) => Promise<string>
}

export type ConnectorFactory<C extends SourceConfig = SourceConfig> = (config: C, options?: ConnectorOptions) => Connector
