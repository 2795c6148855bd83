import { EventEmitter } from 'node:events'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { BrowserWindow } from 'electron'
import type { Locale, NotificationView } from '../../src-preload/contract'

/** Electron's Notification, recording each one shown; a test clicks it as the system would. */
const shown: Array<EventEmitter & { options: { title: string; body: string } }> = []
vi.mock('electron', () => ({
  Notification: class extends EventEmitter {
    static isSupported = () => true
    constructor(readonly options: { title: string; body: string }) {
      super()
    }
    show() {
      shown.push(this as never)
    }
  },
}))
const { desktopNotifications } = await import('../../src-main/shell/desktop-notifications')

const paid: NotificationView = {
  id: 7,
  at: 0,
  kind: 'paid',
  sourceId: 'shop',
  sourceName: '代理商城',
  count: 3,
  reason: null,
  read: false,
}

function fakeWindow() {
  const calls: string[] = []
  const sent: Array<[string, unknown]> = []
  const window = {
    isMinimized: () => true,
    restore: () => calls.push('restore'),
    show: () => calls.push('show'),
    focus: () => calls.push('focus'),
    webContents: { send: (name: string, payload: unknown) => sent.push([name, payload]) },
  }
  return { window: window as unknown as BrowserWindow, calls, sent }
}

beforeEach(() => {
  shown.length = 0
})

describe("the desktop app's notifications", () => {
  it.each([
    ['zh-CN', '新的已付订单', '代理商城：3 笔订单已付款。'],
    ['en', 'New paid orders', '代理商城: 3 orders paid.'],
  ] as const)('pops up one marked to pop up, in %s', (locale: Locale, title, body) => {
    const sink = desktopNotifications(
      () => null,
      () => locale,
    )
    sink.emit('notification:new', { notification: paid, popup: true })
    expect(shown.map((n) => n.options)).toEqual([{ title, body }])
  })

  it('pops up nothing for one main kept quiet (its kind off, or quiet hours)', () => {
    const sink = desktopNotifications(
      () => null,
      () => 'zh-CN',
    )
    sink.emit('notification:new', { notification: paid, popup: false })
    expect(shown).toEqual([])
  })

  it('a click brings the window forward and has it open what the notification is about', () => {
    const { window, calls, sent } = fakeWindow()
    const sink = desktopNotifications(
      () => window,
      () => 'zh-CN',
    )
    sink.emit('notification:new', { notification: paid, popup: true })
    shown[0].emit('click')
    expect(calls).toEqual(['restore', 'show', 'focus'])
    expect(sent).toEqual([['notification:open', paid]])
  })
})
