import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CONTENT_SECURITY_POLICY } from '../../src-main/shell/csp'
import { mainWindowOptions } from '../../src-main/shell/window-options'
import { ensureAppBuilt } from '../../src-main/web/renderer-build'
import { CHANNELS, type ExportFinished, type OrdersPage, type SyncFinished, type SyncRunView } from '../../src-preload/contract'
import { StandInApp } from './stand-in/app'

const ROOT = path.resolve(import.meta.dirname, '../..')

const temporary: string[] = []
function temporaryDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  temporary.push(dir)
  return dir
}

let app: StandInApp
let appDir: string
let userData: string
let documents: string

beforeAll(async () => {
  ensureAppBuilt(ROOT)
  // The built app laid out as installed (out/, package.json, node_modules beside them), in a folder
  // whose name has a space, a '#' and Chinese characters, as users' folders do.
  const base = path.join(temporaryDir('orderdesk-shell-'), '店铺 #1')
  appDir = path.join(base, 'app')
  userData = path.join(base, 'user data')
  documents = path.join(base, 'documents')
  fs.mkdirSync(documents, { recursive: true })
  fs.cpSync(path.join(ROOT, 'out'), path.join(appDir, 'out'), { recursive: true })
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(appDir, 'package.json'))
  fs.symlinkSync(fs.realpathSync(path.join(ROOT, 'node_modules')), path.join(appDir, 'node_modules'), 'junction')
  app = await StandInApp.launch(appDir, { STANDIN_USER_DATA: userData, STANDIN_DOCUMENTS: documents })
}, 120_000)

afterAll(() => {
  app?.stop()
  // The symlinked node_modules goes, not what it points to: rmSync does not follow links.
  for (const dir of temporary) fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 })
})

describe('the built desktop shell (out/main/index.js) under an Electron stand-in', () => {
  it('takes the single-instance lock and answers a second instance', async () => {
    const recorded = await app.record()
    expect(recorded.singleInstanceLock).toBe(1)
    expect(recorded.appEvents).toEqual(expect.arrayContaining(['second-instance', 'window-all-closed', 'activate', 'will-quit']))
  })

  it('opens its database in the user-data folder', async () => {
    const info = await app.invoke<{ dbPath: string; shell: string; version: string }>('app:info')
    expect(info).toMatchObject({ ok: true, data: { dbPath: path.join(userData, 'orderdesk.db'), shell: 'electron', version: '0.1.0' } })
    expect(fs.existsSync(path.join(userData, 'orderdesk.db'))).toBe(true)
  })

  it("registers exactly the contract's channels", async () => {
    const { channels } = await app.record()
    expect([...channels].sort()).toEqual([...CHANNELS].sort())
  })

  it('creates one window with the secure options and the preload the build wrote', async () => {
    const { windows } = await app.record()
    expect(windows).toHaveLength(1)
    const preload = path.join(appDir, 'out/preload/index.cjs')
    expect(windows[0].options).toEqual(mainWindowOptions(preload))
    expect(fs.existsSync(preload)).toBe(true)
  })

  it('loads the built page, and shows the window once it is ready', async () => {
    const { windows } = await app.record()
    const page = fileURLToPath(windows[0].url!)
    expect(page).toBe(path.join(appDir, 'out/renderer/index.html'))
    expect(fs.existsSync(page)).toBe(true)
    expect(windows[0].shown).toBe(true)
  })

  it('adds the Content-Security-Policy header to every response and denies permission requests', async () => {
    const response = await app.request<{ responseHeaders: Record<string, string[]> }>('headers', {
      responseHeaders: { 'Content-Type': ['text/html'] },
    })
    expect(response.responseHeaders).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] })
    expect(await app.request('permission', { permission: 'media' })).toBe(false)
  })

  it('refuses calls from another page and from a frame inside the app', async () => {
    const foreign = await app.invoke('orders:list', {}, { url: 'https://evil.example.com/' })
    expect(foreign).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    const framed = await app.invoke('orders:list', {}, { subframe: true })
    expect(framed).toMatchObject({ ok: false, error: { code: 'forbidden' } })
  })

  it('keeps the window on its page: a link elsewhere opens in the system browser', async () => {
    const result = await app.request<{ prevented: boolean; openExternal: string[] }>('navigate', { url: 'https://www.pingxx.com/docs' })
    expect(result).toEqual({ prevented: true, openExternal: ['https://www.pingxx.com/docs'] })
  })

  it('syncs the demo through the built worker threads and answers orders:list with the rows they wrote', async () => {
    const started = await app.invoke<{ sources: string[] }>('demo:start')
    expect(started).toMatchObject({ ok: true })
    const demoSources = (started as { data: { sources: string[] } }).data.sources
    const finished = await app.event<SyncFinished>('sync:finished')
    expect(finished).toMatchObject({ status: 'ok', error: null })

    const page = await app.invoke<OrdersPage>('orders:list', { pageSize: 20 })
    if (!page.ok) throw new Error(page.error.message)
    const runs = await app.invoke<SyncRunView[]>('sync:runs', {})
    if (!runs.ok) throw new Error(runs.error.message)
    const inserted = runs.data[0].sources.reduce((sum, s) => sum + s.inserted, 0)
    expect(inserted).toBeGreaterThan(0)
    expect(page.data.total).toBe(inserted)
    expect(page.data.rows).toHaveLength(20)
    for (const row of page.data.rows) {
      expect(demoSources).toContain(row.source_id)
      expect(Number.isInteger(row.total)).toBe(true)
    }
  }, 60_000)

  it('exports through the built export worker into the file the save dialog chose', async () => {
    const started = await app.invoke<{ jobId: string; fileName: string }>('export:start', {
      columns: ['remote_id', 'status', 'paid'],
      tz: 'Asia/Shanghai',
    })
    if (!started.ok) throw new Error(started.error.message)
    const finished = await app.event<ExportFinished>('export:finished')
    const list = await app.invoke<OrdersPage>('orders:list', {})
    if (!list.ok) throw new Error(list.error.message)
    expect(finished).toMatchObject({ jobId: started.data.jobId, status: 'done', rows: list.data.total, error: null })
    expect(path.dirname(finished.file!)).toBe(documents)
    // The default: a workbook, its orders under the header, then the totals.
    expect(finished.file!).toMatch(/订单导出-[\d-]+\.xlsx$/)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.readFile(finished.file!)
    const sheet = workbook.worksheets[0]
    expect(sheet.getRow(1).getCell(1).value).toBe('接口订单 ID')
    expect(String(sheet.getRow(list.data.total + 2).getCell(1).value)).toMatch(/^合计/)
    expect(String(sheet.getRow(list.data.total + 1).getCell(1).value)).not.toMatch(/^合计/)
  }, 60_000)

  it('on quit, stops its threads and closes the database before the process ends', async () => {
    const db = path.join(userData, 'orderdesk.db')
    expect(fs.existsSync(`${db}-wal`)).toBe(true)
    expect(await app.quit()).toBe(0)
    // SQLite folds the write-ahead log into the file and removes it when the last connection closes.
    expect(fs.readdirSync(userData)).toEqual(['orderdesk.db'])
  })
})

describe('the built desktop shell with a database it cannot open', () => {
  it('says so in an error box and exits 1, leaving the file as it was', async () => {
    const dir = temporaryDir('orderdesk-shell-baddb-')
    const db = path.join(dir, 'orderdesk.db')
    fs.writeFileSync(db, 'these are not the orders you are looking for')
    const launched = StandInApp.launch(appDir, { STANDIN_USER_DATA: dir, STANDIN_DOCUMENTS: dir })
    await expect(launched).rejects.toThrow(
      /exited \(1\) before loading its page: showErrorBox: OrderDesk cannot open its database: .*orderdesk\.db/,
    )
    expect(fs.readFileSync(db, 'utf8')).toBe('these are not the orders you are looking for')
  })
})
