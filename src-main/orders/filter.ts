import type { OrderFilter } from '../../src-preload/contract'

export interface SqlFragment {
  /** `WHERE …` or empty; columns are qualified with `o.`. */
  where: string
  params: Record<string, unknown>
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
  inList('o.product_type', 'ptype', filter.productTypes)
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
  range('o.revenue_at', 'revenue', filter.revenueFrom, filter.revenueTo)
  range('o.due', 'amount', filter.amountMin, filter.amountMax)
  const keyword = filter.keyword?.trim()
  if (keyword && [...keyword].length >= 3) {
    // Three characters and more: the trigram index finds every field containing it.
    params.keywordPhrase = `"${keyword.replace(/"/g, '""')}"`
    clauses.push('o.id IN (SELECT rowid FROM order_search WHERE order_search MATCH @keywordPhrase)')
  } else if (keyword) {
    // One or two characters (two Chinese characters are a word): product and customer names
    // that contain them, through the name dictionary, and order numbers that start with them.
    params.keywordLike = `%${keyword.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    params.keywordPrefix = keyword
    params.keywordPrefixEnd = `${keyword}\uffff`
    clauses.push(
      `(o.product_name IN (SELECT name FROM search_names WHERE name LIKE @keywordLike ESCAPE '\\')
        OR o.customer_name IN (SELECT name FROM search_names WHERE name LIKE @keywordLike ESCAPE '\\')
        OR (o.order_no >= @keywordPrefix AND o.order_no < @keywordPrefixEnd))`,
    )
  }
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params }
}
