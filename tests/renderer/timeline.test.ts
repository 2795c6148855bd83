// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest'
import type { OrderDetail } from '../../src-preload/contract'
import { orderTimeline, timelineText, type TimelineEntry } from '../../src-renderer/src/components/orders/timeline'
import { money } from '../../src-renderer/src/format'
import { i18n } from '../../src-renderer/src/i18n'

const t = (key: string, named?: Record<string, unknown>): string => i18n.global.t(key, named ?? {})
const yuan = (fen: number): string => money(fen, 'CNY')

const CREATED = Date.UTC(2026, 10, 1, 2)
const HOUR = 3_600_000
/** The sync's own times: an event must never be put at one of them. */
const SYNC_TIMES = { updated_at: CREATED + 50 * HOUR, last_seen_at: CREATED + 90 * HOUR, first_seen_at: CREATED + HOUR }

type Order = Parameters<typeof orderTimeline>[0] & typeof SYNC_TIMES
function detail(overrides: Partial<Order>): Order {
  return {
    status: 'paid',
    created_at: CREATED,
    paid_at: null,
    paid: 0,
    refunded: 0,
    expires_at: null,
    refunds: [],
    ...SYNC_TIMES,
    ...overrides,
  }
}
const refund = (r: Partial<OrderDetail['refunds'][number]>): OrderDetail['refunds'][number] => ({
  id: 're_1',
  amount: 500,
  status: 'succeeded',
  succeeded_at: null,
  created_at: null,
  ...r,
})
const shape = (entries: TimelineEntry[]) => entries.map((e) => [e.event, e.at, e.amount])

beforeEach(() => {
  i18n.global.locale.value = 'zh-CN'
})

describe('the order timeline', () => {
  it('gives a refund whose API gives no time no time, never the last sync or update', () => {
    // pub: status 3 is refunded, and the API has no refund time (nor a pay time).
    const entries = orderTimeline(detail({ status: 'refunded', paid: 1000, refunded: 1000 }))
    expect(shape(entries)).toEqual([
      ['created', CREATED, null],
      ['paid', null, null],
      ['refunded', null, 1000],
    ])
    const times = entries.map((e) => e.at)
    expect(times).not.toContain(SYNC_TIMES.updated_at)
    expect(times).not.toContain(SYNC_TIMES.last_seen_at)
  })

  it('puts a Ping++ refund at its time_succeed, and what the listed refunds leave of the refunded amount without a time', () => {
    const paidAt = CREATED + HOUR
    const succeeded = CREATED + 5 * HOUR
    const entries = orderTimeline(
      detail({
        status: 'partially_refunded',
        paid_at: paidAt,
        paid: 3000,
        refunded: 800,
        refunds: [refund({ amount: 500, succeeded_at: succeeded, created_at: succeeded - HOUR })],
      }),
    )
    expect(shape(entries)).toEqual([
      ['created', CREATED, null],
      ['paid', paidAt, null],
      ['refunded', succeeded, 500],
      ['refunded', null, 300],
    ])
  })

  it('shows a refund still pending or failed at the time it was asked for, and does not count it as refunded', () => {
    const asked = CREATED + 3 * HOUR
    const entries = orderTimeline(
      detail({
        paid_at: CREATED + HOUR,
        paid: 3000,
        refunds: [refund({ status: 'pending', created_at: asked }), refund({ id: 're_2', status: 'failed', created_at: asked + HOUR })],
      }),
    )
    expect(shape(entries)).toEqual([
      ['created', CREATED, null],
      ['paid', CREATED + HOUR, null],
      ['refundPending', asked, 500],
      ['refundFailed', asked + HOUR, 500],
    ])
  })

  it('shows no payment deadline for an order paid before it', () => {
    const entries = orderTimeline(detail({ paid_at: CREATED + HOUR, paid: 1000, expires_at: CREATED + 2 * HOUR }))
    expect(entries.map((e) => e.event)).toEqual(['created', 'paid'])
  })

  it('shows the expiry of an order never paid as its payment deadline, not as an expiry that happened', () => {
    const entries = orderTimeline(detail({ status: 'pending', expires_at: CREATED + 2 * HOUR }))
    expect(shape(entries)).toEqual([
      ['created', CREATED, null],
      ['payBy', CREATED + 2 * HOUR, null],
    ])
    expect(timelineText(t, entries[1], yuan)).toBe('支付期限')
    i18n.global.locale.value = 'en'
    expect(timelineText(t, entries[1], yuan)).toBe('Payment deadline')
  })

  it('gives a cancellation no time, after the deadline the API gave', () => {
    const entries = orderTimeline(detail({ status: 'canceled', expires_at: CREATED + 2 * HOUR }))
    expect(shape(entries)).toEqual([
      ['created', CREATED, null],
      ['payBy', CREATED + 2 * HOUR, null],
      ['canceled', null, null],
    ])
  })

  it('places a payment without a time before a refund with one', () => {
    const at = CREATED + 4 * HOUR
    const entries = orderTimeline(detail({ status: 'refunded', paid: 500, refunded: 500, refunds: [refund({ succeeded_at: at })] }))
    expect(shape(entries)).toEqual([
      ['created', CREATED, null],
      ['paid', null, null],
      ['refunded', at, 500],
    ])
  })

  it('says in words, in each language, that the API gave no time', () => {
    const entry: TimelineEntry = { event: 'refunded', at: null, amount: 123456, type: 'danger' }
    expect(timelineText(t, entry, yuan)).toBe('退款 ¥1,234.56（接口没有提供退款时间）')
    expect(timelineText(t, { ...entry, at: CREATED }, yuan)).toBe('退款 ¥1,234.56')
    expect(timelineText(t, { event: 'paid', at: null, amount: null, type: 'success' }, yuan)).toBe('支付（接口没有提供支付时间）')
    i18n.global.locale.value = 'en'
    expect(timelineText(t, entry, yuan)).toBe('Refunded ¥1,234.56 (the API gives no time of refund)')
    expect(timelineText(t, { event: 'canceled', at: null, amount: null, type: 'info' }, yuan)).toBe(
      'Canceled (the API gives no time of cancellation)',
    )
  })
})
