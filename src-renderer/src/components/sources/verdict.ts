import type { ConnectionTest, ErrorData } from '../../../../src-preload/contract'
import { errorWords } from '../../api/error-words'

type Translate = (key: string, named?: Record<string, unknown>) => string

const PLAIN = ['ok', 'auth', 'not_found', 'network', 'tls', 'timeout'] as const

/**
 * "Test connection" in plain words, in the UI language. The API's own message (it may hold
 * addresses and HTTP codes) is not part of it: views show it muted, on hover.
 */
export function connectionVerdict(t: Translate, result: ConnectionTest): string {
  const kind = (PLAIN as readonly string[]).includes(result.kind) ? result.kind : 'other'
  // Kinds outside the plain list still get their words from the sync error vocabulary.
  if (kind === 'other' && !result.ok) return t('sourcesPage.testResult.otherWith', { reason: t(`sync.errors.${result.kind}`) })
  return t(`sourcesPage.testResult.${kind}`)
}

/** Every IANA zone the runtime knows, the common Chinese ones first. */
export function timeZones(): string[] {
  const first = ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Taipei', 'Asia/Singapore', 'Asia/Tokyo', 'UTC']
  let all: string[]
  try {
    all = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? []
  } catch {
    all = []
  }
  return [...first, ...all.filter((z) => !first.includes(z))]
}

/**
 * Why a sources file was not imported, in words: main names the source and the key in English
 * (`sources file: source "shop": key "baseUrl": …`, sources/file.ts); they are said here, the
 * rest of its message is for the console. A refusal of another kind is said by its code.
 */
export function importRefusal(t: Translate, error: ErrorData): string {
  if (error.code !== 'invalid_argument') return errorWords(t, error)
  const m = error.message
  const sourceId = /\bsource "([^"]*)"/.exec(m)?.[1]
  const nth = /\bsource #(\d+)/.exec(m)?.[1]
  const source =
    sourceId !== undefined
      ? t('sourcesPage.importWhy.named', { id: sourceId })
      : nth !== undefined
        ? t('sourcesPage.importWhy.nth', { n: nth })
        : null
  const key = /\bkey "([^"]*)"/.exec(m)?.[1] ?? null
  const variable = /environment variable (\w+) is not set/.exec(m)?.[1]
  const onlyVariable = /may only name \$\{(\w+)\}/.exec(m)?.[1]
  let why: string
  if (/\bis not valid JSON\b/.test(m)) why = t('sourcesPage.importWhy.notJson')
  else if (/: duplicate id$/.test(m) && sourceId !== undefined) why = t('sourcesPage.importWhy.duplicate', { id: sourceId })
  else if (variable && source && key) why = t('sourcesPage.importWhy.variable', { source, key, name: variable })
  else if (onlyVariable && source && key) why = t('sourcesPage.importWhy.wrongVariable', { source, key, name: onlyVariable })
  else if (source && key) why = t('sourcesPage.importWhy.sourceKey', { source, key })
  else if (source) why = t('sourcesPage.importWhy.source', { source })
  else if (key) why = t('sourcesPage.importWhy.key', { key })
  else why = t('sourcesPage.importWhy.other')
  return t('sourcesPage.importFailed', { why })
}
