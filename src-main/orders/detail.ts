import type { OrderDetail, OrderFilter, SourceKindInfo } from '../../src-preload/contract'
import type { Db } from '../db/database'
import { readAnnotation } from '../notes/notes'
import { AppError } from '../shared/app-error'
import { ordersByStatus } from './queries'

/** One order with everything the detail drawer shows, read from the cache (works offline). */
export function getOrderDetail(db: Db, id: number, kinds: readonly SourceKindInfo[]): OrderDetail {
  const row = db
    .prepare(
      `SELECT o.*, p.raw AS raw, s.name AS source_name, s.kind AS source_kind FROM orders o
       JOIN sources s ON s.id = o.source_id LEFT JOIN order_payloads p ON p.order_id = o.id WHERE o.id = ?`,
    )
    .get(id) as
    | (Record<string, unknown> & { source_kind: OrderDetail['source_kind']; status: string; warnings: string | null; raw: string | null })
    | undefined
  if (!row) throw new AppError('not_found', `no order with id ${id} in the cache`)
  const capabilities = kinds.find((k) => k.kind === row.source_kind)?.capabilities
  const raw = row.raw === null ? null : (JSON.parse(row.raw) as unknown)
  const cancel: OrderDetail['cancel'] = !capabilities?.cancel
    ? { allowed: false, reason: 'unsupported' }
    : row.status !== 'pending'
      ? { allowed: false, reason: 'not_pending' }
      : { allowed: true, reason: null }
  const { warnings, fingerprint: _fingerprint, revenue_at: _revenueAt, ...fields } = row
  const annotation = readAnnotation(db, row.source_id as string, row.remote_id as string)
  return {
    ...(fields as unknown as OrderDetail),
    note: annotation.note,
    tags: annotation.tags,
    note_updated_at: annotation.updatedAt,
    warnings: warnings ? (JSON.parse(warnings) as string[]) : [],
    raw,
    charges: row.source_kind === 'pingpp' ? pingppCharges(raw) : [],
    refunds: row.source_kind === 'pingpp' ? pingppRefunds(raw) : [],
    cancel,
    canRefresh: capabilities?.get ?? false,
  }
}

/** Ping++ charges as listed in the order's raw payload. */
function pingppCharges(raw: unknown): OrderDetail['charges'] {
  const data = (raw as { charges?: { data?: unknown } } | null)?.charges?.data
  if (!Array.isArray(data)) return []
  // A malformed entry (not an object) is passed over: the rest of the order still shows.
  const charges = data.filter((c): c is Record<string, unknown> => typeof c === 'object' && c !== null)
  return charges.map((c) => ({
    id: String(c.id ?? ''),
    channel: typeof c.channel === 'string' ? c.channel : null,
    amount: typeof c.amount === 'number' ? c.amount : null,
    paid: c.paid === true,
    transaction_no: typeof c.transaction_no === 'string' ? c.transaction_no : null,
    time_paid: typeof c.time_paid === 'number' ? c.time_paid * 1000 : null,
  }))
}

/** Unix seconds as epoch ms; anything else (a missing or malformed time) is no time. */
const secondsToMs = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value * 1000 : null)

/**
 * The refunds of a Ping++ order's charges, as listed in its raw payload (`charges.data[].refunds.data[]`):
 * each carries the times Ping++ gives (`time_succeed`, `created`), the only API here that gives any.
 */
function pingppRefunds(raw: unknown): OrderDetail['refunds'] {
  const charges = (raw as { charges?: { data?: unknown } } | null)?.charges?.data
  if (!Array.isArray(charges)) return []
  const refunds: OrderDetail['refunds'] = []
  for (const charge of charges as Array<{ refunds?: { data?: unknown } | null } | null>) {
    const data = charge?.refunds?.data
    if (!Array.isArray(data)) continue
    for (const r of data as Array<Record<string, unknown> | null>) {
      if (!r || typeof r !== 'object') continue
      refunds.push({
        id: String(r.id ?? ''),
        amount: typeof r.amount === 'number' ? r.amount : null,
        status: typeof r.status === 'string' ? r.status : null,
        succeeded_at: secondsToMs(r.time_succeed),
        created_at: secondsToMs(r.created),
      })
    }
  }
  return refunds
}

export function orderKey(db: Db, id: number): { sourceId: string; remoteId: string; orderNo: string | null } {
  const row = db.prepare('SELECT source_id, remote_id, order_no FROM orders WHERE id = ?').get(id) as
    { source_id: string; remote_id: string; order_no: string | null } | undefined
  if (!row) throw new AppError('not_found', `no order with id ${id} in the cache`)
  return { sourceId: row.source_id, remoteId: row.remote_id, orderNo: row.order_no }
}

export function orderIdOf(db: Db, sourceId: string, remoteId: string): number {
  const row = db.prepare('SELECT id FROM orders WHERE source_id = ? AND remote_id = ?').get(sourceId, remoteId) as
    { id: number } | undefined
  if (!row) throw new AppError('internal', `order ${remoteId} of ${sourceId} is not in the cache`)
  return row.id
}

/** Order counts per normalized status for the filter bar (the status filter itself left out). */
export function statusCounts(db: Db, filter: OrderFilter): Record<string, number> {
  const counts: Record<string, number> = { pending: 0, paid: 0, partially_refunded: 0, refunded: 0, canceled: 0, failed: 0, unknown: 0 }
  for (const [status, n] of ordersByStatus(db, filter)) counts[status] = n
  return counts
}
