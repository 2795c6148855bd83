/**
 * The order keyword's one rule, for every path that searches: the window's calls (list, status
 * counts, revenue, export) through the contract's filter schema, and the CLI's `--q` through
 * the same schema. Plain code without zod, so the renderer sends what main will search for.
 */

/** At most this many characters (code points) after normalizing. */
export const KEYWORD_MAX_CHARS = 100

/**
 * Control characters out, then trimmed. SQLite's LIKE ends its pattern at a NUL, so a keyword
 * holding one would match every order; a pasted tab or line break matches no stored name either.
 */
export function normalizeKeyword(raw: string): string {
  return raw.replace(/\p{Cc}/gu, '').trim()
}
