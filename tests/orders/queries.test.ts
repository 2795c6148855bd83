import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, type Db } from '../../src-main/db/database'
import { statusCounts } from '../../src-main/orders/detail'
import { countOrders, listOrders } from '../../src-main/orders/queries'
import { addSource, order, writeOrders } from '../helpers/orders'

let db: Db
beforeEach(() => {
  db = openDatabase(':memory:').db
  addSource(db, 'a')
  addSource(db, 'b')
})
afterEach(() => db.close())

const counted = (where = ''): number => (db.prepare(`SELECT count(*) AS n FROM orders ${where}`).get() as { n: number }).n

describe('order counts kept by triggers', () => {
  it('stay exact through inserts, status changes and cascading deletes', () => {
    const statuses = ['paid', 'pending', 'refunded', 'canceled'] as const
    writeOrders(db, 'a', Array.from({ length: 40 }, (_, i) => order({ remote_id: String(i), status: statuses[i % 4] })))
    writeOrders(db, 'b', Array.from({ length: 25 }, (_, i) => order({ remote_id: String(i), status: statuses[i % 3] })))
    // Re-seen with a new status: an update, not a new row.
    writeOrders(db, 'a', Array.from({ length: 10 }, (_, i) => order({ remote_id: String(i), status: 'refunded' })))
    expect(countOrders(db, {})).toBe(counted())
    expect(countOrders(db, { sources: ['a'] })).toBe(counted("WHERE source_id = 'a'"))
    expect(countOrders(db, { statuses: ['refunded', 'paid'] })).toBe(counted("WHERE status IN ('refunded', 'paid')"))
    expect(countOrders(db, { sources: ['b'], statuses: ['pending'] })).toBe(counted("WHERE source_id = 'b' AND status = 'pending'"))
    expect(statusCounts(db, { sources: ['a'] }).refunded).toBe(counted("WHERE source_id = 'a' AND status = 'refunded'"))
    // A filter the counters cannot answer is counted.
    expect(countOrders(db, { keyword: 'NO-1' })).toBe(counted("WHERE order_no LIKE '%NO-1%'"))
    db.prepare("DELETE FROM sources WHERE id = 'a'").run()
    expect(countOrders(db, {})).toBe(counted())
    expect(countOrders(db, {})).toBe(25)
  })

  it('pages deep with the same rows as a plain OFFSET query', () => {
    writeOrders(db, 'a', Array.from({ length: 230 }, (_, i) => order({ remote_id: String(i), created_at: Date.UTC(2026, 0, 1) + (i % 17) * 1000, due: (i * 7919) % 1000 })))
    for (const sort of [{ key: 'created_at', order: 'desc' }, { key: 'due', order: 'asc' }, { key: 'source_name', order: 'asc' }] as const) {
      const page = listOrders(db, { filter: {}, sort, page: 3, pageSize: 50 })
      const column = sort.key === 'source_name' ? 's.name' : `o.${sort.key}`
      const plain = db
        .prepare(`SELECT o.id FROM orders o JOIN sources s ON s.id = o.source_id ORDER BY ${column} ${sort.order}, o.id ${sort.order} LIMIT 50 OFFSET 100`)
        .all() as Array<{ id: number }>
      expect(page.rows.map((r) => r.id)).toEqual(plain.map((r) => r.id))
      expect(page.total).toBe(230)
    }
  })
})
