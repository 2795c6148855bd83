import fs from 'node:fs'
import { parse } from 'csv-parse/sync'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { exportRequestSchema, type EventMap } from '../../src-preload/contract'
import { SELECTION_CAP } from '../../src-preload/contract-values'
import { exportFileName } from '../../src-main/export/service'
import { tempCore } from '../helpers/core'
import { addSource, order, writeOrders } from '../helpers/orders'

let env: ReturnType<typeof tempCore>
let finished: Array<EventMap['export:finished']>
let progress: number[]

beforeEach(() => {
  env = tempCore()
  finished = []
  progress = []
  env.core.events.subscribe({
    emit: (name, payload) => {
      if (name === 'export:finished') finished.push(payload as EventMap['export:finished'])
      if (name === 'export:progress') progress.push((payload as EventMap['export:progress']).rows)
    },
  })
  addSource(env.core.db, 'pay', 'pingpp', 'Ping++')
})
afterEach(() => env.dispose())

const waitFinished = () =>
  new Promise<EventMap['export:finished']>((resolve) => {
    const t = setInterval(() => finished.length && (clearInterval(t), resolve(finished[0])), 10)
  })

describe('export from the UI', () => {
  it('writes the filtered orders in a worker as a labelled CSV: every column and status in the language asked', async () => {
    writeOrders(env.core.db, 'pay', [
      order({ remote_id: '2001708140000017551', status: 'paid', created_at: Date.parse('2026-11-01T16:30:00Z') }),
      order({ remote_id: '2001708140000017552', status: 'pending', paid: 0 }),
    ])
    const started = await env.core.exports.start({
      filter: { statuses: ['paid'] },
      columns: ['remote_id', 'status', 'paid', 'created_at'],
      format: 'csv',
      header: 'zh-CN',
      encoding: 'utf8',
      tz: 'Asia/Shanghai',
    })
    expect(started.jobId).toMatch(/^[0-9a-f-]{36}$/)
    const done = await waitFinished()
    expect(done).toMatchObject({ status: 'done', rows: 1, downloadUrl: `/download/${started.jobId}`, error: null })
    expect(done.totals).toEqual({ CNY: { paid: 1000, refunded: 0 } })
    const { file } = env.core.exports.download(started.jobId!)
    const rows = parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''), { columns: true }) as Array<Record<string, string>>
    expect(rows).toEqual([{ '接口订单 ID': '2001708140000017551', 状态: '已支付', 已付: '10.00', 创建时间: '2026-11-02T00:30:00+08:00' }])
  })

  it('writes only the selected orders, within the filter, when the request names ids', async () => {
    writeOrders(env.core.db, 'pay', [
      order({ remote_id: 'R1', status: 'paid' }),
      order({ remote_id: 'R2', status: 'pending', paid: 0 }),
      order({ remote_id: 'R3', status: 'paid' }),
    ])
    const idOf = (remote: string) => (env.core.db.prepare('SELECT id FROM orders WHERE remote_id = ?').get(remote) as { id: number }).id
    const started = await env.core.exports.start(
      exportRequestSchema.parse({
        filter: { statuses: ['paid'] },
        ids: [idOf('R1'), idOf('R2')],
        columns: ['remote_id'],
        format: 'csv',
        header: 'keys',
        tz: 'Asia/Shanghai',
      }),
    )
    expect(await waitFinished()).toMatchObject({ status: 'done', rows: 1 })
    const { file } = env.core.exports.download(started.jobId!)
    expect(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '')).toBe('remote_id\r\nR1\r\n')
  })

  it('refuses a selection that is empty, names an order twice, or is over the cap', () => {
    const request = { columns: ['remote_id'], tz: 'Asia/Shanghai' }
    for (const ids of [[], [1, 1], Array.from({ length: SELECTION_CAP + 1 }, (_, i) => i + 1)]) {
      const parsed = exportRequestSchema.safeParse({ ...request, ids })
      expect(parsed.success).toBe(false)
      expect(parsed.error?.issues[0].path).toEqual(['ids'])
    }
  })

  it('writes a workbook by default, named in Chinese with the local minute and no job id', async () => {
    writeOrders(env.core.db, 'pay', [order({ remote_id: '2001708140000017551' })])
    const started = await env.core.exports.start(
      exportRequestSchema.parse({ columns: ['remote_id', 'paid'], header: 'zh-CN', tz: 'Asia/Shanghai' }),
    )
    expect(started.fileName).toMatch(/^订单导出-\d{4}-\d{2}-\d{2}-\d{4}\.xlsx$/)
    expect(started.fileName).not.toContain(started.jobId!)
    const done = await waitFinished()
    expect(done).toMatchObject({ status: 'done', rows: 1 })
    const { file, fileName } = env.core.exports.download(started.jobId!)
    expect(fileName).toBe(started.fileName)
    // A zip (the xlsx container), not text.
    expect([...fs.readFileSync(file).subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04])
  })

  it('names files by the local time of the export zone, safe on Windows', () => {
    const at = new Date('2026-12-06T06:30:59Z')
    expect(exportFileName('xlsx', 'zh-CN', 'Asia/Shanghai', at)).toBe('订单导出-2026-12-06-1430.xlsx')
    expect(exportFileName('csv', 'keys', 'Asia/Shanghai', at)).toBe('orderdesk-orders-2026-12-06-1430.csv')
    expect(exportFileName('xlsx', 'en', 'America/New_York', at)).toBe('orderdesk-orders-2026-12-06-0130.xlsx')
    expect(exportFileName('csv', 'zh-CN', 'Asia/Shanghai', at)).not.toMatch(/[<>:"/\\|?*]/)
  })

  // Writing the 60,000 orders it cancels takes most of its time on a busy machine.
  it('cancels a running export and leaves no file behind', async () => {
    writeOrders(
      env.core.db,
      'pay',
      Array.from({ length: 60000 }, (_, i) => order({ remote_id: String(i) })),
    )
    const started = await env.core.exports.start({
      filter: {},
      columns: ['remote_id', 'product_name'],
      format: 'csv',
      encoding: 'gb18030',
      tz: 'Asia/Shanghai',
    })
    await new Promise<void>((resolve) => {
      const t = setInterval(() => progress.length && (clearInterval(t), resolve()), 2)
    })
    expect(env.core.exports.cancel(started.jobId!)).toEqual({ canceled: true })
    const done = await waitFinished()
    expect(done.status).toBe('canceled')
    expect(() => env.core.exports.download(started.jobId!)).toThrow(/no such export/)
    expect(fs.readdirSync(`${env.dir}/exports`)).toEqual([])
  }, 60_000)
})
