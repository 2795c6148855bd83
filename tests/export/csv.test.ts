import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parse } from 'csv-parse/sync'
import iconv from 'iconv-lite'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, type Db } from '../../src-main/db/database'
import { exportOrdersCsv, neutraliseFormula, openExportDatabase, parseColumns } from '../../src-main/export/csv'
import { revenueReport } from '../../src-main/revenue/revenue'
import { EXPORT_COLUMN_KEYS } from '../../src-preload/contract-values'
import { COLUMN_LABELS, STATUS_LABELS } from '../../src-preload/export-labels'
import { fileState } from '../helpers/files'
import { cancelMidway, type CanceledExport } from '../helpers/export-cancel'
import { saveAnnotation } from '../../src-main/notes/notes'
import { addSource, order, writeOrders } from '../helpers/orders'

let db: Db
let dir: string
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orderdesk-export-'))
  db = openDatabase(path.join(dir, 'x.db')).db
  addSource(db, 'shop', 'pingpp', '商城 "旗舰店", 北京')
})
afterEach(() => {
  db.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

const TRICKY = '王小二 😀 𠮷野家, "特价"\n第二行'

function readCsv(file: string, encoding: 'utf8' | 'gb18030'): Array<Record<string, string>> {
  const bytes = fs.readFileSync(file)
  let text: string
  if (encoding === 'utf8') {
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    text = bytes.subarray(3).toString('utf8')
  } else {
    text = iconv.decode(bytes, 'gb18030')
  }
  return parse(text, { columns: true }) as Array<Record<string, string>>
}

describe('CSV export', () => {
  it("writes staff's note and tags as columns, labelled, the note neutralised as any text, for a filter by tag", async () => {
    writeOrders(db, 'shop', [order({ remote_id: 'a' }), order({ remote_id: 'b' })])
    saveAnnotation(db, { sourceId: 'shop', remoteId: 'a' }, { note: '=先别发货\n等电话', tags: ['加急', 'VIP'] }, 1)
    const file = path.join(dir, 'notes.csv')
    await exportOrdersCsv(db, file, { filter: {}, tz: 'Asia/Shanghai', columns: ['remote_id', 'note', 'tags'], header: 'zh-CN' })
    expect(readCsv(file, 'utf8')).toEqual([
      { '接口订单 ID': 'b', 备注: '', 标签: '' },
      { '接口订单 ID': 'a', 备注: "'=先别发货\n等电话", 标签: 'VIP, 加急' },
    ])
    await exportOrdersCsv(db, file, { filter: { tags: ['VIP'] }, tz: 'Asia/Shanghai', columns: ['remote_id', 'tags'] })
    expect(readCsv(file, 'utf8')).toEqual([{ remote_id: 'a', tags: 'VIP, 加急' }])
  })

  it.each(['utf8', 'gb18030'] as const)('round-trips Chinese, emoji, 𠮷, quotes, commas and newlines (%s)', async (encoding) => {
    writeOrders(db, 'shop', [
      order({
        remote_id: '2001708140000017551',
        product_name: TRICKY,
        customer_name: '李四',
        total: 123456789,
        due: 123456789,
        paid: 123456789,
        refunded: 5,
        created_at: Date.parse('2026-11-01T15:30:00Z'),
        paid_at: Date.parse('2026-11-01T16:00:00Z'),
      }),
    ])
    const file = path.join(dir, `out-${encoding}.csv`)
    const result = await exportOrdersCsv(db, file, { filter: {}, tz: 'Asia/Shanghai', encoding })
    expect(result.rows).toBe(1)
    const [row] = readCsv(file, encoding)
    expect(row.product_name).toBe(TRICKY)
    expect(row.source_name).toBe('商城 "旗舰店", 北京')
    expect(row.remote_id).toBe('2001708140000017551')
    expect(row.total).toBe('1234567.89')
    expect(row.refunded).toBe('0.05')
    expect(row.created_at).toBe('2026-11-01T23:30:00+08:00')
    expect(row.paid_at).toBe('2026-11-02T00:00:00+08:00')
    expect(Object.keys(row)).toEqual([
      'source_id',
      'source_name',
      'remote_id',
      'order_no',
      'trade_no',
      'status',
      'product_type',
      'product_name',
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
    ])
  })

  it.each(['utf8', 'gb18030'] as const)(
    'keeps every row whole across the chunks it is written in, a row longer than a chunk too (%s)',
    async (encoding) => {
      // 3,000 rows of about 150 bytes of Chinese cross many 64 KiB chunks at arbitrary bytes;
      // one customer name of 40,000 characters (120,000 bytes) is longer than a chunk by itself.
      const long = '长'.repeat(39_999) + '𠮷'
      writeOrders(
        db,
        'shop',
        Array.from({ length: 3000 }, (_, i) =>
          order({
            remote_id: String(i),
            product_name: `商品${'名'.repeat(i % 40)}-${i}`,
            customer_name: i === 1500 ? long : `客户"${i}"`,
            created_at: Date.UTC(2026, 0, 1) + i * 60_000,
          }),
        ),
      )
      const file = path.join(dir, `chunks-${encoding}.csv`)
      const result = await exportOrdersCsv(db, file, { filter: {}, tz: 'Asia/Shanghai', encoding })
      expect(result.rows).toBe(3000)
      const rows = readCsv(file, encoding)
      expect(rows.length).toBe(3000)
      // Newest first.
      rows.forEach((row, n) => {
        const i = 2999 - n
        expect(row.remote_id).toBe(String(i))
        expect(row.product_name).toBe(`商品${'名'.repeat(i % 40)}-${i}`)
        expect(row.customer_name).toBe(i === 1500 ? long : `客户"${i}"`)
      })
    },
  )

  it('neutralises text cells that would run as formulas, and only text cells', async () => {
    expect(['=1+1', '+86 138', '-2', '@SUM(A1)', '\tx', '\rx', '\nx', 'ok'].map(neutraliseFormula)).toEqual([
      "'=1+1",
      "'+86 138",
      "'-2",
      "'@SUM(A1)",
      "'\tx",
      "'\rx",
      "'\nx",
      'ok',
    ])
    writeOrders(db, 'shop', [
      order({
        remote_id: 'x',
        product_name: '=HYPERLINK("http://evil","点我")',
        customer_name: '@cmd',
        order_no: '-1',
        paid: 500,
        refunded: 500,
        status: 'refunded',
      }),
    ])
    const file = path.join(dir, 'inject.csv')
    await exportOrdersCsv(db, file, { filter: {}, tz: 'Asia/Shanghai', columns: ['product_name', 'customer_name', 'order_no', 'refunded'] })
    const [row] = readCsv(file, 'utf8')
    expect(row).toEqual({ product_name: `'=HYPERLINK("http://evil","点我")`, customer_name: "'@cmd", order_no: "'-1", refunded: '5.00' })
  })

  describe('canceled mid-way', () => {
    let canceled: CanceledExport
    beforeEach(async () => {
      canceled = await cancelMidway(db, dir, 'shop', 'big.csv', (file, options) => exportOrdersCsv(db, file, options))
    })

    it('fails with the abort and leaves no part file', () => {
      expect(canceled.failure).toMatchObject({ message: expect.stringMatching(/abort/i) })
      expect(fs.readdirSync(dir).filter((f) => f.endsWith('.part'))).toEqual([])
    })

    it('keeps an earlier file of that name', () => {
      expect(fs.readFileSync(canceled.file, 'utf8')).toBe('earlier export')
    })
  })

  it('sums to the revenue totals to the fen', async () => {
    const rows = Array.from({ length: 500 }, (_, i) =>
      order({
        remote_id: String(i),
        paid: (i * 137) % 10007,
        refunded: i % 7 === 0 ? (i * 137) % 10007 : 0,
        created_at: Date.UTC(2026, 9, 1) + i * 3_600_000,
      }),
    )
    writeOrders(db, 'shop', rows)
    const file = path.join(dir, 'sum.csv')
    await exportOrdersCsv(db, file, { filter: {}, tz: 'Asia/Shanghai' })
    const parsed = readCsv(file, 'utf8')
    const fen = (s: string): number => Math.round(Number(s) * 100)
    const paid = parsed.reduce((n, r) => n + fen(r.paid), 0)
    const refunded = parsed.reduce((n, r) => n + fen(r.refunded), 0)
    const [totals] = revenueReport(db, {}, 'month', 'Asia/Shanghai').totals
    expect(paid).toBe(totals.gross_minor)
    expect(refunded).toBe(totals.refunds_minor)
  })

  it("never creates a database of its own: the export connection needs the app's file", () => {
    const missing = path.join(dir, 'gone', 'orderdesk.db')
    expect(() => openExportDatabase(missing)).toThrow(`no OrderDesk database at ${missing}`)
    expect(fs.existsSync(missing)).toBe(false)
  })

  it('exports on a read-only connection that makes no -wal or -shm and leaves the file as it was', async () => {
    writeOrders(db, 'shop', [order({ remote_id: 'r1' })])
    db.close()
    const file = path.join(dir, 'x.db')
    const before = fileState(file)
    const reader = openExportDatabase(file)
    expect(reader.readonly).toBe(true)
    const result = await exportOrdersCsv(reader, path.join(dir, 'out.csv'), { filter: {}, tz: 'Asia/Shanghai' })
    expect(result.rows).toBe(1)
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('x.db'))).toEqual(['x.db'])
    reader.close()
    expect({ ...fileState(file), folder: null }).toEqual({ ...before, folder: null })
    db = openDatabase(file).db
  })

  it.each(['zh-CN', 'en'] as const)('labels every column and status when a header language is asked (%s)', async (header) => {
    writeOrders(db, 'shop', [order({ remote_id: 'a', status: 'partially_refunded', refunded: 5 })])
    const file = path.join(dir, `labels-${header}.csv`)
    await exportOrdersCsv(db, file, { filter: {}, tz: 'Asia/Shanghai', columns: [...EXPORT_COLUMN_KEYS], header })
    const [row] = readCsv(file, 'utf8')
    expect(Object.keys(row)).toEqual(EXPORT_COLUMN_KEYS.map((c) => COLUMN_LABELS[header][c]))
    // No label is a field key left untranslated.
    expect(
      Object.keys(row).filter((label) => /^[a-z]+(_[a-z]+)+$/.test(label) || (EXPORT_COLUMN_KEYS as readonly string[]).includes(label)),
    ).toEqual([])
    expect(row[COLUMN_LABELS[header].status]).toBe(STATUS_LABELS[header].partially_refunded)
  })

  it('rejects unknown columns by name', () => {
    expect(() => parseColumns('remote_id,password')).toThrow(/unknown column\(s\): password/)
    expect(parseColumns('remote_id, paid')).toEqual(['remote_id', 'paid'])
  })
})
