import type { OrderFilter } from '../../src-preload/contract'
import type { ProductTypePick } from '../../src-preload/product-types'
import type { Db } from '../db/database'
import { NOTE_MATCH_SQL, noteMatches, tagsCondition } from '../notes/notes'
import { containsPattern, idSearch } from './id-search'
import { remembered } from './remembered'

/**
 * An order's revenue time (paid_at, else created_at) as queries name it.
 * The column revenue_at holds the same, but it is virtual, and SQLite reads every row for a
 * virtual column even from an index that holds it; this expression is indexed with its
 * columns (orders_revenue_money), so revenue sums come from the index alone.
 */
export const REVENUE_TIME = 'coalesce(o.paid_at, o.created_at)'

/**
 * For a period's revenue, money and creation counts read the revenue-time and creation-time
 * indexes, which hold every column the revenue page's filters name: left to
 * itself, SQLite would take a status or source index and read each order's row, seconds for a
 * year at a million orders. Bounded by the period either way. A filter on a column the index
 * lacks (the amount, or the payment and revenue times for the creation index), or a keyword
 * (which finds its few orders by id), is left to the planner.
 */
export function periodIndex(filter: OrderFilter, time: 'revenue' | 'created'): string {
  const lacking: Array<keyof OrderFilter> =
    time === 'revenue' ? ['amountMin', 'amountMax'] : ['paidFrom', 'paidTo', 'revenueFrom', 'revenueTo']
  // Tags find their few orders from their own table.
  if (filter.keyword?.trim() || filter.tags?.length || lacking.some((key) => filter[key] !== undefined)) return ''
  return `INDEXED BY ${time === 'revenue' ? 'orders_revenue_money' : 'orders_created_currency'}`
}

export interface SqlFragment {
  /** `WHERE …` or empty; columns are qualified with `o.`. */
  where: string
  params: Record<string, unknown>
  /**
   * With a keyword: the same filter as disjoint parts whose union is `where`, for queries that
   * read each part from its own index (list, count, status counts). Each is what follows
   * `FROM orders o`: how the part is read (its index), then its `WHERE …`. With tags and no
   * keyword: `where` as the one part, left to the planner (the tags' orders are found by id,
   * not along the index a query would otherwise name).
   */
  keyword: string[] | null
  /**
   * With a keyword: the filter without it (`WHERE …` or empty), and the keyword as a test of one
   * order's own fields, without an index: for reading a page along a sort index (queries.ts).
   */
  rowwise: { where: string; keyword: string } | null
}

/**
 * A filter's product types as one condition over a table's source and type columns: a type of
 * one source matches there only ("3" is a top-up in pub and a course in course), a bare type in
 * every source. `bind` gives a value's placeholder, called in the order they appear.
 */
export function productTypeCondition(
  picks: readonly ProductTypePick[] | undefined,
  columns: { source: string; type: string },
  bind: (value: string) => string,
): string | null {
  if (!picks?.length) return null
  const bare = picks.filter((p) => typeof p === 'string')
  const bySource = new Map<string, string[]>()
  for (const p of picks) if (typeof p !== 'string') bySource.set(p.source, [...(bySource.get(p.source) ?? []), p.type])
  const parts: string[] = []
  if (bare.length) parts.push(`${columns.type} IN (${bare.map(bind).join(', ')})`)
  for (const [source, types] of bySource) {
    parts.push(`(${columns.source} = ${bind(source)} AND ${columns.type} IN (${types.map(bind).join(', ')}))`)
  }
  return parts.length === 1 ? parts[0] : `(${parts.join(' OR ')})`
}

/**
 * The order filter as SQL, shared by the list, the export and revenue so they always agree
 * on which orders a filter means. Filtering happens in SQLite, never in the renderer.
 */
export function orderFilterSql(filter: OrderFilter, db?: Db): SqlFragment {
  const clauses: string[] = []
  const params: Record<string, unknown> = {}
  const inList = (column: string, name: string, values: readonly string[] | undefined): void => {
    if (!values || values.length === 0) return
    const keys = values.map((v, i) => {
      params[`${name}${i}`] = v
      return `@${name}${i}`
    })
    clauses.push(`${column} IN (${keys.join(', ')})`)
  }
  inList('o.source_id', 'source', filter.sources)
  inList('o.status', 'status', filter.statuses)
  let bound = 0
  const types = productTypeCondition(filter.productTypes, { source: 'o.source_id', type: 'o.product_type' }, (value) => {
    params[`ptype${bound}`] = value
    return `@ptype${bound++}`
  })
  if (types) clauses.push(types)
  if (filter.createdFrom !== undefined) {
    clauses.push('o.created_at >= @createdFrom')
    params.createdFrom = filter.createdFrom
  }
  if (filter.createdTo !== undefined) {
    clauses.push('o.created_at <= @createdTo')
    params.createdTo = filter.createdTo
  }
  const range = (column: string, name: string, lo: number | undefined, hi: number | undefined): void => {
    if (lo !== undefined) {
      clauses.push(`${column} >= @${name}Lo`)
      params[`${name}Lo`] = lo
    }
    if (hi !== undefined) {
      clauses.push(`${column} <= @${name}Hi`)
      params[`${name}Hi`] = hi
    }
  }
  range('o.paid_at', 'paid', filter.paidFrom, filter.paidTo)
  // An order with a pay time has it as its revenue time: said so, a pay-time range is read from
  // the revenue index's range instead of walking every order from the newest (seconds for an
  // older month at a million orders).
  if (filter.paidFrom !== undefined) clauses.push(`${REVENUE_TIME} >= @paidLo`)
  if (filter.paidTo !== undefined) clauses.push(`${REVENUE_TIME} <= @paidHi`)
  range(REVENUE_TIME, 'revenue', filter.revenueFrom, filter.revenueTo)
  range('o.due', 'amount', filter.amountMin, filter.amountMax)
  if (filter.tags?.length) {
    let tagged = 0
    clauses.push(
      tagsCondition(filter.tags, (value) => {
        params[`tag${tagged}`] = value
        return `@tag${tagged++}`
      }),
    )
  }
  const base = [...clauses]
  const branches = keywordBranches(filter.keyword, params, db)
  if (branches) clauses.push(`(${branches.any})`)
  const whereOf = (list: string[]): string => (list.length ? `WHERE ${list.join(' AND ')}` : '')
  return {
    where: whereOf(clauses),
    params,
    keyword: branches
      ? branches.disjoint.map((b) => `${b.access} ${whereOf([...base, b.where])}`)
      : filter.tags?.length
        ? [whereOf(clauses)]
        : null,
    rowwise: branches ? { where: whereOf(base), keyword: branches.rowwise } : null,
  }
}

/**
 * The keyword (order no, trade no, product, customer; and staff's notes) as SQL. Product and
 * customer names are matched inside the dictionary of distinct names (a few thousand strings,
 * not a million rows), then found through their indexes; ids (order no, trade no, customer id,
 * remote id) by their start or end through the id indexes (id-search.ts); notes inside the notes
 * table (what staff wrote: few), whose orders are then found by id.
 */
function keywordBranches(
  raw: string | undefined,
  params: Record<string, unknown>,
  db?: Db,
): { any: string; disjoint: Array<{ where: string; access: string }>; rowwise: string } | null {
  const keyword = raw?.trim()
  if (!keyword) return null
  params.keywordLike = containsPattern(keyword)
  const names = `(SELECT name FROM search_names WHERE name LIKE @keywordLike ESCAPE '\\')`
  const idQuery = idSearch(keyword)
  Object.assign(params, idQuery.params)
  const ids = idQuery.indexed
  const product = `o.product_name IN ${names}`
  const customer = `o.customer_name IN ${names}`
  const notProduct = `(o.product_name IS NULL OR o.product_name NOT IN ${names})`
  const notCustomer = `(o.customer_name IS NULL OR o.customer_name NOT IN ${names})`
  // With the connection, the notes are searched first: when none holds the keyword (most
  // searches), the query is the one it was without notes.
  let notes: string | null = NOTE_MATCH_SQL
  if (db) {
    const hits = noteHits(db, params.keywordLike as string)
    if (hits) params.noteHits = hits
    notes = hits ? 'o.id IN (SELECT value FROM json_each(@noteHits))' : null
  }
  const named = `o.product_name LIKE @keywordLike ESCAPE '\\' OR o.customer_name LIKE @keywordLike ESCAPE '\\' OR ${idQuery.rowwise}`
  return {
    any: `${product} OR ${customer} OR ${ids}${notes ? ` OR ${notes}` : ''}`,
    // The same orders as parts that never overlap, so counts simply add up. The name parts are
    // read from their name indexes, which hold the list filters' columns: with no status filter
    // SQLite would rather walk a source's creation times and read every order in range.
    disjoint: [
      { where: product, access: 'INDEXED BY orders_product_name' },
      { where: `${customer} AND ${notProduct}`, access: 'INDEXED BY orders_customer_name' },
      // The ids part by the orders the id indexes found, looked up by rowid: left to itself, with
      // a status and a date range SQLite would walk their index and test every order in it.
      { where: `${ids} AND ${notProduct} AND ${notCustomer}`, access: 'NOT INDEXED' },
      // A note's orders that no other part has (an id test may be null: coalesce, never NOT null).
      ...(notes ? [{ where: `${notes} AND ${notProduct} AND ${notCustomer} AND NOT coalesce(${ids}, 0)`, access: 'NOT INDEXED' }] : []),
    ],
    // The dictionary holds every name, so a name in it that contains the keyword is a name that does.
    rowwise: `(${named}${notes ? ` OR ${notes}` : ''})`,
  }
}

/** The ids of the orders whose note holds the keyword, as a JSON array; null for none; remembered until the database changes. */
function noteHits(db: Db, pattern: string): string | null {
  return remembered(db, `notes ${pattern}`, () => {
    const ids = noteMatches(db, pattern)
    return ids.length ? JSON.stringify(ids) : null
  })
}
