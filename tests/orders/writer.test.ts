import crypto from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, type Db } from '../../src-main/db/database'
import { fingerprint, OrderWriter, writable } from '../../src-main/orders/writer'
import { addSource, order } from '../helpers/orders'

let db: Db
let writer: OrderWriter

beforeEach(() => {
  db = openDatabase(':memory:').db
  addSource(db, 'shop')
  writer = new OrderWriter(db)
})
afterEach(() => db.close())

const stored = (): unknown[] => db.prepare('SELECT remote_id, status, paid, last_seen_at FROM orders ORDER BY remote_id').all()

describe('OrderWriter', () => {
  it('inserts new orders, rewrites changed ones and only marks the unchanged ones as seen', () => {
    writer.upsert('shop', [order({ remote_id: 'a' }), order({ remote_id: 'b', status: 'pending', paid: 0 })], 1)
    const counts = writer.upsert('shop', [order({ remote_id: 'a' }), order({ remote_id: 'b' }), order({ remote_id: 'c' })], 2)
    expect(counts).toEqual({ inserted: 1, updated: 1, unchanged: 1, becamePaid: 2 })
    expect(stored()).toEqual([
      { remote_id: 'a', status: 'paid', paid: 1000, last_seen_at: 2 },
      { remote_id: 'b', status: 'paid', paid: 1000, last_seen_at: 2 },
      { remote_id: 'c', status: 'paid', paid: 1000, last_seen_at: 2 },
    ])
  })

  it('writes a remote id listed twice in one batch once, as it was last listed', () => {
    const counts = writer.upsert('shop', [order({ remote_id: 'a', status: 'pending', paid: 0 }), order({ remote_id: 'a' })], 1)
    expect(counts).toEqual({ inserted: 1, updated: 1, unchanged: 0, becamePaid: 1 })
    expect(stored()).toEqual([{ remote_id: 'a', status: 'paid', paid: 1000, last_seen_at: 1 }])
  })

  it('keeps the raw record as the API sent it, rewritten with the order', () => {
    writer.upsert('shop', [order({ remote_id: 'a', raw: { id: 'a', 金额: '10.00' } })], 1)
    writer.upsert('shop', [order({ remote_id: 'a', status: 'refunded', refunded: 1000, raw: { id: 'a', 金额: '10.00', 退款: true } })], 2)
    expect(JSON.parse(db.prepare('SELECT raw FROM order_payloads').pluck().get() as string)).toEqual({ id: 'a', 金额: '10.00', 退款: true })
  })

  it('writes orders made writable on another thread as it writes normalized ones', () => {
    writer.write('shop', [writable(order({ remote_id: 'a' }))], 1)
    expect(writer.upsert('shop', [order({ remote_id: 'a' })], 2)).toEqual({ inserted: 0, updated: 0, unchanged: 1, becamePaid: 0 })
  })

  it("keeps the fingerprint a cache already holds: the top 53 bits of the fields' SHA-1", () => {
    const o = order({ remote_id: 'a', product_name: '年度会员 😀', paid_at: Date.UTC(2026, 10, 2) })
    // prettier-ignore
    const fields: unknown[] = [o.order_no, o.trade_no, o.status, o.remote_status, o.product_type, o.product_name, o.product_id,
      o.customer_id, o.customer_name, o.pay_channel, o.currency, o.total, o.discount, o.due, o.paid, o.refunded, o.created_at,
      o.paid_at, o.expires_at, o.updated_at]
    const digest = crypto.createHash('sha1').update(JSON.stringify(fields)).digest()
    expect(fingerprint(o)).toBe(digest.readUIntBE(0, 6) * 32 + (digest[6] >> 3))
  })

  it("plan: finds a batch's cached orders by the source and remote id key, never by a scan", () => {
    const prepared: string[] = []
    const prepare = db.prepare.bind(db)
    const spy = Object.assign(Object.create(db) as Db, { prepare: (sql: string) => (prepared.push(sql), prepare(sql)) })
    new OrderWriter(spy)
    const select = prepared.find((sql) => sql.includes('json_each'))!
    const plan = db.prepare(`EXPLAIN QUERY PLAN ${select}`).all('shop', '["a"]') as Array<{ detail: string }>
    expect(plan.map((p) => p.detail)).toContainEqual(
      expect.stringMatching(/^SEARCH orders USING INDEX sqlite_autoindex_orders_1 \(source_id=\? AND remote_id=\?\)/),
    )
  })
})
