/**
 * The order a sandbox lists in. Pub's and appkey's documents do not say; course's shows none;
 * a client must not assume newest first, so tests serve both.
 */
export type ListOrder = 'newest-first' | 'oldest-first'

/** A sandbox's listing: its visible orders, newest first (or as asked). */
export interface Listing<T> {
  /** The orders a listing shows, newest first; the same array until an order is added or hidden. Never mutate it. */
  visible(): readonly T[]
  /** Tells the listing an order was hidden. */
  hidden(): void
}

/**
 * A sandbox's listing, newest first unless asked otherwise, without hidden orders. Sort keys (creation time,
 * id) never change and orders are only ever added, so the list is rebuilt only when the count
 * grew or an order was hidden: sorting tens of thousands of orders for every page would make the
 * sandbox, not the client, the slow side of the HTTP benchmark.
 */
export function sortedListing<T extends { hidden?: boolean }>(
  orders: readonly T[],
  compare: (a: T, b: T) => number,
  order: ListOrder = 'newest-first',
): Listing<T> {
  const sorted = order === 'newest-first' ? compare : (a: T, b: T) => compare(b, a)
  let visible: T[] = []
  let builtFor = -1
  return {
    visible() {
      if (builtFor !== orders.length) {
        visible = orders.filter((o) => !o.hidden).sort(sorted)
        builtFor = orders.length
      }
      return visible
    },
    hidden() {
      builtFor = -1
    },
  }
}
