import type { Db } from '../../src-main/db/database'
import type { NormalizedOrder } from '../../src-main/orders/order'
import { OrderWriter } from '../../src-main/orders/writer'
import { Random } from '../../src-main/sandboxes/random'

/** Adds a source row for tests that write orders directly. */
export function addSource(db: Db, id: string, kind = 'pub', name = id): void {
  db.prepare('INSERT INTO sources (id, name, kind, base_url, created_at, updated_at) VALUES (?, ?, ?, ?, 0, 0)').run(
    id,
    name,
    kind,
    'http://127.0.0.1:9',
  )
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

const DAY_MS = 86_400_000

/**
 * Random orders over two years in source 'shop' (there already) and 'other' (added here): two
 * currencies, every status, a few product types and names, some missing; then a third of them
 * rewritten (new money, times, status, product) and some deleted, as syncs and removals do.
 */
export function churnOrders(db: Db, seed: number): void {
  addSource(db, 'other')
  const random = new Random(seed)
  const start = Date.parse('2025-01-01T00:00:00Z')
  const make = (id: string): NormalizedOrder => {
    const created = start + random.int(0, 700 * DAY_MS)
    const paid = random.next() < 0.7 ? random.int(1, 100_000) : 0
    const refunded = paid && random.next() < 0.2 ? random.int(1, paid) : 0
    const type = random.pick(['9', '7', '', null])
    return order({
      remote_id: id,
      created_at: created,
      paid_at: paid && random.next() < 0.8 ? created + random.int(0, 3 * DAY_MS) : null,
      paid,
      refunded,
      due: random.int(0, 100_000),
      currency: random.next() < 0.9 ? 'CNY' : 'USD',
      status: paid
        ? refunded === paid
          ? 'refunded'
          : refunded
            ? 'partially_refunded'
            : 'paid'
        : random.pick(['pending', 'canceled', 'failed', 'unknown']),
      product_type: type,
      product_name: type === null ? null : random.pick(['动态流量套餐', '静态IP套餐', '年度会员', null]),
    })
  }
  for (const source of ['shop', 'other'])
    writeOrders(
      db,
      source,
      Array.from({ length: 400 }, (_, i) => make(`${source}-${i}`)),
    )
  for (const source of ['shop', 'other'])
    writeOrders(
      db,
      source,
      Array.from({ length: 400 }, (_, i) => i)
        .filter(() => random.next() < 0.33)
        .map((i) => make(`${source}-${i}`)),
    )
  db.prepare("DELETE FROM orders WHERE source_id = 'other' AND remote_id LIKE '%7'").run()
}
