import type { OrderStatusValue } from '../../../../src-preload/contract'

/** One colour per normalized status (Element Plus tag types). */
export const STATUS_TAG: Record<OrderStatusValue, 'primary' | 'success' | 'warning' | 'info' | 'danger'> = {
  pending: 'warning',
  paid: 'success',
  partially_refunded: 'primary',
  refunded: 'danger',
  canceled: 'info',
  failed: 'danger',
  unknown: 'info',
}

/** Why an order that is not pending cannot be canceled, by what it is now (detail.* keys). */
export const NOT_CANCELABLE: Record<Exclude<OrderStatusValue, 'pending'>, string> = {
  paid: 'cancelPaid',
  partially_refunded: 'cancelPaid',
  refunded: 'cancelRefunded',
  canceled: 'cancelAlreadyCanceled',
  failed: 'cancelFailedPayment',
  unknown: 'cancelNotPendingOther',
}

/** The detail.* key of why cancel is not offered: the API has no cancel, or the order's status; null when it is. */
export function cancelBlockKey(order: {
  status: OrderStatusValue
  cancel: { reason: 'unsupported' | 'not_pending' | null }
}): string | null {
  if (order.cancel.reason === 'unsupported') return 'cancelUnsupported'
  if (order.cancel.reason === 'not_pending') return order.status === 'pending' ? 'cancelNotPendingOther' : NOT_CANCELABLE[order.status]
  return null
}
