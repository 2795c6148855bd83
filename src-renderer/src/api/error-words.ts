import type { ErrorCode, ErrorData } from '../../../src-preload/contract'
import { ApiError } from './client'

type Translate = (key: string, named?: Record<string, unknown>) => string

export interface ErrorWordsOptions {
  /** The view's labels of its fields, by the key main names (`baseUrl`, `amount`). */
  labels?: Record<string, string>
  /** The view's own sentence for a code, where it knows what the code means there. */
  byCode?: Partial<Record<ErrorCode, string>>
}

/** Connector kinds said with the sync log's words (sync.errors); not_found there means a wrong address, here it may be the order. */
const SYNC_WORDS = new Set(['auth', 'invalid', 'rate_limited', 'server', 'network', 'timeout', 'malformed', 'unsupported'])

/** The API's own words as staff may read them: one line, no address, not endless. */
export function apiWords(remote: string | undefined): string {
  const line = (remote ?? '').split(/\r?\n/)[0]
  const text = line
    .replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, '…')
    .replace(/\bHTTP(?:\/[\d.]+)?\s*\d{3}\b:?/gi, '')
    .replace(/\s+/g, ' ')
    .trim()
  return text.length > 200 ? `${text.slice(0, 199)}…` : text
}

/** The label of the field main named, the view knowing it: by its whole path or its last named part ("input.amount"). */
function labelOf(field: string | undefined, labels: Record<string, string> = {}): string | null {
  if (!field) return null
  if (Object.hasOwn(labels, field)) return labels[field]
  const last = field
    .split('.')
    .filter((part) => !/^\d+$/.test(part))
    .pop()
  return last !== undefined && Object.hasOwn(labels, last) ? labels[last] : null
}

/**
 * An error from main as staff read it: a sentence in the UI language chosen by its code (a
 * remote API's failure by its kind, in the sync log's words), and apart, the API's own words
 * where it gave any, for a 详情 toggle (ErrorWords.vue). The technical message (English, HTTP
 * codes, addresses) is never part of either.
 */
export function errorParts(t: Translate, error: ErrorData, options: ErrorWordsOptions = {}): { text: string; remote: string } {
  let text = options.byCode?.[error.code]
  if (!text && error.kind === 'not_found') text = t('errors.notFoundRemote')
  if (!text && error.kind && SYNC_WORDS.has(error.kind)) text = t(`sync.errors.${error.kind}`)
  if (!text && error.code === 'invalid_argument') {
    const label = labelOf(error.field, options.labels)
    text = label ? t('errors.invalidField', { field: label }) : t('errors.invalid_argument')
  }
  text ??= t(`errors.${error.code}`)
  return { text, remote: apiWords(error.remoteMessage) }
}

/** An error in one line of text: the words, the API's own in brackets (where no toggle fits). */
export function errorWords(t: Translate, error: ErrorData, options: ErrorWordsOptions = {}): string {
  const { text, remote } = errorParts(t, error, options)
  return remote ? t('errors.withRemote', { text, remote }) : text
}

/**
 * What a failed call or action says to staff. Anything that is not an ApiError is a fault of
 * the page itself: staff get the internal-error sentence, the console the details.
 */
export function failureWords(t: Translate, error: unknown, options: ErrorWordsOptions = {}): string {
  if (error instanceof ApiError) return errorWords(t, error.data, options)
  console.error('[orderdesk]', error)
  return t('errors.internal')
}

/** failureWords with the API's own words apart, for a 详情 toggle (ErrorWords.vue). */
export function failureParts(t: Translate, error: unknown, options: ErrorWordsOptions = {}): { text: string; remote: string } {
  if (error instanceof ApiError) return errorParts(t, error.data, options)
  console.error('[orderdesk]', error)
  return { text: t('errors.internal'), remote: '' }
}

/**
 * Why an export failed, in words. Main sends the file system's message (with the file's path):
 * a full disk and a folder that may not be written are said, anything else asks to try again;
 * the message itself goes to the console.
 */
export function exportFailureWords(t: Translate, message: string | null): string {
  console.warn('[orderdesk] export failed:', message)
  if (/\bENOSPC\b/.test(message ?? '')) return t('exportDialog.failedNoSpace')
  if (/\b(EACCES|EPERM|EROFS)\b/.test(message ?? '')) return t('exportDialog.failedNoAccess')
  return t('exportDialog.failed')
}
