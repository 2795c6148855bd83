import type { HomePeriod, OrderStatusValue } from '../../../../src-preload/contract'

// Where each 工作台 figure leads: the order list with the filters that select the orders it
// counts, as links the list reads (stores/orders-view.ts viewStateFromLink).

export type HomeFigureKey = 'net' | 'paid_orders' | 'refunds'

/** Orders that took money (paid > 0): what "paid orders" counts. */
const PAID: readonly OrderStatusValue[] = ['paid', 'partially_refunded', 'refunded']
/** Orders with money refunded. */
const REFUNDED: readonly OrderStatusValue[] = ['refunded', 'partially_refunded']

export interface OrdersLink {
  path: '/orders'
  query: Record<string, string>
}

/** A figure of a period: its days by revenue time (as the figures count), and the statuses of what it counts. */
export function figureLink(period: Pick<HomePeriod, 'fromDay' | 'toDay'>, figure: HomeFigureKey): OrdersLink {
  const query: Record<string, string> = { from: period.fromDay, to: period.toDay, dateField: 'revenue' }
  if (figure === 'paid_orders') query.status = PAID.join(',')
  if (figure === 'refunds') query.status = REFUNDED.join(',')
  return { path: '/orders', query }
}

/** Orders waiting for payment for more than 24 hours. */
export const WAITING_LINK: OrdersLink = { path: '/orders', query: { status: 'pending', shortcut: 'over24h' } }
