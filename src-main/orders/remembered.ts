import type { Db } from '../db/database'

/** How many results are kept per connection (a few filters' counts and status counts). */
const KEPT = 16

const memo = new WeakMap<Db, { state: string; results: Map<string, unknown> }>()

/**
 * The database as this connection sees it: data_version moves when another connection (the
 * sync's writer) commits, total_changes when this one writes.
 */
function databaseState(db: Db): string {
  return `${db.pragma('data_version', { simple: true })}/${(db.prepare('SELECT total_changes() AS n').get() as { n: number }).n}`
}

/**
 * A read's result, computed once while nothing is written: paging or sorting the order list
 * asks for the same total and status counts again, and a keyword that most orders hold (a
 * year's digits in date-based order numbers) is slow to count in a large cache. Everything is forgotten as soon as anything is written, by any connection.
 */
export function remembered<T>(db: Db, key: string, compute: () => T): T {
  // Inside a transaction nothing is kept: a rollback moves neither counter back, so what was
  // read there would outlive the rows it counted.
  if (db.inTransaction) return compute()
  const state = databaseState(db)
  let entry = memo.get(db)
  if (!entry || entry.state !== state) {
    entry = { state, results: new Map() }
    memo.set(db, entry)
  }
  const { results } = entry
  if (results.has(key)) {
    const value = results.get(key) as T
    // Most recently used last: the first is the one to forget.
    results.delete(key)
    results.set(key, value)
    return value
  }
  const value = compute()
  results.set(key, value)
  if (results.size > KEPT) results.delete(results.keys().next().value as string)
  return value
}

/** Forgets what was remembered for a connection (the benchmark times the queries, not this). */
export function forgetRemembered(db: Db): void {
  memo.delete(db)
}
