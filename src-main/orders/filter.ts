import type { OrderFilter } from '../../src-preload/contract'
import type { ProductTypePick } from '../../src-preload/product-types'
import { containsPattern, idSearch } from './id-search'

/**
 * An order's revenue time (orders.md § Revenue: paid_at, else created_at) as queries name it.
 * The column revenue_at holds the same, but it is virtual, and SQLite reads every row for a
 * virtual column even from an index that holds it; this expression is indexed with its
 * columns (orders_revenue_money), so revenue sums come from the index alone.
 */
export const REVENUE_TIME = 'coalesce(o.paid_at, o.created_at)'

/**
 * For a period's revenue, money and creation counts read the revenue-time and creation-time
 * indexes, which hold every column the revenue page's filters name (schema 11): left to
 * itself, SQLite would take a status or source index and read each order's row, seconds for a
 * year at a million orders. Bounded by the period either way. A filter on a column the index
 * lacks (the amount, or the payment and revenue times for the creation index), or a keyword
 * (which finds its few orders by id), is left to the planner.
 */
export function periodIndex(filter: OrderFilter, time: 'revenue' | 'created'): string {
  const lacking: Array<keyof OrderFilter> =
    time === 'revenue' ? ['amountMin', 'amountMax'] : ['paidFrom', 'paidTo', 'revenueFrom', 'revenueTo']
  if (filter.keyword?.trim() || lacking.some((key) => filter[key] !== undefined)) return ''
  return `INDEXED BY ${time === 'revenue' ? 'orders_revenue_money' : 'orders_created_currency'}`
}

export interface SqlFragment {
  /** `WHERE …` or empty; columns are qualified with `o.`. */
  where: string
  params: Record<string, unknown>
  /**
   * With a keyword: the same filter as disjoint parts whose union is `where`, for queries that
   * read each part from its own index (list, count, status counts). Each is what follows
   * `FROM orders o`: how the part is read (its index), then its `WHERE …`.
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
export function orderFilterSql(filter: OrderFilter): SqlFragment {
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
  const base = [...clauses]
  const branches = keywordBranches(filter.keyword, params)
  if (branches) clauses.push(`(${branches.any})`)
  const whereOf = (list: string[]): string => (list.length ? `WHERE ${list.join(' AND ')}` : '')
  return {
    where: whereOf(clauses),
    params,
    keyword: branches ? branches.disjoint.map((b) => `${b.access} ${whereOf([...base, b.where])}`) : null,
    rowwise: branches ? { where: whereOf(base), keyword: branches.rowwise } : null,
  }
}

/**
 * The keyword (orders.md: order no, trade no, product, customer) as SQL. Product and customer
 * names are matched inside the dictionary of distinct names (a few thousand strings, not a
 * million rows), then found through their indexes; ids (order no, trade no, customer id,
 * remote id) by their start or end through the id indexes (id-search.ts).
 */
function keywordBranches(
  raw: string | undefined,
  params: Record<string, unknown>,
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
  return {
    any: `${product} OR ${customer} OR ${ids}`,
    // The same orders as three parts that never overlap: each part is read from its own index
    // (the name indexes carry the list filters' columns), and counts simply add up.
    // The name parts are read from their name indexes, which hold the list filters' columns:
    // with no status filter SQLite would rather walk a source's creation times and read every
    // order in the range (a source, 90 days and a product name's two characters: 0.4-2 s
    // against 25 ms at a million orders).
    disjoint: [
      { where: product, access: 'INDEXED BY orders_product_name' },
      { where: `${customer} AND ${notProduct}`, access: 'INDEXED BY orders_customer_name' },
      // The ids part by the orders the id indexes found, looked up by rowid: left to itself, with
      // a status and a date range SQLite would walk their index and test every order in it.
      { where: `${ids} AND ${notProduct} AND ${notCustomer}`, access: 'NOT INDEXED' },
    ],
    // The dictionary holds every name, so a name in it that contains the keyword is a name that does.
    rowwise: `(o.product_name LIKE @keywordLike ESCAPE '\\' OR o.customer_name LIKE @keywordLike ESCAPE '\\' OR ${idQuery.rowwise})`,
  }
}
