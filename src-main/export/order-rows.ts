/**
 * What every export of orders shares, whatever file it writes: the rows of a filter in one order
 * (newest first), the money sums beside them, and the file written aside and renamed once whole.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { OrderFilter } from '../../src-preload/contract'
import { assertUnchangedSinceOpen, type Db } from '../db/database'
import { TAG_SEPARATOR } from '../../src-preload/annotations'
import { NOTE_SQL, TAGS_SQL } from '../notes/notes'
import { orderFilterSql } from '../orders/filter'
import type { ExportColumn } from './csv'

/** Money sums per currency, in fen, for checking against revenue. */
export type ExportTotals = Record<string, { paid: number; refunded: number }>

export interface OrderRows {
  /** The rows as arrays; `at(column)` is a column's index in them. */
  rows: Iterable<unknown[]>
  at: (column: string) => number
  /** A source id's name (source_name is read as the id). */
  sourceName: (id: string) => string
  /** Summed as the rows are read. */
  totals: ExportTotals
  /** Rows read so far. */
  count: () => number
  /** Closes the SQLite cursor even when the reader stopped early, freeing the connection. */
  close: () => void
}

/**
 * The filtered orders, newest first: only the columns asked for (plus what the money totals
 * need), never the raw payload. The source's name comes from a map, not a join, which would
 * dictate SQLite's reading order.
 */
export function orderRows(
  db: Db,
  filter: OrderFilter,
  columns: readonly ExportColumn[],
  extra: readonly string[] = [],
  ids?: readonly number[],
): OrderRows {
  const filtered = orderFilterSql(filter)
  const params = filtered.params
  let where = filtered.where
  // A selection from the list: only its orders, found by their ids.
  if (ids) {
    params.exportIds = JSON.stringify(ids)
    where = `${where ? `${where} AND` : 'WHERE'} o.id IN (SELECT value FROM json_each(@exportIds))`
  }
  const sourceNames = new Map(
    (db.prepare('SELECT id, name FROM sources').all() as Array<{ id: string; name: string }>).map((r) => [r.id, r.name]),
  )
  const keys = [...new Set<string>([...columns, ...extra, 'currency', 'paid', 'refunded'])]
  // Notes and tags from their own tables, each order's by its key (read only when asked for).
  const selected = keys.map((c) => (c === 'source_name' ? 'o.source_id' : c === 'note' ? NOTE_SQL : c === 'tags' ? TAGS_SQL : `o.${c}`))
  if (keys.includes('tags')) params.tagSeparator = TAG_SEPARATOR
  // Everything, or whole sources and statuses: one pass over the table and a sort that spills
  // to temporary files beats walking the time index, which reads the rows in random order.
  // Narrower filters are left to the planner, which finds them through their indexes.
  const broad =
    !ids && Object.entries(filter).every(([k, v]) => v === undefined || ((k === 'sources' || k === 'statuses') && Array.isArray(v)))
  const statement = db.prepare(
    `SELECT ${selected.join(', ')} FROM orders o ${broad ? 'NOT INDEXED' : ''} ${where} ORDER BY o.created_at DESC, o.id DESC`,
  )
  const at = (key: string): number => keys.indexOf(key)
  const [currencyAt, paidAt, refundedAt] = [at('currency'), at('paid'), at('refunded')]
  const totals: ExportTotals = {}
  let read = 0
  let cursor: Generator<unknown[]> | null = null
  function* rows(): Generator<unknown[]> {
    for (const row of statement.raw().iterate(params) as Iterable<unknown[]>) {
      const sum = (totals[row[currencyAt] as string] ??= { paid: 0, refunded: 0 })
      sum.paid += row[paidAt] as number
      sum.refunded += row[refundedAt] as number
      read++
      yield row
    }
  }
  return {
    get rows() {
      return (cursor ??= rows())
    },
    at,
    sourceName: (id) => sourceNames.get(id) ?? '',
    totals,
    count: () => read,
    close: () => void cursor?.return(undefined),
  }
}

/**
 * Pipes `source` into `file`, written aside and renamed at the end, so a failed or canceled
 * export leaves nothing under the chosen name (and an earlier file of that name intact).
 */
export async function writeAside(
  db: Db,
  file: string,
  source: Readable,
  through: NodeJS.ReadWriteStream[],
  signal: AbortSignal | undefined,
): Promise<void> {
  const temp = path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.${process.pid}.${Date.now()}.part`)
  try {
    await pipeline([source, ...through, fs.createWriteStream(temp)] as const, { signal })
    assertUnchangedSinceOpen(db)
    fs.renameSync(temp, file)
  } catch (error) {
    fs.rmSync(temp, { force: true })
    throw error
  }
}
