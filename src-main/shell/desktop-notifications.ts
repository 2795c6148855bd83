import { Notification, type BrowserWindow } from 'electron'
import type { EventSink } from '../api/events'
import type { Locale, NotificationView } from '../../src-preload/contract'
import { notificationText } from '../../src-preload/notification-words'

/**
 * Pops up the notifications main marks to pop up (kind on, not quiet hours) as the system's
 * own; a click brings the window forward and has it open what the notification is about.
 */
export function desktopNotifications(window: () => BrowserWindow | null, locale: () => Locale): EventSink {
  // Referenced until clicked or closed: a notification collected early no longer hears its click.
  const shown = new Set<Notification>()
  const show = (notification: NotificationView): void => {
    if (!Notification.isSupported()) return
    const popup = new Notification(notificationText(notification, locale()))
    shown.add(popup)
    popup.on('close', () => shown.delete(popup))
    popup.on('click', () => {
      shown.delete(popup)
      const target = window()
      if (!target) return
      if (target.isMinimized()) target.restore()
      target.show()
      target.focus()
      target.webContents.send('notification:open', notification)
    })
    popup.show()
  }
  return {
    emit: (name, payload) => {
      if (name !== 'notification:new') return
      const { notification, popup } = payload as { notification: NotificationView; popup: boolean }
      if (popup) show(notification)
    },
  }
}
