import { SETTLEMENT_WORDS } from '../../../src-preload/export-labels'

/** Messages of the revenue page's settlement report (对账单), merged into the main catalogues. */
export const settlementZh = {
  settlement: {
    title: SETTLEMENT_WORDS['zh-CN'].title,
    period: '{from} 至 {to}（{zone}）',
    hint: '按数据源和支付渠道汇总所选范围内的收款和退款，统计口径与上方营收数字相同：有支付时间的按支付时间，没有的按创建时间；退款计入原订单的日期。渠道后的灰色文字是订单里记下的渠道代码。',
    source: SETTLEMENT_WORDS['zh-CN'].source,
    channel: SETTLEMENT_WORDS['zh-CN'].channel,
    paidOrders: SETTLEMENT_WORDS['zh-CN'].paidOrders,
    gross: SETTLEMENT_WORDS['zh-CN'].gross,
    refunds: SETTLEMENT_WORDS['zh-CN'].refunds,
    net: SETTLEMENT_WORDS['zh-CN'].net,
    subtotal: SETTLEMENT_WORDS['zh-CN'].subtotal,
    total: SETTLEMENT_WORDS['zh-CN'].total,
    empty: '所选范围内没有收款或退款',
  },
}

export const settlementEn: typeof settlementZh = {
  settlement: {
    title: SETTLEMENT_WORDS['en'].title,
    period: '{from} to {to} ({zone})',
    hint: 'Money received and refunded in the range, by source and pay channel, counted as the revenue figures above: by payment time, or by creation time where an order has none; refunds count on their order’s date. The grey text after a channel is the code its orders carry.',
    source: SETTLEMENT_WORDS['en'].source,
    channel: SETTLEMENT_WORDS['en'].channel,
    paidOrders: SETTLEMENT_WORDS['en'].paidOrders,
    gross: SETTLEMENT_WORDS['en'].gross,
    refunds: SETTLEMENT_WORDS['en'].refunds,
    net: SETTLEMENT_WORDS['en'].net,
    subtotal: SETTLEMENT_WORDS['en'].subtotal,
    total: SETTLEMENT_WORDS['en'].total,
    empty: 'No money received or refunded in this range',
  },
}
