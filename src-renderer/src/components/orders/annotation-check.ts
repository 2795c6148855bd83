import {
  charCount,
  MAX_TAGS_PER_ORDER,
  normalizeNote,
  normalizeTag,
  NOTE_MAX_CHARS,
  tagProblem,
  TAG_MAX_CHARS,
} from '../../../../src-preload/annotations'

type Translate = (key: string, values?: Record<string, unknown>) => string

/**
 * What the drawer would send for a note and tags as typed, or what is wrong with them in the
 * user's words: the rules main checks (src-preload/annotations.ts), said before sending.
 */
export function checkAnnotation(
  t: Translate,
  note: string,
  typed: readonly string[],
): { note: string; tags: string[] } | { problem: string } {
  const kept = normalizeNote(note)
  if (charCount(kept) > NOTE_MAX_CHARS) return { problem: t('notes.noteTooLong', { max: NOTE_MAX_CHARS }) }
  const tags = [...new Set(typed.map(normalizeTag))]
  for (const tag of tags) {
    const problem = tagProblem(tag)
    if (problem === 'empty') return { problem: t('notes.tagEmpty') }
    if (problem === 'tooLong') return { problem: t('notes.tagTooLong', { tag, max: TAG_MAX_CHARS }) }
    if (problem === 'comma') return { problem: t('notes.tagComma', { tag }) }
  }
  if (tags.length > MAX_TAGS_PER_ORDER) return { problem: t('notes.tooMany', { max: MAX_TAGS_PER_ORDER }) }
  return { note: kept, tags }
}
