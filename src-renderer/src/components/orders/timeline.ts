import type { OrderDetail } from '../../../../src-preload/contract'

/** What happened to an order, as the drawer's timeline names it (`detail.events.<key>`). */
export type TimelineEvent = 'created' | 'paid' | 'payBy' | 'canceled' | 'refunded' | 'refundPending' | 'refundFailed'

export interface TimelineEntry {
  event: TimelineEvent
  /** The time the API gave; null when it gives none (the entry says so, it never guesses). */
  at: number | null
  /** The amount the event moved, in fen, when it is one refund's. */
  amount: number | null
  type: 'primary' | 'success' | 'warning' | 'danger' | 'info'
}

type TimelineOrder = Pick<OrderDetail, 'status' | 'created_at' | 'paid_at' | 'paid' | 'refunded' | 'expires_at' | 'refunds'>

/** The order events come in, for placing an entry without a time among the others. */
const STAGE: Record<TimelineEvent, number> = {
  created: 0,
  payBy: 1,
  paid: 1,
  canceled: 2,
  refundPending: 3,
  refundFailed: 3,
  refunded: 3,
}

/**
 * The drawer's timeline: only times an API gave. The sync's own times (last seen, updated) are
 * never an event's. A payment deadline shows only for an order that was never paid; a refund
 * or cancellation the API gives no time for is an entry without one.
 */
export function orderTimeline(o: TimelineOrder): TimelineEntry[] {
  const entries: TimelineEntry[] = [{ event: 'created', at: o.created_at, amount: null, type: 'primary' }]
  const unpaid = o.paid_at === null && o.paid === 0
  if (!unpaid) entries.push({ event: 'paid', at: o.paid_at, amount: null, type: 'success' })
  if (unpaid && o.expires_at !== null) entries.push({ event: 'payBy', at: o.expires_at, amount: null, type: 'warning' })
  if (o.status === 'canceled') entries.push({ event: 'canceled', at: null, amount: null, type: 'info' })
  let listed = 0
  for (const r of o.refunds) {
    if (r.status === 'succeeded' || (r.status === null && r.succeeded_at !== null)) {
      listed += r.amount ?? 0
      entries.push({ event: 'refunded', at: r.succeeded_at, amount: r.amount, type: 'danger' })
    } else if (r.status === 'failed') entries.push({ event: 'refundFailed', at: r.created_at, amount: r.amount, type: 'info' })
    else entries.push({ event: 'refundPending', at: r.created_at, amount: r.amount, type: 'warning' })
  }
  // What the order says was refunded beyond the refunds listed with it: the API gave no time for it.
  const unlisted = o.refunded - listed
  const refundedStatus = o.status === 'refunded' || o.status === 'partially_refunded'
  if (unlisted > 0 || (refundedStatus && listed === 0)) {
    entries.push({ event: 'refunded', at: null, amount: unlisted > 0 ? unlisted : null, type: 'danger' })
  }
  return placed(entries)
}

/**
 * Entries with a time in time order; each one without a time just before the first entry of a
 * later stage (a refund after the payment, a payment before a refund), or at the end.
 */
function placed(entries: TimelineEntry[]): TimelineEntry[] {
  const timed = entries.filter((e) => e.at !== null).sort((a, b) => a.at! - b.at! || STAGE[a.event] - STAGE[b.event])
  for (const entry of entries.filter((e) => e.at === null).sort((a, b) => STAGE[a.event] - STAGE[b.event])) {
    const before = timed.findIndex((e) => e.at !== null && STAGE[e.event] > STAGE[entry.event])
    timed.splice(before === -1 ? timed.length : before, 0, entry)
  }
  return timed
}

type Translate = (key: string, named?: Record<string, unknown>) => string

/**
 * An entry in words, in the UI language: the event, its amount (`money` formats fen), and, when
 * the API gave no time for it, that it did not.
 */
export function timelineText(t: Translate, entry: TimelineEntry, money: (fen: number) => string): string {
  const name = t(`detail.events.${entry.event}`)
  const event = entry.amount === null ? name : t('detail.eventAmount', { event: name, amount: money(entry.amount) })
  return entry.at === null ? t('detail.noTime', { event, why: t(`detail.noTimeWhy.${entry.event}`) }) : event
}
