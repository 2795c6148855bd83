/**
 * The sync worker thread: runs a sync with its own database connection, off the main
 * process's event loop, so the window never freezes while pages are fetched and written.
 * WAL lets the UI read while this writes.
 */
import { parentPort } from 'node:worker_threads'
import { createConnector } from '../connectors'
import { openDatabase } from '../db/database'
import type { SourceConfig } from '../sources/config'
import { noop } from '../shared/noop'
import { runSync, type SyncTrigger } from './engine'
import type { PageWriter } from './page-writer'

export type WorkerRequest =
  | {
      type: 'run'
      dbPath: string
      sources: SourceConfig[]
      trigger: SyncTrigger
      full: boolean
      /** The page writer thread's entry (a URL crosses as text). */
      writer: { url: string; execArgv?: string[] }
    }
  | { type: 'cancel' }
  /** The main process asks for a turn to write (answered by a 'turn' reply), and ends it. */
  | { type: 'turn'; id: number }
  | { type: 'turn-end'; id: number }

export type WorkerReply =
  | { type: 'progress'; progress: import('./engine').SourceProgress }
  | { type: 'done'; result: import('./engine').SyncRunResult }
  | { type: 'error'; message: string }
  | { type: 'turn'; id: number }

const port = parentPort
if (!port) throw new Error('sync/worker.ts must run in a worker thread')
const controller = new AbortController()
let writer: PageWriter | null = null
const turnEnds = new Map<number, () => void>()

port.on('message', (request: WorkerRequest) => {
  if (request.type === 'cancel') {
    controller.abort(new Error('canceled'))
    return
  }
  if (request.type === 'turn') {
    // Without a writer (before the run makes it, after it closes) this thread's own writes are
    // few and short: the turn is given at once. No time limit: the main process ends its turn
    // right after its writes, which may be long (removing a source with all its orders).
    void (writer ? writer.turn() : Promise.resolve(noop)).then((end) => {
      turnEnds.set(request.id, end)
      port.postMessage({ type: 'turn', id: request.id } satisfies WorkerReply)
    })
    return
  }
  if (request.type === 'turn-end') {
    turnEnds.get(request.id)?.()
    turnEnds.delete(request.id)
    return
  }
  void (async () => {
    const { db } = openDatabase(request.dbPath, { migrate: false })
    try {
      const result = await runSync({
        db,
        sources: request.sources,
        connectorFor: (config) => createConnector(config),
        trigger: request.trigger,
        full: request.full,
        signal: controller.signal,
        writeThread: { url: new URL(request.writer.url), execArgv: request.writer.execArgv },
        shareWriter: (shared) => (writer = shared),
        onProgress: (progress) => port.postMessage({ type: 'progress', progress } satisfies WorkerReply),
      })
      port.postMessage({ type: 'done', result } satisfies WorkerReply)
    } catch (error) {
      port.postMessage({ type: 'error', message: (error as Error).message } satisfies WorkerReply)
    } finally {
      db.close()
    }
  })()
})
