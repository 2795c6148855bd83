import { describe, expect, it } from 'vitest'
import type { OrderStatusValue } from '../../src-preload/contract'
import { cancelBlockKey } from '../../src-renderer/src/components/orders/status'

const blocked = (status: OrderStatusValue, reason: 'unsupported' | 'not_pending' | null = 'not_pending') =>
  cancelBlockKey({ status, cancel: { reason } })

describe('why an order cannot be canceled', () => {
  it('says the order’s real state: refunded, canceled or paid', () => {
    expect(blocked('refunded')).toBe('cancelRefunded')
    expect(blocked('canceled')).toBe('cancelAlreadyCanceled')
    expect(blocked('paid')).toBe('cancelPaid')
    expect(blocked('partially_refunded')).toBe('cancelPaid')
    expect(blocked('failed')).toBe('cancelFailedPayment')
  })
})
