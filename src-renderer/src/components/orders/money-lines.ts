import type { OrderDetail } from '../../../../src-preload/contract'

export type MoneyLine = { key: 'total' | 'discount' | 'surcharge' | 'due' | 'paid' | 'refunded'; fen: number }

/**
 * An order's amounts as the drawer lists them: a discount as the positive amount taken off the
 * total; an amount due above the total (a fee added) as a surcharge, never a negative discount.
 */
export function moneyLines(o: Pick<OrderDetail, 'total' | 'discount' | 'due' | 'paid' | 'refunded'>): MoneyLine[] {
  return [
    { key: 'total', fen: o.total },
    o.discount < 0 ? { key: 'surcharge', fen: -o.discount } : { key: 'discount', fen: o.discount },
    { key: 'due', fen: o.due },
    { key: 'paid', fen: o.paid },
    { key: 'refunded', fen: o.refunded },
  ]
}
