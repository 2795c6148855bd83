import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, type Db } from '../../src-main/db/database'
import { MIGRATIONS } from '../../src-main/db/migrations'
import { countOrders, productTypes } from '../../src-main/orders/queries'
import { textMax } from '../../src-main/orders/rollups'
import { OrderWriter } from '../../src-main/orders/writer'
import { addSource, churnOrders, order, writeOrders } from '../helpers/orders'

let dir: string
let db: Db

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orderdesk-rollups-'))
  db = openDatabase(path.join(dir, 'r.db')).db
  addSource(db, 'shop')
})
afterEach(() => {
  db.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

const D = (e: string): string => `((${e} - ((${e} % 86400000) + 86400000) % 86400000) / 86400000)`
const Q = (e: string): string => `((${e} - ((${e} % 900000) + 900000) % 900000) / 900000)`
const R = 'coalesce(paid_at, created_at)'

/** Each rollup as kept, and as counted afresh from the orders: the two must be equal. */
function rollups(db: Db): Record<string, { kept: unknown[]; counted: unknown[] }> {
  const pair = (kept: string, counted: string): { kept: unknown[]; counted: unknown[] } => ({
    kept: db.prepare(kept).all(),
    counted: db.prepare(counted).all(),
  })
  const money = '(paid <> 0 OR refunded <> 0)'
  return {
    revenue_quarters: pair(
      'SELECT quarter, source_id, currency, orders, paid_orders, gross, refunds FROM revenue_quarters ORDER BY 1, 2, 3',
      `SELECT quarter, source_id, currency, sum(orders) AS orders, sum(paid_orders) AS paid_orders, sum(gross) AS gross, sum(refunds) AS refunds FROM (
         SELECT ${Q('created_at')} AS quarter, source_id, currency, 1 AS orders, 0 AS paid_orders, 0 AS gross, 0 AS refunds FROM orders
         UNION ALL
         SELECT ${Q(R)}, source_id, currency, 0, paid > 0, paid, refunded FROM orders WHERE ${money})
       GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    ),
    order_counts: pair(
      'SELECT source_id, status, product_type, n FROM order_counts WHERE n > 0 ORDER BY 1, 2, 3',
      "SELECT source_id, status, coalesce(product_type, '') AS product_type, count(*) AS n FROM orders GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
    ),
    product_days: pair(
      'SELECT * FROM product_days ORDER BY 1, 2, 3, 4, 5, 6',
      `SELECT ${D(R)} AS day, source_id, currency, coalesce(product_name, '') AS product_name, status, coalesce(product_type, '') AS product_type,
         count(*) AS orders, sum(paid > 0) AS paid_orders, sum(paid - refunded) AS net
       FROM orders WHERE ${money} GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6`,
    ),
    channel_days: pair(
      'SELECT * FROM channel_days ORDER BY 1, 2, 3, 4, 5, 6',
      `SELECT ${D(R)} AS day, source_id, currency, coalesce(pay_channel, '') AS pay_channel, status, coalesce(product_type, '') AS product_type,
         count(*) AS orders, sum(paid > 0) AS paid_orders, sum(paid) AS gross, sum(refunded) AS refunds
       FROM orders WHERE ${money} GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6`,
    ),
    order_days: pair(
      'SELECT * FROM order_days ORDER BY 1, 2, 3, 4, 5, 6, 7',
      `SELECT ${D('created_at')} AS created_day, ${D(R)} AS revenue_day, paid_at IS NOT NULL AS pay_time, source_id, currency, status,
         coalesce(product_type, '') AS product_type, count(*) AS orders, sum(due) AS due, sum(paid) AS paid, sum(refunded) AS refunded
       FROM orders GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7`,
    ),
    search_names: pair(
      'SELECT name FROM search_names ORDER BY 1',
      'SELECT product_name AS name FROM orders WHERE product_name IS NOT NULL UNION SELECT customer_name FROM orders WHERE customer_name IS NOT NULL ORDER BY 1',
    ),
  }
}

function expectRollupsMatchOrders(db: Db): void {
  for (const [table, { kept, counted }] of Object.entries(rollups(db))) expect(kept, table).toEqual(counted)
}

describe('the rollups of new orders', () => {
  it('equal the orders counted afresh, after inserts in batches, rewrites and deletes', () => {
    churnOrders(db, 7)
    expect(db.prepare('SELECT count(*) FROM orders').pluck().get()).toBeGreaterThan(700)
    expectRollupsMatchOrders(db)
  })

  it('count an order listed twice in one batch once, as it was last listed', () => {
    writeOrders(db, 'shop', [
      order({ remote_id: 'r1', status: 'pending', paid: 0 }),
      order({ remote_id: 'r1', status: 'paid', paid: 1000, paid_at: Date.UTC(2026, 10, 2) }),
    ])
    expect(db.prepare('SELECT status, n FROM order_counts WHERE n > 0').all()).toEqual([{ status: 'paid', n: 1 }])
    expectRollupsMatchOrders(db)
  })

  it('are not written, nor carried into the next batch, when a batch fails', () => {
    const writer = new OrderWriter(db)
    const broken = order({ remote_id: 'bad', status: 'no such status' as never })
    expect(() => writer.upsert('shop', [order({ remote_id: 'r1' }), broken], Date.now())).toThrow(/CHECK/)
    expect(db.prepare('SELECT count(*) FROM order_days').pluck().get()).toBe(0)
    writer.upsert('shop', [order({ remote_id: 'r2' })], Date.now())
    expect(db.prepare('SELECT sum(orders) FROM order_days').pluck().get()).toBe(1)
    expectRollupsMatchOrders(db)
  })

  it('keep the greatest product name per count as SQLite orders text, astral characters included', () => {
    const names = ['\uffe0 全角', '😀 表情', 'Z', 'a', '年度会员']
    const sqlite = new Database(':memory:')
    for (const a of names)
      for (const b of names) expect(textMax(a, b), `${a} / ${b}`).toBe(sqlite.prepare('SELECT max(?, ?)').pluck().get(a, b))
    sqlite.close()
    writeOrders(
      db,
      'shop',
      names.map((name, i) => order({ remote_id: `n${i}`, product_name: name })),
    )
    expect(db.prepare('SELECT product_name FROM order_counts').pluck().get()).toBe('😀 表情')
  })
})

describe('migration 101', () => {
  it("keeps a baseline database's rollups and counts its next orders once", () => {
    const file = path.join(dir, 'baseline.db')
    const old = openDatabase(file, { migrations: MIGRATIONS.slice(0, 1) }).db
    addSource(old, 'shop')
    // As the baseline's build wrote it: a plain insert, counted by the triggers.
    old
      .prepare(
        `INSERT INTO orders (source_id, remote_id, status, remote_status, product_name, currency, total, discount, due, paid, refunded,
           fingerprint, created_at, paid_at, first_seen_at, last_seen_at) VALUES ('shop', 'before', 'paid', '1', '年度会员', 'CNY', 900, 0, 900, 900, 0, 0, ?, ?, 0, 0)`,
      )
      .run(Date.UTC(2026, 10, 1), Date.UTC(2026, 10, 1, 8))
    old.close()
    const upgraded = openDatabase(file).db
    writeOrders(upgraded, 'shop', [order({ remote_id: 'after', status: 'pending', paid: 0 })])
    expect(upgraded.prepare('SELECT status, n FROM order_counts ORDER BY status').all()).toEqual([
      { status: 'paid', n: 1 },
      { status: 'pending', n: 1 },
    ])
    expectRollupsMatchOrders(upgraded)
    upgraded.close()
  })
})

describe('the rollups as orders are written, taken out and put back', () => {
  const day = 86_400_000
  /** Writes `orders`, then deletes them all and writes them again: the tables must come back the same. */
  function roundTrip<T>(orders: Parameters<typeof order>[0][], read: () => T): { built: T; emptied: T; rebuilt: T } {
    writeOrders(db, 'shop', orders.map(order))
    const built = read()
    db.exec('DELETE FROM orders')
    const emptied = read()
    writeOrders(db, 'shop', orders.map(order))
    return { built, emptied, rebuilt: read() }
  }

  it('keeps revenue per quarter hour', () => {
    const t = Date.parse('2026-11-01T10:05:00Z')
    writeOrders(db, 'shop', [
      order({ remote_id: '1', paid: 500, refunded: 0, created_at: t, paid_at: t + 3_600_000 }),
      order({ remote_id: '2', paid: 700, refunded: 200, created_at: t + 60_000 }),
      order({ remote_id: '3', status: 'pending', paid: 0, created_at: t }),
    ])
    expect(db.prepare('SELECT quarter, orders, paid_orders, gross, refunds FROM revenue_quarters ORDER BY quarter').all()).toEqual([
      { quarter: Math.floor(t / 900_000), orders: 3, paid_orders: 1, gross: 700, refunds: 200 },
      { quarter: Math.floor((t + 3_600_000) / 900_000), orders: 0, paid_orders: 1, gross: 500, refunds: 0 },
    ])
  })

  it('keeps the status breakdown and top products per UTC day', () => {
    const read = (): { status: unknown[]; product: unknown[] } => ({
      status: db
        .prepare(
          `SELECT created_day AS day, currency, status, product_type, sum(orders) AS orders, sum(due) AS due FROM order_days
           GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
        )
        .all(),
      product: (
        db.prepare('SELECT * FROM product_days ORDER BY day, currency, product_name, status').all() as Array<Record<string, unknown>>
      ).map((r) => [r.day, r.product_name, r.orders, r.paid_orders, r.net]),
    })
    const { built, emptied, rebuilt } = roundTrip(
      [
        { remote_id: '1', product_name: '动态流量套餐', due: 1000, paid: 1000, created_at: 20 * day + 5, paid_at: 21 * day + 7 },
        {
          remote_id: '2',
          product_name: '动态流量套餐',
          status: 'partially_refunded',
          due: 800,
          paid: 800,
          refunded: 300,
          created_at: 20 * day + 9,
        },
        { remote_id: '3', product_type: null, product_name: null, status: 'pending', due: 500, paid: 0, created_at: 20 * day + 11 },
        {
          remote_id: '4',
          product_type: '7',
          product_name: '年度会员',
          status: 'refunded',
          currency: 'USD',
          due: 900,
          paid: 900,
          refunded: 900,
          created_at: -day - 1,
          paid_at: 3,
        },
      ],
      read,
    )
    expect(built.status).toEqual([
      { day: -2, currency: 'USD', status: 'refunded', product_type: '7', orders: 1, due: 900 },
      { day: 20, currency: 'CNY', status: 'paid', product_type: '9', orders: 1, due: 1000 },
      { day: 20, currency: 'CNY', status: 'partially_refunded', product_type: '9', orders: 1, due: 800 },
      { day: 20, currency: 'CNY', status: 'pending', product_type: '', orders: 1, due: 500 },
    ])
    expect(built.product).toEqual([
      [0, '年度会员', 1, 1, 0],
      [20, '动态流量套餐', 1, 1, 500],
      [21, '动态流量套餐', 1, 1, 1000],
    ])
    expect(emptied).toEqual({ status: [], product: [] })
    expect(rebuilt).toEqual(built)
  })

  it('keeps money per UTC day and pay channel', () => {
    const read = (): unknown[] =>
      db
        .prepare(
          'SELECT day, currency, pay_channel, status, product_type, orders, paid_orders, gross, refunds FROM channel_days ORDER BY 1, 2, 3, 4, 5',
        )
        .all()
    const { built, emptied, rebuilt } = roundTrip(
      [
        { remote_id: '1', pay_channel: 'wx_pub', paid: 1000, created_at: 20 * day + 5, paid_at: 21 * day + 7 },
        { remote_id: '2', pay_channel: 'wx_pub', status: 'partially_refunded', paid: 800, refunded: 300, created_at: 21 * day + 9 },
        { remote_id: '3', product_type: null, paid: 500, created_at: 21 * day + 11 },
        {
          remote_id: '4',
          product_type: '7',
          pay_channel: '支付宝',
          status: 'refunded',
          currency: 'USD',
          paid: 900,
          refunded: 900,
          created_at: -day - 1,
          paid_at: 3,
        },
        { remote_id: '5', pay_channel: 'wx_pub', status: 'pending', paid: 0, created_at: 21 * day + 12 },
      ],
      read,
    )
    expect(built).toEqual([
      {
        day: 0,
        currency: 'USD',
        pay_channel: '支付宝',
        status: 'refunded',
        product_type: '7',
        orders: 1,
        paid_orders: 1,
        gross: 900,
        refunds: 900,
      },
      { day: 21, currency: 'CNY', pay_channel: '', status: 'paid', product_type: '', orders: 1, paid_orders: 1, gross: 500, refunds: 0 },
      {
        day: 21,
        currency: 'CNY',
        pay_channel: 'wx_pub',
        status: 'paid',
        product_type: '9',
        orders: 1,
        paid_orders: 1,
        gross: 1000,
        refunds: 0,
      },
      {
        day: 21,
        currency: 'CNY',
        pay_channel: 'wx_pub',
        status: 'partially_refunded',
        product_type: '9',
        orders: 1,
        paid_orders: 1,
        gross: 800,
        refunds: 300,
      },
    ])
    expect(emptied).toEqual([])
    expect(rebuilt).toEqual(built)
  })

  it('counts orders per product type', () => {
    writeOrders(db, 'shop', [
      order({ remote_id: '1' }),
      order({ remote_id: '2', status: 'pending', paid: 0 }),
      order({ remote_id: '3', product_type: null, product_name: null }),
    ])
    expect(productTypes(db)).toEqual([{ value: '9', count: 2, name: '动态流量套餐' }])
    expect(countOrders(db, { statuses: ['paid'] })).toBe(2)
    expect(countOrders(db, { productTypes: ['9'], statuses: ['pending'] })).toBe(1)
  })
})
