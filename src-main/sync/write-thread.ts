/**
 * The sync's writer thread: writes groups of listed pages (with the next cursor and the
 * skipped records) on its own connection while the sync's thread fetches the next ones.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { openDatabase } from '../db/database'
import { pagesWriterOn, type WriteThreadReply, type WriteThreadRequest } from './page-writer'

const port = parentPort
if (!port) throw new Error('sync/write-thread.ts must run in a worker thread')
const { db } = openDatabase((workerData as { dbPath: string }).dbPath, { migrate: false })
const write = pagesWriterOn(db)

port.on('message', ({ id, pages }: WriteThreadRequest) => {
  try {
    port.postMessage({ id, counts: write(pages) } satisfies WriteThreadReply)
  } catch (error) {
    port.postMessage({ id, error: (error as Error).message } satisfies WriteThreadReply)
  }
})
