/**
 * The headless CLI (README.md § The CLI): `npm run --silent cli -- <command> …`.
 * Argument parsing and printing only; the work is the core's. Exit status: 0 success,
 * 1 the work failed, 2 bad usage or a bad file. Progress on stderr, results on stdout.
 */
import fs from 'node:fs'
import path from 'node:path'
import { createConnector } from '../connectors'
import { formatFen } from '../../src-preload/shared/money'
import { assertUnchangedSinceOpen, DatabaseOpenError, openDatabase, type Db } from '../db/database'
import { openExportDatabase, parseColumns } from '../export/csv'
import { writeSettlementXlsx } from '../export/settlement-sheet'
import { exportOrders } from '../export/workbook'
import { cancelOrder, createOrder } from '../orders/actions'
import { writeNow } from '../db/write-turn'
import type { NormalizedOrder } from '../orders/order'
import { listOrderRecords } from '../orders/queries'
import { revenueReport, type RevenueGrain } from '../revenue/revenue'
import { settlementCsv, settlementReport } from '../revenue/settlement'
import { AppError } from '../shared/app-error'
import { defaultExportHeader, EXPORT_FORMATS, EXPORT_HEADERS, type ExportFormat, type ExportHeader } from '../../src-preload/export-labels'
import { formatIsoInZone } from '../../src-preload/shared/timezone'
import { SOURCE_WORKERS } from '../shared/worker-entry'
import type { SourceConfig } from '../sources/config'
import { loadSourcesFile, SourcesFileError } from '../sources/file'
import { SourceStore } from '../sources/store'
import { runSync, type SourceProgress } from '../sync/engine'
import { FILTER_OPTIONS, filterFrom, parse, periodFrom, UsageError, zoneOf } from './args'

const USAGE = `usage: npm run --silent cli -- <command> [options]
  sync    --config F --db D [--full] [--source ID]... [--json]
  orders  --db D [filters] [--limit N] [--json]
  export  --db D --out FILE.xlsx|FILE.csv [filters] [--format xlsx|csv] [--header keys|zh-CN|en] [--tz ZONE]
          [--encoding utf8|gb18030 (CSV)] [--columns a,b,...]
  revenue --db D --by day|week|month [filters] [--tz ZONE] [--json]
  report  --db D --from YYYY-MM-DD --to YYYY-MM-DD [--source ID]... [--status S]... [--q TEXT] [--tz ZONE] (--json | --out FILE.xlsx|FILE.csv)
  create  --config F --db D --source ID --input JSON [--json]
  cancel  --config F --db D --source ID --order REMOTE_ID [--json]
filters: --source ID (repeatable) --status S (repeatable) --from YYYY-MM-DD --to YYYY-MM-DD --q TEXT --tz ZONE`

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv
  try {
    switch (command) {
      case 'sync':
        return await syncCommand(args)
      case 'orders':
        return ordersCommand(args)
      case 'export':
        return await exportCommand(args)
      case 'revenue':
        return revenueCommand(args)
      case 'report':
        return await reportCommand(args)
      case 'create':
        return await createCommand(args)
      case 'cancel':
        return await cancelCommand(args)
      case undefined:
      case '--help':
      case 'help':
        process.stderr.write(`${USAGE}\n`)
        return command === undefined ? 2 : 0
      default:
        throw new UsageError(`unknown command "${command}"`)
    }
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`orderdesk: ${error.message}\n${USAGE}\n`)
      return 2
    }
    // A --db that is not an OrderDesk database is a bad file, like a bad sources file.
    if (error instanceof SourcesFileError || (error instanceof DatabaseOpenError && error.code === 'not_a_database')) {
      process.stderr.write(`orderdesk: ${error.message}\n`)
      return 2
    }
    process.stderr.write(`orderdesk: ${(error as Error).message}\n`)
    return 1
  }
}

function required<T>(value: T | undefined, flag: string): T {
  if (value === undefined || value === '') throw new UsageError(`${flag} is required`)
  return value
}

/**
 * Opens the cache. Commands that only read open it read-only: they never create, migrate or
 * switch the journal of a file, and read one the user cannot write. The others create it where
 * no file exists. Either refuses a file that is not an OrderDesk database, leaving it as it was.
 */
function open(dbPath: string, use: 'read' | 'export' | 'write'): Db {
  try {
    // An export reads on the export's own connection, as the app's export worker does.
    if (use === 'export') return openExportDatabase(dbPath)
    return openDatabase(dbPath, { readonly: use === 'read' }).db
  } catch (error) {
    if (error instanceof DatabaseOpenError && error.code === 'not_found') throw new UsageError(`--db: no database at ${dbPath}`)
    throw error
  }
}

function loadConfig(file: string, db: Db): SourceConfig[] {
  const configs = loadSourcesFile(file)
  const store = new SourceStore(db)
  // The sources file stays the keeper of secrets: the database gets the rows, not the keys.
  for (const config of configs) store.upsert(config, { storeSecrets: false })
  return configs
}

function pickSource(configs: SourceConfig[], id: string): SourceConfig {
  const source = configs.find((c) => c.id === id)
  if (!source) throw new UsageError(`--source: no source "${id}" in the sources file (has: ${configs.map((c) => c.id).join(', ')})`)
  return source
}

async function syncCommand(args: string[]): Promise<number> {
  const { values } = parse(args, {
    config: { type: 'string' },
    db: { type: 'string' },
    full: { type: 'boolean' },
    source: { type: 'string', multiple: true },
  })
  const configFile = required(values.config, '--config')
  const dbPath = required(values.db, '--db')
  const configs = loadSourcesFile(configFile) // validate before touching the database
  const wanted = values.source?.length ? values.source.map((id) => pickSource(configs, id)) : configs.filter((c) => c.enabled)
  const db = open(dbPath, 'write')
  try {
    loadConfig(configFile, db)
    const controller = new AbortController()
    const stop = (): void => controller.abort(new Error('interrupted'))
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
    const result = await runSync({
      db,
      sources: wanted,
      connectorFor: (c) => createConnector(c),
      trigger: 'cli',
      full: values.full,
      signal: controller.signal,
      // Pages written by a thread of their own while the next are fetched, as in the app.
      writeThread: SOURCE_WORKERS.syncWriter,
      onProgress: (p) => process.stderr.write(progressLine(p)),
    })
    const rows = result.sources.map((s) => ({
      source_id: s.sourceId,
      mode: s.mode,
      fetched: s.fetched,
      inserted: s.inserted,
      updated: s.updated,
      unchanged: s.unchanged,
      skipped: s.skipped,
      flagged_missing: s.flaggedMissing,
      requests: s.requests,
      rechecked: s.rechecked,
      error: s.error ? s.error.message : null,
    }))
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ run_id: result.runId, status: result.status, sources: rows }, null, 2)}\n`)
    } else {
      for (const r of rows) {
        process.stdout.write(
          `${r.source_id}\t${r.error ? `FAILED: ${r.error}` : 'ok'}\tfetched ${r.fetched}, new ${r.inserted}, changed ${r.updated}, unchanged ${r.unchanged}, skipped ${r.skipped}\n`,
        )
      }
    }
    return result.status === 'ok' ? 0 : 1
  } finally {
    db.close()
  }
}

function progressLine(p: SourceProgress): string {
  const total = p.total !== null ? ` of ~${p.total}` : ''
  if (p.phase === 'failed') return `[${p.sourceId}] failed: ${p.error?.message}\n`
  if (p.phase === 'done')
    return `[${p.sourceId}] done: ${p.fetched} fetched, ${p.inserted} new, ${p.updated} changed, ${p.skipped} skipped, ${p.rechecked} old pending re-checked, ${p.requests} requests\n`
  return `[${p.sourceId}] ${p.mode ?? ''} ${p.phase}: page ${p.pages}, ${p.fetched}${total} orders\n`
}

/** An order as the CLI's JSON: the spec's field names, money as decimal strings, times ISO in the zone. */
function orderJson(
  row: Record<string, unknown> | (NormalizedOrder & { source_id?: string; source_name?: string }),
  tz: string,
): Record<string, unknown> {
  const r = row as Record<string, unknown>
  const time = (v: unknown): string | null => (v === null || v === undefined ? null : formatIsoInZone(Number(v), tz))
  return {
    source_id: r.source_id ?? null,
    source_name: r.source_name ?? null,
    remote_id: r.remote_id,
    order_no: r.order_no,
    trade_no: r.trade_no,
    status: r.status,
    remote_status: r.remote_status,
    product_type: r.product_type,
    product_name: r.product_name,
    product_id: r.product_id,
    customer_id: r.customer_id,
    customer_name: r.customer_name,
    pay_channel: r.pay_channel,
    currency: r.currency,
    total: formatFen(Number(r.total)),
    discount: formatFen(Number(r.discount)),
    due: formatFen(Number(r.due)),
    paid: formatFen(Number(r.paid)),
    refunded: formatFen(Number(r.refunded)),
    created_at: time(r.created_at),
    paid_at: time(r.paid_at),
    expires_at: time(r.expires_at),
    updated_at: time(r.updated_at),
  }
}

function ordersCommand(args: string[]): number {
  const { values } = parse(args, { db: { type: 'string' }, limit: { type: 'string' }, ...FILTER_OPTIONS })
  const tz = zoneOf(values)
  const filter = filterFrom(values)
  const limit = values.limit === undefined ? 100 : Number(values.limit)
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit must be a positive whole number, got "${values.limit}"`)
  const db = open(required(values.db, '--db'), 'read')
  try {
    const { total, rows } = listOrderRecords(db, filter, limit)
    assertUnchangedSinceOpen(db)
    const orders = rows.map((r) => orderJson(r, tz))
    if (values.json) process.stdout.write(`${JSON.stringify({ total, orders }, null, 2)}\n`)
    else {
      for (const o of orders)
        process.stdout.write(
          `${o.created_at}\t${o.source_id}\t${o.order_no ?? o.remote_id}\t${o.status}\t${o.due} ${o.currency}\t${o.product_name ?? ''}\n`,
        )
      process.stdout.write(`${orders.length} of ${total} orders\n`)
    }
    return 0
  } finally {
    db.close()
  }
}

async function exportCommand(args: string[]): Promise<number> {
  const { values } = parse(args, {
    db: { type: 'string' },
    out: { type: 'string' },
    format: { type: 'string' },
    header: { type: 'string' },
    encoding: { type: 'string' },
    columns: { type: 'string' },
    ...FILTER_OPTIONS,
  })
  const out = required(values.out, '--out')
  const format = exportFormat(out, values.format)
  const header = values.header ?? defaultExportHeader(format, 'zh-CN')
  if (!(EXPORT_HEADERS as readonly string[]).includes(header))
    throw new UsageError(`--header must be ${EXPORT_HEADERS.join(', ')}, got "${header}"`)
  const encoding = values.encoding ?? 'utf8'
  if (encoding !== 'utf8' && encoding !== 'gb18030') throw new UsageError(`--encoding must be utf8 or gb18030, got "${encoding}"`)
  if (format === 'xlsx' && values.encoding !== undefined) throw new UsageError('--encoding is for CSV only: a workbook is always UTF-8')
  let columns
  try {
    columns = values.columns ? parseColumns(values.columns) : undefined
  } catch (error) {
    throw new UsageError(`--columns: ${(error as Error).message}`)
  }
  const filter = filterFrom(values)
  const db = open(required(values.db, '--db'), 'export')
  try {
    const result = await exportOrders(db, path.resolve(out), {
      format,
      header: header as ExportHeader,
      filter,
      columns,
      tz: zoneOf(values),
      encoding,
      onProgress: (rows) => process.stderr.write(`exported ${rows} rows\n`),
    })
    if (values.json) process.stdout.write(`${JSON.stringify({ file: result.file, rows: result.rows })}\n`)
    else process.stdout.write(`${result.rows} orders written to ${result.file}\n`)
    return 0
  } finally {
    db.close()
  }
}

/** The format `--format` names, else `--out`'s extension: .xlsx a workbook, anything else a CSV. */
function exportFormat(out: string, flag: string | undefined): ExportFormat {
  const extension = path.extname(out).toLowerCase()
  if (flag === undefined) return extension === '.xlsx' ? 'xlsx' : 'csv'
  if (!(EXPORT_FORMATS as readonly string[]).includes(flag))
    throw new UsageError(`--format must be ${EXPORT_FORMATS.join(' or ')}, got "${flag}"`)
  if ((extension === '.xlsx' || extension === '.csv') && extension !== `.${flag}`)
    throw new UsageError(`--format ${flag} does not match --out ${path.basename(out)}`)
  return flag as ExportFormat
}

function revenueCommand(args: string[]): number {
  const { values } = parse(args, { db: { type: 'string' }, by: { type: 'string' }, ...FILTER_OPTIONS })
  const by = required(values.by, '--by')
  if (by !== 'day' && by !== 'week' && by !== 'month') throw new UsageError(`--by must be day, week or month, got "${by}"`)
  const filter = filterFrom(values)
  const db = open(required(values.db, '--db'), 'read')
  try {
    const report = revenueReport(db, filter, by as RevenueGrain, zoneOf(values))
    assertUnchangedSinceOpen(db)
    if (values.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`)
    else {
      for (const b of report.buckets) {
        process.stdout.write(
          `${b.period}\t${b.currency}\torders ${b.orders}\tpaid ${b.paid_orders}\tgross ${formatFen(b.gross_minor)}\trefunds ${formatFen(b.refunds_minor)}\tnet ${formatFen(b.net_minor)}\n`,
        )
      }
      for (const t of report.totals) process.stdout.write(`total\t${t.currency}\torders ${t.orders}\tnet ${formatFen(t.net_minor)}\n`)
    }
    return 0
  } finally {
    db.close()
  }
}

/**
 * The settlement report (对账单) of the days --from to --to in --tz: money by revenue time, as
 * `revenue` and the revenue page count it, by source and pay channel. --json prints it; --out
 * writes it as CSV.
 */
async function reportCommand(args: string[]): Promise<number> {
  const { values } = parse(args, { db: { type: 'string' }, out: { type: 'string' }, ...FILTER_OPTIONS })
  const period = periodFrom(values)
  // The other filters as every command reads them; --from and --to are the period, not creation days.
  const filter = filterFrom({ ...values, from: undefined, to: undefined })
  const out = values.out
  if (out === undefined && !values.json) throw new UsageError('report needs --json or --out FILE.xlsx|FILE.csv')
  const ext = out === undefined ? null : path.extname(out).toLowerCase()
  if (ext !== null && ext !== '.csv' && ext !== '.xlsx') throw new UsageError(`--out must name a .xlsx or .csv file, got "${out}"`)
  const db = open(required(values.db, '--db'), 'read')
  try {
    const report = settlementReport(db, { filter, ...period, tz: zoneOf(values) })
    assertUnchangedSinceOpen(db)
    if (out === undefined) {
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`)
      return 0
    }
    const file = path.resolve(out)
    if (ext === '.xlsx') await writeSettlementXlsx(db, file, report, 'zh-CN')
    else fs.writeFileSync(file, settlementCsv(report))
    if (values.json) process.stdout.write(`${JSON.stringify({ file, lines: report.lines.length })}\n`)
    else process.stdout.write(`${report.lines.length} lines of the settlement report written to ${file}\n`)
    return 0
  } finally {
    db.close()
  }
}

async function createCommand(args: string[]): Promise<number> {
  const { values } = parse(args, {
    config: { type: 'string' },
    db: { type: 'string' },
    source: { type: 'string' },
    input: { type: 'string' },
  })
  const configs = loadSourcesFile(required(values.config, '--config'))
  const source = pickSource(configs, required(values.source, '--source'))
  let input: unknown
  try {
    input = JSON.parse(required(values.input, '--input'))
  } catch (error) {
    if (error instanceof UsageError) throw error
    throw new UsageError(`--input is not valid JSON: ${(error as Error).message}`)
  }
  const db = open(required(values.db, '--db'), 'write')
  try {
    loadConfig(values.config!, db)
    const order = await createOrder(db, writeNow, source, createConnector(source), input).catch(rethrowUsage)
    printOrder({ ...order, source_id: source.id, source_name: source.name }, values.json)
    return 0
  } finally {
    db.close()
  }
}

async function cancelCommand(args: string[]): Promise<number> {
  const { values } = parse(args, {
    config: { type: 'string' },
    db: { type: 'string' },
    source: { type: 'string' },
    order: { type: 'string' },
  })
  const configs = loadSourcesFile(required(values.config, '--config'))
  const source = pickSource(configs, required(values.source, '--source'))
  const remoteId = required(values.order, '--order')
  const db = open(required(values.db, '--db'), 'write')
  try {
    loadConfig(values.config!, db)
    const order = await cancelOrder(db, writeNow, source, createConnector(source), remoteId)
    printOrder({ ...order, source_id: source.id, source_name: source.name }, values.json)
    return 0
  } finally {
    db.close()
  }
}

function rethrowUsage(error: unknown): never {
  // A create input that fails the form's validation is bad usage, like a bad flag.
  if (error instanceof AppError && error.code === 'invalid_argument') throw new UsageError(`--input: ${error.message}`)
  throw error
}

function printOrder(order: NormalizedOrder & { source_id: string; source_name: string }, json?: boolean): void {
  const view = orderJson(order, 'Asia/Shanghai')
  if (json) process.stdout.write(`${JSON.stringify(view, null, 2)}\n`)
  else
    process.stdout.write(
      `${view.source_id}\t${view.remote_id}\t${view.order_no ?? ''}\t${view.status}\t${view.due} ${view.currency}\t${view.product_name ?? ''}\n`,
    )
}

// A reader that stops early (`| head`) closes the pipe: the rest has nowhere to go, so stop quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error
  process.exit(process.exitCode ?? 0)
})

void main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    process.stderr.write(`orderdesk: ${(error as Error).stack ?? String(error)}\n`)
    process.exitCode = 1
  },
)
