import type { SyncErrorInfo } from '../../src-preload/contract'
import type { Db } from '../db/database'
import type { SyncRunResult } from '../sync/engine'
import type { NotificationDraft } from './store'

/** Each source's failures in a row (0: not failing, or never synced), read before a run. */
export function failuresOf(db: Db, sourceIds: readonly string[]): Map<string, number> {
  const read = db.prepare('SELECT failures FROM sync_state WHERE source_id = ?')
  return new Map(sourceIds.map((id) => [id, (read.get(id) as { failures: number } | undefined)?.failures ?? 0]))
}

/**
 * What a sync run tells the user, per source: orders that became paid (one summary per source,
 * not one per order), and a source that started failing, told when its failures in a row go from
 * none to some, so the retries of a failure already told say nothing more. `before` is
 * `failuresOf` read before the run; `result` is null when the run ended without one (its thread
 * failed): the failures are read from the database all the same.
 */
export function syncNotices(db: Db, before: ReadonlyMap<string, number>, result: SyncRunResult | null): NotificationDraft[] {
  const nameOf = db.prepare('SELECT name FROM sources WHERE id = ?')
  const name = (id: string): string => (nameOf.get(id) as { name: string } | undefined)?.name ?? id
  const drafts: NotificationDraft[] = []
  for (const source of result?.sources ?? []) {
    if (source.becamePaid > 0)
      drafts.push({ kind: 'paid', sourceId: source.sourceId, sourceName: name(source.sourceId), count: source.becamePaid, reason: null })
  }
  const state = db.prepare('SELECT failures, last_error FROM sync_state WHERE source_id = ?')
  for (const [id, failuresBefore] of before) {
    const now = state.get(id) as { failures: number; last_error: string | null } | undefined
    if (failuresBefore !== 0 || !now || now.failures === 0) continue
    const reason: SyncErrorInfo = now.last_error ? (JSON.parse(now.last_error) as SyncErrorInfo) : { kind: 'internal', message: '' }
    drafts.push({ kind: 'failing', sourceId: id, sourceName: name(id), count: null, reason })
  }
  return drafts
}
