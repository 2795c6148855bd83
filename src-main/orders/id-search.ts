/**
 * Finding orders by what staff type of an id (order no, trade no, customer id, remote id): the
 * whole id or its start, and the last characters of an order or trade number (a receipt's last
 * four digits). Expression indexes on orders hold every id lower-cased, for the
 * whole id and its start, and the order and trade numbers' last six characters reversed, for
 * their end: each a B-tree range, a few index entries per order written.
 *
 * Case is folded as SQLite's lower() and LIKE fold it: ASCII letters only.
 */

/** How many characters of an id's end are indexed: an end up to this long is a range of the index. */
export const ID_END_LENGTH = 6

/** Below this many characters a keyword is not looked for at the end of ids: too many end so. */
export const ID_END_MIN_LENGTH = 4

/** Below this many characters a keyword is looked for at the start of order numbers only. */
export const ID_START_MIN_LENGTH = 3

/** The id columns, each searched by its start. */
export const ID_COLUMNS = ['order_no', 'trade_no', 'customer_id', 'remote_id'] as const
type IdColumn = (typeof ID_COLUMNS)[number]

/**
 * The ids also searched by their end: the numbers on a receipt. Customer ids (short user
 * numbers) and remote ids (the API's own, or the order number again) are typed whole.
 */
export const ID_END_COLUMNS: ReadonlySet<IdColumn> = new Set(['order_no', 'trade_no'])

/** Lower-cases as SQLite's lower() and LIKE do without ICU: ASCII letters only. */
export function foldIdCase(text: string): string {
  return text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase())
}

/** A LIKE pattern matching text that contains the keyword anywhere. */
export function containsPattern(keyword: string): string {
  return `%${escapeLike(keyword)}%`
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`)
}

/**
 * The least string greater than every string that starts with `text`, in SQLite's binary order
 * of UTF-8 (code point order): `text` with its last code point raised by one. Null when none
 * exists (nothing but the highest code point).
 */
export function prefixEnd(text: string): string | null {
  const points = [...text].map((c) => c.codePointAt(0)!)
  while (points.length > 0) {
    const last = points.pop()!
    if (last === 0x10ffff) continue
    // The surrogates are no characters: the next one after them is U+E000.
    points.push(last === 0xd7ff ? 0xe000 : last + 1)
    return String.fromCodePoint(...points)
  }
  return null
}

/**
 * An id column's last six characters reversed, lower-cased, as SQL: the indexed expression
 * (the baseline spells it out the same way; the planner uses the index only for the very same
 * expression). An id shorter than six is reversed whole.
 */
export function idEndSql(column: string): string {
  return Array.from({ length: ID_END_LENGTH }, (_, i) => `substr(lower(${column}), ${-(i + 1)}, 1)`).join(' || ')
}

/** The reversed end a keyword's last characters are found under in the index. */
function reversedEnd(keyword: string): string {
  return [...keyword].slice(-ID_END_LENGTH).reverse().join('')
}

export interface IdSearch {
  /** The orders found, as a condition on `orders o` that reads the id indexes. */
  indexed: string
  /** The same test on one order's own fields, without an index. */
  rowwise: string
  params: Record<string, string>
}

/**
 * The orders whose id is the keyword or starts with it, or (from four characters) whose order
 * or trade number ends with it, ASCII case aside; a keyword of one or two characters is looked
 * for at the start of order numbers only (a character or two would start most orders' ids).
 */
export function idSearch(keyword: string): IdSearch {
  const folded = foldIdCase(keyword)
  const length = [...folded].length
  const params: Record<string, string> = { idStart: folded, idStartLike: `${escapeLike(folded)}%` }
  const startEnd = prefixEnd(folded)
  if (startEnd !== null) params.idStartEnd = startEnd
  const columns: readonly IdColumn[] = length < ID_START_MIN_LENGTH ? ['order_no'] : ID_COLUMNS
  const byEnd = length >= ID_END_MIN_LENGTH
  if (byEnd) {
    const end = reversedEnd(folded)
    params.idEnd = end
    const endEnd = prefixEnd(end)
    if (endEnd !== null) params.idEndEnd = endEnd
    params.idEndLike = `%${escapeLike(folded)}`
  }
  const range = (expression: string, from: string, to: string): string =>
    `${expression} >= @${from}${params[to] === undefined ? '' : ` AND ${expression} < @${to}`}`
  const found: string[] = []
  const tests: string[] = []
  for (const column of columns) {
    found.push(`SELECT id FROM orders WHERE ${range(`lower(${column})`, 'idStart', 'idStartEnd')}`)
    tests.push(`o.${column} LIKE @idStartLike ESCAPE '\\'`)
    if (!byEnd || !ID_END_COLUMNS.has(column)) continue
    // An end longer than the indexed six is found by its last six, then checked whole.
    const check = length > ID_END_LENGTH ? ` AND ${column} LIKE @idEndLike ESCAPE '\\'` : ''
    found.push(`SELECT id FROM orders WHERE ${range(idEndSql(column), 'idEnd', 'idEndEnd')}${check}`)
    tests.push(`o.${column} LIKE @idEndLike ESCAPE '\\'`)
  }
  return { indexed: `o.id IN (${found.join(' UNION ALL ')})`, rowwise: `(${tests.join(' OR ')})`, params }
}
