import fs from 'node:fs'
import path from 'node:path'
import { Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { StringDecoder } from 'node:string_decoder'
import { stringify } from 'csv-stringify/sync'
import iconv from 'iconv-lite'
import { DEFAULT_EXPORT_COLUMN_KEYS, EXPORT_COLUMN_KEYS, type OrderFilter } from '../../src-preload/contract'
import { formatFen } from '../connectors/money'
import type { Db } from '../db/database'
import { orderFilterSql } from '../orders/filter'
import { formatIsoInZone, formatLocalInZone } from '../shared/timezone'

/** Every exportable column: the unified order's field keys (orders.md), as the contract lists them. */
export const EXPORT_COLUMNS = EXPORT_COLUMN_KEYS
export type ExportColumn = (typeof EXPORT_COLUMNS)[number]
export const DEFAULT_EXPORT_COLUMNS = DEFAULT_EXPORT_COLUMN_KEYS

const MONEY = new Set<ExportColumn>(['total', 'discount', 'due', 'paid', 'refunded'])
const TIME = new Set<ExportColumn>(['created_at', 'paid_at', 'expires_at', 'updated_at'])

export interface ExportOptions {
  filter: OrderFilter
  columns?: readonly ExportColumn[]
  tz: string
  encoding?: 'utf8' | 'gb18030'
  /** `iso`: ISO 8601 with the zone's offset; `spreadsheet`: local `YYYY-MM-DD HH:mm:ss`. */
  timeStyle?: 'iso' | 'spreadsheet'
  /** Header labels per column; default the field keys. */
  headers?: Partial<Record<ExportColumn, string>>
  signal?: AbortSignal
  onProgress?: (rows: number) => void
}

export interface ExportResult {
  rows: number
  file: string
  /** Money sums per currency, in fen, for checking against revenue. */
  totals: Record<string, { paid: number; refunded: number }>
}

/**
 * A cell that a spreadsheet would run as a formula is neutralised with a leading
 * apostrophe. Only text cells: numbers (money) stay numbers, so a refund is never text.
 */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r\n]/.test(text) ? `'${text}` : text
}

export function parseColumns(list: string): ExportColumn[] {
  const columns = list.split(',').map((c) => c.trim()).filter(Boolean)
  const unknown = columns.filter((c) => !(EXPORT_COLUMNS as readonly string[]).includes(c))
  if (unknown.length) throw new Error(`unknown column(s): ${unknown.join(', ')}; known: ${EXPORT_COLUMNS.join(', ')}`)
  if (columns.length === 0) throw new Error('no columns given')
  return columns as ExportColumn[]
}

/**
 * Streams the filtered orders from SQLite to a CSV file with constant memory. The file is
 * written aside and renamed at the end, so a failed or canceled export leaves nothing under
 * the chosen name (and an earlier file of that name intact).
 */
export async function exportOrdersCsv(db: Db, file: string, options: ExportOptions): Promise<ExportResult> {
  const columns = options.columns ?? DEFAULT_EXPORT_COLUMNS
  const { where, params } = orderFilterSql(options.filter)
  // Only the columns exported (plus what the money totals need): never the raw payload.
  const selected = [...new Set<string>([...columns, 'currency', 'paid', 'refunded'])].map((c) => (c === 'source_name' ? 's.name' : `o.${c}`))
  const statement = db.prepare(
    `SELECT ${selected.join(', ')} FROM orders o JOIN sources s ON s.id = o.source_id ${where} ORDER BY o.created_at DESC, o.id DESC`,
  )
  const timeText = options.timeStyle === 'spreadsheet' ? formatLocalInZone : formatIsoInZone
  const totals: ExportResult['totals'] = {}
  let rows = 0

  const csvOptions = { record_delimiter: '\r\n' } as const
  // Rows come as arrays (no object per row) and each column has its formatter chosen once.
  const selectedKeys = [...new Set<string>([...columns, 'currency', 'paid', 'refunded'])]
  const at = (key: string): number => selectedKeys.indexOf(key)
  const [currencyAt, paidAt, refundedAt] = [at('currency'), at('paid'), at('refunded')]
  const cell = (column: ExportColumn): ((value: unknown) => string) => {
    if (MONEY.has(column)) return (v) => (v === null ? '' : formatFen(v as number))
    if (TIME.has(column)) return (v) => (v === null ? '' : timeText(v as number, options.tz))
    return (v) => {
      if (v === null || v === undefined) return ''
      const text = String(v)
      // Spreadsheet style: a long digit string (a 19-digit Ping++ id) would become a rounded
      // number in Excel; a leading tab makes Excel keep it as text. Digits cannot run a formula.
      if (options.timeStyle === 'spreadsheet' && /^\d{12,}$/.test(text)) return `\t${text}`
      return neutraliseFormula(text)
    }
  }
  const formatters = columns.map((c) => ({ index: at(c), format: cell(c) }))
  function* records(): Generator<string[]> {
    for (const row of statement.raw().iterate(params) as Iterable<unknown[]>) {
      const currency = String(row[currencyAt])
      const sum = (totals[currency] ??= { paid: 0, refunded: 0 })
      sum.paid += row[paidAt] as number
      sum.refunded += row[refundedAt] as number
      rows++
      if (rows % 5000 === 0) options.onProgress?.(rows)
      yield formatters.map((f) => f.format(row[f.index]))
    }
  }

  const encoding = options.encoding ?? 'utf8'
  const temp = path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.${process.pid}.${Date.now()}.part`)
  const header = columns.map((c) => options.headers?.[c] ?? c)
  const utf8 = new StringDecoder('utf8')
  const encode =
    encoding === 'gb18030'
      ? new Transform({
          // Decoded with a StringDecoder so a character split across chunks survives.
          transform: (chunk: Buffer, _enc, done) => done(null, iconv.encode(utf8.write(chunk), 'gb18030')),
          flush: (done) => done(null, iconv.encode(utf8.end(), 'gb18030')),
        })
      : new Transform({
          // UTF-8 with BOM, so Excel on Chinese Windows opens it as UTF-8.
          transform(chunk: Buffer | string, _enc, done) {
            done(null, chunk)
          },
          construct(done) {
            this.push(Buffer.from([0xef, 0xbb, 0xbf]))
            done()
          },
        })
  // Rows are turned into CSV text a thousand at a time: per-row stream hops cost more than the work.
  function* chunks(): Generator<string> {
    yield stringify([header], csvOptions)
    let batch: string[][] = []
    for (const record of source) {
      batch.push(record)
      if (batch.length === 1000) {
        yield stringify(batch, csvOptions)
        batch = []
      }
    }
    if (batch.length) yield stringify(batch, csvOptions)
  }
  const source = records()
  try {
    await pipeline(
      Readable.from(chunks()),
      encode,
      fs.createWriteStream(temp),
      { signal: options.signal },
    )
    fs.renameSync(temp, file)
  } catch (error) {
    fs.rmSync(temp, { force: true })
    throw error
  } finally {
    // Closes the SQLite cursor even when the pipeline stopped early, freeing the connection.
    source.return(undefined)
  }
  options.onProgress?.(rows)
  return { rows, file, totals }
}
