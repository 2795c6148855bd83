import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, type Db } from '../../src-main/db/database'
import { exportOrdersCsv } from '../../src-main/export/csv'
import { exportOrdersXlsx } from '../../src-main/export/workbook'
import { WorkbookStream, xmlText } from '../../src-main/export/xlsx'
import { cancelMidway, type CanceledExport } from '../helpers/export-cancel'
import { saveAnnotation } from '../../src-main/notes/notes'
import { addSource, order, writeOrders } from '../helpers/orders'

let db: Db
let dir: string
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orderdesk-xlsx-'))
  db = openDatabase(path.join(dir, 'x.db')).db
  addSource(db, 'pay', 'pingpp', 'Ping++')
})
afterEach(() => {
  db.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

async function read(file: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.readFile(file)
  return workbook
}

/** A column's cell in a row, found by its header. */
function cellOf(sheet: ExcelJS.Worksheet, row: number, header: string): ExcelJS.Cell {
  const headers = (sheet.getRow(1).values as unknown[]).map((v) => (v === undefined ? '' : String(v)))
  const column = headers.indexOf(header)
  if (column < 1) throw new Error(`no column "${header}" in ${headers.join(', ')}`)
  return sheet.getRow(row).getCell(column)
}

const SHANGHAI_MIDNIGHT = Date.parse('2026-11-01T16:00:00Z') // 2026-11-02 00:00:00 in Shanghai

describe('workbook export', () => {
  it('keeps ids and trade numbers as text, amounts as numbers exact to the fen, times as wall-time date cells', async () => {
    writeOrders(db, 'pay', [
      order({
        remote_id: '2001708140000017551',
        order_no: '1700000000001',
        trade_no: '420000123456',
        total: 7,
        due: 7,
        paid: 7,
        created_at: SHANGHAI_MIDNIGHT,
        paid_at: SHANGHAI_MIDNIGHT + 1000,
      }),
      order({ remote_id: '2001708140000017552', total: 115, due: 115, paid: 115, created_at: SHANGHAI_MIDNIGHT - 1000 }),
      order({ remote_id: '2001708140000017553', total: 820, due: 820, paid: 820, created_at: SHANGHAI_MIDNIGHT - 2000 }),
    ])
    const file = path.join(dir, 'orders.xlsx')
    await exportOrdersXlsx(db, file, { filter: {}, tz: 'Asia/Shanghai', header: 'zh-CN' })
    const sheet = (await read(file)).worksheets[0]

    const id = cellOf(sheet, 2, '接口订单 ID')
    expect([id.type, id.value]).toEqual([ExcelJS.ValueType.String, '2001708140000017551'])
    expect([cellOf(sheet, 2, '订单号').type, cellOf(sheet, 2, '订单号').value]).toEqual([ExcelJS.ValueType.String, '1700000000001'])
    expect([cellOf(sheet, 2, '支付交易号').type, cellOf(sheet, 2, '支付交易号').value]).toEqual([ExcelJS.ValueType.String, '420000123456'])

    const amounts = [2, 3, 4].map((row) => cellOf(sheet, row, '已付'))
    expect(amounts.map((c) => c.type)).toEqual([ExcelJS.ValueType.Number, ExcelJS.ValueType.Number, ExcelJS.ValueType.Number])
    expect(amounts.map((c) => c.value)).toEqual([0.07, 1.15, 8.2])
    expect(amounts[0].numFmt).toBe('#,##0.00')
    expect(cellOf(sheet, 2, '币种').value).toBe('CNY')

    // A date cell holds the wall time without a zone: exceljs reads it as that time in UTC.
    const created = cellOf(sheet, 2, '创建时间（Asia/Shanghai）')
    expect(created.type).toBe(ExcelJS.ValueType.Date)
    expect((created.value as Date).toISOString()).toBe('2026-11-02T00:00:00.000Z')
    expect(created.numFmt).toBe('yyyy-mm-dd hh:mm:ss')
    expect((cellOf(sheet, 2, '支付时间（Asia/Shanghai）').value as Date).toISOString()).toBe('2026-11-02T00:00:01.000Z')
    expect((cellOf(sheet, 3, '创建时间（Asia/Shanghai）').value as Date).toISOString()).toBe('2026-11-01T23:59:59.000Z')
    // No pay time: an empty cell, not a zero date.
    expect(cellOf(sheet, 3, '支付时间（Asia/Shanghai）').type).toBe(ExcelJS.ValueType.Null)
  })

  it('follows the orders with the settlement of their period, by source and pay channel, its total equal to the orders sheet', async () => {
    writeOrders(db, 'pay', [
      order({
        remote_id: 'w',
        pay_channel: 'wx_pub',
        paid: 1000,
        refunded: 115,
        status: 'partially_refunded',
        created_at: SHANGHAI_MIDNIGHT,
      }),
      order({ remote_id: 'a', pay_channel: 'alipay', paid: 707, created_at: SHANGHAI_MIDNIGHT + 60_000 }),
    ])
    const file = path.join(dir, 'settled.xlsx')
    await exportOrdersXlsx(db, file, { filter: {}, tz: 'Asia/Shanghai', header: 'zh-CN' })
    const workbook = await read(file)
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['订单', '对账单 2026-11-02～2026-11-02'])
    const settlement = workbook.worksheets[1]
    const lines = [2, 3, 4, 5].map((row) => (settlement.getRow(row).values as unknown[]).slice(1))
    expect(lines).toEqual([
      ['Ping++', '微信', 'wx_pub', 'CNY', 1, 10, 1.15, 8.85],
      ['Ping++', '支付宝', 'alipay', 'CNY', 1, 7.07, 0, 7.07],
      ['Ping++', '小计', undefined, 'CNY', 2, 17.07, 1.15, 15.92],
      ['合计', undefined, undefined, 'CNY', 2, 17.07, 1.15, 15.92],
    ])
    expect(settlement.getRow(5).getCell(6).type).toBe(ExcelJS.ValueType.Number)
    expect(cellOf(workbook.worksheets[0], 2, '支付渠道').value).toBe('支付宝（alipay）')
  })

  describe('with field keys for its header', () => {
    let workbook: ExcelJS.Workbook
    beforeEach(async () => {
      writeOrders(db, 'pay', [order({ remote_id: 'w', pay_channel: 'wx_pub', paid: 1000, created_at: SHANGHAI_MIDNIGHT })])
      const file = path.join(dir, 'keys.xlsx')
      await exportOrdersXlsx(db, file, { filter: {}, tz: 'Asia/Shanghai', header: 'keys' })
      workbook = await read(file)
    })

    it('writes no settlement sheet', () => {
      expect(workbook.worksheets.map((s) => s.name)).toEqual(['订单'])
    })

    it('writes the pay channel as its code', () => {
      expect(cellOf(workbook.worksheets[0], 2, 'pay_channel').value).toBe('wx_pub')
    })
  })

  it('writes text that looks like a formula, emoji and 𠮷 verbatim as text cells, with no apostrophe', async () => {
    const names = ['=1+1', '+8613800138000', '-5', '@x', '王小二 😀 𠮷野家', ' spaced ', '<b>&amp;</b>', 'tab\there']
    writeOrders(
      db,
      'pay',
      names.map((name, i) => order({ remote_id: `r${i}`, product_name: name, customer_name: name, created_at: Date.UTC(2026, 0, 1) - i })),
    )
    const file = path.join(dir, 'names.xlsx')
    await exportOrdersXlsx(db, file, { filter: {}, tz: 'Asia/Shanghai', header: 'en' })
    const sheet = (await read(file)).worksheets[0]
    const cells = names.map((_, i) => cellOf(sheet, i + 2, 'Product'))
    expect(cells.map((c) => c.type)).toEqual(names.map(() => ExcelJS.ValueType.String))
    expect(cells.map((c) => c.value)).toEqual(names)
    expect(cells.map((c) => c.formula)).toEqual(names.map(() => undefined))
  })

  it('writes characters XML cannot hold, and text that reads like such an escape, in the escapes spreadsheets decode', () => {
    expect(xmlText('a\u0001b\u001f')).toBe('a_x0001_b_x001F_')
    expect(xmlText('_x0041_')).toBe('_x005F_x0041_')
    expect(xmlText('<a href="x">&</a>')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;')
    expect(xmlText('王小二 😀 𠮷')).toBe('王小二 😀 𠮷')
  })

  it("writes staff's note and tags as text columns, labelled in the language asked", async () => {
    writeOrders(db, 'pay', [order({ remote_id: 'a' }), order({ remote_id: 'b' })])
    saveAnnotation(db, { sourceId: 'pay', remoteId: 'a' }, { note: '开专票，抬头见聊天记录', tags: ['发票', 'VIP'] }, 1)
    const file = path.join(dir, 'notes.xlsx')
    await exportOrdersXlsx(db, file, {
      filter: { keyword: '抬头' },
      tz: 'Asia/Shanghai',
      header: 'en',
      columns: ['remote_id', 'note', 'tags'],
    })
    const sheet = (await read(file)).worksheets[0]
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(['API order ID', 'Note', 'Tags'])
    expect((sheet.getRow(2).values as unknown[]).slice(1)).toEqual(['a', '开专票，抬头见聊天记录', 'VIP, 发票'])
    expect(sheet.getColumn(1).values).not.toContain('b')
  })

  it('labels every column and status in the language asked, and names the zone of the times', async () => {
    writeOrders(db, 'pay', [order({ remote_id: 'a', status: 'partially_refunded', refunded: 100 })])
    const file = path.join(dir, 'en.xlsx')
    await exportOrdersXlsx(db, file, { filter: {}, tz: 'America/New_York', header: 'en' })
    const sheet = (await read(file)).worksheets[0]
    expect(sheet.name).toBe('Orders')
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([
      'Source ID',
      'Source',
      'API order ID',
      'Order no.',
      'Trade no.',
      'Status',
      'Product type',
      'Product',
      'Customer ID',
      'Customer',
      'Pay channel',
      'Currency',
      'Total',
      'Discount',
      'Due',
      'Paid',
      'Refunded',
      'Created (America/New_York)',
      'Paid at (America/New_York)',
    ])
    expect(cellOf(sheet, 2, 'Status').value).toBe('Partly refunded')
  })

  it('freezes the header, filters it, sizes the columns and adds a totals row per currency with its figure', async () => {
    writeOrders(db, 'pay', [
      order({ remote_id: 'a', paid: 7, due: 7, refunded: 0, created_at: 3 }),
      order({ remote_id: 'b', paid: 115, due: 115, refunded: 15, created_at: 2 }),
      order({ remote_id: 'c', paid: 820, due: 820, currency: 'USD', created_at: 1 }),
    ])
    const file = path.join(dir, 'totals.xlsx')
    await exportOrdersXlsx(db, file, {
      filter: {},
      tz: 'Asia/Shanghai',
      header: 'zh-CN',
      columns: ['remote_id', 'currency', 'paid', 'refunded'],
    })
    const sheet = (await read(file)).worksheets[0]
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1, xSplit: 0 })
    expect(sheet.autoFilter).toBe('A1:D4')
    expect(sheet.getColumn(1).width).toBeGreaterThanOrEqual(20)
    // The totals rows sit under the filtered range, one per currency, formula and figure.
    expect(sheet.getRow(5).getCell(1).value).toBe('合计（CNY）')
    expect(sheet.getRow(5).getCell(3).value).toEqual({ formula: 'SUMIF($B$2:$B$4,"CNY",C2:C4)', result: 1.22 })
    expect(sheet.getRow(5).getCell(4).value).toEqual({ formula: 'SUMIF($B$2:$B$4,"CNY",D2:D4)', result: 0.15 })
    expect(sheet.getRow(6).getCell(1).value).toBe('合计（USD）')
    expect(sheet.getRow(6).getCell(3).value).toEqual({ formula: 'SUMIF($B$2:$B$4,"USD",C2:C4)', result: 8.2 })
    expect(sheet.getRow(5).getCell(3).numFmt).toBe('#,##0.00')
    expect(sheet.rowCount).toBe(6)
  })

  it('sums one currency with SUM', async () => {
    writeOrders(db, 'pay', [order({ remote_id: 'a', paid: 7 }), order({ remote_id: 'b', paid: 113 })])
    const file = path.join(dir, 'one.xlsx')
    await exportOrdersXlsx(db, file, { filter: {}, tz: 'Asia/Shanghai', header: 'zh-CN', columns: ['remote_id', 'paid'] })
    const sheet = (await read(file)).worksheets[0]
    expect(sheet.getRow(4).getCell(1).value).toBe('合计')
    expect(sheet.getRow(4).getCell(2).value).toEqual({ formula: 'SUM(B2:B3)', result: 1.2 })
  })

  it('goes on in a second sheet past the rows a sheet holds, each with its header, filter and totals', async () => {
    writeOrders(
      db,
      'pay',
      Array.from({ length: 7 }, (_, i) => order({ remote_id: `r${i}`, paid: 100 + i, created_at: Date.UTC(2026, 0, 1) + i })),
    )
    const file = path.join(dir, 'split.xlsx')
    // Six rows a sheet: the header, four orders and the totals row.
    const result = await exportOrdersXlsx(db, file, {
      filter: {},
      tz: 'Asia/Shanghai',
      header: 'zh-CN',
      columns: ['remote_id', 'paid'],
      maxSheetRows: 6,
    })
    expect(result.rows).toBe(7)
    const workbook = await read(file)
    expect(workbook.worksheets.map((s) => s.name).filter((name) => name.startsWith('订单'))).toEqual(['订单', '订单 (2)'])
    const [first, second] = workbook.worksheets
    const ids = (sheet: ExcelJS.Worksheet, rows: number): unknown[] =>
      Array.from({ length: rows }, (_, i) => sheet.getRow(i + 2).getCell(1).value)
    expect(ids(first, 4)).toEqual(['r6', 'r5', 'r4', 'r3'])
    expect(ids(second, 3)).toEqual(['r2', 'r1', 'r0'])
    expect(first.rowCount).toBeLessThanOrEqual(6)
    expect(second.getRow(1).getCell(1).value).toBe('接口订单 ID')
    expect(second.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 })
    expect(second.autoFilter).toBe('A1:B4')
    expect(first.getRow(6).getCell(2).value).toEqual({ formula: 'SUM(B2:B5)', result: 4.18 })
    expect(second.getRow(5).getCell(2).value).toEqual({ formula: 'SUM(B2:B4)', result: 3.03 })
  })

  it('exports the same orders in the same order as the CSV, with the same sums', async () => {
    writeOrders(
      db,
      'pay',
      Array.from({ length: 300 }, (_, i) =>
        order({
          remote_id: String(i),
          status: i % 3 ? 'paid' : 'pending',
          paid: (i * 137) % 10007,
          created_at: Date.UTC(2026, 0, 1) + ((i * 7) % 50) * 1000,
        }),
      ),
    )
    const filter = { statuses: ['paid' as const] }
    const xlsx = await exportOrdersXlsx(db, path.join(dir, 'a.xlsx'), {
      filter,
      tz: 'Asia/Shanghai',
      header: 'keys',
      columns: ['remote_id', 'paid'],
    })
    const csv = await exportOrdersCsv(db, path.join(dir, 'a.csv'), { filter, tz: 'Asia/Shanghai', columns: ['remote_id', 'paid'] })
    expect(xlsx.totals).toEqual(csv.totals)
    const sheet = (await read(path.join(dir, 'a.xlsx'))).worksheets[0]
    const lines = fs
      .readFileSync(path.join(dir, 'a.csv'), 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
      .slice(1)
    const fromSheet = Array.from({ length: xlsx.rows }, (_, i) => {
      const row = sheet.getRow(i + 2)
      return `${String(row.getCell(1).value)},${(row.getCell(2).value as number).toFixed(2)}`
    })
    expect(fromSheet).toEqual(lines)
  })

  describe('canceled mid-way', () => {
    let canceled: CanceledExport
    beforeEach(async () => {
      canceled = await cancelMidway(db, dir, 'pay', 'big.xlsx', (file, options) => exportOrdersXlsx(db, file, options))
    })

    it('fails with the abort and leaves no part file', () => {
      expect(canceled.failure).toMatchObject({ message: expect.stringMatching(/abort/i) })
      expect(fs.readdirSync(dir).filter((f) => f.endsWith('.part'))).toEqual([])
    })

    it('keeps an earlier file of that name', () => {
      expect(fs.readFileSync(canceled.file, 'utf8')).toBe('earlier export')
    })
  })

  it('writes typed rows of any sheet: counts and money from fen, with totals', async () => {
    const workbook = new WorkbookStream()
    const file = path.join(dir, 'report.xlsx')
    const out = fs.createWriteStream(file)
    workbook.output.pipe(out)
    await workbook.addSheets({
      name: '对账单',
      columns: [
        { header: '数据源', type: 'text' },
        { header: '支付渠道', type: 'text' },
        { header: '净额', type: 'money' },
        { header: '订单数', type: 'count' },
      ],
      rows: [
        ['商城', '微信', 123456789, 3],
        ['商城', '支付宝', 5, 1],
      ],
      totals: { label: () => '合计' },
    })
    workbook.end()
    await new Promise<void>((resolve) => out.on('close', () => resolve()))
    const sheet = (await read(file)).worksheets[0]
    expect(sheet.name).toBe('对账单')
    expect(sheet.getRow(2).getCell(3).value).toBe(1234567.89)
    expect(sheet.getRow(3).getCell(3).value).toBe(0.05)
    expect(sheet.getRow(4).getCell(3).value).toEqual({ formula: 'SUM(C2:C3)', result: 1234567.94 })
    expect(sheet.getRow(4).getCell(4).value).toEqual({ formula: 'SUM(D2:D3)', result: 4 })
  })
})
