import type { Db } from '../db/database'
import { DAY_MS, QUARTER_MS } from '../db/migrations'

/** The columns of a new order that its rollups and the names dictionary read. */
export interface RolledUpOrder {
  status: string
  product_type: string | null
  product_name: string | null
  customer_name: string | null
  pay_channel: string | null
  currency: string
  due: number
  paid: number
  refunded: number
  created_at: number
  paid_at: number | null
}

/** Floor division of an integer by a positive grain, as the schema's triggers compute it. */
function grainOf(ms: number, grain: number): number {
  return (ms - (((ms % grain) + grain) % grain)) / grain
}

/** Code-point order, as SQLite compares TEXT (BINARY on UTF-8); JavaScript's `<` compares UTF-16 units. */
export function textMax(a: string | null, b: string | null): string | null {
  if (a === null) return b
  if (b === null) return a
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i)
    let y = b.charCodeAt(i)
    if (x === y) continue
    // Surrogates (astral characters) come after U+E000–U+FFFF in code-point order.
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000
    }
    return x > y ? a : b
  }
  return a.length >= b.length ? a : b
}

type Sums = number[]

/** Adds `values` into the sums kept under `key`, or keeps them as its first. */
function addTo<K>(map: Map<string, { key: K; sums: Sums }>, id: string, key: K, values: Sums): void {
  const entry = map.get(id)
  if (!entry) map.set(id, { key, sums: values })
  else for (let i = 0; i < values.length; i++) entry.sums[i] += values[i]
}

/**
 * The rollups (revenue_quarters, order_counts and the per-day tables) and the names dictionary
 * for orders inserted in one transaction, summed per key and written once per key at the end:
 * cheaper than a trigger program run for every inserted row. Updates and deletes keep their
 * triggers (they are rare, and need the old row). Every insert into orders goes through
 * OrderWriter, which uses this.
 */
export class NewOrderRollups {
  private readonly quarters = new Map<string, { key: [number, string, string]; sums: Sums }>()
  private readonly counts = new Map<string, { key: [string, string, string]; sums: Sums; productName: string | null }>()
  private readonly products = new Map<string, { key: [number, string, string, string, string, string]; sums: Sums }>()
  private readonly channels = new Map<string, { key: [number, string, string, string, string, string]; sums: Sums }>()
  private readonly days = new Map<string, { key: [number, number, number, string, string, string, string]; sums: Sums }>()
  private readonly names = new Set<string>()
  private readonly statements

  constructor(db: Db) {
    this.statements = {
      quarter: db.prepare(
        `INSERT INTO revenue_quarters (quarter, source_id, currency, orders, paid_orders, gross, refunds) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT DO UPDATE SET orders = orders + excluded.orders, paid_orders = paid_orders + excluded.paid_orders,
           gross = gross + excluded.gross, refunds = refunds + excluded.refunds`,
      ),
      count: db.prepare(
        `INSERT INTO order_counts (source_id, status, product_type, n, product_name) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT DO UPDATE SET n = n + excluded.n,
           product_name = coalesce(max(product_name, excluded.product_name), product_name, excluded.product_name)`,
      ),
      product: db.prepare(
        `INSERT INTO product_days (day, source_id, currency, product_name, status, product_type, orders, paid_orders, net)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT DO UPDATE SET orders = orders + excluded.orders, paid_orders = paid_orders + excluded.paid_orders, net = net + excluded.net`,
      ),
      channel: db.prepare(
        `INSERT INTO channel_days (day, source_id, currency, pay_channel, status, product_type, orders, paid_orders, gross, refunds)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT DO UPDATE SET orders = orders + excluded.orders, paid_orders = paid_orders + excluded.paid_orders,
           gross = gross + excluded.gross, refunds = refunds + excluded.refunds`,
      ),
      day: db.prepare(
        `INSERT INTO order_days (created_day, revenue_day, pay_time, source_id, currency, status, product_type, orders, due, paid, refunded)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT DO UPDATE SET orders = orders + excluded.orders, due = due + excluded.due, paid = paid + excluded.paid,
           refunded = refunded + excluded.refunded`,
      ),
      name: db.prepare('INSERT OR IGNORE INTO search_names (name) VALUES (?)'),
    }
  }

  /** Counts one order inserted for `sourceId`. */
  add(sourceId: string, o: RolledUpOrder): void {
    const revenueAt = o.paid_at ?? o.created_at
    const productType = o.product_type ?? ''
    const createdQuarter = grainOf(o.created_at, QUARTER_MS)
    const createdDay = grainOf(o.created_at, DAY_MS)
    const revenueDay = grainOf(revenueAt, DAY_MS)
    const paidOrder = o.paid > 0 ? 1 : 0
    addTo(this.quarters, `${createdQuarter}\u0000${sourceId}\u0000${o.currency}`, [createdQuarter, sourceId, o.currency], [1, 0, 0, 0])
    const countId = `${sourceId}\u0000${o.status}\u0000${productType}`
    const count = this.counts.get(countId)
    if (!count) this.counts.set(countId, { key: [sourceId, o.status, productType], sums: [1], productName: o.product_name })
    else {
      count.sums[0]++
      count.productName = textMax(count.productName, o.product_name)
    }
    const pay = o.paid_at === null ? 0 : 1
    addTo(
      this.days,
      `${createdDay}\u0000${revenueDay}\u0000${pay}\u0000${sourceId}\u0000${o.currency}\u0000${o.status}\u0000${productType}`,
      [createdDay, revenueDay, pay, sourceId, o.currency, o.status, productType],
      [1, o.due, o.paid, o.refunded],
    )
    if (o.paid !== 0 || o.refunded !== 0) {
      const revenueQuarter = grainOf(revenueAt, QUARTER_MS)
      addTo(
        this.quarters,
        `${revenueQuarter}\u0000${sourceId}\u0000${o.currency}`,
        [revenueQuarter, sourceId, o.currency],
        [0, paidOrder, o.paid, o.refunded],
      )
      const product = o.product_name ?? ''
      addTo(
        this.products,
        `${revenueDay}\u0000${sourceId}\u0000${o.currency}\u0000${product}\u0000${o.status}\u0000${productType}`,
        [revenueDay, sourceId, o.currency, product, o.status, productType],
        [1, paidOrder, o.paid - o.refunded],
      )
      const channel = o.pay_channel ?? ''
      addTo(
        this.channels,
        `${revenueDay}\u0000${sourceId}\u0000${o.currency}\u0000${channel}\u0000${o.status}\u0000${productType}`,
        [revenueDay, sourceId, o.currency, channel, o.status, productType],
        [1, paidOrder, o.paid, o.refunded],
      )
    }
    if (o.product_name !== null) this.names.add(o.product_name)
    if (o.customer_name !== null) this.names.add(o.customer_name)
  }

  /** Forgets what was counted: a transaction that failed wrote none of it. */
  clear(): void {
    this.quarters.clear()
    this.counts.clear()
    this.products.clear()
    this.channels.clear()
    this.days.clear()
    this.names.clear()
  }

  /** Writes what was counted (inside the inserts' transaction) and starts afresh. */
  write(): void {
    const s = this.statements
    for (const { key, sums } of this.quarters.values()) s.quarter.run(...key, ...sums)
    for (const { key, sums, productName } of this.counts.values()) s.count.run(...key, sums[0], productName)
    for (const { key, sums } of this.products.values()) s.product.run(...key, ...sums)
    for (const { key, sums } of this.channels.values()) s.channel.run(...key, ...sums)
    for (const { key, sums } of this.days.values()) s.day.run(...key, ...sums)
    for (const name of this.names) s.name.run(name)
    this.clear()
  }
}
