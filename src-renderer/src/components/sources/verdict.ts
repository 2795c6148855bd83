import type { ConnectionTest } from '../../../../src-preload/contract'

type Translate = (key: string, named?: Record<string, unknown>) => string

const PLAIN = ['ok', 'auth', 'not_found', 'network', 'tls', 'timeout'] as const

/** "Test connection" in plain words: the verdict in the UI language, then the API's own message. */
export function connectionVerdict(t: Translate, result: ConnectionTest): string {
  const kind = (PLAIN as readonly string[]).includes(result.kind) ? result.kind : 'other'
  const head = t(`sourcesPage.testResult.${kind}`)
  if (result.ok) return head
  // Kinds outside the plain list still get their words from the sync error vocabulary.
  const detail = kind === 'other' ? t(`sync.errors.${result.kind}`) : ''
  return [head, detail, result.message].filter(Boolean).join(' — ')
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
