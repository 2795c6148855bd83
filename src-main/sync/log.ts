import type { SkippedRecordView, SyncRunView } from '../../src-preload/contract'
import type { Db } from '../db/database'

/** The sync log, newest run first, with per-source counts and errors. */
export function listSyncRuns(db: Db, limit: number): SyncRunView[] {
  const runs = db.prepare('SELECT * FROM sync_runs ORDER BY id DESC LIMIT ?').all(limit) as Array<{
    id: number
    trigger: SyncRunView['trigger']
    full: number
    status: SyncRunView['status']
    started_at: number
    finished_at: number | null
  }>
  const perSource = db.prepare('SELECT * FROM sync_run_sources WHERE run_id = ? ORDER BY source_id')
  return runs.map((run) => ({
    id: run.id,
    trigger: run.trigger,
    full: run.full === 1,
    status: run.status,
    startedAt: run.started_at,
    finishedAt: run.finished_at,
    sources: (perSource.all(run.id) as Array<Record<string, unknown>>).map((s) => ({
      sourceId: String(s.source_id),
      fetched: Number(s.fetched),
      inserted: Number(s.inserted),
      updated: Number(s.updated),
      unchanged: Number(s.unchanged),
      skipped: Number(s.skipped),
      requests: Number(s.requests),
      rechecked: Number(s.rechecked),
      recheckedBy: (s.recheck_method ?? null) as SyncRunView['sources'][number]['recheckedBy'],
      notes: s.notes ? (JSON.parse(String(s.notes)) as SyncRunView['sources'][number]['notes']) : [],
      error: s.error ? (JSON.parse(String(s.error)) as SyncRunView['sources'][number]['error']) : null,
    })),
  }))
}

/** Records a run skipped, with their raw payloads, for the sync log. */
export function listSkippedRecords(db: Db, runId: number): SkippedRecordView[] {
  const rows = db
    .prepare('SELECT id, source_id, remote_id, reason, raw, at FROM skipped_records WHERE run_id = ? ORDER BY id LIMIT 1000')
    .all(runId) as Array<{ id: number; source_id: string; remote_id: string | null; reason: string; raw: string; at: number }>
  return rows.map((r) => ({
    id: r.id,
    sourceId: r.source_id,
    remoteId: r.remote_id,
    reason: r.reason,
    raw: JSON.parse(r.raw) as unknown,
    at: r.at,
  }))
}
