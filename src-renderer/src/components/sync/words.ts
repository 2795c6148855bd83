import type { SourceView } from '../../../../src-preload/contract'
import { errorWords } from '../../api/error-words'
import { clockTime } from '../../format'
import type { SourceOutcome, SyncOutcome } from '../../stores/sync'

type Translate = (key: string, named?: Record<string, unknown>) => string

/** A source whose syncs fail: failed at least once since its last success (or a test that answered). */
export function isFailing(source: Pick<SourceView, 'failures' | 'lastError'>): boolean {
  return source.failures > 0 || source.lastError !== null
}

/** When auto-sync tries a failing source again, in words: a time in the user's zone, soon, or never. */
export function retryWords(
  t: Translate,
  source: Pick<SourceView, 'enabled' | 'autoSyncMinutes' | 'nextAttemptAt'>,
  zone: string,
  now: number = Date.now(),
): string {
  if (!source.enabled) return t('failing.retryDisabled')
  // Auto-sync never picks a source without an interval, backing off or not.
  if (source.autoSyncMinutes <= 0) return t('failing.retryManual')
  // No time yet (its settings were just saved) or the time has passed: the next tick takes it.
  if (source.nextAttemptAt === null || source.nextAttemptAt <= now) return t('failing.retrySoon')
  return t('failing.retryAt', { time: clockTime(source.nextAttemptAt, zone, now) })
}

/** What a toast says about a "sync now": its type and words, or null when the progress bar says enough. */
export interface OutcomeMessage {
  type: 'success' | 'info' | 'warning' | 'error'
  text: string
}

/**
 * The message after "sync now": a source that failed before its first page says why, one that
 * finished gives its counts, one under way says it started. For all sources (`single` false),
 * only failures and a run already over are worth a message: the progress bar shows the rest.
 */
export function outcomeMessage(
  t: Translate,
  outcome: SyncOutcome,
  nameOf: (id: string) => string,
  options: { single: boolean; full?: boolean },
): OutcomeMessage | null {
  if (outcome.kind === 'busy') return { type: 'warning', text: t('sourcesPage.syncRunning') }
  if (outcome.kind === 'refused') {
    return { type: 'error', text: outcome.error.code === 'not_found' ? t('sync.outcome.nothingToSync') : errorWords(t, outcome.error) }
  }
  const sources = outcome.sources
  const failed = sources.filter((s) => s.state === 'failed')
  const failedWords = (s: SourceOutcome): string =>
    s.state === 'failed' ? t('sync.outcome.failed', { name: nameOf(s.sourceId), reason: t(`sync.errors.${s.error.kind}`) }) : ''

  if (options.single || sources.length === 1) {
    const s = sources[0]
    if (!s) return null
    const name = nameOf(s.sourceId)
    if (s.state === 'failed') return { type: 'error', text: failedWords(s) }
    if (s.state === 'canceled') return { type: 'info', text: t('sync.outcome.canceled', { name }) }
    if (s.state === 'done') return { type: 'success', text: doneWords(t, name, s) }
    if (!options.single) return null
    return { type: 'success', text: t(options.full ? 'sourcesPage.fullSyncStarted' : 'sourcesPage.syncStarted', { name }) }
  }

  if (failed.length === sources.length) {
    const details = failed
      .map((s) => t('sync.outcome.reasonOf', { name: nameOf(s.sourceId), reason: reasonOf(t, s) }))
      .join(t('sync.outcome.separator'))
    return { type: 'error', text: t('sync.outcome.allFailed', { n: failed.length, details }) }
  }
  if (failed.length > 0) {
    return { type: 'warning', text: t('sync.outcome.someFailed', { failed: failed.map(failedWords).join(t('sync.outcome.separator')) }) }
  }
  if (sources.every((s) => s.state === 'canceled')) return { type: 'info', text: t('sync.outcome.allCanceled') }
  if (sources.every((s) => s.state === 'done')) {
    const sum = (key: 'inserted' | 'updated' | 'unchanged' | 'skipped'): number =>
      sources.reduce((n, s) => n + (s.state === 'done' ? s[key] : 0), 0)
    return {
      type: 'success',
      text: doneWords(t, null, {
        inserted: sum('inserted'),
        updated: sum('updated'),
        unchanged: sum('unchanged'),
        skipped: sum('skipped'),
      }),
    }
  }
  return null
}

function reasonOf(t: Translate, s: SourceOutcome): string {
  return s.state === 'failed' ? t(`sync.errors.${s.error.kind}`) : ''
}

function doneWords(
  t: Translate,
  name: string | null,
  c: { inserted: number; updated: number; unchanged: number; skipped: number },
): string {
  const counts = { inserted: c.inserted, updated: c.updated, unchanged: c.unchanged }
  const head = name === null ? t('sync.outcome.allDone', counts) : t('sync.outcome.done', { name, ...counts })
  return c.skipped > 0 ? `${head}${t('sync.outcome.skipped', { n: c.skipped })}` : head
}
