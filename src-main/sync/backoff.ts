import type { SourceView } from '../../src-preload/contract'
import type { Db } from '../db/database'

/** A failing source is tried again after 30 s, then twice as long each time, at most an hour apart. */
export function retryDelayMs(failures: number): number {
  return Math.min(3_600_000, 30_000 * 2 ** Math.max(0, failures - 1))
}

/** Whether auto-sync should sync a source now: a failing one when its next attempt is due, the others on their interval. */
export function isDue(source: Pick<SourceView, 'autoSyncMinutes' | 'lastSuccessAt' | 'nextAttemptAt'>, now: number): boolean {
  if (source.autoSyncMinutes <= 0) return false
  if (source.nextAttemptAt !== null) return now >= source.nextAttemptAt
  return source.lastSuccessAt === null || now - source.lastSuccessAt >= source.autoSyncMinutes * 60_000
}

/** A source that answered a connection test is no longer failing. */
export function markReachable(db: Db, sourceId: string): void {
  db.prepare('UPDATE sync_state SET failures = 0, next_attempt_at = NULL, last_error = NULL, last_error_at = NULL WHERE source_id = ?').run(
    sourceId,
  )
}

/** A failing source whose settings changed is tried at the next tick, not after its backoff; it shows as failing until it succeeds. */
export function retrySoon(db: Db, sourceId: string): void {
  db.prepare('UPDATE sync_state SET next_attempt_at = NULL WHERE source_id = ?').run(sourceId)
}
