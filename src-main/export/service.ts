import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import type { ExportRequest } from '../../src-preload/contract'
import { defaultExportHeader, type ExportFormat, type ExportHeader } from '../../src-preload/export-labels'
import type { EventSink } from '../api/events'
import { AppError } from '../shared/app-error'
import { wallClockAt } from '../../src-preload/shared/timezone'
import type { WorkerEntry } from '../shared/worker-entry'
import type { ExportWorkerReply, ExportWorkerRequest } from './worker'

export interface ExportServiceOptions {
  dbPath: string
  events: EventSink
  worker: WorkerEntry
  /**
   * Where the file goes. The desktop shell asks with a save dialog (null: the user
   * canceled); the web shell writes into its downloads folder and the page downloads it.
   */
  chooseTarget: (defaultName: string, jobId: string) => Promise<{ file: string; downloadUrl: string | null } | null>
}

interface Job {
  worker: Worker
  file: string
  fileName: string
}

/**
 * The name offered for an export: what it holds and when, in the user's zone (the export's), to
 * the minute, with nothing a file system refuses (no colon, slash or UUID): 订单导出-2026-12-06-1430.xlsx,
 * orderdesk-orders-2026-12-06-1430.csv. A workbook labelled in Chinese gets a Chinese name;
 * field keys and English an ASCII one, as a machine's file.
 */
export function exportFileName(format: ExportFormat, header: ExportHeader, tz: string, now: Date): string {
  const w = wallClockAt(now.getTime(), tz)
  const two = (n: number): string => String(n).padStart(2, '0')
  const stamp = `${w.year}-${two(w.month)}-${two(w.day)}-${two(w.hour)}${two(w.minute)}`
  return `${header === 'zh-CN' ? '订单导出' : 'orderdesk-orders'}-${stamp}.${format}`
}

/** Exports from the UI (workbook or CSV), each in a worker thread, with progress events and cancel. */
export class ExportService {
  private readonly jobs = new Map<string, Job>()
  private readonly finished = new Map<string, { file: string; fileName: string }>()

  constructor(private readonly options: ExportServiceOptions) {}

  async start(request: ExportRequest): Promise<{ jobId: string; fileName: string } | { jobId: null; fileName: null }> {
    const fileName = exportFileName(request.format, request.header ?? defaultExportHeader(request.format, 'zh-CN'), request.tz, new Date())
    const jobId = crypto.randomUUID()
    const target = await this.options.chooseTarget(fileName, jobId)
    if (!target) return { jobId: null, fileName: null }
    // A download is offered under the name chosen here; the desktop app's file has the name the user gave it.
    const savedName = target.downloadUrl ? fileName : path.basename(target.file)
    const worker = new Worker(this.options.worker.url, { execArgv: this.options.worker.execArgv })
    this.jobs.set(jobId, { worker, file: target.file, fileName: savedName })
    const end = (): void => {
      this.jobs.delete(jobId)
      void worker.terminate()
    }
    worker.on('message', (reply: ExportWorkerReply) => {
      if (reply.type === 'progress') {
        this.options.events.emit('export:progress', { jobId, rows: reply.rows })
        return
      }
      end()
      if (reply.type === 'done') {
        this.finished.set(jobId, { file: target.file, fileName: savedName })
        this.options.events.emit('export:finished', {
          jobId,
          status: 'done',
          rows: reply.rows,
          file: target.downloadUrl ? null : target.file,
          downloadUrl: target.downloadUrl,
          totals: reply.totals,
          error: null,
        })
      } else {
        this.options.events.emit('export:finished', {
          jobId,
          status: reply.canceled ? 'canceled' : 'failed',
          rows: 0,
          file: null,
          downloadUrl: null,
          totals: {},
          error: reply.canceled ? null : reply.message,
        })
      }
    })
    worker.on('error', (error) => {
      end()
      this.options.events.emit('export:finished', {
        jobId,
        status: 'failed',
        rows: 0,
        file: null,
        downloadUrl: null,
        totals: {},
        error: error.message,
      })
    })
    const { filter, columns, format, encoding, tz, ids } = request
    worker.postMessage({
      type: 'run',
      dbPath: this.options.dbPath,
      file: target.file,
      options: { filter, ids, columns, format, header: request.header ?? defaultExportHeader(format, 'zh-CN'), encoding, tz },
    } satisfies ExportWorkerRequest)
    return { jobId, fileName: savedName }
  }

  cancel(jobId: string): { canceled: boolean } {
    const job = this.jobs.get(jobId)
    if (!job) return { canceled: false }
    job.worker.postMessage({ type: 'cancel' } satisfies ExportWorkerRequest)
    return { canceled: true }
  }

  /** A finished export's file, for the web shell's download. */
  download(jobId: string): { file: string; fileName: string } {
    const done = this.finished.get(jobId)
    // Exports waiting in the web shell's folder are cleared after a day (webExportTarget).
    if (!done || !fs.existsSync(done.file)) throw new AppError('not_found', 'no such export, or it was cleared')
    return done
  }

  async stop(): Promise<void> {
    await Promise.all([...this.jobs.values()].map((j) => j.worker.terminate()))
    this.jobs.clear()
  }
}
