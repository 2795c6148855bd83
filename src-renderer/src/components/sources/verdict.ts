import type { ConnectionTest } from '../../../../src-preload/contract'

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
