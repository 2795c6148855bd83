import type { SyncErrorInfo } from '../../src-preload/contract'
import type { Db } from '../db/database'
import type { SyncRunResult } from '../sync/engine'
import type { NotificationDraft } from './store'

/** What a source's sync state was before a run: what its notices are measured against. */
export interface SourceBefore {
  /** Failures in a row (0: not failing, or never synced). */
  failures: number
  /** Whether it ever synced whole: before that, a sync fills the cache with the source's history. */
  synced: boolean
}

/** Each source's state, read before a run. */
export function statesBefore(db: Db, sourceIds: readonly string[]): Map<string, SourceBefore> {
  const read = db.prepare('SELECT failures, last_success_at FROM sync_state WHERE source_id = ?')
  return new Map(
    sourceIds.map((id) => {
      const row = read.get(id) as { failures: number; last_success_at: number | null } | undefined
      return [id, { failures: row?.failures ?? 0, synced: (row?.last_success_at ?? null) !== null }]
    }),
  )
}

/**
 * What a sync run tells the user, per source: orders that became paid (one summary per source,
 * not one per order), and a source that started failing, told when its failures in a row go from
 * none to some, so the retries of a failure already told say nothing more. A source's first
 * filling of the cache tells no paid orders: they are its history, not news. `before` is
 * `statesBefore` read before the run; `result` is null when the run ended without one (its
 * thread failed): the failures are read from the database all the same.
 */
export function syncNotices(db: Db, before: ReadonlyMap<string, SourceBefore>, result: SyncRunResult | null): NotificationDraft[] {
  const nameOf = db.prepare('SELECT name FROM sources WHERE id = ?')
  const name = (id: string): string => (nameOf.get(id) as { name: string } | undefined)?.name ?? id
  const drafts: NotificationDraft[] = []
  for (const source of result?.sources ?? []) {
    if (source.becamePaid > 0 && before.get(source.sourceId)?.synced)
      drafts.push({ kind: 'paid', sourceId: source.sourceId, sourceName: name(source.sourceId), count: source.becamePaid, reason: null })
  }
  const state = db.prepare('SELECT failures, last_error FROM sync_state WHERE source_id = ?')
  for (const [id, { failures }] of before) {
    const now = state.get(id) as { failures: number; last_error: string | null } | undefined
    if (failures !== 0 || !now || now.failures === 0) continue
    const reason: SyncErrorInfo = now.last_error ? (JSON.parse(now.last_error) as SyncErrorInfo) : { kind: 'internal', message: '' }
    drafts.push({ kind: 'failing', sourceId: id, sourceName: name(id), count: null, reason })
  }
  return drafts
}
