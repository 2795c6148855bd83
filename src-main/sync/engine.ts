import { queuedProgress, type SyncErrorInfo, type SyncNote, type SyncPhase, type SyncProgress } from '../../src-preload/contract'
import { ConnectorError } from '../connectors/errors'
import type { Connector, ListPage, PagesRequest, Send } from '../connectors/types'
import type { Db } from '../db/database'
import { writable, type UpsertCounts } from '../orders/writer'
import { noop } from '../shared/noop'
import type { WorkerEntry } from '../shared/worker-entry'
import type { SourceConfig } from '../sources/config'
import { recordFailure } from './backoff'
import { LEASE_RENEW_MS, LOCK_TAKEN_OVER, newOwnerId, ownerIsDead, SourceBusyError, SourceLock } from './lock'
import { PageGroups } from './page-groups'
import { directPageWriter, threadPageWriter, type PagesWrite, type PageWriter, type WritablePage } from './page-writer'
import { recheckOldPending, RECHECK_BUDGET } from './recheck'
import { DEFAULT_MAX_IN_FLIGHT, DEFAULT_REQUEST_POLICY, Slots, SourceGate, type RequestPolicy } from './request-gate'
import { writeListing } from './write-listing'

const DAY_MS = 86_400_000

/** The run cursor of an incremental sync whose window is written: a resumed run goes on with the re-check. */
export const RECHECK_CURSOR = 'recheck'
/** The run cursor of a full sync whose listing is written: a resumed run only finishes it. */
export const LISTED_CURSOR = 'listed'

export type SyncTrigger = 'manual' | 'scheduled' | 'startup' | 'cli'
export type { SyncErrorInfo, SyncPhase }
export type SourceProgress = SyncProgress

export interface SourceSyncResult extends Omit<SourceProgress, 'runId' | 'phase'> {
  status: 'ok' | 'failed' | 'canceled'
  flaggedMissing: number
  recheckedBy: 'listing' | 'single' | null
  notes: SyncNote[]
  /** Orders this run wrote as paid that the cache did not hold as paid (committed ones, also of a run that then failed). */
  becamePaid: number
}

export interface SyncRunResult {
  runId: number
  status: 'ok' | 'partial' | 'failed' | 'canceled'
  sources: SourceSyncResult[]
}

export interface SyncOptions {
  db: Db
  /** Sources to sync, with credentials; each must exist in the sources table. */
  sources: readonly SourceConfig[]
  connectorFor: (config: SourceConfig) => Connector
  trigger: SyncTrigger
  /** Re-read everything, whatever the schedule says. */
  full?: boolean
  /** How requests are sent: a source's concurrency (unless its config sets one), retries, the longest Retry-After honoured. */
  requests?: Partial<RequestPolicy>
  /** Requests in flight across all the run's sources at most. */
  maxInFlight?: number
  /** Old pending orders re-checked one by one per source and run at most. */
  recheckBudget?: number
  signal?: AbortSignal
  onProgress?: (progress: SourceProgress) => void
  now?: () => number
  /** Jitter of retry delays (tests pin it). */
  random?: () => number
  /**
   * Listed pages are written by a thread of their own (its entry), so fetching goes on while
   * SQLite writes; without it (or for an in-memory database) they are written on this thread.
   */
  writeThread?: WorkerEntry
  /**
   * Told of the run's page writer once it is made, and of null once it is closed: another
   * thread's writes (the app's main process) take turns with it through `PageWriter.turn`.
   */
  shareWriter?: (writer: PageWriter | null) => void
}

interface StateRow {
  run_mode: 'full' | 'incremental' | null
  run_cursor: string | null
  run_since: number | null
  run_started_at: number | null
  last_full_at: number | null
  failures: number
}

/**
 * One sync run over several sources (src-main/sync/README.md). Every source starts at once,
 * each under its database lock, its requests as concurrent as its API allows within a cap for
 * the whole run; pages are written in transactions together with the cursor of the next, so a
 * run killed at any moment resumes from its last committed page. One source failing leaves the
 * others going and its own committed orders in place.
 */
export async function runSync(options: SyncOptions): Promise<SyncRunResult> {
  const now = options.now ?? Date.now
  const owner = newOwnerId()
  const { db } = options
  const pageWriter = options.writeThread && db.name !== ':memory:' ? threadPageWriter(options.writeThread, db.name) : directPageWriter(db)
  options.shareWriter?.(pageWriter)
  try {
    // Even the run's first and last rows are written in turns: another thread's turn is then
    // never given while this thread writes.
    const runId = await pageWriter.exclusive(() => {
      markInterruptedRuns(db)
      const id = Number(
        db
          .prepare("INSERT INTO sync_runs (trigger, full, status, started_at, owner) VALUES (?, ?, 'running', ?, ?)")
          .run(options.trigger, options.full ? 1 : 0, now(), owner).lastInsertRowid,
      )
      const insertRunSource = db.prepare('INSERT INTO sync_run_sources (run_id, source_id, started_at) VALUES (?, ?, ?)')
      for (const source of options.sources) insertRunSource.run(id, source.id, now())
      return id
    })

    const inFlight = new Slots(options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT)
    // Every source's loop settles before the writer is closed: none writes after it.
    const settled = await Promise.allSettled(
      options.sources.map((source) => syncSource(source, runId, owner, options, pageWriter, inFlight)),
    )
    const ordered = settled.map((s) => {
      if (s.status === 'rejected') throw s.reason
      return s.value
    })
    const failed = ordered.filter((r) => r.status === 'failed').length
    const status: SyncRunResult['status'] = ordered.some((r) => r.status === 'canceled')
      ? 'canceled'
      : failed === 0
        ? 'ok'
        : failed === ordered.length
          ? 'failed'
          : 'partial'
    await pageWriter.exclusive(() => db.prepare('UPDATE sync_runs SET status = ?, finished_at = ? WHERE id = ?').run(status, now(), runId))
    return { runId, status, sources: ordered }
  } finally {
    options.shareWriter?.(null)
    await pageWriter.close()
  }
}

async function syncSource(
  source: SourceConfig,
  runId: number,
  owner: string,
  options: SyncOptions,
  pageWriter: PageWriter,
  inFlight: Slots,
): Promise<SourceSyncResult> {
  const { db } = options
  const now = options.now ?? Date.now
  const progress: SourceProgress = { ...queuedProgress(source.id, runId), phase: 'listing' }
  const notes = new Set<SyncNote>()
  let flaggedMissing = 0
  let becamePaid = 0
  let recheckedBy: SourceSyncResult['recheckedBy'] = null
  const emit = (): void => options.onProgress?.({ ...progress })
  const lock = new SourceLock(db, source.id, owner)
  // Every write of this thread waits for its turn with the writer thread's.
  const exclusive = <T>(fn: () => T): Promise<T> => pageWriter.exclusive(fn)
  const policy: RequestPolicy = { ...DEFAULT_REQUEST_POLICY, ...options.requests }
  if (source.concurrency !== undefined) policy.concurrency = source.concurrency
  // Everything of this source stops when the run is canceled, or when its lock was taken over.
  const lockLost = new AbortController()
  const signal = options.signal ? AbortSignal.any([options.signal, lockLost.signal]) : lockLost.signal
  const gate = new SourceGate(inFlight, policy, { signal, now, random: options.random })
  const send: Send = async (request, signal) => {
    try {
      return await gate.send(request, signal)
    } finally {
      progress.requests = gate.requests
    }
  }
  const takenOver = (): SourceBusyError => new SourceBusyError(`source "${source.id}": ${LOCK_TAKEN_OVER}`)
  const writePages = (pages: PagesWrite): Promise<UpsertCounts> =>
    pageWriter.write(pages).catch((error: unknown) => {
      throw error instanceof Error && error.message === LOCK_TAKEN_OVER ? takenOver() : error
    })
  let locked = false
  let keeper: NodeJS.Timeout | undefined
  try {
    await exclusive(() => lock.acquire(now()))
    locked = true
    // Pages written extend the lock; a while without any (a long Retry-After, re-checks) must too,
    // or another process would take it over and the two syncs would write over each other.
    keeper = setInterval(() => {
      exclusive(() => lock.renew(now()))
        .then((held) => {
          if (!held) lockLost.abort(takenOver())
        })
        .catch(noop)
    }, LEASE_RENEW_MS)
    const connector = options.connectorFor(source)
    const state = db.prepare('SELECT * FROM sync_state WHERE source_id = ?').get(source.id) as StateRow

    // Resume an unfinished run where its last committed page left off; otherwise start one.
    let mode: 'full' | 'incremental'
    let cursor: string | null
    let since: number | null
    let startedAt: number
    if (state.run_mode) {
      mode = options.full ? 'full' : state.run_mode
      const sameRun = mode === state.run_mode
      cursor = sameRun ? state.run_cursor : null
      since = mode === 'full' ? null : state.run_since
      startedAt = sameRun && state.run_started_at !== null ? state.run_started_at : now()
    } else {
      const fullDue = state.last_full_at === null || now() - state.last_full_at >= source.fullSyncDays * DAY_MS
      mode = options.full || fullDue ? 'full' : 'incremental'
      cursor = null
      since = mode === 'incremental' ? now() - source.lookbackDays * DAY_MS : null
      startedAt = now()
    }
    progress.mode = mode
    await exclusive(() =>
      db
        .prepare('UPDATE sync_state SET run_mode = ?, run_cursor = ?, run_since = ?, run_started_at = ? WHERE source_id = ?')
        .run(mode, cursor, since, startedAt, source.id),
    )
    emit()

    // Pages are written in groups (PageGroups says how big), each with the cursor to resume
    // at: the page after it, or, once the window is written, the re-check.
    const afterListing = mode === 'incremental' ? RECHECK_CURSOR : LISTED_CURSOR
    const groupsSaving = (cursorOf: (page: WritablePage) => string | null): PageGroups<WritablePage> =>
      new PageGroups<WritablePage>(async (pages) => {
        const counts = await writePages({
          sourceId: source.id,
          runId,
          orders: pages.flatMap((p) => p.orders),
          skipped: pages.flatMap((p) => p.skipped),
          cursor: cursorOf(pages[pages.length - 1]),
          seenAt: now(),
          lease: lock.lease(now()),
        })
        progress.inserted += counts.inserted
        progress.updated += counts.updated
        progress.unchanged += counts.unchanged
        becamePaid += counts.becamePaid
        emit()
      })
    const listing = (request: Omit<PagesRequest, 'ahead' | 'send' | 'pageSize'>): AsyncGenerator<ListPage, void, undefined> =>
      connector.pages({ ...request, pageSize: source.pageSize, ahead: policy.concurrency, send, onNote: (note) => notes.add(note) })
    const counted = (page: WritablePage): void => {
      progress.pages++
      progress.fetched += page.orders.length + page.skipped.length
      progress.skipped += page.skipped.length
      emit()
    }

    if (cursor !== RECHECK_CURSOR && cursor !== LISTED_CURSOR) {
      await writeListing(
        (listed) => listing({ cursor, since: since ?? undefined, signal: listed }),
        groupsSaving((page) => page.nextCursor ?? afterListing),
        (page) => {
          if (page.total !== undefined) progress.total = page.total
          counted(page)
        },
        signal,
      )
    }

    if (mode === 'incremental' && since !== null) {
      progress.phase = 'rechecking'
      emit()
      const rechecks = await recheckOldPending({
        db,
        source,
        connector,
        since,
        now: now(),
        budget: options.recheckBudget ?? RECHECK_BUDGET,
        send,
        signal,
        // A resumed run comes back to the re-check, not to the window.
        list: (request, page) =>
          writeListing(
            (listed) => listing({ ...request, signal: listed }),
            groupsSaving(() => RECHECK_CURSOR),
            page,
            signal,
          ),
        counted,
        write: async (orders) => {
          const counts = await writePages({
            sourceId: source.id,
            runId,
            orders: orders.map(writable),
            skipped: [],
            cursor: RECHECK_CURSOR,
            seenAt: now(),
            lease: lock.lease(now()),
          })
          progress.updated += counts.updated
          progress.unchanged += counts.unchanged
          becamePaid += counts.becamePaid
        },
        exclusive,
        onRechecked: (n) => {
          progress.rechecked += n
          emit()
        },
      })
      recheckedBy = rechecks.method
      flaggedMissing += rechecks.missing
    }

    const finishedAt = now()
    // IMMEDIATE, as every write made beside the writer thread: the lock first, then the reads.
    const finishRun = db.transaction(() => {
      // Only while the lock is still this run's: another process's run state is not this one's to end.
      if (!lock.renew(finishedAt)) throw takenOver()
      if (mode === 'full') {
        // Orders the API no longer lists are flagged, never deleted.
        flaggedMissing = db
          .prepare('UPDATE orders SET missing_since = ? WHERE source_id = ? AND last_seen_at < ? AND missing_since IS NULL')
          .run(finishedAt, source.id, startedAt).changes
      }
      db.prepare(
        `UPDATE sync_state SET run_mode = NULL, run_cursor = NULL, run_since = NULL, run_started_at = NULL,
           last_success_at = @at, last_full_at = CASE WHEN @full THEN @at ELSE last_full_at END,
           last_error = NULL, last_error_at = NULL, failures = 0, next_attempt_at = NULL WHERE source_id = @id`,
      ).run({ at: finishedAt, full: mode === 'full' ? 1 : 0, id: source.id })
    })
    await exclusive(() => finishRun.immediate())
    progress.phase = 'done'
    emit()
    return await exclusive(() => finish('ok'))
  } catch (error) {
    const canceled = options.signal?.aborted === true
    // Another process syncing the source (or taking it over) is no failure of the source's: no backoff.
    const busy = error instanceof SourceBusyError || lockLost.signal.aborted
    progress.error = canceled
      ? { kind: 'canceled', message: 'sync canceled; the orders fetched so far are kept' }
      : describeError(lockLost.signal.aborted ? lockLost.signal.reason : error)
    progress.phase = canceled ? 'canceled' : 'failed'
    emit()
    return await exclusive(() => {
      // Tried again later, the longer the more it fails.
      if (!canceled && !busy) {
        recordFailure(db, source.id, progress.error!, error instanceof ConnectorError ? (error.details.retryAfterMs ?? 0) : 0, now())
      }
      return finish(canceled ? 'canceled' : 'failed')
    })
  } finally {
    clearInterval(keeper)
    if (locked) await exclusive(() => lock.release())
  }

  function finish(status: SourceSyncResult['status']): SourceSyncResult {
    progress.requests = gate.requests
    db.prepare(
      `UPDATE sync_run_sources SET fetched = ?, inserted = ?, updated = ?, unchanged = ?, skipped = ?, flagged_missing = ?,
         requests = ?, rechecked = ?, recheck_method = ?, notes = ?, error = ?, finished_at = ? WHERE run_id = ? AND source_id = ?`,
    ).run(
      progress.fetched,
      progress.inserted,
      progress.updated,
      progress.unchanged,
      progress.skipped,
      flaggedMissing,
      progress.requests,
      progress.rechecked,
      recheckedBy,
      notes.size ? JSON.stringify([...notes]) : null,
      progress.error ? JSON.stringify(progress.error) : null,
      now(),
      runId,
      source.id,
    )
    const { runId: _runId, phase: _phase, ...rest } = progress
    return { ...rest, status, flaggedMissing, recheckedBy, notes: [...notes], becamePaid }
  }
}

/** A failure in words a shop clerk understands, keeping the API's message. */
export function describeError(error: unknown): SyncErrorInfo {
  if (error instanceof ConnectorError) {
    const { remoteMessage } = error.details
    return { kind: error.kind, message: error.message, ...(remoteMessage ? { remoteMessage } : {}) }
  }
  if (error instanceof SourceBusyError) return { kind: 'busy', message: error.message }
  return { kind: 'internal', message: error instanceof Error ? error.message : String(error) }
}

/** Runs left 'running' by a process that is gone (killed, crashed) are marked interrupted. */
function markInterruptedRuns(db: Db): void {
  const running = db.prepare("SELECT id, owner FROM sync_runs WHERE status = 'running'").all() as Array<{
    id: number
    owner: string | null
  }>
  const mark = db.prepare("UPDATE sync_runs SET status = 'interrupted' WHERE id = ?")
  for (const run of running) if (run.owner === null || ownerIsDead(run.owner)) mark.run(run.id)
}
