import crypto from 'node:crypto'
import type { Db } from '../db/database'
import type { NormalizedOrder } from './order'

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
  const text = JSON.stringify(FIELDS.map((f) => order[f]))
  const digest = crypto.createHash('sha1').update(text).digest()
  return digest.readUIntBE(0, 6) * 32 + (digest[6] >> 3)
}

/**
 * Writes normalized orders into the cache, keyed by (source_id, remote_id), with the raw
 * payload beside them in order_payloads. Each call is one transaction, so a page is either
 * all in or not at all. An order whose normalized fields did not change keeps its row (and
 * its raw payload) and is only marked as seen.
 */
export class OrderWriter {
  private readonly select
  private readonly insert
  private readonly update
  private readonly touch
  private readonly payload

  constructor(private readonly db: Db) {
    this.select = db.prepare(
      'SELECT id, fingerprint, status, last_seen_at, missing_since FROM orders WHERE source_id = ? AND remote_id = ?',
    )
    const columns = [...FIELDS, 'warnings', 'fingerprint']
    this.insert = db.prepare(
      `INSERT INTO orders (source_id, remote_id, ${columns.join(', ')}, first_seen_at, last_seen_at)
       VALUES (@source_id, @remote_id, ${columns.map((c) => `@${c}`).join(', ')}, @seen_at, @seen_at)`,
    )
    this.update = db.prepare(
      `UPDATE orders SET ${columns.map((c) => `${c} = @${c}`).join(', ')}, last_seen_at = @seen_at, missing_since = NULL WHERE id = @id`,
    )
    this.touch = db.prepare('UPDATE orders SET last_seen_at = ?, missing_since = NULL WHERE id = ?')
    this.payload = db.prepare(
      'INSERT INTO order_payloads (order_id, raw) VALUES (?, ?) ON CONFLICT (order_id) DO UPDATE SET raw = excluded.raw',
    )
  }

  /** Upserts one batch; `extra` runs inside the same transaction (sync saves its cursor there). */
  upsert(sourceId: string, orders: readonly NormalizedOrder[], seenAt: number, extra?: () => void): UpsertCounts {
    const counts: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0, becamePaid: 0 }
    // IMMEDIATE: the write lock is taken (waiting if need be) before the first read, so a
    // commit by another connection in between cannot fail this one with SQLITE_BUSY.
    this.db
      .transaction(() => {
        for (const order of orders) {
          const print = fingerprint(order)
          const existing = this.select.get(sourceId, order.remote_id) as
            { id: number; fingerprint: number; status: string; last_seen_at: number; missing_since: number | null } | undefined
          if (order.status === 'paid' && existing?.status !== 'paid') counts.becamePaid++
          if (!existing) {
            const id = this.insert.run(this.params(sourceId, order, print, seenAt)).lastInsertRowid
            this.payload.run(id, JSON.stringify(order.raw ?? null))
            counts.inserted++
          } else if (existing.fingerprint !== print) {
            this.update.run({ ...this.params(sourceId, order, print, seenAt), id: existing.id })
            this.payload.run(existing.id, JSON.stringify(order.raw ?? null))
            counts.updated++
          } else {
            if (existing.last_seen_at < seenAt || existing.missing_since !== null) this.touch.run(seenAt, existing.id)
            counts.unchanged++
          }
        }
        extra?.()
      })
      .immediate()
    return counts
  }

  private params(sourceId: string, order: NormalizedOrder, print: number, seenAt: number): Record<string, unknown> {
    const params: Record<string, unknown> = { source_id: sourceId, remote_id: order.remote_id, seen_at: seenAt, fingerprint: print }
    for (const f of FIELDS) params[f] = order[f]
    params.warnings = order.warnings.length ? JSON.stringify(order.warnings) : null
    return params
  }
}
