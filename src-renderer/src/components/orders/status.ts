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
