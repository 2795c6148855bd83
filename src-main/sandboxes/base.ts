import type { EpochMs } from '../orders/order'
import type { SourceKind } from '../sources/config'
import { sortedListing, type Listing } from './listing'
import { Random, recentInstant } from './random'
import { bearerToken, type SandboxRequest } from './server'
import type { KindSandbox, SandboxOptions, SandboxTruth } from './types'

/** What the base needs of a kind's order. */
export interface SandboxOrder {
  id: number | string
  /** The API stops listing it (a full sync must flag it, never delete it). */
  hidden: boolean
  /** A corrupt row the API holds and lists: it takes its slot in every page, but is no order. */
  broken?: boolean
}

/** Makes order number `n`, created at `createdAt`; whatever happened to it since happened by `now`. */
export type MakeOrder<T> = (random: Random, n: number, createdAt: EpochMs, now: EpochMs) => T

/** How far back a generated history reaches, in days. */
const HISTORY_DAYS = 150

/** Order number `n` of a generated history: created some time in the days before `now`. */
function pastOrder<T>(make: MakeOrder<T>, random: Random, n: number, now: EpochMs): T {
  return make(random, n, recentInstant(random, now, HISTORY_DAYS), now)
}

/** API-shaped records of a generated history, numbered from `startIndex + 1`: the benchmark ingests them without a server. */
export function generateRecords<T>(
  make: MakeOrder<T>,
  render: (order: T) => unknown,
  random: Random,
  now: EpochMs,
  count: number,
  startIndex: number,
): unknown[] {
  return Array.from({ length: count }, (_, i) => render(pastOrder(make, random, startIndex + i + 1, now)))
}

/** A kind's model, as far as the base needs it. */
export interface KindModel<T extends SandboxOrder> {
  kind: SourceKind
  /** The seed when none is given: each kind its own, so the four demo shops differ. */
  seed: number
  /** The page-size cap the server applies unless options.maxPageSize sets another. */
  maxPageSize: number
  /** The first order's number (default 1). */
  firstNumber?: number
  make: MakeOrder<T>
  /** The instant the API lists by; ties go to the larger id. */
  createdOf(order: T): number
  truthOf(order: T): SandboxTruth
}

export interface SandboxBase<T extends SandboxOrder> {
  readonly random: Random
  /** Every order the API holds, listed or not, in the order they were made. */
  readonly orders: T[]
  readonly listing: Listing<T>
  /** Draws the next order number; a kind may number other objects from the same sequence. */
  nextNumber(): number
  /** The page-size cap now in force. */
  maxPageSize(): number
  byId(id: string): T | undefined
  /** The order with this id; throws when there is none (a test's own mistake). */
  find(id: string): T
  /** Holds a corrupt copy of `order` under `id`: a broken row appears in the page being served and stays. */
  keepBroken(order: T, id: T['id']): void
  /** The part of KindSandbox that works alike for every kind. */
  readonly controls: Pick<KindSandbox, 'kind' | 'truth' | 'addOrders' | 'hide' | 'setMaxPageSize'>
}

/**
 * What the four sandboxes share: a seeded shop of orders, the listing, the page cap, order
 * numbers and the controls tests drive. Each kind keeps its wire format and its rules.
 */
export function sandboxBase<T extends SandboxOrder>(options: SandboxOptions, model: KindModel<T>): SandboxBase<T> {
  const random = new Random(options.seed ?? model.seed)
  const now = options.now ?? Date.now()
  let maxPageSize = options.maxPageSize ?? model.maxPageSize
  let next = model.firstNumber ?? 1
  const nextNumber = (): number => next++
  const orders: T[] = []
  for (let i = 0; i < (options.orders ?? 300); i++) orders.push(pastOrder(model.make, random, nextNumber(), now))
  const compare = (a: T, b: T): number => model.createdOf(b) - model.createdOf(a) || newerId(a.id, b.id)
  const listing = sortedListing(orders, compare, options.listOrder)
  const byId = (id: string): T | undefined => orders.find((o) => String(o.id) === id)
  const find = (id: string): T => {
    const o = byId(id)
    if (!o) throw new Error(`no ${model.kind} order ${id}`)
    return o
  }
  return {
    random,
    orders,
    listing,
    nextNumber,
    maxPageSize: () => maxPageSize,
    byId,
    find,
    keepBroken(order, id) {
      orders.push({ ...order, id, broken: true })
    },
    controls: {
      kind: model.kind,
      truth: () =>
        listing
          .visible()
          .filter((o) => !o.broken)
          .map((o) => model.truthOf(o)),
      addOrders(count, at = Date.now()) {
        return Array.from({ length: count }, () => {
          const o = model.make(random, nextNumber(), at, Date.now())
          orders.push(o)
          return String(o.id)
        })
      },
      hide(id) {
        find(id).hidden = true
        listing.hidden()
      },
      setMaxPageSize(size) {
        maxPageSize = size
      },
    },
  }
}

/** Newest first among orders created in the same instant: the larger number, or the later id string. */
function newerId(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return b - a
  return a < b ? 1 : -1
}

/** The bearer token pub, appkey and course accept (their documents leave authentication to the spec). */
export function bearerAuth(
  kind: SourceKind,
  token = `${kind}-sandbox-token`,
): { token: string; accepts(request: SandboxRequest): boolean } {
  return { token, accepts: (request) => bearerToken(request.headers) === token }
}

/** A whole-number query parameter as pub and appkey read it: `fallback` when absent or empty, null unless all digits. */
export function digitsParam(query: URLSearchParams, name: string, fallback: number): number | null {
  const v = query.get(name)
  if (v === null || v === '') return fallback
  return /^\d+$/.test(v) ? Number(v) : null
}

/** A JSON request body that must be an object: `{}` when empty, null when it is not JSON or not an object. */
export function jsonObject(bodyText: string): Record<string, unknown> | null {
  if (!bodyText) return {}
  try {
    const parsed = JSON.parse(bodyText) as unknown
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null
  } catch {
    return null
  }
}
