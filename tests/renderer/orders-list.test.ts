import { describe, expect, it } from 'vitest'
import { fitColumns } from '../../src-renderer/src/components/orders/columns'
import { pickerMonths } from '../../src-renderer/src/components/orders/days'
import { moneyLines } from '../../src-renderer/src/components/orders/money-lines'

describe('the list’s column widths', () => {
  const columns = [
    { key: 'orderNo', width: 180 },
    { key: 'product', width: 160 },
    { key: 'due', width: 124 },
  ]

  it('give the room left to the product column, so the columns fill the table exactly, and squeeze none when they do not fit', () => {
    expect(fitColumns(columns, 1000, ['product', 'orderNo'])).toEqual({ orderNo: 180, product: 696, due: 124 })
    // Too narrow: the table scrolls sideways instead.
    expect(fitColumns(columns, 300, ['product', 'orderNo'])).toEqual({ orderNo: 180, product: 160, due: 124 })
  })

  it('give it to the next column named when the product column is hidden', () => {
    expect(fitColumns(columns.slice(0, 1).concat(columns.slice(2)), 1000, ['product', 'orderNo'])).toEqual({ orderNo: 876, due: 124 })
  })
})

describe('the custom days picker', () => {
  it('opens on this month at the right and the month before it at the left', () => {
    const [left, right] = pickerMonths('2026-12-06')
    expect([left.getFullYear(), left.getMonth() + 1, left.getDate()]).toEqual([2026, 11, 1])
    expect([right.getFullYear(), right.getMonth() + 1, right.getDate()]).toEqual([2026, 12, 1])
  })

  it('opens on December and January in January', () => {
    const [left, right] = pickerMonths('2027-01-31')
    expect([left.getFullYear(), left.getMonth() + 1]).toEqual([2026, 12])
    expect([right.getFullYear(), right.getMonth() + 1]).toEqual([2027, 1])
  })
})

describe('the drawer’s amounts', () => {
  it('show a discount as the positive amount taken off, and an amount due above the total as a surcharge', () => {
    const order = { total: 10000, discount: 1500, due: 8500, paid: 8500, refunded: 0 }
    expect(moneyLines(order)).toEqual([
      { key: 'total', fen: 10000 },
      { key: 'discount', fen: 1500 },
      { key: 'due', fen: 8500 },
      { key: 'paid', fen: 8500 },
      { key: 'refunded', fen: 0 },
    ])
    expect(moneyLines({ ...order, discount: -500, due: 10500 })[1]).toEqual({ key: 'surcharge', fen: 500 })
  })
})
