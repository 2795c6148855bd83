import { Worker } from 'node:worker_threads'

export interface ReadAhead {
  /** Resolves with the bytes read once the whole file has been read; null if stopped first or the read failed. */
  readonly finished: Promise<number | null>
  /** Stops reading (at once; the thread is ended). */
  stop(): Promise<void>
}

// A plain script, evaluated by the thread: the read needs no module of ours and no build entry.
const READER = `
const { parentPort, workerData } = require('node:worker_threads')
const fs = require('node:fs')
const fd = fs.openSync(workerData.file, 'r')
const buffer = Buffer.allocUnsafe(4 << 20)
let position = 0
for (let n; (n = fs.readSync(fd, buffer, 0, buffer.length, position)) > 0; ) position += n
fs.closeSync(fd)
parentPort.postMessage(position)
`

/**
 * Reads a file front to back in a thread of its own and discards what it reads, so the OS has
 * it in memory by the time a reader that jumps around gets there: a whole-table export walks
 * the table's B-tree in 4 KiB pages, which are not in file order, and from disk that walk is
 * what limits it when the file is not yet cached. Only a hint: a file it cannot read is left to
 * the reader.
 */
export function readAhead(file: string): ReadAhead {
  const worker = new Worker(READER, { eval: true, workerData: { file } })
  const finished = new Promise<number | null>((resolve) => {
    worker.once('message', (bytes: number) => resolve(bytes))
    worker.once('error', () => resolve(null))
    worker.once('exit', () => resolve(null))
  })
  return {
    finished,
    stop: async () => {
      await worker.terminate()
    },
  }
}
