import type { EpochMs, Fen, OrderStatus } from '../orders/order'
import type { SourceKind } from '../sources/config'
import type { ListOrder } from './listing'
import type { SandboxHandler } from './server'

/**
 * What a sandbox knows an order to be, from its own internal model (integer fen, instants),
 * never through a connector: tests compare the synced cache against this truth.
 */
export interface SandboxTruth {
  remote_id: string
  status: OrderStatus
  currency: string
  total: Fen
  due: Fen
  paid: Fen
  refunded: Fen
  created_at: EpochMs
  paid_at: EpochMs | null
}

export interface SandboxOptions {
  /** Seed of the generated shop; the same seed gives the same orders. */
  seed?: number
  /** How many orders to generate (default 300). */
  orders?: number
  /** "Now" for the generated history (default Date.now()). */
  now?: EpochMs
  /** Largest page the API serves, whatever the client asks (default: the documented cap). */
  maxPageSize?: number
  /** The order lists come in (default newest first); Ping++ documents newest first and ignores it. */
  listOrder?: ListOrder
}

/** The control surface every kind's sandbox offers to tests, the demo and the benchmark. */
export interface KindSandbox extends SandboxHandler {
  readonly kind: SourceKind
  /** Path prefix the API is served under (the source's baseUrl carries it). */
  readonly prefix: string
  /** Source-config fields that authenticate against this sandbox (token, appKey, …). */
  credentials(): Record<string, string>
  /** Every order the API holds and still lists, in the API's list order. */
  truth(): SandboxTruth[]
  /** Adds new orders created now; returns their remote ids. */
  addOrders(count: number, at?: EpochMs): string[]
  /** Marks a pending order paid. */
  pay(remoteId: string, at?: EpochMs): void
  /** Refunds a paid order, fully, or partly where the API has partial refunds (pingpp). */
  refund(remoteId: string, amount?: Fen): void
  /** Cancels a pending order. */
  cancel(remoteId: string): void
  /** The API stops listing this order (a full sync must flag it, never delete it). */
  hide(remoteId: string): void
  /** Changes the page-size cap while running. */
  setMaxPageSize(size: number): void
}
