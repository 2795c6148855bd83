import type { SyncRunView } from '../../src-preload/contract'
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
      error: (s.error as string | null) ?? null,
    })),
  }))
}
