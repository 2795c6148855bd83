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
  if (keyword) {
    // LIKE with escaping: substrings of any length match, two-character Chinese included.
    params.keyword = `%${keyword.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    clauses.push(
      `(o.order_no LIKE @keyword ESCAPE '\\' OR o.trade_no LIKE @keyword ESCAPE '\\' OR o.product_name LIKE @keyword ESCAPE '\\' OR o.customer_name LIKE @keyword ESCAPE '\\' OR o.customer_id LIKE @keyword ESCAPE '\\' OR o.remote_id LIKE @keyword ESCAPE '\\')`,
    )
  }
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params }
}
