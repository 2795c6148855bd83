import type { Statement } from 'better-sqlite3'
import type { TagCount } from '../../src-preload/contract'
import type { Db } from '../db/database'

/**
 * Staff's notes and tags on orders: kept by the order's source and remote id, so
 * they stay through every sync, a full resync, and a source removed with its orders kept and
 * added back. Only the orders of a source removed with them lose theirs (sources/store.ts).
 */

export interface Annotation {
  note: string
  tags: string[]
  /** The last change of the note or the tags; null when never set. */
  updatedAt: number | null
}

/** The same order, as SQL over `orders o` and a table aliased `alias` with source_id and remote_id. */
const sameOrder = (alias: string): string => `${alias}.source_id = o.source_id AND ${alias}.remote_id = o.remote_id`

/** An order's note, as an SQL value over `orders o` (null for none): an export's column. */
export const NOTE_SQL = `(SELECT n.note FROM order_notes n WHERE ${sameOrder('n')})`

/** An order's tags A to Z joined by `@tagSeparator`, as an SQL value over `orders o` (null for none). */
export const TAGS_SQL = `(SELECT group_concat(t.tag, @tagSeparator) FROM (SELECT t.tag FROM order_tags t WHERE ${sameOrder('t')} ORDER BY t.tag) t)`

/**
 * The orders carrying any of the tags, as a condition on `orders o`: the tags' few orders are
 * found from order_tags, then by their ids. `bind` gives a value's placeholder.
 */
export function tagsCondition(tags: readonly string[], bind: (value: string) => string): string {
  // CROSS JOIN keeps the tags outside: the other way round, SQLite reads every order.
  return `o.id IN (SELECT x.id FROM order_tags t CROSS JOIN orders x ON x.source_id = t.source_id AND x.remote_id = t.remote_id
    WHERE t.tag IN (${tags.map(bind).join(', ')}))`
}

/**
 * The orders whose note contains the keyword, as a condition on `orders o`, with the named
 * parameter `keywordLike` (a LIKE pattern): the notes are few (what staff wrote), so they are
 * read whole, then their orders by id.
 */
const NOTED_ORDERS = `SELECT x.id FROM order_notes n CROSS JOIN orders x ON x.source_id = n.source_id AND x.remote_id = n.remote_id
    WHERE n.note LIKE @keywordLike ESCAPE '\\'`
export const NOTE_MATCH_SQL = `o.id IN (${NOTED_ORDERS})`

/**
 * Statements every keyword search and every page of the list runs, prepared once per
 * connection: parsing them each time would cost an id search more than running them.
 */
const prepared = new WeakMap<Db, Map<string, Statement>>()
function statement(db: Db, sql: string): Statement {
  let statements = prepared.get(db)
  if (!statements) prepared.set(db, (statements = new Map()))
  let found = statements.get(sql)
  if (!found) statements.set(sql, (found = db.prepare(sql)))
  return found
}

/** The ids of the orders whose note matches `pattern` (a LIKE pattern, as keywordLike). */
export function noteMatches(db: Db, pattern: string): number[] {
  // The notes read first (CROSS JOIN), each order then found by its key: never a pass over the orders.
  return statement(db, `${NOTED_ORDERS} ORDER BY x.id`).pluck().all({ keywordLike: pattern }) as number[]
}

/** An order's note and tags by its source and remote id. */
export function readAnnotation(db: Db, sourceId: string, remoteId: string): Annotation {
  const row = db.prepare('SELECT note, updated_at FROM order_notes WHERE source_id = ? AND remote_id = ?').get(sourceId, remoteId) as
    { note: string; updated_at: number } | undefined
  const tags = db
    .prepare('SELECT tag FROM order_tags WHERE source_id = ? AND remote_id = ? ORDER BY tag')
    .pluck()
    .all(sourceId, remoteId) as string[]
  return { note: row?.note ?? '', tags, updatedAt: row?.updated_at ?? null }
}

/**
 * Sets the note and tags of an order (arguments checked by the contract). Nothing changed,
 * nothing written: the time shown stays the last real change.
 */
export function saveAnnotation(
  db: Db,
  { sourceId, remoteId }: { sourceId: string; remoteId: string },
  input: { note: string; tags: readonly string[] },
  now: number,
): Annotation {
  return db
    .transaction(() => {
      const before = readAnnotation(db, sourceId, remoteId)
      const tags = [...new Set(input.tags)].sort()
      const same = before.note === input.note && before.tags.length === tags.length && before.tags.every((t, i) => t === tags[i])
      if (same) return before
      db.prepare('DELETE FROM order_tags WHERE source_id = ? AND remote_id = ?').run(sourceId, remoteId)
      const insert = db.prepare('INSERT INTO order_tags (source_id, remote_id, tag) VALUES (?, ?, ?)')
      for (const tag of tags) insert.run(sourceId, remoteId, tag)
      if (!input.note && tags.length === 0) {
        db.prepare('DELETE FROM order_notes WHERE source_id = ? AND remote_id = ?').run(sourceId, remoteId)
      } else {
        db.prepare(
          `INSERT INTO order_notes (source_id, remote_id, note, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT DO UPDATE SET note = excluded.note, updated_at = excluded.updated_at`,
        ).run(sourceId, remoteId, input.note, now)
      }
      return readAnnotation(db, sourceId, remoteId)
    })
    .immediate()
}

/** Every tag on an order in the cache, most used first, then A to Z. */
export function tagCounts(db: Db): TagCount[] {
  return db
    .prepare(
      `SELECT t.tag AS tag, count(*) AS orders FROM order_tags t JOIN orders o ON o.source_id = t.source_id AND o.remote_id = t.remote_id
       GROUP BY t.tag ORDER BY orders DESC, t.tag LIMIT 1000`,
    )
    .all() as TagCount[]
}

/** The tags of these orders (a page of the list), each A to Z, by the orders' row ids. */
export function tagsOfOrders(db: Db, orders: ReadonlyArray<{ id: number; source_id: string; remote_id: string }>): Map<number, string[]> {
  const tags = new Map<number, string[]>()
  if (orders.length === 0) return tags
  // By the keys the rows carry: the order rows themselves are not read again.
  const rows = statement(
    db,
    `SELECT j.key AS i, t.tag AS tag FROM json_each(@keys) j
     CROSS JOIN order_tags t ON t.source_id = j.value ->> 0 AND t.remote_id = j.value ->> 1 ORDER BY j.key, t.tag`,
  ).all({ keys: JSON.stringify(orders.map((o) => [o.source_id, o.remote_id])) }) as Array<{ i: number; tag: string }>
  for (const { i, tag } of rows) {
    const id = orders[i].id
    tags.set(id, [...(tags.get(id) ?? []), tag])
  }
  return tags
}

/** Forgets the notes and tags of a source's orders: only when its orders themselves are deleted. */
export function forgetSourceAnnotations(db: Db, sourceId: string): void {
  db.prepare('DELETE FROM order_notes WHERE source_id = ?').run(sourceId)
  db.prepare('DELETE FROM order_tags WHERE source_id = ?').run(sourceId)
}
