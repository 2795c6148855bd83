/**
 * The rules of an order's note and tags, in plain code without zod: main's contract checks them
 * with these, and the drawer says the same problems before it sends anything.
 */

/** At most this many characters (code points) in a note. */
export const NOTE_MAX_CHARS = 1000
/** At most this many characters (code points) in one tag. */
export const TAG_MAX_CHARS = 20
/** At most this many tags on one order. */
export const MAX_TAGS_PER_ORDER = 10
/** At most this many tags in the list's tag filter. */
export const MAX_FILTER_TAGS = 50
/** Tags are joined by this in an export's cell, so a tag may not hold a comma. */
export const TAG_SEPARATOR = ', '

/** Control characters out, then trimmed: a pasted line break or tab makes no tag of its own. */
export function normalizeTag(raw: string): string {
  return raw.replace(/\p{Cc}/gu, '').trim()
}

/** A note as kept: NULs and other control characters but line breaks and tabs out, trailing space trimmed. */
export function normalizeNote(raw: string): string {
  return raw
    .replace(/\r\n?/g, '\n')
    .replace(/[^\P{Cc}\n\t]/gu, '')
    .trimEnd()
}

export type TagProblem = 'empty' | 'tooLong' | 'comma'

/** What is wrong with a normalized tag, or null. */
export function tagProblem(tag: string): TagProblem | null {
  if (!tag) return 'empty'
  if ([...tag].length > TAG_MAX_CHARS) return 'tooLong'
  if (/[,，]/.test(tag)) return 'comma'
  return null
}

/** The problem in words for main's error (staff read the drawer's own words). */
export const TAG_PROBLEM_TEXT: Record<TagProblem, string> = {
  empty: 'a tag must not be empty',
  tooLong: `a tag may have at most ${TAG_MAX_CHARS} characters`,
  comma: 'a tag may not hold a comma',
}

/** The length of a text as staff count it: characters, not UTF-16 units. */
export function charCount(text: string): number {
  return [...text].length
}
