import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { RouteLocationRaw } from 'vue-router'
import type { NotificationPushed, NotificationView } from '../../../src-preload/contract'
import { notificationText } from '../../../src-preload/notification-words'
import { api } from '../api'
import type { ApiClient } from '../api/client'
import { useAppStore } from './app'

/** Where a notification leads: a source's paid orders, or the sources page for one that fails. */
export function notificationLink(n: Pick<NotificationView, 'kind' | 'sourceId'>): RouteLocationRaw {
  return n.kind === 'paid'
    ? { path: '/orders', query: { source: n.sourceId, status: 'paid' } }
    : { path: '/sources', query: { source: n.sourceId } }
}

/** The page's Notification API, where the browser has one. */
function pageNotifications(): typeof Notification | null {
  return typeof window !== 'undefined' && 'Notification' in window ? window.Notification : null
}

/** What the browser says of this page's notifications: allowed, refused, not asked yet, or none at all. */
export type BrowserPermission = NotificationPermission | 'unsupported'

/** The bell: the recent notifications and how many are unread; in the browser shell, the page's own pop-ups. */
export const useNotificationsStore = defineStore('notifications', () => {
  const items = shallowRef<NotificationView[]>([])
  const unread = ref(0)
  const permission = ref<BrowserPermission>(pageNotifications()?.permission ?? 'unsupported')
  let client: ApiClient | null = null
  const apiClient = (): ApiClient => (client ??= api())
  let unsubscribe: Array<() => void> = []
  /** Where a click leads (the router, once the app has one). */
  let go: (to: RouteLocationRaw) => unknown = () => undefined

  async function load(): Promise<void> {
    const list = await apiClient().call('notifications:list')
    items.value = list.items
    unread.value = list.unread
  }

  /** Listens for new notifications and the desktop's clicks; `navigate` opens what one is about. */
  function connect(navigate: (to: RouteLocationRaw) => unknown, injected?: ApiClient): Promise<void> {
    if (injected) client = injected
    go = navigate
    for (const off of unsubscribe) off()
    unsubscribe = [
      apiClient().on('notification:new', onNew),
      // The desktop app's notification was clicked: main has brought the window forward.
      apiClient().on('notification:open', (n) => void open(n)),
    ]
    return load().catch(() => undefined)
  }

  function onNew({ notification, popup }: NotificationPushed): void {
    items.value = [notification, ...items.value.filter((n) => n.id !== notification.id)].slice(0, 100)
    if (!notification.read) unread.value++
    // The desktop app pops up its own (Electron's); the browser shell's page does it here.
    if (popup && useAppStore().info?.shell === 'web') popUp(notification)
  }

  function popUp(notification: NotificationView): void {
    const Page = pageNotifications()
    if (!Page || Page.permission !== 'granted') return
    const { title, body } = notificationText(notification, useAppStore().settings.locale)
    const shown = new Page(title, { body, tag: `orderdesk-${notification.id}` })
    shown.onclick = () => {
      window.focus()
      shown.close()
      void open(notification)
    }
  }

  /** Opens what a notification is about, and marks it read. */
  async function open(notification: NotificationView): Promise<void> {
    go(notificationLink(notification))
    if (!items.value.find((n) => n.id === notification.id)?.read) await markRead([notification.id])
  }

  /** Marks the named notifications read, or all. */
  async function markRead(ids?: number[]): Promise<void> {
    const list = await apiClient().call('notifications:markRead', ids ? { ids } : {})
    items.value = list.items
    unread.value = list.unread
  }

  /** Asks the browser to let the page pop up notifications: only from a click, as browsers require. */
  async function askPermission(): Promise<BrowserPermission> {
    const Page = pageNotifications()
    if (!Page) return 'unsupported'
    permission.value = await Page.requestPermission()
    return permission.value
  }

  return { items, unread, permission, load, connect, open, markRead, askPermission }
})
