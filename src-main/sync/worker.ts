/**
 * The sync worker thread: runs a sync with its own database connection, off the main
 * process's event loop, so the window never freezes while pages are fetched and written.
 * WAL lets the UI read while this writes.
 */
import { parentPort } from 'node:worker_threads'
import { createConnector } from '../connectors'
import { openDatabase } from '../db/database'
import type { SourceConfig } from '../sources/config'
import { runSync, type SyncTrigger } from './engine'

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

export type WorkerReply =
  | { type: 'progress'; progress: import('./engine').SourceProgress }
  | { type: 'done'; result: import('./engine').SyncRunResult }
  | { type: 'error'; message: string }

const port = parentPort
if (!port) throw new Error('sync/worker.ts must run in a worker thread')
const controller = new AbortController()

port.on('message', (request: WorkerRequest) => {
  if (request.type === 'cancel') {
    controller.abort(new Error('canceled'))
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
