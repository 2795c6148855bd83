import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parse } from 'csv-parse/sync'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../src-main/db/database'
import { settlementReport } from '../../src-main/revenue/settlement'
import { runCli } from '../helpers/cli'
import { developmentBuildDatabase, fileState } from '../helpers/files'
import { addSource, order, writeOrders } from '../helpers/orders'

let dir: string
let db: string

/** An instant given as China wall-clock time. */
const cn = (iso: string): number => Date.parse(`${iso}+08:00`)

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orderdesk-report-'))
  db = path.join(dir, 'shop.db')
  const { db: cache } = openDatabase(db)
  addSource(cache, 'pay', 'pingpp', 'Ping++')
  addSource(cache, 'mall', 'appkey', '=商城')
  writeOrders(cache, 'pay', [
    order({ remote_id: 'p1', pay_channel: 'wx_pub', paid: 1000, created_at: cn('2026-11-01T00:00:00') }),
    order({
      remote_id: 'p2',
      pay_channel: 'alipay_qr',
      paid: 707,
      refunded: 115,
      status: 'partially_refunded',
      created_at: cn('2026-11-30T23:59:59'),
    }),
    // Created in November, paid on the first instant of December: December's money.
    order({
      remote_id: 'p3',
      pay_channel: 'wx_lite',
      paid: 5000,
      created_at: cn('2026-11-20T10:00:00'),
      paid_at: cn('2026-12-01T00:00:00'),
    }),
  ])
  writeOrders(cache, 'mall', [
    order({ remote_id: 'm1', pay_channel: '微信支付', paid: 820, created_at: cn('2026-11-15T12:00:00') }),
    order({ remote_id: 'm2', pay_channel: '信用卡', paid: 7, status: 'paid', created_at: cn('2026-11-15T12:00:00') }),
    order({ remote_id: 'm3', pay_channel: '信用卡', paid: 300, refunded: 300, status: 'refunded', created_at: cn('2026-11-16T12:00:00') }),
  ])
  cache.close()
})
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

const NOVEMBER = ['--from', '2026-11-01', '--to', '2026-11-30']

describe('cli report', () => {
  it('--json prints the settlement report of the days in the zone, as the core makes it', async () => {
    const run = await runCli(['report', '--db', db, ...NOVEMBER, '--json'])
    expect(run.code, run.stderr).toBe(0)
    const printed = JSON.parse(run.stdout) as ReturnType<typeof settlementReport>
    const { db: cache } = openDatabase(db, { readonly: true })
    const expected = settlementReport(cache, {
      filter: {},
      from: cn('2026-11-01T00:00:00'),
      to: cn('2026-12-01T00:00:00') - 1,
      tz: 'Asia/Shanghai',
    })
    cache.close()
    expect(printed).toEqual(expected)
    expect(printed).toMatchObject({ tz: 'Asia/Shanghai', fromDay: '2026-11-01', toDay: '2026-11-30' })
    expect(printed.lines.filter((l) => l.kind === 'total')).toEqual([
      expect.objectContaining({ currency: 'CNY', paid_orders: 5, gross_minor: 2834, refunds_minor: 415, net_minor: 2419 }),
    ])
  })

  it('cuts the days in --tz', async () => {
    const run = await runCli(['report', '--db', db, ...NOVEMBER, '--tz', 'UTC', '--json'])
    expect(run.code, run.stderr).toBe(0)
    const printed = JSON.parse(run.stdout) as ReturnType<typeof settlementReport>
    // In UTC, 2026-11-01 00:00 in China is still October, and December's first instant in China is November's.
    expect(printed.lines.filter((l) => l.kind === 'channel' && l.source_id === 'pay').map((l) => [l.channel, l.gross_minor])).toEqual([
      ['wechat', 5000],
      ['alipay', 707],
    ])
    expect(printed.tz).toBe('UTC')
  })

  it('takes --source and --status as the other commands do', async () => {
    const run = await runCli(['report', '--db', db, ...NOVEMBER, '--source', 'mall', '--status', 'paid', '--json'])
    expect(run.code, run.stderr).toBe(0)
    const lines = (JSON.parse(run.stdout) as ReturnType<typeof settlementReport>).lines
    expect(lines.map((l) => [l.kind, l.source_id, l.channel, l.net_minor])).toEqual([
      ['channel', 'mall', 'wechat', 820],
      ['channel', 'mall', 'other', 7],
      ['source', 'mall', null, 827],
      ['total', null, null, 827],
    ])
  })

  it('--out F.csv writes the lines with field keys and plain decimals, and leaves the database as it was', async () => {
    fs.mkdirSync(path.join(dir, 'out'))
    const out = path.join(dir, 'out', '对账单 11月.csv')
    const before = fileState(db)
    const run = await runCli(['report', '--db', db, ...NOVEMBER, '--out', out])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toBe(`7 lines of the settlement report written to ${out}\n`)
    const text = fs.readFileSync(out, 'utf8')
    expect(text.startsWith('\uFEFFkind,source_id,source_name,channel,channel_codes,currency,paid_orders,gross,refunds,net\r\n')).toBe(true)
    const rows = parse(text.replace(/^\uFEFF/, ''), { columns: true }) as Array<Record<string, string>>
    expect(
      rows.map((r) => [r.kind, r.source_id, r.source_name, r.channel, r.channel_codes, r.paid_orders, r.gross, r.refunds, r.net]),
    ).toEqual([
      // A name a spreadsheet would run as a formula is neutralised, as in the order export.
      ['channel', 'mall', "'=商城", 'wechat', '微信支付', '1', '8.20', '0.00', '8.20'],
      ['channel', 'mall', "'=商城", 'other', '信用卡', '2', '3.07', '3.00', '0.07'],
      ['source', 'mall', "'=商城", '', '', '3', '11.27', '3.00', '8.27'],
      ['channel', 'pay', 'Ping++', 'wechat', 'wx_pub', '1', '10.00', '0.00', '10.00'],
      ['channel', 'pay', 'Ping++', 'alipay', 'alipay_qr', '1', '7.07', '1.15', '5.92'],
      ['source', 'pay', 'Ping++', '', '', '2', '17.07', '1.15', '15.92'],
      ['total', '', '', '', '', '5', '28.34', '4.15', '24.19'],
    ])
    expect(fileState(db)).toEqual(before)
  })

  it('--out with --json says where it wrote, as one JSON document', async () => {
    const out = path.join(dir, 'report.csv')
    const run = await runCli(['report', '--db', db, ...NOVEMBER, '--out', out, '--json'])
    expect(run.code, run.stderr).toBe(0)
    expect(JSON.parse(run.stdout)).toEqual({ file: out, lines: 7 })
  })

  it('--out F.xlsx writes the lines as a sheet: labels in Chinese, money as number cells equal to the JSON', async () => {
    const out = path.join(dir, 'report.xlsx')
    const run = await runCli(['report', '--db', db, ...NOVEMBER, '--out', out])
    expect(run.code, run.stderr).toBe(0)
    const json = JSON.parse((await runCli(['report', '--db', db, ...NOVEMBER, '--json'])).stdout) as ReturnType<typeof settlementReport>
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.readFile(out)
    const [sheet] = workbook.worksheets
    expect(sheet.name).toBe('对账单 2026-11-01～2026-11-30')
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([
      '数据源',
      '支付渠道',
      '渠道代码',
      '币种',
      '已支付订单数',
      '总收入',
      '退款',
      '净收入',
    ])
    const rows = json.lines.map((_, i) => (sheet.getRow(i + 2).values as unknown[]).slice(1))
    expect(rows.map((r) => r.slice(4))).toEqual(
      json.lines.map((l) => [l.paid_orders, l.gross_minor / 100, l.refunds_minor / 100, l.net_minor / 100]),
    )
    expect(rows.at(-1)?.[0]).toBe('合计')
    expect(rows.find((r) => r[2] === 'alipay_qr')?.[1]).toBe('支付宝')
  })

  it.each([
    [['--from', '2026-11-01', '--to', '2026-11-31', '--json'], /--to: "2026-11-31" is not a date/],
    [['--from', '2026/11/01', '--to', '2026-11-30', '--json'], /--from: "2026\/11\/01" is not a date/],
    [['--from', '2026-12-01', '--to', '2026-11-30', '--json'], /--from is after --to/],
    [['--to', '2026-11-30', '--json'], /--from is required/],
    [['--from', '2026-11-01', '--json'], /--to is required/],
    [[...NOVEMBER, '--tz', 'Mars/Olympus', '--json'], /--tz: "Mars\/Olympus" is not a known IANA time zone/],
    [[...NOVEMBER, '--out', 'report.ods'], /--out must name a \.xlsx or \.csv file, got "report\.ods"/],
    [[...NOVEMBER, '--out', 'report'], /--out must name a \.xlsx or \.csv file, got "report"/],
    [[...NOVEMBER], /report needs --json or --out FILE\.xlsx\|FILE\.csv/],
    [[...NOVEMBER, '--status', 'shipped', '--json'], /--status: unknown status shipped/],
    [[...NOVEMBER, '--by', 'month', '--json'], /Unknown option '--by'/],
  ])('exits 2 naming what is wrong: %j', async (args, message) => {
    const run = await runCli(['report', '--db', db, ...args])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(message)
    expect(run.stdout).toBe('')
  })

  it("reads no development build's database, and leaves it as it was", async () => {
    const file = path.join(dir, 'v12.db')
    developmentBuildDatabase(file, 12)
    const before = fileState(file)
    const run = await runCli(['report', '--db', file, ...NOVEMBER, '--json'])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/made by a development build of OrderDesk \(schema 12\)/)
    expect(fileState(file)).toEqual(before)
  })
})
