/**
 * Pay channels across API kinds: what each kind puts in an order's `pay_channel` (src-main/orders/README.md),
 * grouped as staff and accountants name them. Plain code without zod or the core: main (the
 * settlement report, the export) and the renderer (the list, the detail drawer) share it, so
 * every screen and file groups a code the same way. The raw code stays on the order.
 */

/** The groups in the order reports list them; `none` is an order without a channel (pub never gives one). */
export const PAY_CHANNEL_GROUPS = ['wechat', 'alipay', 'unionpay', 'balance', 'other', 'none'] as const
export type PayChannelGroup = (typeof PAY_CHANNEL_GROUPS)[number]

/** The groups' names in each UI language. */
export const PAY_CHANNEL_LABELS: Record<PayChannelGroup, { 'zh-CN': string; en: string }> = {
  wechat: { 'zh-CN': '微信', en: 'WeChat Pay' },
  alipay: { 'zh-CN': '支付宝', en: 'Alipay' },
  unionpay: { 'zh-CN': '银联', en: 'UnionPay' },
  balance: { 'zh-CN': '余额', en: 'Balance' },
  other: { 'zh-CN': '其他', en: 'Other' },
  none: { 'zh-CN': '未注明', en: 'Not given' },
}

/**
 * Ping++: the paid charge's `channel` (as Ping++ documents them and its server SDKs carry them).
 * Cross-border (cb_*) and Apple Pay through UnionPay settle in the group they name; wallets of
 * other banks and platforms (Baidu, JD, QQ, Yeepay, CMB) and ISV aggregate codes are other.
 */
const PINGPP_CHANNELS = new Map<string, PayChannelGroup>(
  Object.entries({
    alipay: 'alipay',
    alipay_wap: 'alipay',
    alipay_qr: 'alipay',
    alipay_scan: 'alipay',
    alipay_pc_direct: 'alipay',
    alipay_lite: 'alipay',
    cb_alipay: 'alipay',
    wx: 'wechat',
    wx_pub: 'wechat',
    wx_pub_qr: 'wechat',
    wx_pub_scan: 'wechat',
    wx_wap: 'wechat',
    wx_lite: 'wechat',
    cb_wx: 'wechat',
    cb_wx_pub: 'wechat',
    cb_wx_pub_qr: 'wechat',
    cb_wx_pub_scan: 'wechat',
    upacp: 'unionpay',
    upacp_wap: 'unionpay',
    upacp_pc: 'unionpay',
    upacp_b2b: 'unionpay',
    cp_b2b: 'unionpay',
    applepay_upacp: 'unionpay',
    balance: 'balance',
    bfb: 'other',
    bfb_wap: 'other',
    jdpay_wap: 'other',
    qpay: 'other',
    yeepay_wap: 'other',
    cmb_wallet: 'other',
    isv_qr: 'other',
    isv_scan: 'other',
    isv_wap: 'other',
  } satisfies Record<string, PayChannelGroup>),
)

/** Course: the connector keeps `servicer` 1 as wechat and 2 as alipay; other codes as sent. */
const COURSE_CHANNELS = new Map<string, PayChannelGroup>([
  ['wechat', 'wechat'],
  ['alipay', 'alipay'],
])

/**
 * Appkey's `payType` is free text (its documentation's examples: 信用卡, 支付宝, 微信支付 …): matched by the words
 * it holds. A credit card names no network, so it stays other rather than guessed UnionPay.
 */
const WORDS: ReadonlyArray<[RegExp, PayChannelGroup]> = [
  [/微信|wechat|weixin|wxpay/i, 'wechat'],
  [/支付宝|alipay/i, 'alipay'],
  [/银联|云闪付|unionpay|union pay/i, 'unionpay'],
  [/余额|balance/i, 'balance'],
]

/** Ping++ codes not in the table yet name their family first, as its codes do (wx_…, alipay_…, upacp_…). */
const CODE_FAMILIES = new Map<string, PayChannelGroup>([
  ['wx', 'wechat'],
  ['alipay', 'alipay'],
  ['upacp', 'unionpay'],
])

/** The group of an order's `pay_channel` as stored, whatever kind it came from; null or blank is `none`. */
export function payChannelGroup(code: string | null | undefined): PayChannelGroup {
  const key = code?.trim().toLowerCase() ?? ''
  if (key === '') return 'none'
  const known = PINGPP_CHANNELS.get(key) ?? COURSE_CHANNELS.get(key)
  if (known) return known
  const family = CODE_FAMILIES.get(key.replace(/^cb_/, '').split('_')[0])
  if (family && /^[a-z_]+$/.test(key)) return family
  for (const [words, group] of WORDS) if (words.test(key)) return group
  return 'other'
}

/** The group's name in a UI language (zh-CN when the language is not one of them). */
export function payChannelLabel(group: PayChannelGroup, locale: string): string {
  return PAY_CHANNEL_LABELS[group][locale === 'en' ? 'en' : 'zh-CN']
}

/**
 * An order's channel for the detail: the group, with the code as stored where it says more
 * ("微信（wx_pub）", "WeChat Pay (wx_pub)"); the group alone where the code is its very name.
 */
export function payChannelDetail(code: string | null | undefined, locale: string): string {
  const group = payChannelGroup(code)
  const label = payChannelLabel(group, locale)
  const raw = code?.trim() ?? ''
  if (raw === '' || raw === label) return label
  return locale === 'en' ? `${label} (${raw})` : `${label}（${raw}）`
}
