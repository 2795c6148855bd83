/**
 * The sync's writer thread: writes groups of listed pages (with the next cursor and the
 * skipped records) on its own connection while the sync's thread fetches the next ones.
 * Paused, it holds what comes in until it is resumed: the sync's thread is writing then.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { openDatabase } from '../db/database'
import { pagesWriterOn, type WriteThreadReply, type WriteThreadRequest } from './page-writer'

const port = parentPort
if (!port) throw new Error('sync/write-thread.ts must run in a worker thread')
const { db } = openDatabase((workerData as { dbPath: string }).dbPath, { migrate: false })
const write = pagesWriterOn(db)
const held: WriteThreadRequest[] = []
let paused = false

function handle(request: WriteThreadRequest): void {
  if ('resume' in request) {
    paused = false
    while (!paused && held.length > 0) handle(held.shift()!)
  } else if (paused) {
    held.push(request)
    port!.postMessage({ id: request.id, held: true } satisfies WriteThreadReply)
  } else if ('pause' in request) {
    paused = true
    port!.postMessage({ id: request.id, paused: true } satisfies WriteThreadReply)
  } else {
    try {
      port!.postMessage({ id: request.id, counts: write(request.pages) } satisfies WriteThreadReply)
    } catch (error) {
      port!.postMessage({ id: request.id, error: (error as Error).message } satisfies WriteThreadReply)
    }
  }
}

port.on('message', handle)
