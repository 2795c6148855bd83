import type { SourceView, SyncErrorInfo } from '../../src-preload/contract'
import type { Db } from '../db/database'

/** A failing source is tried again after 30 s, then twice as long each time, at most an hour apart. */
export function retryDelayMs(failures: number): number {
  return Math.min(3_600_000, 30_000 * 2 ** Math.max(0, failures - 1))
}

/** Records a failed attempt: the reason, one failure more, and when to try next (no sooner than a rate limit asked). */
export function recordFailure(db: Db, sourceId: string, error: SyncErrorInfo, retryAfterMs: number, now: number): void {
  db.prepare('INSERT OR IGNORE INTO sync_state (source_id) VALUES (?)').run(sourceId)
  const { failures } = db.prepare('SELECT failures FROM sync_state WHERE source_id = ?').get(sourceId) as { failures: number }
  db.prepare(
    'UPDATE sync_state SET last_error = ?, last_error_at = ?, failures = failures + 1, next_attempt_at = ? WHERE source_id = ?',
  ).run(JSON.stringify(error), now, now + Math.max(retryDelayMs(failures + 1), retryAfterMs), sourceId)
}

/**
 * Whether auto-sync should sync a source now: a failing one when its next attempt is due (at once
 * when none is set: its settings were just saved), the others on their interval.
 */
export function isDue(source: Pick<SourceView, 'autoSyncMinutes' | 'lastSuccessAt' | 'nextAttemptAt' | 'failures'>, now: number): boolean {
  if (source.autoSyncMinutes <= 0) return false
  if (source.nextAttemptAt !== null) return now >= source.nextAttemptAt
  if (source.failures > 0) return true
  return source.lastSuccessAt === null || now - source.lastSuccessAt >= source.autoSyncMinutes * 60_000
}

/** Keeps a wait a rate limit asked for (it is the vendor's, whatever else changed); drops any other. */
const KEEP_RATE_LIMIT_WAIT = `CASE WHEN json_extract(last_error, '$.kind') = 'rate_limited' AND next_attempt_at > @now THEN next_attempt_at END`

/** A source that answered a connection test is no longer failing (a rate limit's wait still holds). */
export function markReachable(db: Db, sourceId: string, now = Date.now()): void {
  db.prepare(
    `UPDATE sync_state SET failures = 0, next_attempt_at = ${KEEP_RATE_LIMIT_WAIT}, last_error = NULL, last_error_at = NULL WHERE source_id = @id`,
  ).run({ id: sourceId, now })
}

/** A failing source whose settings changed is tried at the next tick, not after its backoff; it shows as failing until it succeeds. */
export function retrySoon(db: Db, sourceId: string, now = Date.now()): void {
  db.prepare(`UPDATE sync_state SET next_attempt_at = ${KEEP_RATE_LIMIT_WAIT} WHERE source_id = @id`).run({ id: sourceId, now })
}
