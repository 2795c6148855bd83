/**
 * The words of an export that a person reads: column and status labels in zh-CN and en. Plain
 * data, no imports beyond the contract's values: main writes them into workbooks and labelled
 * CSVs, and the renderer's i18n takes its column and status words from here, so each word is
 * written once.
 */
import type { EXPORT_COLUMN_KEYS, LOCALES, ORDER_STATUS_VALUES } from './contract-values'

type Locale = (typeof LOCALES)[number]
type Column = (typeof EXPORT_COLUMN_KEYS)[number]
type Status = (typeof ORDER_STATUS_VALUES)[number]

/** A header: field keys for machine import, or labels in one of the UI's languages. */
export const EXPORT_HEADERS = ['keys', 'zh-CN', 'en'] as const
export type ExportHeader = (typeof EXPORT_HEADERS)[number]

export const EXPORT_FORMATS = ['xlsx', 'csv'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

export const COLUMN_LABELS: Record<Locale, Record<Column, string>> = {
  'zh-CN': {
    source_id: '数据源 ID',
    source_name: '数据源',
    remote_id: '接口订单 ID',
    order_no: '订单号',
    trade_no: '支付交易号',
    status: '状态',
    remote_status: '接口原始状态',
    product_type: '商品类型',
    product_name: '商品',
    product_id: '商品 ID',
    customer_id: '客户 ID',
    customer_name: '客户',
    pay_channel: '支付渠道',
    currency: '币种',
    total: '订单总额',
    discount: '优惠',
    due: '应付',
    paid: '已付',
    refunded: '已退款',
    created_at: '创建时间',
    paid_at: '支付时间',
    expires_at: '过期时间',
    updated_at: '最后更新',
    note: '备注',
    tags: '标签',
  },
  en: {
    source_id: 'Source ID',
    source_name: 'Source',
    remote_id: 'API order ID',
    order_no: 'Order no.',
    trade_no: 'Trade no.',
    status: 'Status',
    remote_status: 'Status as the API says',
    product_type: 'Product type',
    product_name: 'Product',
    product_id: 'Product ID',
    customer_id: 'Customer ID',
    customer_name: 'Customer',
    pay_channel: 'Pay channel',
    currency: 'Currency',
    total: 'Total',
    discount: 'Discount',
    due: 'Due',
    paid: 'Paid',
    refunded: 'Refunded',
    created_at: 'Created',
    paid_at: 'Paid at',
    expires_at: 'Expires',
    updated_at: 'Last updated',
    note: 'Note',
    tags: 'Tags',
  },
}

export const STATUS_LABELS: Record<Locale, Record<Status, string>> = {
  'zh-CN': {
    pending: '待支付',
    paid: '已支付',
    partially_refunded: '部分退款',
    refunded: '已退款',
    canceled: '已取消',
    failed: '支付失败',
    unknown: '未知',
  },
  en: {
    pending: 'Pending',
    paid: 'Paid',
    partially_refunded: 'Partly refunded',
    refunded: 'Refunded',
    canceled: 'Canceled',
    failed: 'Failed',
    unknown: 'Unknown',
  },
}

/** The other words of a workbook. */
export const WORKBOOK_WORDS: Record<Locale, { orders: string; total: string; totalOf: (currency: string) => string }> = {
  'zh-CN': { orders: '订单', total: '合计', totalOf: (currency) => `合计（${currency}）` },
  en: { orders: 'Orders', total: 'Total', totalOf: (currency) => `Total (${currency})` },
}

/** A time column's header names the zone its wall times are in: 创建时间（Asia/Shanghai）. */
export function zonedLabel(label: string, locale: Locale, zone: string): string {
  return locale === 'zh-CN' ? `${label}（${zone}）` : `${label} (${zone})`
}

/** The header a format gets when none is asked for: labels for people (the workbook), keys for machines (CSV). */
export function defaultExportHeader(format: ExportFormat, locale: Locale): ExportHeader {
  return format === 'xlsx' ? locale : 'keys'
}

/** The settlement report's words, in the workbook's sheet and on the revenue page alike. */
export const SETTLEMENT_WORDS = {
  'zh-CN': {
    title: '对账单',
    source: '数据源',
    channel: '支付渠道',
    codes: '渠道代码',
    currency: '币种',
    paidOrders: '已支付订单数',
    gross: '总收入',
    refunds: '退款',
    net: '净收入',
    subtotal: '小计',
    total: '合计',
  },
  en: {
    title: 'Settlement report',
    source: 'Source',
    channel: 'Pay channel',
    codes: 'Channel codes',
    currency: 'Currency',
    paidOrders: 'Paid orders',
    gross: 'Gross',
    refunds: 'Refunds',
    net: 'Net',
    subtotal: 'Subtotal',
    total: 'Total',
  },
} satisfies Record<Locale, Record<string, string>>
