/** Messages of the revenue page's settlement report (对账单), merged into the main catalogues. */
export const settlementZh = {
  settlement: {
    title: '对账单',
    period: '{from} 至 {to}（{zone}）',
    hint: '按数据源和支付渠道汇总所选范围内的收款和退款，统计口径与上方营收数字相同：有支付时间的按支付时间，没有的按创建时间；退款计入原订单的日期。渠道后的灰色文字是订单里记下的渠道代码。',
    source: '数据源',
    channel: '支付渠道',
    paidOrders: '已支付订单数',
    gross: '总收入',
    refunds: '退款',
    net: '净收入',
    subtotal: '小计',
    total: '合计',
    empty: '所选范围内没有收款或退款',
  },
}

export const settlementEn: typeof settlementZh = {
  settlement: {
    title: 'Settlement report',
    period: '{from} to {to} ({zone})',
    hint: 'Money received and refunded in the range, by source and pay channel, counted as the revenue figures above: by payment time, or by creation time where an order has none; refunds count on their order’s date. The grey text after a channel is the code its orders carry.',
    source: 'Source',
    channel: 'Pay channel',
    paidOrders: 'Paid orders',
    gross: 'Gross',
    refunds: 'Refunds',
    net: 'Net',
    subtotal: 'Subtotal',
    total: 'Total',
    empty: 'No money received or refunded in this range',
  },
}
