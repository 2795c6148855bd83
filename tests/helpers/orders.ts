import type { Db } from '../../src-main/db/database'
import type { NormalizedOrder } from '../../src-main/orders/order'
import { OrderWriter } from '../../src-main/orders/writer'

/** Adds a source row for tests that write orders directly. */
export function addSource(db: Db, id: string, kind = 'pub', name = id): void {
  db.prepare('INSERT INTO sources (id, name, kind, base_url, created_at, updated_at) VALUES (?, ?, ?, ?, 0, 0)').run(id, name, kind, 'http://127.0.0.1:9')
}

/** A normalized order with defaults; override what the test is about. */
export function order(overrides: Partial<NormalizedOrder> & { remote_id: string }): NormalizedOrder {
  return {
    order_no: `NO-${overrides.remote_id}`,
    trade_no: null,
    status: 'paid',
    remote_status: '1',
    product_type: '9',
    product_name: '动态流量套餐',
    product_id: '9001',
    customer_id: null,
    customer_name: null,
    pay_channel: null,
    currency: 'CNY',
    total: 1000,
    discount: 0,
    due: 1000,
    paid: 1000,
    refunded: 0,
    created_at: Date.UTC(2026, 10, 1),
    paid_at: null,
    expires_at: null,
    updated_at: null,
    warnings: [],
    raw: { id: overrides.remote_id },
    ...overrides,
  }
}

export function writeOrders(db: Db, sourceId: string, orders: NormalizedOrder[]): void {
  new OrderWriter(db).upsert(sourceId, orders, Date.now())
}
