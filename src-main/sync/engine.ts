import { queuedProgress, type SyncErrorInfo, type SyncPhase, type SyncProgress } from '../../src-preload/contract'
import { ConnectorError } from '../connectors/errors'
import type { Connector } from '../connectors/types'
import type { Db } from '../db/database'
import type { NormalizedOrder } from '../orders/order'
import { OrderWriter } from '../orders/writer'
import { noop } from '../shared/noop'
import type { WorkerEntry } from '../shared/worker-entry'
import type { SourceConfig } from '../sources/config'
import { newOwnerId, ownerIsDead, SourceBusyError, SourceLock } from './lock'
import { PageGroups } from './page-groups'
import { directPageWriter, threadPageWriter, type PageWriter } from './page-writer'
import { DEFAULT_RETRY, RateLimiter, withRetry, type RetryPolicy } from './retry'

const DAY_MS = 86_400_000

/** With the writer free, how long fetched pages wait for the next before they are written as they are. */
const WRITE_BATCH_MS = 250

type ListPage = Awaited<ReturnType<Connector['list']>>

/** Whether `promise` settles (either way) within `ms`. */
function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  return Promise.race([
    promise.then(
      () => true,
      () => true,
    ),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms))),
  ]).finally(() => clearTimeout(timer))
}

export type SyncTrigger = 'manual' | 'scheduled' | 'startup' | 'cli'
export type { SyncErrorInfo, SyncPhase }
export type SourceProgress = SyncProgress

export interface SourceSyncResult extends Omit<SourceProgress, 'runId' | 'phase'> {
  status: 'ok' | 'failed' | 'canceled'
  flaggedMissing: number
  rechecked: number
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
  /** Sources synced at once (default 3). */
  concurrency?: number
  retry?: RetryPolicy
  /** Per-source spacing between requests (default 100 ms). */
  minRequestIntervalMs?: number
  signal?: AbortSignal
  onProgress?: (progress: SourceProgress) => void
  now?: () => number
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
}

/**
 * One sync run over several sources (orders.md § Sync semantics). Sources run concurrently,
 * each under its database lock; pages are written in transactions together with the
 * cursor of the next, so a run killed at any moment resumes from its last committed page.
 * One source failing leaves the others going and its own committed orders in place.
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

    const queue = [...options.sources]
    const results = new Map<string, SourceSyncResult>()
    const worker = async (): Promise<void> => {
      for (let source = queue.shift(); source; source = queue.shift()) {
        results.set(source.id, await syncSource(source, runId, owner, options, pageWriter))
      }
    }
    // Every source's loop settles before the writer is closed: none writes after it.
    const settled = await Promise.allSettled(
      Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 3, options.sources.length)) }, worker),
    )
    for (const s of settled) if (s.status === 'rejected') throw s.reason

    const ordered = options.sources.map((s) => results.get(s.id)!)
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
): Promise<SourceSyncResult> {
  const { db } = options
  const now = options.now ?? Date.now
  const progress: SourceProgress = { ...queuedProgress(source.id, runId), phase: 'listing' }
  let flaggedMissing = 0
  let rechecked = 0
  const emit = (): void => options.onProgress?.({ ...progress })
  const lock = new SourceLock(db, source.id, owner)
  // Every write of this thread waits for its turn with the writer thread's.
  const exclusive = <T>(fn: () => T): Promise<T> => pageWriter.exclusive(fn)
  let locked = false
  try {
    await exclusive(() => lock.acquire(now()))
    locked = true
    const connector = options.connectorFor(source)
    const limiter = new RateLimiter(options.minRequestIntervalMs ?? 100)
    const call = <T>(fn: () => Promise<T>): Promise<T> =>
      withRetry(
        async () => {
          await limiter.wait(options.signal)
          return fn()
        },
        options.retry ?? DEFAULT_RETRY,
        { signal: options.signal },
      )
    const writer = new OrderWriter(db)
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

    // Pages are written in groups (PageGroups says how big), each with the cursor of the page
    // after it: a kill resumes right after the last group written.
    const groups = new PageGroups<ListPage>(async (pages) => {
      const counts = await pageWriter.write({
        sourceId: source.id,
        runId,
        orders: pages.flatMap((p) => p.orders),
        skipped: pages.flatMap((p) => p.skipped),
        cursor: pages[pages.length - 1].nextCursor,
        seenAt: now(),
        lease: lock.lease(now()),
      })
      progress.inserted += counts.inserted
      progress.updated += counts.updated
      progress.unchanged += counts.unchanged
      emit()
    })
    const fetchPage = (at: string | null) =>
      call(() => connector.list({ cursor: at, since: since ?? undefined, pageSize: source.pageSize, signal: options.signal }))
    let next = fetchPage(cursor)
    try {
      for (;;) {
        throwIfCanceled(options.signal)
        groups.throwIfFailed()
        // With pages waiting, the wait for the next one is bounded once the writer is free: past
        // WRITE_BATCH_MS they go in, whatever their number.
        const writing = groups.inProgress
        if (groups.waiting > 0 && writing) await Promise.race([writing, next.then(noop, noop)])
        if (groups.waiting > 0 && !groups.inProgress && !(await settlesWithin(next, WRITE_BATCH_MS))) groups.flush()
        const page = await next
        // The next page is fetched while this one is handled: the write waits on the disk, the
        // fetch on the network.
        if (page.nextCursor !== null) {
          next = fetchPage(page.nextCursor)
          next.catch(noop) // awaited on the next turn; a failure surfaces there
        }
        await groups.add(page)
        progress.pages++
        progress.fetched += page.orders.length + page.skipped.length
        progress.skipped += page.skipped.length
        if (page.total !== undefined) progress.total = page.total
        emit()
        if (page.nextCursor === null) break
        cursor = page.nextCursor
      }
      await groups.writeAll()
    } catch (error) {
      // Canceled or failed: what was fetched is kept, and the cursor moves past it.
      try {
        await groups.writeAll()
      } catch {
        // The first failure is the one to report; the unwritten pages are fetched again next time.
      }
      throw error
    }

    if (mode === 'incremental' && since !== null && connector.capabilities.get) {
      // Orders still pending that are older than the window are not re-listed: ask for each.
      progress.phase = 'rechecking'
      emit()
      const pending = db
        .prepare(
          "SELECT remote_id, order_no FROM orders WHERE source_id = ? AND status = 'pending' AND created_at < ? AND missing_since IS NULL",
        )
        .all(source.id, since) as Array<{ remote_id: string; order_no: string | null }>
      for (const { remote_id, order_no } of pending) {
        throwIfCanceled(options.signal)
        let order: NormalizedOrder
        try {
          order = await call(() => connector.get(remote_id, options.signal, { order_no }))
        } catch (error) {
          if (error instanceof ConnectorError && error.kind === 'not_found') {
            await exclusive(() =>
              db.prepare('UPDATE orders SET missing_since = ? WHERE source_id = ? AND remote_id = ?').run(now(), source.id, remote_id),
            )
            continue
          }
          throw error
        }
        const counts = await exclusive(() => writer.upsert(source.id, [order], now(), () => lock.renew(now())))
        rechecked++
        progress.updated += counts.updated
        progress.unchanged += counts.unchanged
      }
    }

    const finishedAt = now()
    // IMMEDIATE, as every write made beside the writer thread: the lock first, then the reads.
    const finishRun = db.transaction(() => {
      if (mode === 'full') {
        // Orders the API no longer lists are flagged, never deleted.
        flaggedMissing = db
          .prepare('UPDATE orders SET missing_since = ? WHERE source_id = ? AND last_seen_at < ? AND missing_since IS NULL')
          .run(finishedAt, source.id, startedAt).changes
      }
      db.prepare(
        `UPDATE sync_state SET run_mode = NULL, run_cursor = NULL, run_since = NULL, run_started_at = NULL,
           last_success_at = @at, last_full_at = CASE WHEN @full THEN @at ELSE last_full_at END,
           last_error = NULL, last_error_at = NULL WHERE source_id = @id`,
      ).run({ at: finishedAt, full: mode === 'full' ? 1 : 0, id: source.id })
    })
    await exclusive(() => finishRun.immediate())
    progress.phase = 'done'
    emit()
    return await exclusive(() => finish('ok'))
  } catch (error) {
    const canceled = options.signal?.aborted === true
    progress.error = canceled ? { kind: 'canceled', message: 'sync canceled; the orders fetched so far are kept' } : describeError(error)
    progress.phase = canceled ? 'canceled' : 'failed'
    emit()
    return await exclusive(() => {
      if (!canceled) {
        db.prepare('INSERT OR IGNORE INTO sync_state (source_id) VALUES (?)').run(source.id)
        db.prepare('UPDATE sync_state SET last_error = ?, last_error_at = ? WHERE source_id = ?').run(
          JSON.stringify(progress.error),
          now(),
          source.id,
        )
      }
      return finish(canceled ? 'canceled' : 'failed')
    })
  } finally {
    if (locked) await exclusive(() => lock.release())
  }

  function finish(status: SourceSyncResult['status']): SourceSyncResult {
    db.prepare(
      `UPDATE sync_run_sources SET fetched = ?, inserted = ?, updated = ?, unchanged = ?, skipped = ?, flagged_missing = ?,
         error = ?, finished_at = ? WHERE run_id = ? AND source_id = ?`,
    ).run(
      progress.fetched,
      progress.inserted,
      progress.updated,
      progress.unchanged,
      progress.skipped,
      flaggedMissing,
      progress.error ? JSON.stringify(progress.error) : null,
      now(),
      runId,
      source.id,
    )
    const { runId: _runId, phase: _phase, ...rest } = progress
    return { ...rest, status, flaggedMissing, rechecked }
  }
}

function throwIfCanceled(signal?: AbortSignal): void {
  if (signal?.aborted) throw new Error('canceled')
}

/** A failure in words a shop clerk understands, keeping the API's message. */
export function describeError(error: unknown): SyncErrorInfo {
  if (error instanceof ConnectorError) return { kind: error.kind, message: error.message }
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
