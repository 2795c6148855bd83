import { Readable, Transform } from 'node:stream'
import { StringDecoder } from 'node:string_decoder'
import iconv from 'iconv-lite'
import { DEFAULT_EXPORT_COLUMN_KEYS, EXPORT_COLUMN_KEYS, type OrderFilter, type OrderStatusValue } from '../../src-preload/contract'
import { COLUMN_LABELS, STATUS_LABELS, type ExportHeader } from '../../src-preload/export-labels'
import { formatFen } from '../../src-preload/shared/money'
import { openDatabase, type Db } from '../db/database'
import { zoneTimeFormatter } from '../../src-preload/shared/timezone'
import { orderRows, writeAside, type ExportTotals } from './order-rows'

/** Every exportable column: the unified order's field keys (src-main/orders/README.md), as the contract lists them. */
export const EXPORT_COLUMNS = EXPORT_COLUMN_KEYS
export type ExportColumn = (typeof EXPORT_COLUMNS)[number]
export const DEFAULT_EXPORT_COLUMNS = DEFAULT_EXPORT_COLUMN_KEYS

export const MONEY = new Set<ExportColumn>(['total', 'discount', 'due', 'paid', 'refunded'])
export const TIME = new Set<ExportColumn>(['created_at', 'paid_at', 'expires_at', 'updated_at'])

export interface ExportOptions {
  filter: OrderFilter
  /** Only these orders (a selection in the list), within the filter. */
  ids?: readonly number[]
  columns?: readonly ExportColumn[]
  tz: string
  encoding?: 'utf8' | 'gb18030'
  /** Field keys (the default: the machine format), or every column and status labelled in a language. */
  header?: ExportHeader
  signal?: AbortSignal
  onProgress?: (rows: number) => void
}

export interface ExportResult {
  rows: number
  file: string
  /** Money sums per currency, in fen, for checking against revenue. */
  totals: ExportTotals
}

/**
 * A cell that a spreadsheet would run as a formula is neutralised with a leading
 * apostrophe. Only text cells: numbers (money) stay numbers, so a refund is never text.
 */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r\n]/.test(text) ? `'${text}` : text
}

const NEEDS_QUOTES = /[",\r\n]/
/** The export hands the file its bytes in chunks of this size. */
const CHUNK_BYTES = 1 << 16

/** A text cell: neutralised if a spreadsheet would run it, quoted if CSV needs it. */
function textField(text: string): string {
  const first = text.charCodeAt(0)
  // = + - @ tab CR LF, as neutraliseFormula.
  if (first === 61 || first === 43 || first === 45 || first === 64 || first === 9 || first === 13 || first === 10)
    return csvField(`'${text}`)
  return csvField(text)
}

/**
 * One CSV field (RFC 4180). Written here rather than with csv-stringify, whose per-field option
 * handling costs more than reading the rows from SQLite.
 */
export function csvField(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

export function parseColumns(list: string): ExportColumn[] {
  const columns = list
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean)
  const unknown = columns.filter((c) => !(EXPORT_COLUMNS as readonly string[]).includes(c))
  if (unknown.length) throw new Error(`unknown column(s): ${unknown.join(', ')}; known: ${EXPORT_COLUMNS.join(', ')}`)
  if (columns.length === 0) throw new Error('no columns given')
  return columns as ExportColumn[]
}

/**
 * The export's own connection (the export worker's; the benchmark's too). An export reads
 * each row once, so the app's 64 MiB page cache and memory-mapped file would only grow the
 * process by the size of what was read: this connection keeps a small cache and no mapping.
 */
export function openExportDatabase(file: string): Db {
  // Read-only: an export never creates, migrates or switches the journal of a file, and reads a
  // database on a share the user cannot write.
  const { db } = openDatabase(file, { readonly: true })
  db.pragma('mmap_size = 0')
  db.pragma('cache_size = -8192')
  // The sort of a whole export spills to temporary files instead of growing in memory.
  db.pragma('temp_store = FILE')
  // One helper thread sorts the spilled runs while this one reads on; a second adds little.
  db.pragma('threads = 1')
  return db
}

/**
 * Streams the filtered orders from SQLite to a CSV file with constant memory. The file is
 * written aside and renamed at the end (writeAside).
 */
export async function exportOrdersCsv(db: Db, file: string, options: ExportOptions): Promise<ExportResult> {
  const columns = options.columns ?? DEFAULT_EXPORT_COLUMNS
  const source = orderRows(db, options.filter, columns, [], options.ids)
  const timeText = zoneTimeFormatter(options.tz, 'iso')
  const header = options.header ?? 'keys'
  const statusText: (v: unknown) => string =
    header === 'keys' ? (v) => textField(String(v)) : (v) => textField(STATUS_LABELS[header][v as OrderStatusValue] ?? String(v))

  // Each cell is final CSV text: money and times never need quotes; text is neutralised, then quoted if needed.
  const cell = (column: ExportColumn): ((value: unknown) => string) => {
    if (column === 'source_name') return (v) => textField(source.sourceName(v as string))
    if (column === 'status') return statusText
    if (MONEY.has(column)) return (v) => (v === null ? '' : formatFen(v as number))
    if (TIME.has(column)) return (v) => (v === null ? '' : timeText(v as number))
    return (v) => (v === null || v === undefined ? '' : textField(String(v)))
  }
  const formatters = columns.map((c) => ({ index: source.at(c), format: cell(c) }))
  const headerLine = columns.map((c) => (header === 'keys' ? c : COLUMN_LABELS[header][c]))
  // Each line goes straight into a byte buffer handed on 64 KiB at a time. Measured on a
  // million rows: joining lines into a string first and encoding it at the end (cons strings
  // flattened, then UTF-8) cost more than formatting every field.
  function* chunks(): Generator<Buffer> {
    let buffer = Buffer.allocUnsafe(CHUNK_BYTES)
    let used = buffer.write(`${headerLine.map(csvField).join(',')}\r\n`)
    for (const row of source.rows) {
      let line = formatters[0].format(row[formatters[0].index])
      for (let i = 1; i < formatters.length; i++) line += `,${formatters[i].format(row[formatters[i].index])}`
      line += '\r\n'
      // A UTF-16 unit never takes more than three bytes of UTF-8.
      if (used + line.length * 3 > buffer.length) {
        yield buffer.subarray(0, used)
        buffer = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, line.length * 3))
        used = 0
      }
      used += buffer.write(line, used)
      if (source.count() % 5000 === 0) options.onProgress?.(source.count())
    }
    if (used > 0) yield buffer.subarray(0, used)
  }

  const encoding = options.encoding ?? 'utf8'
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
  try {
    await writeAside(db, file, Readable.from(chunks()), [encode], options.signal)
  } finally {
    source.close()
  }
  options.onProgress?.(source.count())
  return { rows: source.count(), file, totals: source.totals }
}
