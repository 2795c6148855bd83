/**
 * The export worker thread: streams a workbook or a CSV from its own database connection, so a
 * large export never blocks the window. Cancel stops it and leaves no file under the chosen name.
 */
import { parentPort } from 'node:worker_threads'
import { openExportDatabase } from './csv'
import { exportOrders, type OrdersExportOptions } from './workbook'

export type ExportWorkerRequest =
  { type: 'run'; dbPath: string; file: string; options: Omit<OrdersExportOptions, 'signal' | 'onProgress'> } | { type: 'cancel' }

export type ExportWorkerReply =
  | { type: 'progress'; rows: number }
  | { type: 'done'; rows: number; totals: Record<string, { paid: number; refunded: number }> }
  | { type: 'error'; message: string; canceled: boolean }

const port = parentPort
if (!port) throw new Error('export/worker.ts must run in a worker thread')
const controller = new AbortController()

port.on('message', (request: ExportWorkerRequest) => {
  if (request.type === 'cancel') {
    controller.abort(new Error('export canceled'))
    return
  }
  void (async () => {
    const db = openExportDatabase(request.dbPath)
    try {
      const result = await exportOrders(db, request.file, {
        ...request.options,
        signal: controller.signal,
        onProgress: (rows) => port.postMessage({ type: 'progress', rows } satisfies ExportWorkerReply),
      })
      port.postMessage({ type: 'done', rows: result.rows, totals: result.totals } satisfies ExportWorkerReply)
    } catch (error) {
      port.postMessage({
        type: 'error',
        message: (error as Error).message,
        canceled: controller.signal.aborted,
      } satisfies ExportWorkerReply)
    } finally {
      db.close()
    }
  })()
})
