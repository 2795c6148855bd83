import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type StartedSandbox } from '../../src-main/sandboxes'
import { databaseText, leakScenarios } from '../helpers/leaks'
import Database from 'better-sqlite3'
import ExcelJS from 'exceljs'
import { runCli, runCliWithoutWrite, spawnCli, spawnWithoutWrite } from '../helpers/cli'
import { developmentBuildDatabase, fileState, NOT_ORDERDESK } from '../helpers/files'
import { Core } from '../../src-main/api/core'
import { KeyFileSecretBox } from '../../src-main/sources/secret-box'
import type { SandboxOptions } from '../../src-main/sandboxes/types'
import { webExportTarget } from '../../src-main/web/downloads'

let dir: string
let pub: StartedSandbox
let appkey: StartedSandbox
let sourcesFile: string
let db: string

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orderdesk-cli-'))
  pub = await startSandbox('pub', { seed: 31, orders: 80 })
  appkey = await startSandbox('appkey', { seed: 32, orders: 60 })
  const pubConfig = pub.sourceConfig('proxy', '代理商城') as unknown as Record<string, unknown>
  const shopConfig = appkey.sourceConfig('shop', '商城') as unknown as Record<string, unknown>
  // The appkey token comes from the environment, as the spec allows.
  sourcesFile = path.join(dir, 'sources.json')
  fs.writeFileSync(sourcesFile, JSON.stringify({ sources: [pubConfig, { ...shopConfig, token: '${SHOP_TOKEN}' }] }))
  process.env.SHOP_TOKEN_FOR_TEST = String(shopConfig.token)
  db = path.join(dir, 'shop.db')
})
afterAll(async () => {
  await pub.close()
  await appkey.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

const env = (): NodeJS.ProcessEnv => ({ SHOP_TOKEN: process.env.SHOP_TOKEN_FOR_TEST })

describe('cli', () => {
  it('sync --json: per-source counts, exit 0, ${ENV} read from the environment', async () => {
    const run = await runCli(['sync', '--config', sourcesFile, '--db', db, '--json'], env())
    expect(run.code, run.stderr).toBe(0)
    const out = JSON.parse(run.stdout) as { status: string; sources: Array<Record<string, unknown>> }
    expect(out.status).toBe('ok')
    expect(out.sources).toEqual([
      expect.objectContaining({ source_id: 'proxy', fetched: 80, inserted: 80, updated: 0, unchanged: 0, skipped: 0, error: null }),
      expect.objectContaining({ source_id: 'shop', fetched: 60, inserted: 60, updated: 0, unchanged: 0, skipped: 0, error: null }),
    ])
    expect(run.stderr).toMatch(/\[proxy\]/)
  })

  it('orders --json stops quietly when its reader closes the pipe early', async () => {
    const { child, done } = spawnCli(['orders', '--db', db, '--limit', '200', '--json'])
    child.stdout!.destroy()
    const run = await done
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
  })

  it('orders --json: newest first, spec field names, money as decimal strings', async () => {
    const run = await runCli(['orders', '--db', db, '--limit', '5', '--json', '--source', 'proxy'])
    expect(run.code, run.stderr).toBe(0)
    const out = JSON.parse(run.stdout) as { total: number; orders: Array<Record<string, string | null>> }
    expect(out.total).toBe(80)
    expect(out.orders).toHaveLength(5)
    const first = out.orders[0]
    expect(Object.keys(first)).toEqual([
      'source_id',
      'source_name',
      'remote_id',
      'order_no',
      'trade_no',
      'status',
      'remote_status',
      'product_type',
      'product_name',
      'product_id',
      'customer_id',
      'customer_name',
      'pay_channel',
      'currency',
      'total',
      'discount',
      'due',
      'paid',
      'refunded',
      'created_at',
      'paid_at',
      'expires_at',
      'updated_at',
    ])
    expect(first.total).toMatch(/^-?\d+\.\d{2}$/)
    expect(first.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/)
    const times = out.orders.map((o) => Date.parse(o.created_at!))
    expect([...times].sort((a, b) => b - a)).toEqual(times)
  })

  it('revenue --json matches the spec shape and export writes the default columns', async () => {
    const run = await runCli(['revenue', '--db', db, '--by', 'month', '--json'])
    expect(run.code, run.stderr).toBe(0)
    const report = JSON.parse(run.stdout) as {
      tz: string
      by: string
      buckets: Array<Record<string, unknown>>
      totals: Array<Record<string, unknown>>
    }
    expect(report.tz).toBe('Asia/Shanghai')
    expect(report.by).toBe('month')
    expect(Object.keys(report.buckets[0])).toEqual([
      'period',
      'currency',
      'orders',
      'paid_orders',
      'gross_minor',
      'refunds_minor',
      'net_minor',
    ])
    expect(report.buckets[0].period).toMatch(/^\d{4}-\d{2}$/)
    expect(report.totals[0].orders).toBe(140)

    const out = path.join(dir, 'orders.csv')
    const exported = await runCli(['export', '--db', db, '--out', out, '--status', 'paid'])
    expect(exported.code, exported.stderr).toBe(0)
    const header = fs.readFileSync(out, 'utf8').split('\r\n')[0]
    expect(header).toBe(
      '\uFEFFsource_id,source_name,remote_id,order_no,trade_no,status,product_type,product_name,customer_id,customer_name,pay_channel,currency,total,discount,due,paid,refunded,created_at,paid_at',
    )
  })

  it('export writes a workbook for an .xlsx --out, labelled in Chinese by default, the same orders as the CSV', async () => {
    const out = path.join(dir, 'orders.xlsx')
    const exported = await runCli(['export', '--db', db, '--out', out, '--status', 'paid', '--json'])
    expect(exported.code, exported.stderr).toBe(0)
    const csv = await runCli(['export', '--db', db, '--out', path.join(dir, 'same.csv'), '--status', 'paid', '--json'])
    expect(JSON.parse(exported.stdout).rows).toBe(JSON.parse(csv.stdout).rows)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.readFile(out)
    const sheet = workbook.worksheets[0]
    expect(sheet.name).toBe('订单')
    expect(sheet.getRow(1).getCell(3).value).toBe('接口订单 ID')
    expect(sheet.getRow(1).getCell(18).value).toBe('创建时间（Asia/Shanghai）')
  })

  it('export takes --format and --header: keys in a workbook, English labels in a CSV', async () => {
    const keys = path.join(dir, 'keys.xlsx')
    expect((await runCli(['export', '--db', db, '--out', keys, '--format', 'xlsx', '--header', 'keys'])).code).toBe(0)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.readFile(keys)
    expect(workbook.worksheets[0].getRow(1).getCell(1).value).toBe('source_id')

    // No known extension: the format flag decides.
    const english = path.join(dir, 'english.txt')
    expect((await runCli(['export', '--db', db, '--out', english, '--format', 'csv', '--header', 'en'])).code).toBe(0)
    expect(fs.readFileSync(english, 'utf8').split('\r\n')[0]).toMatch(/^\uFEFFSource ID,Source,API order ID,/)
  })

  it('export exits 2 naming a bad --format, --header, a format its --out contradicts, or --encoding for a workbook', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--out', path.join(dir, 'x.xlsx'), '--format', 'ods'], /--format must be xlsx or csv, got "ods"/],
      [['--out', path.join(dir, 'x.xlsx'), '--header', 'fr'], /--header must be keys, zh-CN, en, got "fr"/],
      [['--out', path.join(dir, 'x.xlsx'), '--format', 'csv'], /--format csv does not match --out x\.xlsx/],
      [['--out', path.join(dir, 'x.xlsx'), '--encoding', 'gb18030'], /--encoding is for CSV only/],
    ]
    for (const [args, message] of cases) {
      const run = await runCli(['export', '--db', db, ...args])
      expect(run.code, run.stderr).toBe(2)
      expect(run.stderr).toMatch(message)
    }
    expect(fs.existsSync(path.join(dir, 'x.xlsx'))).toBe(false)
  })

  it('exits 2 on bad usage and a bad sources file, naming the source and key, and syncs nothing', async () => {
    expect((await runCli([])).code).toBe(2)
    expect((await runCli(['frobnicate'])).code).toBe(2)
    const noDb = await runCli(['orders', '--json'])
    expect(noDb.code).toBe(2)
    expect(noDb.stderr).toMatch(/--db is required/)
    expect((await runCli(['revenue', '--db', db, '--by', 'year'])).code).toBe(2)
    expect((await runCli(['orders', '--db', db, '--status', 'shipped'])).code).toBe(2)
    expect((await runCli(['orders', '--db', db, '--from', '2026-13-01'])).code).toBe(2)

    const bad = path.join(dir, 'bad.json')
    fs.writeFileSync(bad, JSON.stringify({ sources: [{ id: 'x', name: 'X', kind: 'pub', baseUrl: 'http://127.0.0.1:1' }] }))
    const fresh = path.join(dir, 'never.db')
    const run = await runCli(['sync', '--config', bad, '--db', fresh])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/source "x": key "token"/)
    expect(fs.existsSync(fresh)).toBe(false)

    const missingEnv = await runCli(['sync', '--config', sourcesFile, '--db', fresh], { SHOP_TOKEN: '' })
    expect(missingEnv.code).toBe(2)
    expect(missingEnv.stderr).toMatch(/source "shop": key "token": environment variable SHOP_TOKEN is not set/)
  })

  it('refuses a --q over 100 characters by name in orders, export and revenue (exit 2)', async () => {
    // 50 KB is past SQLite's limit on a LIKE pattern: unchecked, an internal error, not a usage one.
    const q = 'x'.repeat(50_000)
    for (const args of [['orders'], ['export', '--out', path.join(dir, 'never.csv')], ['revenue', '--by', 'day']]) {
      const run = await runCli([...args, '--db', db, '--q', q])
      expect(run.code, run.stderr).toBe(2)
      expect(run.stderr).toMatch(/--q: at most 100 characters/)
    }
  })

  it('--q drops control characters as the window does: the same orders with or without them', async () => {
    const total = async (q: string): Promise<number> => {
      const run = await runCli(['orders', '--db', db, '--json', '--q', q])
      expect(run.code, run.stderr).toBe(0)
      return (JSON.parse(run.stdout) as { total: number }).total
    }
    const listed = await runCli(['orders', '--db', db, '--json', '--limit', '1', '--source', 'shop'])
    const name = (JSON.parse(listed.stdout) as { orders: Array<{ product_name: string }> }).orders[0].product_name
    const keyword = [...name].slice(0, 2).join('')
    const found = await total(keyword)
    expect(found).toBeGreaterThan(0)
    expect(await total(`\u0001${keyword}\u001f`)).toBe(found)
  })

  it('exits 1 when a source fails, keeping the others', async () => {
    const broken = path.join(dir, 'broken.json')
    const cfg = JSON.parse(fs.readFileSync(sourcesFile, 'utf8')) as { sources: Array<Record<string, unknown>> }
    cfg.sources[1].token = 'wrong'
    fs.writeFileSync(broken, JSON.stringify(cfg))
    const run = await runCli(['sync', '--config', broken, '--db', db, '--json'])
    expect(run.code).toBe(1)
    const out = JSON.parse(run.stdout) as { status: string; sources: Array<{ source_id: string; error: string | null }> }
    expect(out.status).toBe('partial')
    expect(out.sources[0].error).toBeNull()
    expect(out.sources[1].error).toMatch(/auth|token|401/i)
  })

  it('cancel on a kind without cancel exits 1 saying so', async () => {
    const orders = JSON.parse((await runCli(['orders', '--db', db, '--source', 'shop', '--limit', '1', '--json'])).stdout) as {
      orders: Array<{ remote_id: string }>
    }
    const run = await runCli(
      ['cancel', '--config', sourcesFile, '--db', db, '--source', 'shop', '--order', orders.orders[0].remote_id],
      env(),
    )
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/no way to cancel/)
  })

  it('every command refuses a --db that is not an OrderDesk database with exit 2, leaving it byte for byte', async () => {
    const commands: Record<string, (file: string, folder: string) => string[]> = {
      sync: (file) => ['sync', '--config', sourcesFile, '--db', file],
      orders: (file) => ['orders', '--db', file],
      export: (file, folder) => ['export', '--db', file, '--out', path.join(folder, 'out.csv')],
      revenue: (file) => ['revenue', '--db', file, '--by', 'day'],
      create: (file) => ['create', '--config', sourcesFile, '--db', file, '--source', 'proxy', '--input', '{}'],
      cancel: (file) => ['cancel', '--config', sourcesFile, '--db', file, '--source', 'proxy', '--order', 'X1'],
    }
    const kinds = NOT_ORDERDESK.filter((k) => /empty|orders|WAL/.test(k.name))
    const cases = kinds.flatMap((kind, k) =>
      Object.entries(commands).map(([command, args]) => {
        const folder = path.join(dir, `theirs-${k}-${command}`)
        fs.mkdirSync(folder)
        const file = path.join(folder, 'theirs.db')
        kind.make(file)
        return { label: `${command} on ${kind.name}`, file, args: args(file, folder), before: fileState(file) }
      }),
    )
    // Three at a time: each run is a Node process of its own.
    const results: Array<{ label: string; code: number | null; stderr: string; same: boolean }> = []
    for (let i = 0; i < cases.length; i += 3) {
      const runs = await Promise.all(cases.slice(i, i + 3).map((c) => runCli(c.args, env())))
      runs.forEach((run, j) => {
        const c = cases[i + j]
        const after = fileState(c.file)
        const same = after.bytes === c.before.bytes && after.mtimeNs === c.before.mtimeNs && after.folder.join() === c.before.folder.join()
        results.push({ label: c.label, code: run.code, stderr: run.stderr.split('\n')[0], same })
      })
    }
    for (const r of results) {
      expect(r, r.label).toEqual({ label: r.label, code: 2, stderr: expect.stringMatching(/is not an OrderDesk database/), same: true })
    }
  }, 180_000)

  it("orders, revenue and export refuse a development build's database, and leave it as it was", async () => {
    const folder = path.join(dir, 'older')
    fs.mkdirSync(folder)
    const file = path.join(folder, 'v10.db')
    developmentBuildDatabase(file, 10)
    const before = fileState(file)
    const runs = await Promise.all([
      runCli(['orders', '--db', file]),
      runCli(['revenue', '--db', file, '--by', 'month']),
      runCli(['export', '--db', file, '--out', path.join(dir, 'older.csv')]),
    ])
    for (const run of runs) {
      expect(run.code).toBe(1)
      expect(run.stderr).toMatch(/made by a development build of OrderDesk \(schema 10\).*It was left as it was/)
    }
    expect(fileState(file)).toEqual(before)
  }, 60_000)

  it('orders, revenue and export read a cache in a folder they cannot write, with or without a -wal beside it', async () => {
    fs.chmodSync(dir, 0o755)
    const out = path.join(dir, 'out')
    fs.mkdirSync(out, { mode: 0o777 })
    fs.chmodSync(out, 0o777)
    // Closed: the file holds everything. Open: a renamed source is committed only to the -wal beside it.
    const closed = path.join(dir, '共享 盘', 'closed')
    const open = path.join(dir, '共享 盘', 'open')
    fs.mkdirSync(closed, { recursive: true })
    fs.mkdirSync(open)
    fs.copyFileSync(db, path.join(closed, 'shop.db'))
    const writer = new Database(db)
    writer.pragma('wal_autocheckpoint = 0')
    writer.prepare("UPDATE sources SET name = '代理商城（新）' WHERE id = 'proxy'").run()
    for (const suffix of ['', '-wal', '-shm']) fs.copyFileSync(`${db}${suffix}`, path.join(open, `shop.db${suffix}`))
    writer.prepare("UPDATE sources SET name = '代理商城' WHERE id = 'proxy'").run()
    writer.close()
    for (const folder of [closed, open]) {
      for (const f of fs.readdirSync(folder)) fs.chmodSync(path.join(folder, f), 0o444)
      fs.chmodSync(folder, 0o555)
    }
    // The runs cannot write there: a write is refused.
    const probe = await spawnWithoutWrite(closed, [
      process.execPath,
      '-e',
      `require('fs').writeFileSync(${JSON.stringify(path.join(closed, 'probe'))}, 'x')`,
    ])
    expect(probe.code).not.toBe(0)
    expect(probe.stderr).toMatch(/EROFS|EACCES/)

    for (const folder of [closed, open]) {
      const file = path.join(folder, 'shop.db')
      const before = fileState(file)
      const orders = await runCliWithoutWrite(folder, ['orders', '--db', file, '--source', 'proxy', '--limit', '1', '--json'])
      expect(orders.code, orders.stderr).toBe(0)
      const listed = JSON.parse(orders.stdout) as { total: number; orders: Array<{ source_name: string }> }
      expect(listed.total).toBe(80)
      expect(listed.orders[0].source_name).toBe(folder === open ? '代理商城（新）' : '代理商城')
      const revenue = await runCliWithoutWrite(folder, ['revenue', '--db', file, '--by', 'month', '--json'])
      expect(revenue.code, revenue.stderr).toBe(0)
      expect((JSON.parse(revenue.stdout) as { totals: Array<{ orders: number }> }).totals[0].orders).toBe(140)
      const csv = path.join(out, `${path.basename(folder)}.csv`)
      const exported = await runCliWithoutWrite(folder, ['export', '--db', file, '--out', csv, '--json'])
      expect(exported.code, exported.stderr).toBe(0)
      expect(JSON.parse(exported.stdout)).toEqual({ file: csv, rows: 140 })
      expect(fileState(file)).toEqual(before)
    }
  }, 120_000)
})

describe('cli credentials', () => {
  it('sync failures of every kind (dead port, wrong key, an API quoting the key, a skipped record) leave no credential in the database or the output', async () => {
    const leaks = await leakScenarios()
    try {
      const file = path.join(dir, 'leaks.json')
      fs.writeFileSync(file, JSON.stringify({ sources: leaks.sources }))
      const leakDb = path.join(dir, 'leaks.db')
      const run = await runCli(['sync', '--config', file, '--db', leakDb, '--json'])
      expect(run.code, run.stderr).toBe(1)
      const out = JSON.parse(run.stdout) as { sources: Array<{ source_id: string; skipped: number; error: string | null }> }
      const errors = Object.fromEntries(out.sources.map((s) => [s.source_id, s.error]))
      for (const kind of ['pub', 'appkey', 'pingpp', 'course']) {
        expect(errors[`dead-${kind}`]).toMatch(/^cannot reach http:\/\/127\.0\.0\.1:\d+/)
        expect(errors[`wrong-${kind}`]).toMatch(/authentication failed/)
        expect(errors[`echo-${kind}`]).toMatch(/authentication failed .*••••/)
      }
      expect(errors['dead-appkey']).toMatch(/\/Order\/••••/)
      expect(out.sources.find((s) => s.source_id === 'records-appkey')).toMatchObject({ skipped: 1, error: null })
      leaks.expectNone(run.stdout, 'stdout')
      leaks.expectNone(run.stderr, 'stderr')
      const stored = databaseText(leakDb)
      // The search reads where the errors are kept.
      expect(stored).toContain('/Order/••••')
      leaks.expectNone(stored, 'the database')
    } finally {
      await leaks.close()
    }
  }, 90_000)
})

describe('the cli beside the app, on one database', () => {
  const appCore = (dbPath: string): Core =>
    new Core({
      dbPath,
      secrets: new KeyFileSecretBox(path.join(dir, 'beside.key')),
      shell: 'web',
      version: '0.0.0-test',
      chooseExportTarget: webExportTarget(path.join(dir, 'exports')),
    })

  it('a sources file that moves a source the app keeps the secrets of: the app never sends them to the new host', async () => {
    const vendor = await startSandbox('course', { seed: 41, orders: 5, token: 'app-entered-token' } as SandboxOptions)
    const other = await startSandbox('course', { seed: 42, orders: 5, token: 'file-token' } as SandboxOptions, { recordRequests: true })
    const dbPath = path.join(dir, 'beside.db')
    try {
      const first = appCore(dbPath)
      first.sources.save({ ...vendor.sourceConfig('shop', '商城') }, true)
      await first.close()

      const file = path.join(dir, 'moved.json')
      fs.writeFileSync(file, JSON.stringify({ sources: [other.sourceConfig('shop', '商城')] }))
      const run = await runCli(['sync', '--config', file, '--db', dbPath, '--json'])
      expect(run.code, run.stderr).toBe(0)

      const core = appCore(dbPath)
      let refused: unknown = null
      try {
        const finished = new Promise<void>((resolve) => core.events.subscribe({ emit: (name) => name === 'sync:finished' && resolve() }))
        try {
          core.sync.start({ sources: ['shop'], trigger: 'scheduled' })
          await finished
        } catch (error) {
          refused = error
        }
      } finally {
        await core.close()
      }
      const sent = other.server.requestLog.map((r) => r.headers.authorization)
      expect(sent.length).toBeGreaterThan(0)
      expect(sent.filter((a) => a !== 'Bearer file-token')).toEqual([])
      expect(refused).toMatchObject({ message: 'source "shop": no credentials are stored for it; enter them again by editing the source' })
    } finally {
      await vendor.close()
      await other.close()
    }
  }, 60_000)
})
