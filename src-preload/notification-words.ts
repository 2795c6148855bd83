/**
 * What a notification says when it pops up, in both languages: the desktop shell's Electron
 * notification and the browser shell's page say the same words.
 */
import type { Locale, NotificationView } from './contract'

const WORDS = {
  'zh-CN': {
    paidTitle: '新的已付订单',
    paidBody: (name: string, n: number) => `${name}：${n} 笔订单已付款。`,
    failingTitle: '数据源同步失败',
    failingBody: (name: string) => `${name} 同步失败，点击查看原因。`,
  },
  en: {
    paidTitle: 'New paid orders',
    paidBody: (name: string, n: number) => `${name}: ${n} ${n === 1 ? 'order' : 'orders'} paid.`,
    failingTitle: 'A source stopped syncing',
    failingBody: (name: string) => `${name} failed to sync. Click to see why.`,
  },
} as const

export function notificationText(
  n: Pick<NotificationView, 'kind' | 'sourceName' | 'count'>,
  locale: Locale,
): { title: string; body: string } {
  const words = WORDS[locale]
  return n.kind === 'paid'
    ? { title: words.paidTitle, body: words.paidBody(n.sourceName, n.count ?? 0) }
    : { title: words.failingTitle, body: words.failingBody(n.sourceName) }
}
