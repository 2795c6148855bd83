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

  it('finds keywords: two Chinese characters in names, three and more anywhere in the searched fields', () => {
    writeOrders(db, 'a', [
      order({ remote_id: '2001708140000017551', order_no: 'P2026112400000294', product_name: '年度会员', customer_name: '王小二', trade_no: '4200001234' }),
      order({ remote_id: '2', order_no: 'SO9', product_name: '动态流量套餐 10GB', customer_name: '欧阳娜', customer_id: 'user_007' }),
      order({ remote_id: '3', order_no: 'X"1', product_name: 'Python 数据分析实战', customer_name: null }),
    ])
    const ids = (keyword: string): string[] => listOrders(db, { filter: { keyword }, sort: { key: 'created_at', order: 'desc' }, page: 1, pageSize: 50 }).rows.map((r) => r.remote_id).sort()
    expect(ids('会员')).toEqual(['2001708140000017551'])
    expect(ids('欧阳')).toEqual(['2'])
    expect(ids('小二')).toEqual(['2001708140000017551'])
    expect(ids('流量套')).toEqual(['2'])
    expect(ids('20261124')).toEqual(['2001708140000017551']) // inside an order number
    expect(ids('001234')).toEqual(['2001708140000017551']) // trade no
    expect(ids('USER_00')).toEqual(['2']) // customer id, any case
    expect(ids('python')).toEqual(['3'])
    expect(ids('708140000017')).toEqual(['2001708140000017551']) // remote id
    expect(ids('SO')).toEqual(['2']) // a short order-number prefix
    expect(ids('X"1')).toEqual(['3']) // quotes cannot break the query
    expect(ids('不存在的')).toEqual([])
    expect(countOrders(db, { keyword: '会员' })).toBe(1)
    // Changing a searched field moves the order in the index.
    writeOrders(db, 'a', [order({ remote_id: '2', order_no: 'SO9', product_name: '静态IP续费', customer_name: '欧阳娜', customer_id: 'user_007' })])
    expect(ids('流量套')).toEqual([])
    expect(ids('续费')).toEqual(['2'])
  })
})

