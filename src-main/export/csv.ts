import fs from 'node:fs'
import path from 'node:path'
import { Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { StringDecoder } from 'node:string_decoder'
import iconv from 'iconv-lite'
import { DEFAULT_EXPORT_COLUMN_KEYS, EXPORT_COLUMN_KEYS, type OrderFilter } from '../../src-preload/contract'
import { formatFen } from '../connectors/money'
import { assertUnchangedSinceOpen, databaseFile, openDatabase, type Db } from '../db/database'
import { orderFilterSql } from '../orders/filter'
import { zoneTimeFormatter } from '../shared/timezone'
import { readAhead } from './read-ahead'

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

const NEEDS_QUOTES = /[",\r\n]/
/** The export hands the file its bytes in chunks of this size. */
const CHUNK_BYTES = 1 << 16
const LONG_DIGITS = /^\d{12,}$/

/** A text cell: neutralised if a spreadsheet would run it, quoted if CSV needs it. */
function textField(text: string): string {
  const first = text.charCodeAt(0)
  // = + - @ tab CR LF, as neutraliseFormula.
  if (first === 61 || first === 43 || first === 45 || first === 64 || first === 9 || first === 13 || first === 10)
    return csvField(`'${text}`)
  return csvField(text)
}

/**
 * One CSV field (RFC 4180). Written here rather than with csv-stringify: measured on a million
 * rows, the library's per-field option handling cost more than reading the rows from SQLite.
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
  // One helper thread sorts the spilled runs while this one reads on: measured on a million
  // rows, the sorted read took 2.0-2.1 s instead of 2.5-2.7 s (two helpers gained less).
  db.pragma('threads = 1')
  return db
}

/**
 * Streams the filtered orders from SQLite to a CSV file with constant memory. The file is
 * written aside and renamed at the end, so a failed or canceled export leaves nothing under
 * the chosen name (and an earlier file of that name intact).
 */
export async function exportOrdersCsv(db: Db, file: string, options: ExportOptions): Promise<ExportResult> {
  const columns = options.columns ?? DEFAULT_EXPORT_COLUMNS
  const { where, params } = orderFilterSql(options.filter)
  // Only the columns exported (plus what the money totals need): never the raw payload. The
  // source's name comes from a map, not a join, which would dictate SQLite's reading order.
  const sourceNames = new Map(
    (db.prepare('SELECT id, name FROM sources').all() as Array<{ id: string; name: string }>).map((r) => [r.id, r.name]),
  )
  const selected = [...new Set<string>([...columns, 'currency', 'paid', 'refunded'])].map((c) =>
    c === 'source_name' ? 'o.source_id' : `o.${c}`,
  )
  // Everything, or whole sources and statuses: one pass over the table and a sort that spills
  // to temporary files beats walking the time index, which reads the rows in random order.
  // Narrower filters are left to the planner, which finds them through their indexes.
  const broad = Object.entries(options.filter).every(
    ([k, v]) => v === undefined || ((k === 'sources' || k === 'statuses') && Array.isArray(v)),
  )
  const statement = db.prepare(
    `SELECT ${selected.join(', ')} FROM orders o ${broad ? 'NOT INDEXED' : ''} ${where} ORDER BY o.created_at DESC, o.id DESC`,
  )
  const timeText = zoneTimeFormatter(options.tz, options.timeStyle === 'spreadsheet' ? 'spreadsheet' : 'iso')
  const totals: ExportResult['totals'] = {}
  let rows = 0

  // Rows come as arrays (no object per row) and each column has its formatter chosen once.
  const selectedKeys = [...new Set<string>([...columns, 'currency', 'paid', 'refunded'])]
  const at = (key: string): number => selectedKeys.indexOf(key)
  const [currencyAt, paidAt, refundedAt] = [at('currency'), at('paid'), at('refunded')]
  // Each cell is final CSV text: money and times never need quotes; text is neutralised, then quoted if needed.
  const cell = (column: ExportColumn): ((value: unknown) => string) => {
    if (column === 'source_name') return (v) => textField(sourceNames.get(v as string) ?? '')
    if (MONEY.has(column)) return (v) => (v === null ? '' : formatFen(v as number))
    if (TIME.has(column)) return (v) => (v === null ? '' : timeText(v as number))
    return (v) => {
      if (v === null || v === undefined) return ''
      const text = String(v)
      // Spreadsheet style: a long digit string (a 19-digit Ping++ id) would become a rounded
      // number in Excel; a leading tab makes Excel keep it as text. Digits cannot run a formula.
      if (options.timeStyle === 'spreadsheet' && LONG_DIGITS.test(text)) return `\t${text}`
      return textField(text)
    }
  }
  const formatters = columns.map((c) => ({ index: at(c), format: cell(c) }))
  // Each line goes straight into a byte buffer handed on 64 KiB at a time. Measured on a
  // million rows: joining lines into a string first and encoding it at the end (cons strings
  // flattened, then UTF-8) cost more than formatting every field.
  function* chunks(): Generator<Buffer> {
    let buffer = Buffer.allocUnsafe(CHUNK_BYTES)
    let used = buffer.write(`${header.map(csvField).join(',')}\r\n`)
    let lines = 0
    for (const row of statement.raw().iterate(params) as Iterable<unknown[]>) {
      const currency = row[currencyAt] as string
      const sum = (totals[currency] ??= { paid: 0, refunded: 0 })
      sum.paid += row[paidAt] as number
      sum.refunded += row[refundedAt] as number
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
      if (++lines % 5000 === 0) {
        rows = lines
        options.onProgress?.(rows)
      }
    }
    rows = lines
    if (used > 0) yield buffer.subarray(0, used)
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
  const source = chunks()
  // A whole-table export reads every page of the table: the file is read ahead in order, beside it.
  const reading = broad && !db.memory ? readAhead(databaseFile(db)) : null
  try {
    await pipeline(Readable.from(source), encode, fs.createWriteStream(temp), { signal: options.signal })
    assertUnchangedSinceOpen(db)
    fs.renameSync(temp, file)
  } catch (error) {
    fs.rmSync(temp, { force: true })
    throw error
  } finally {
    // Closes the SQLite cursor even when the pipeline stopped early, freeing the connection.
    source.return(undefined)
    await reading?.stop()
  }
  options.onProgress?.(rows)
  return { rows, file, totals }
}
