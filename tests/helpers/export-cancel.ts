import fs from 'node:fs'
import path from 'node:path'
import type { Db } from '../../src-main/db/database'
import type { ExportOptions, ExportResult } from '../../src-main/export/csv'
import { order, writeOrders } from './orders'

export interface CanceledExport {
  /** What the export threw (null if it finished): the abort, whatever format it writes. */
  failure: unknown
  /** The chosen file, which held 'earlier export' before. */
  file: string
}

/** An export of 20,000 orders canceled a quarter of the way, over an earlier file of the chosen name. */
export async function cancelMidway(
  db: Db,
  dir: string,
  sourceId: string,
  fileName: string,
  write: (file: string, options: ExportOptions) => Promise<ExportResult>,
): Promise<CanceledExport> {
  writeOrders(
    db,
    sourceId,
    Array.from({ length: 20000 }, (_, i) => order({ remote_id: String(i), created_at: Date.UTC(2026, 0, 1) + i * 60000 })),
  )
  const file = path.join(dir, fileName)
  fs.writeFileSync(file, 'earlier export')
  const controller = new AbortController()
  const failure = await write(file, {
    filter: {},
    tz: 'Asia/Shanghai',
    signal: controller.signal,
    onProgress: (rows) => rows >= 5000 && controller.abort(),
  }).then(
    () => null,
    (error: unknown) => error,
  )
  return { failure, file }
}
