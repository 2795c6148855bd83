import fs from 'node:fs'
import path from 'node:path'
import { expect } from 'vitest'
import type { Db } from '../../src-main/db/database'
import type { ExportOptions, ExportResult } from '../../src-main/export/csv'
import { order, writeOrders } from './orders'

/**
 * An export of 20,000 orders canceled a quarter of the way: it must throw the abort, leave no
 * part file and keep an earlier file of the chosen name, whatever format it writes.
 */
export async function expectCancelKeepsEarlierFile(
  db: Db,
  dir: string,
  sourceId: string,
  fileName: string,
  write: (file: string, options: ExportOptions) => Promise<ExportResult>,
): Promise<void> {
  writeOrders(
    db,
    sourceId,
    Array.from({ length: 20000 }, (_, i) => order({ remote_id: String(i), created_at: Date.UTC(2026, 0, 1) + i * 60000 })),
  )
  const file = path.join(dir, fileName)
  fs.writeFileSync(file, 'earlier export')
  const controller = new AbortController()
  const promise = write(file, {
    filter: {},
    tz: 'Asia/Shanghai',
    signal: controller.signal,
    onProgress: (rows) => rows >= 5000 && controller.abort(),
  })
  await expect(promise).rejects.toThrow(/abort/i)
  expect(fs.readFileSync(file, 'utf8')).toBe('earlier export')
  expect(fs.readdirSync(dir).filter((f) => f.endsWith('.part'))).toEqual([])
}
