import crypto from 'node:crypto'
import type { Db } from '../db/database'
import type { NormalizedOrder } from './order'
import { NewOrderRollups } from './rollups'

export interface UpsertCounts {
  inserted: number
  updated: number
  unchanged: number
  /** Orders written as paid that the cache did not hold as paid: new paid orders and pending (or any other status) to paid. */
  becamePaid: number
}

/** The normalized fields, in a fixed order: what "a real change" means. */
const FIELDS = [
  'order_no',
  'trade_no',
  'status',
  'remote_status',
  'product_type',
  'product_name',
  'product_id',
  'customer_id',
  'customer_name',
  'pay_channel',
  'currency',
  'total',
  'discount',
  'due',
  'paid',
  'refunded',
  'created_at',
  'paid_at',
  'expires_at',
  'updated_at',
] as const satisfies ReadonlyArray<keyof NormalizedOrder>

/** A 53-bit hash of the normalized fields (fits SQLite's INTEGER and a JS number exactly). */
export function fingerprint(order: NormalizedOrder): number {
  const hex = crypto.hash('sha1', JSON.stringify(FIELDS.map((f) => order[f])))
  return parseInt(hex.slice(0, 12), 16) * 32 + (parseInt(hex.slice(12, 14), 16) >> 3)
}

/** An order ready to write: made on the thread that fetched it, so the writing thread only writes. */
export interface WritableOrder extends Omit<NormalizedOrder, 'raw'> {
  /** The record as the API sent it, as JSON. */
  raw_json: string
  fingerprint: number
}

export function writable(order: NormalizedOrder): WritableOrder {
  const { raw, ...fields } = order
  return { ...fields, raw_json: JSON.stringify(raw ?? null), fingerprint: fingerprint(order) }
}

interface Existing {
  id: number
  fingerprint: number
  status: string
  last_seen_at: number
  missing_since: number | null
}

/**
 * Writes normalized orders into the cache, keyed by (source_id, remote_id), with the raw
 * payload beside them in order_payloads. Each call is one transaction, so a page is either
 * all in or not at all. An order whose normalized fields did not change keeps its row (and
 * its raw payload) and is only marked as seen. New orders' rollups are written once per
 * transaction (rollups.ts).
 */
export class OrderWriter {
  private readonly select
  private readonly insert
  private readonly update
  private readonly touch
  private readonly payload
  private readonly rollups

  constructor(private readonly db: Db) {
    this.rollups = new NewOrderRollups(db)
    // The batch's orders already cached, found in one statement rather than one per order.
    this.select = db.prepare(
      `SELECT remote_id, id, fingerprint, status, last_seen_at, missing_since FROM orders
       WHERE source_id = ? AND remote_id IN (SELECT value FROM json_each(?))`,
    )
    const columns = [...FIELDS, 'warnings', 'fingerprint']
    this.insert = db.prepare(
      `INSERT INTO orders (${columns.join(', ')}, source_id, remote_id, last_seen_at, first_seen_at)
       VALUES (${columns.map(() => '?').join(', ')}, ?, ?, ?, ?)`,
    )
    this.update = db.prepare(
      `UPDATE orders SET ${columns.map((c) => `${c} = ?`).join(', ')}, source_id = ?, remote_id = ?, last_seen_at = ?, missing_since = NULL
       WHERE id = ?`,
    )
    this.touch = db.prepare('UPDATE orders SET last_seen_at = ?, missing_since = NULL WHERE id = ?')
    this.payload = db.prepare(
      'INSERT INTO order_payloads (order_id, raw) VALUES (?, ?) ON CONFLICT (order_id) DO UPDATE SET raw = excluded.raw',
    )
  }

  /** Upserts one batch; `extra` runs inside the same transaction (sync saves its cursor there). */
  upsert(sourceId: string, orders: readonly NormalizedOrder[], seenAt: number, extra?: () => void): UpsertCounts {
    return this.write(sourceId, orders.map(writable), seenAt, extra)
  }

  /** `upsert` of orders made writable beforehand. */
  write(sourceId: string, orders: readonly WritableOrder[], seenAt: number, extra?: () => void): UpsertCounts {
    const counts: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0, becamePaid: 0 }
    // IMMEDIATE: the write lock is taken (waiting if need be) before the first read, so a
    // commit by another connection in between cannot fail this one with SQLITE_BUSY.
    this.db
      .transaction(() => {
        this.rollups.clear()
        const cached = new Map<string, Existing>()
        const ids = JSON.stringify(orders.map((o) => o.remote_id))
        for (const row of this.select.all(sourceId, ids) as Array<Existing & { remote_id: string }>) cached.set(row.remote_id, row)
        for (const order of orders) {
          const existing = cached.get(order.remote_id)
          if (order.status === 'paid' && existing?.status !== 'paid') counts.becamePaid++
          if (!existing) {
            const id = Number(this.insert.run(...this.values(sourceId, order, seenAt), seenAt).lastInsertRowid)
            this.payload.run(id, order.raw_json)
            this.rollups.add(sourceId, order)
            counts.inserted++
            // A remote id listed twice in one batch is the same order the second time.
            cached.set(order.remote_id, {
              id,
              fingerprint: order.fingerprint,
              status: order.status,
              last_seen_at: seenAt,
              missing_since: null,
            })
          } else if (existing.fingerprint !== order.fingerprint) {
            // The update's triggers take the old row out of the rollups: it must be in them first.
            this.rollups.write()
            this.update.run(...this.values(sourceId, order, seenAt), existing.id)
            this.payload.run(existing.id, order.raw_json)
            counts.updated++
            Object.assign(existing, { fingerprint: order.fingerprint, status: order.status, last_seen_at: seenAt, missing_since: null })
          } else {
            if (existing.last_seen_at < seenAt || existing.missing_since !== null) this.touch.run(seenAt, existing.id)
            counts.unchanged++
            Object.assign(existing, { last_seen_at: seenAt, missing_since: null })
          }
        }
        this.rollups.write()
        extra?.()
      })
      .immediate()
    return counts
  }

  /** The columns' values in the statements' order, up to the time seen. */
  private values(sourceId: string, order: WritableOrder, seenAt: number): unknown[] {
    const values: unknown[] = FIELDS.map((f) => order[f])
    values.push(order.warnings.length ? JSON.stringify(order.warnings) : null, order.fingerprint, sourceId, order.remote_id, seenAt)
    return values
  }
}
