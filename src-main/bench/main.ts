/**
 * `npm run bench -- [--orders N] [--json] [--keep] [--no-browser] [--only SECTIONS] …`: builds a
 * cache of N orders through the real path and measures it against the machine's own limits,
 * side by side in one run (absolute times on shared machines vary; ratios and percentiles are
 * what count), then syncs over HTTP from the sandboxes: at once, and as a remote API answers.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { openDatabase } from '../db/database'
import { openExportDatabase } from '../export/csv'
import { exportOrders } from '../export/workbook'
import type { ExportFormat } from '../../src-preload/export-labels'
import { revenueDashboard } from '../revenue/dashboard'
import { revenueBuckets } from '../revenue/revenue'
import { settlementReport } from '../revenue/settlement'
import { instantFromWallClock, wallClockAt } from '../../src-preload/shared/timezone'
import { benchHttpSync } from './http-sync'
import { benchSources, ingest, rawInsert } from './ingest'
import { benchQueries, percentile } from './queries'
import { benchRemoteSync } from './remote-sync'
import { benchRenderer } from './renderer'

const log = (message: string): void => void process.stderr.write(`[bench] ${message}\n`)

/**
 * The benchmark's sections: `cache` (a cache of --orders orders: ingest, queries, revenue, export,
 * its size, the renderer), `http` (a sync from sandboxes answering at once), `remote` (syncs from
 * sandboxes answering as a remote API does).
 */
const SECTIONS = ['cache', 'http', 'remote'] as const
type Section = (typeof SECTIONS)[number]

function wholeNumber(name: string, value: string, min: number): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be a whole number ≥ ${min}, got "${value}"`)
  return n
}

function sections(only: string | undefined): Set<Section> {
  if (only === undefined) return new Set(SECTIONS)
  const chosen = only.split(',').map((s) => s.trim())
  const unknown = chosen.filter((s) => !(SECTIONS as readonly string[]).includes(s))
  if (unknown.length > 0 || chosen.length === 0)
    throw new Error(`--only takes sections among ${SECTIONS.join(', ')} (comma-separated), got "${only}"`)
  return new Set(chosen as Section[])
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      orders: { type: 'string', default: '1000000' },
      json: { type: 'boolean' },
      keep: { type: 'boolean' },
      dir: { type: 'string' },
      'no-browser': { type: 'boolean' },
      'http-orders': { type: 'string' },
      'remote-orders': { type: 'string', default: '20000' },
      latency: { type: 'string', default: '80' },
      only: { type: 'string' },
    },
  })
  const total = wholeNumber('orders', values.orders, 1000)
  const remoteOrders = wholeNumber('remote-orders', values['remote-orders'], 100)
  const latencyMs = wholeNumber('latency', values.latency, 1)
  const run = sections(values.only)
  const dir = values.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'orderdesk-bench-'))
  fs.mkdirSync(dir, { recursive: true })

  const report: Record<string, unknown> = {}
  const cache = run.has('cache') ? await benchCache(dir, total) : null
  if (cache) Object.assign(report, cache.figures)

  if (run.has('http')) {
    const httpOrders = values['http-orders'] === undefined ? Math.min(100_000, total) : wholeNumber('http-orders', values['http-orders'], 4)
    log(`http sync of ${httpOrders} orders over loopback`)
    report.http_sync = await benchHttpSync(path.join(dir, 'http.db'), httpOrders)
  }

  if (cache) {
    report.db_mb = cache.dbMb
    report.renderer = null
    if (!values['no-browser']) {
      log('renderer in Chromium')
      report.renderer = await benchRenderer(cache.dbFile)
    }
  }

  if (run.has('remote')) {
    log(`remote syncs: ${remoteOrders} orders per kind, ${latencyMs} ms a request`)
    report.remote = await benchRemoteSync({ perKind: remoteOrders, latencyMs, dir, log })
  }

  report.machine = {
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memory_gb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
  }
  if (!values.keep && !values.dir) fs.rmSync(dir, { recursive: true, force: true })
  if (values.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`)
  else printTable(report)
}

/** The `cache` section but the renderer: a cache of `total` orders in `dir` and what the app does with it. */
async function benchCache(dir: string, total: number): Promise<{ figures: Record<string, unknown>; dbFile: string; dbMb: number }> {
  const dbFile = path.join(dir, 'bench.db')
  for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) fs.rmSync(f, { force: true })
  const now = Date.now()

  log(`ingest ${total} orders into ${dbFile}`)
  const { db } = openDatabase(dbFile)
  const sources = benchSources(db)
  const ingested = ingest(db, total, now, (n) => log(`  ${n} orders`))
  const rawDb = openDatabase(path.join(dir, 'raw.db')).db
  benchSources(rawDb)
  log(`raw insert baseline: ${total} rows`)
  const raw = rawInsert(rawDb, total, now)
  rawDb.close()
  fs.rmSync(path.join(dir, 'raw.db'), { force: true })
  db.pragma('optimize')
  db.pragma('wal_checkpoint(TRUNCATE)')

  log('queries')
  const queries = benchQueries(db, sources, now)

  log('revenue')
  // What the revenue page sends: whole days in the accounting zone, the last 365 and the last 30.
  const dayStart = (ms: number): number => {
    const w = wallClockAt(ms, 'Asia/Shanghai')
    return instantFromWallClock({ ...w, hour: 0, minute: 0, second: 0 }, 'Asia/Shanghai')
  }
  const dayEnd = dayStart(now + 86_400_000) - 1
  const yearAgo = dayStart(now - 364 * 86_400_000)
  const monthAgo = dayStart(now - 29 * 86_400_000)
  const timeIt = (fn: () => unknown, repeats = 5): number => {
    fn()
    const samples: number[] = []
    for (let i = 0; i < repeats; i++) {
      const t0 = performance.now()
      fn()
      samples.push(performance.now() - t0)
    }
    return Math.round(percentile(samples, 50) * 10) / 10
  }
  const revenue = {
    year_by_day_ms: timeIt(() => revenueBuckets(db, { filter: {}, by: 'day', tz: 'Asia/Shanghai', period: { from: yearAgo, to: dayEnd } })),
    year_by_month_ms: timeIt(() =>
      revenueBuckets(db, { filter: {}, by: 'month', tz: 'Asia/Shanghai', period: { from: yearAgo, to: dayEnd } }),
    ),
    kpis_ms: timeIt(() => revenueDashboard(db, { filter: {}, from: monthAgo, to: dayEnd, by: 'day', seriesBy: null, tz: 'Asia/Shanghai' })),
    // The whole page for a year by month, split by source (the page's default split).
    page_year_ms: timeIt(() =>
      revenueDashboard(db, { filter: {}, from: yearAgo, to: dayEnd, by: 'month', seriesBy: 'source', tz: 'Asia/Shanghai' }),
    ),
    // The settlement report (对账单) the page shows beside it, for the last 30 days and a year.
    settlement_month_ms: timeIt(() => settlementReport(db, { filter: {}, from: monthAgo, to: dayEnd, tz: 'Asia/Shanghai' })),
    settlement_year_ms: timeIt(() => settlementReport(db, { filter: {}, from: yearAgo, to: dayEnd, tz: 'Asia/Shanghai' })),
  }

  log('export: CSV')
  const csvExport = await benchExport(dbFile, path.join(dir, 'export.csv'), 'csv')
  log('export: workbook')
  const workbookExport = await benchExport(dbFile, path.join(dir, 'export.xlsx'), 'xlsx')
  db.close()
  const dbMb = fs.statSync(dbFile).size / 1024 / 1024

  const figures = {
    orders: total,
    ingest: {
      orders_per_s: Math.round(ingested.ordersPerS),
      raw_rows_per_s: Math.round(raw.rowsPerS),
      ratio: Math.round((ingested.ordersPerS / raw.rowsPerS) * 100) / 100,
    },
    queries,
    revenue,
    export: csvExport,
    export_xlsx: workbookExport,
  }
  return { figures, dbFile, dbMb: Math.round(dbMb) }
}

/**
 * A whole export of the cache with the app's default columns, on a connection of its own as the
 * app's export worker runs it: rows/s and the process's RSS growth at its peak.
 */
async function benchExport(
  dbFile: string,
  file: string,
  format: ExportFormat,
): Promise<{ rows_per_s: number; peak_rss_growth_mb: number; file_mb: number }> {
  const rssBefore = process.memoryUsage().rss
  let rssPeak = rssBefore
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 20)
  const t0 = performance.now()
  const exportDb = openExportDatabase(dbFile)
  const exported = await exportOrders(exportDb, file, { format, filter: {}, tz: 'Asia/Shanghai' })
  exportDb.close()
  const seconds = (performance.now() - t0) / 1000
  clearInterval(sampler)
  rssPeak = Math.max(rssPeak, process.memoryUsage().rss)
  const fileMb = fs.statSync(file).size / 1024 / 1024
  fs.rmSync(file, { force: true })
  return {
    rows_per_s: Math.round(exported.rows / seconds),
    peak_rss_growth_mb: Math.round(((rssPeak - rssBefore) / 1024 / 1024) * 10) / 10,
    file_mb: Math.round(fileMb * 10) / 10,
  }
}

function printTable(report: Record<string, unknown>): void {
  const rows: Array<[string, string]> = []
  const walk = (prefix: string, value: unknown): void => {
    if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(prefix ? `${prefix}.${k}` : k, v)
    else rows.push([prefix, String(value)])
  }
  walk('', report)
  const width = Math.max(...rows.map(([k]) => k.length))
  for (const [k, v] of rows) process.stdout.write(`${k.padEnd(width)}  ${v}\n`)
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).stack ?? String(error)}\n`)
  process.exitCode = 1
})
