import fs from 'node:fs'
import { parse } from 'csv-parse/sync'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { EventMap } from '../../src-preload/contract'
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
  it('writes the filtered orders in a worker, with labels, spreadsheet times and long ids kept as text', async () => {
    writeOrders(env.core.db, 'pay', [
      order({ remote_id: '2001708140000017551', status: 'paid', created_at: Date.parse('2026-11-01T16:30:00Z') }),
      order({ remote_id: '2001708140000017552', status: 'pending', paid: 0 }),
    ])
    const started = await env.core.exports.start({
      filter: { statuses: ['paid'] },
      columns: ['remote_id', 'status', 'paid', 'created_at'],
      headers: { remote_id: '订单ID', status: '状态', paid: '已付', created_at: '创建时间' },
      encoding: 'utf8',
      timeStyle: 'spreadsheet',
      tz: 'Asia/Shanghai',
    })
    expect(started.jobId).toMatch(/^[0-9a-f-]{36}$/)
    const done = await waitFinished()
    expect(done).toMatchObject({ status: 'done', rows: 1, downloadUrl: `/download/${started.jobId}`, error: null })
    expect(done.totals).toEqual({ CNY: { paid: 1000, refunded: 0 } })
    const { file } = env.core.exports.download(started.jobId!)
    const rows = parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''), { columns: true }) as Array<Record<string, string>>
    expect(rows).toEqual([{ 订单ID: '\t2001708140000017551', 状态: 'paid', 已付: '10.00', 创建时间: '2026-11-02 00:30:00' }])
  })

  it('cancels a running export and leaves no file behind', async () => {
    writeOrders(
      env.core.db,
      'pay',
      Array.from({ length: 60000 }, (_, i) => order({ remote_id: String(i) })),
    )
    const started = await env.core.exports.start({
      filter: {},
      columns: ['remote_id', 'product_name'],
      encoding: 'gb18030',
      timeStyle: 'iso',
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
  })
})
