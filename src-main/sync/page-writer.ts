import { Worker } from 'node:worker_threads'
import type { Db } from '../db/database'
import type { ListPage } from '../connectors/types'
import { OrderWriter, writable, type UpsertCounts, type WritableOrder } from '../orders/writer'
import type { WorkerEntry } from '../shared/worker-entry'
import { noop } from '../shared/noop'
import { leaseRenewer, LOCK_TAKEN_OVER, type Lease } from './lock'

/** A group of listed pages to write in one transaction, with the cursor of the page after them. */
export interface PagesWrite {
  sourceId: string
  runId: number
  /** Made writable on the sync's thread: the writer thread only writes. */
  orders: WritableOrder[]
  skipped: Array<{ remote_id?: string | null; reason: string; raw?: unknown }>
  /** The next page's cursor, saved in the same transaction: a killed sync resumes right there. */
  cursor: string | null
  seenAt: number
  /** The source's sync lock, extended in the same transaction: the sync's thread writes nothing per page. */
  lease: Lease
}

/** A listed page with its orders made writable as it arrives: its raw records are let go at once. */
export interface WritablePage extends Omit<ListPage, 'orders'> {
  orders: WritableOrder[]
}

export function writablePage(page: ListPage): WritablePage {
  return { ...page, orders: page.orders.map(writable) }
}

/** Writes groups of pages, in the order they are given. */
export interface PageWriter {
  write(pages: PagesWrite): Promise<UpsertCounts>
  /**
   * Runs `fn` (synchronous writes of the sync's own connection) once the groups handed over
   * before it are written, while no group is: SQLite's busy wait only polls, so a connection
   * waiting for a writer that commits group after group could wait past its timeout and fail.
   */
  exclusive<T>(fn: () => T): Promise<T>
  /**
   * A turn held across awaits, for writes of another thread (the app's main process): resolves
   * once the groups handed over before it are written, to the function that ends it. Until
   * then the thread writes nothing, and later turns and exclusive writes wait.
   */
  turn(): Promise<() => void>
  close(): Promise<void>
}

/** The statements of a page write on one connection: shared by the sync's thread and the writer thread. */
export function pagesWriterOn(db: Db): (pages: PagesWrite) => UpsertCounts {
  const writer = new OrderWriter(db)
  const saveCursor = db.prepare('UPDATE sync_state SET run_cursor = ? WHERE source_id = ?')
  const renewLease = leaseRenewer(db)
  const saveSkipped = db.prepare('INSERT INTO skipped_records (run_id, source_id, remote_id, reason, raw, at) VALUES (?, ?, ?, ?, ?, ?)')
  return (pages) =>
    writer.write(pages.sourceId, pages.orders, pages.seenAt, () => {
      // Written only while the lock is still this run's: never over another run's cursor.
      if (!renewLease(pages.sourceId, pages.lease)) throw new Error(LOCK_TAKEN_OVER)
      saveCursor.run(pages.cursor, pages.sourceId)
      for (const s of pages.skipped)
        saveSkipped.run(pages.runId, pages.sourceId, s.remote_id ?? null, s.reason, JSON.stringify(s.raw ?? null), pages.seenAt)
    })
}

/** Writes on the sync's own connection and thread. */
export function directPageWriter(db: Db): PageWriter {
  const write = pagesWriterOn(db)
  // Writes happen only inside this thread's own synchronous steps: nothing to take turns with.
  return { write: async (pages) => write(pages), exclusive: async (fn) => fn(), turn: async () => noop, close: async () => undefined }
}

export type WriteThreadRequest = { id: number; pages: PagesWrite } | { id: number; pause: true } | { resume: true }
export type WriteThreadReply =
  { id: number; counts: UpsertCounts } | { id: number; paused: true } | { id: number; held: true } | { id: number; error: string }

/**
 * Writes in a thread of its own with its own connection, so the sync's thread keeps fetching
 * and normalizing while SQLite writes (writing an order costs more than fetching, parsing and
 * normalizing it). Groups are written one after another in the order given.
 */
export function threadPageWriter(
  entry: WorkerEntry,
  dbPath: string,
  /** Told each time the thread holds a request handed over during a turn: a test awaits it instead of waiting out a guess. */
  options: { onHeld?: () => void } = {},
): PageWriter {
  const worker = new Worker(entry.url, { execArgv: entry.execArgv, workerData: { dbPath } })
  const waiting = new Map<number, { resolve: (counts: UpsertCounts | null) => void; reject: (error: Error) => void }>()
  let next = 0
  let failed: Error | null = null
  const failAll = (error: Error): void => {
    // The first failure is the reason; the thread's exit that follows it only repeats it.
    failed ??= error
    for (const w of waiting.values()) w.reject(failed)
    waiting.clear()
  }
  worker.on('message', (reply: WriteThreadReply) => {
    if ('held' in reply) return options.onHeld?.()
    const w = waiting.get(reply.id)
    if (!w) return
    waiting.delete(reply.id)
    if ('error' in reply) w.reject(new Error(reply.error))
    else w.resolve('counts' in reply ? reply.counts : null)
  })
  worker.on('error', failAll)
  worker.on('exit', (code) => failAll(new Error(`the sync's writer thread stopped (exit code ${code})`)))
  const send = (request: { pages: PagesWrite } | { pause: true }): Promise<UpsertCounts | null> =>
    new Promise((resolve, reject) => {
      if (failed) return reject(failed)
      const id = ++next
      waiting.set(id, { resolve, reject })
      worker.postMessage({ id, ...request } satisfies WriteThreadRequest)
    })
  const resume = (): void => worker.postMessage({ resume: true } satisfies WriteThreadRequest)
  // Pauses sent and not yet followed by their resume. The thread answers a pause once what came
  // before it is written and holds what comes after (later pauses too) until the resume: turns
  // follow one another in the order asked for.
  let turnsOpen = 0
  const takeTurn = async (): Promise<() => void> => {
    turnsOpen++
    // A thread that is gone does not compete for the database any more.
    const paused = await send({ pause: true }).then(
      () => true,
      () => false,
    )
    let open = true
    return () => {
      if (!open) return
      open = false
      turnsOpen--
      if (paused) resume()
    }
  }
  return {
    write: async (pages) => (await send({ pages }))!,
    exclusive: <T>(fn: () => T): Promise<T> => {
      // No turn open, and nothing handed over is unanswered: the thread, which writes only what it
      // is handed, is idle, and nothing can be handed over while fn runs.
      if (turnsOpen === 0 && waiting.size === 0) {
        try {
          return Promise.resolve(fn())
        } catch (error) {
          return Promise.reject(error as Error)
        }
      }
      return takeTurn().then((end) => {
        try {
          return fn()
        } finally {
          end()
        }
      })
    },
    // Another thread's writes run in steps of their own: the thread is paused even when idle, or a
    // group handed over meanwhile would be written beside them.
    turn: takeTurn,
    close: async () => {
      worker.removeAllListeners('exit')
      // Whatever still waits on the thread is answered, not left hanging.
      failAll(new Error("the sync's writer thread was closed"))
      await worker.terminate()
    },
  }
}
