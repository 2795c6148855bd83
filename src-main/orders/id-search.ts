import type { Db } from '../db/database'

/**
 * Finding the orders whose ids (order no, trade no, customer id, remote id) contain a keyword
 * of three characters or more, through the id-gram index (order_id_grams).
 *
 * Every position of every id is indexed as one token: the six characters from there (fewer
 * at the id's end), lower-cased as SQLite's lower() does (ASCII letters only) and hex-encoded,
 * so digits, dashes, quotes or any other character come through the tokenizer unchanged. A
 * keyword of up to six characters is then a prefix of the token at every place it occurs: a
 * prefix query finds exactly its orders. A longer keyword is covered by six-character pieces
 * (from its start every six characters, and its last six); an order holding it holds all of
 * them, and the few that hold them all without holding the keyword are turned away by LIKE,
 * which folds case the same way. Digit ids made trigrams a poor index (a thousand distinct
 * trigrams, "202" in two orders of three); six-character pieces are each held by few orders.
 */

/** Characters per token; the index's SQL (idGrams in db/migrations.ts) writes the same number. */
export const ID_GRAM_LENGTH = 6

/** The four id columns, as the filter's SQL names them. */
const ID_COLUMNS = ['o.order_no', 'o.trade_no', 'o.customer_id', 'o.remote_id']

export interface IdGramQuery {
  /** The FTS5 query over order_id_grams. */
  match: string
  /** True when every order the query finds holds the keyword; false when LIKE must check. */
  exact: boolean
}

/** Lower-cases as SQLite's lower() and LIKE do without ICU: ASCII letters only. */
export function foldIdCase(text: string): string {
  return text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase())
}

/** A token as the index holds it (hex of the UTF-8 bytes; the tokenizer folds hex's case). */
function gramToken(text: string): string {
  return Buffer.from(text, 'utf8').toString('hex')
}

/** The index query for a keyword (not empty). */
export function idGramQuery(keyword: string): IdGramQuery {
  const chars = [...foldIdCase(keyword)]
  if (chars.length < ID_GRAM_LENGTH) return { match: `${gramToken(chars.join(''))}*`, exact: true }
  if (chars.length === ID_GRAM_LENGTH) return { match: gramToken(chars.join('')), exact: true }
  const pieces = new Set<string>()
  for (let i = 0; i + ID_GRAM_LENGTH <= chars.length; i += ID_GRAM_LENGTH)
    pieces.add(gramToken(chars.slice(i, i + ID_GRAM_LENGTH).join('')))
  pieces.add(gramToken(chars.slice(-ID_GRAM_LENGTH).join('')))
  return { match: [...pieces].join(' AND '), exact: false }
}

/** A LIKE pattern matching text that contains the keyword anywhere. */
export function containsPattern(keyword: string): string {
  return `%${keyword.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

/**
 * The orders whose ids contain the keyword, as a condition on `orders o` with named parameters
 * `idGrams` and (for a keyword longer than a token) `keywordLike` (see `containsPattern`).
 */
export function idMatchSql(query: IdGramQuery): string {
  const found = 'o.id IN (SELECT rowid FROM order_id_grams WHERE order_id_grams MATCH @idGrams)'
  if (query.exact) return found
  return `(${found} AND ${idContainsSql()})`
}

/**
 * The same test on one order's ids without the index, with the named parameter `keywordLike`:
 * LIKE folds case as the index does (ASCII letters only).
 */
export function idContainsSql(): string {
  return `(${ID_COLUMNS.map((c) => `${c} LIKE @keywordLike ESCAPE '\\'`).join(' OR ')})`
}

/**
 * The ids of the orders whose ids contain the keyword (ASCII case aside), ascending; null when
 * there are more than `limit`.
 */
export function searchOrderIds(db: Db, keyword: string, limit: number): number[] | null {
  const query = idGramQuery(keyword)
  const ids = db
    .prepare(`SELECT o.id FROM orders o WHERE ${idMatchSql(query)} ORDER BY o.id LIMIT @limit`)
    .pluck()
    .all({ idGrams: query.match, keywordLike: containsPattern(keyword), limit: limit + 1 }) as number[]
  return ids.length > limit ? null : ids
}
