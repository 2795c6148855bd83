import { describe, expect, it } from 'vitest'
import { MIN_INSTANT } from '../../../../src-preload/contract-values'
import { figureLink, WAITING_LINK } from '../../../../src-renderer/src/components/home/links'
import { daysRange } from '../../../../src-renderer/src/dates'
import { defaultViewState, isOrdersLink, toFilter, viewStateFromLink } from '../../../../src-renderer/src/stores/orders-view'

const TZ = 'Asia/Shanghai'
const cn = (iso: string): number => Date.parse(`${iso}+08:00`)
const NOW = cn('2026-11-15T10:00:00')
const MONTH = { fromDay: '2026-11-01', toDay: '2026-11-15' }

/** The list's filter after following a link, as the list reads it. */
function filterOf(link: { query: Record<string, string> }, current = defaultViewState()) {
  const { state, dropped } = viewStateFromLink(link.query, current)
  expect(dropped).toBe(0)
  return toFilter(state, TZ, NOW)
}

describe('the 工作台’s links into the order list', () => {
  const days = { revenueFrom: cn('2026-11-01T00:00:00'), revenueTo: daysRange('2026-11-15', '2026-11-15', TZ).to }

  it('open a period’s net revenue as its days by revenue time, every status', () => {
    expect(filterOf(figureLink(MONTH, 'net'))).toEqual(days)
  })

  it('open its paid orders as the statuses of orders that took money', () => {
    expect(filterOf(figureLink(MONTH, 'paid_orders'))).toEqual({ ...days, statuses: ['paid', 'partially_refunded', 'refunded'] })
  })

  it('open its refunds as the refunded statuses', () => {
    expect(filterOf(figureLink(MONTH, 'refunds'))).toEqual({ ...days, statuses: ['refunded', 'partially_refunded'] })
  })

  it('open the orders waiting over 24 hours as pending ones created before now − 24 h, whatever date field the list had', () => {
    const before = { ...defaultViewState(), dateField: 'paid' as const, shortcut: 'today' as const }
    expect(filterOf(WAITING_LINK, before)).toEqual({ statuses: ['pending'], createdFrom: MIN_INSTANT, createdTo: NOW - 24 * 3_600_000 - 1 })
  })

  it('are links the list applies, even one that names only the shortcut', () => {
    expect(isOrdersLink({ shortcut: 'over24h' })).toBe(true)
    expect(filterOf({ query: { shortcut: 'over24h' } })).toEqual({ createdFrom: MIN_INSTANT, createdTo: NOW - 24 * 3_600_000 - 1 })
  })
})
