import type { PresetView } from '../../src-preload/saved-views'

/**
 * The ready-made views' states, as the schema stores them on a new database and `restorePresets`
 * puts them back. Only what they set: the list fills the rest with its defaults.
 */
export const PRESET_STATES: Record<PresetView, Record<string, unknown>> = {
  // Paid today by pay time, still holding money: an order refunded since is in 本月退款.
  paidToday: {
    statuses: ['paid', 'partially_refunded'],
    dateField: 'paid',
    shortcut: 'today',
    sort: { key: 'paid_at', order: 'desc' },
    columns: ['orderNo', 'source', 'product', 'customer', 'status', 'due', 'paid', 'paidAt'],
    columnsVersion: 2,
  },
  pendingOver24h: {
    statuses: ['pending'],
    dateField: 'created',
    shortcut: 'over24h',
    sort: { key: 'created_at', order: 'desc' },
    columns: ['orderNo', 'source', 'product', 'customer', 'status', 'due', 'createdAt'],
    columnsVersion: 2,
  },
  // Most APIs give no refund time, so no list filter has one: refunds are dated by the order's
  // revenue time (paid, else created), as the revenue page counts this month's refunds.
  refundedThisMonth: {
    statuses: ['refunded', 'partially_refunded'],
    dateField: 'revenue',
    shortcut: 'thisMonth',
    sort: { key: 'created_at', order: 'desc' },
    columns: ['orderNo', 'source', 'product', 'customer', 'status', 'paid', 'refunded', 'paidAt'],
    columnsVersion: 2,
  },
}
