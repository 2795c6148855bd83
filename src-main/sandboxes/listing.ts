/**
 * A sandbox's listing order, newest first, without hidden orders. Sort keys (creation time,
 * id) never change and orders are only ever added, so the sort is redone only when the
 * count grew: sorting tens of thousands of orders for every page would make the sandbox,
 * not the client, the slow side of the HTTP benchmark.
 */
export function newestFirst<T extends { hidden?: boolean }>(orders: readonly T[], compare: (a: T, b: T) => number): () => T[] {
  let sorted: T[] = []
  let sortedCount = -1
  return () => {
    if (sortedCount !== orders.length) {
      sorted = [...orders].sort(compare)
      sortedCount = orders.length
    }
    return sorted.filter((o) => !o.hidden)
  }
}
