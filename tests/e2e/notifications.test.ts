import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_NOTIFY_SETTINGS, type Locale } from '../../src-preload/contract'
import { startSandbox, type StartedSandbox } from '../../src-main/sandboxes'
import { launchBrowser, screenshot, startShell, type Shell } from './support'

/**
 * A sync that brings a new paid order, seen in the browser shell: the page pops up one summary
 * through the browser's Notification API (a recording stand-in here), once the clerk allowed it
 * in the settings, and the bell lists it; a click opens that source's paid orders.
 */
let browser: Browser
let shell: Shell
let page: Page
let shop: StartedSandbox
let mall: StartedSandbox
let course: StartedSandbox
const SIZES = [
  { width: 1280, height: 720 },
  { width: 1440, height: 900 },
] as const

/** The browser's Notification, recording what the page shows and whether it asked to. */
const STAND_IN = `
  window.__shown = []
  window.__asked = 0
  class RecordingNotification {
    static permission = 'default'
    static async requestPermission() {
      window.__asked++
      RecordingNotification.permission = 'granted'
      return 'granted'
    }
    constructor(title, options = {}) {
      this.title = title
      this.body = options.body
      this.onclick = null
      window.__shown.push(this)
    }
    close() {}
  }
  window.Notification = RecordingNotification
`

const count = (sql: string, ...params: unknown[]): number => (shell.env.core.db.prepare(sql).get(...params) as { n: number }).n
const shown = () =>
  page.evaluate('window.__shown.map((n) => ({ title: n.title, body: n.body }))') as Promise<Array<{ title: string; body: string }>>
const total = async (): Promise<number> => Number((await page.getByTestId('orders-total').innerText()).replace(/\D/g, ''))

async function syncAll(): Promise<void> {
  const finished = new Promise<void>((resolve) => {
    const off = shell.env.core.events.subscribe({
      emit: (name) => {
        if (name !== 'sync:finished') return
        off()
        resolve()
      },
    })
  })
  shell.env.core.sync.start({ trigger: 'manual' })
  await finished
}

async function setLocale(locale: Locale): Promise<void> {
  await page
    .getByTestId('locale-switch')
    .getByText(locale === 'en' ? 'English' : '中文')
    .click()
  await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(locale)
}

async function closeSettings(): Promise<void> {
  await page.keyboard.press('Escape')
  await expect.poll(() => page.getByTestId('notify-settings').isVisible()).toBe(false)
}

async function openBell(): Promise<void> {
  if (!(await page.getByTestId('bell-panel').isVisible())) await page.getByTestId('bell').click()
  // Shown whole, not fading in: the picture is taken of what the clerk reads.
  await expect.poll(() => page.evaluate("getComputedStyle(document.querySelector('.notify-popper')).opacity")).toBe('1')
}

async function closeBell(): Promise<void> {
  // A click beside the popover closes it (the brand: nothing there opens anything).
  await page.getByTestId('brand').click()
  await expect.poll(() => page.getByTestId('bell-panel').isVisible()).toBe(false)
}

beforeAll(async () => {
  shell = await startShell()
  shop = await startSandbox('pub', { seed: 5, orders: 40 })
  mall = await startSandbox('pub', { seed: 6, orders: 40 })
  shell.env.core.sources.upsert(shop.sourceConfig('shop', '代理商城'), { storeSecrets: true })
  shell.env.core.sources.upsert(mall.sourceConfig('mall', '直营店'), { storeSecrets: true })
  // A wrong token: its first sync fails, and the bell holds that before the page opens.
  course = await startSandbox('course', { seed: 4, orders: 20 })
  shell.env.core.sources.upsert(course.sourceConfig('course', '直播课', { token: 'wrong' }), { storeSecrets: true })
  // The sources' first sync fills the cache: their paid orders are history, not told.
  await syncAll()
  browser = await launchBrowser()
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
  await context.addInitScript(STAND_IN)
  page = await context.newPage()
  page.on('pageerror', (e) => console.error('[page error]', e.message))
  await page.goto(shell.server.url)
  await page.getByTestId('bell').waitFor()
}, 180_000)
afterAll(async () => {
  await browser?.close()
  await shell?.close()
  await shop?.close()
  await mall?.close()
  await course?.close()
})

describe('notifications in the browser shell', () => {
  it('asks the browser for permission only when the clerk clicks to allow it in the settings', async () => {
    expect(await page.evaluate('window.__asked')).toBe(0)
    await openBell()
    await page.getByTestId('bell-settings').click()
    await page.getByTestId('notify-allow').click()
    await expect.poll(() => page.getByTestId('notify-browser').innerText()).toBe('已允许本页面显示通知。')
    expect(await page.evaluate('window.__asked')).toBe(1)
    for (const locale of ['zh-CN', 'en'] as const) {
      await closeSettings()
      await setLocale(locale)
      await openBell()
      await page.getByTestId('bell-settings').click()
      // Quiet hours on: the pickers show as the clerk sets them.
      await page.getByTestId('notify-quiet').click()
      for (const size of SIZES) {
        await page.setViewportSize(size)
        await screenshot(page, `notifications-settings-${locale}-${size.width}`)
      }
    }
    await page.getByTestId('notify-save').click()
    await expect.poll(() => page.getByTestId('notify-settings').isVisible()).toBe(false)
    expect(shell.env.core.settings.get().notify.quiet).toEqual({ enabled: true, from: '22:00', to: '08:00' })
    // Off again: the next test's sync may run at any hour.
    shell.env.core.settings.set({ notify: DEFAULT_NOTIFY_SETTINGS })
    await setLocale('zh-CN')
    await page.setViewportSize({ width: 1440, height: 900 })
  }, 60_000)

  it('a sync that brings a new paid order pops up one summary and the bell lists it', async () => {
    const [id] = shop.sandbox.addOrders(1)
    if (shop.sandbox.truth().find((t) => t.remote_id === id)?.status === 'pending') shop.sandbox.pay(id)
    expect(shop.sandbox.truth().find((t) => t.remote_id === id)?.status).toBe('paid')
    await syncAll()

    await expect.poll(shown, { timeout: 15_000 }).toEqual([{ title: '新的已付订单', body: '代理商城：1 笔订单已付款。' }])
    await expect.poll(() => page.getByTestId('bell-count').innerText()).toBe('2')
    await openBell()
    const items = page.locator('[data-testid^="bell-item-"]')
    expect(await items.allInnerTexts()).toEqual([
      expect.stringContaining('代理商城：1 笔新的已付订单'),
      expect.stringContaining('直播课 同步失败：认证失败，令牌或密钥不正确'),
    ])
    for (const locale of ['zh-CN', 'en'] as const) {
      await closeBell()
      await setLocale(locale)
      for (const size of SIZES) {
        await page.setViewportSize(size)
        await openBell()
        await screenshot(page, `notifications-bell-${locale}-${size.width}`)
      }
    }
    expect(await items.first().innerText()).toContain('代理商城: 1 new paid order')
    await closeBell()
    await setLocale('zh-CN')
    await page.setViewportSize({ width: 1440, height: 900 })
  }, 90_000)

  it("a click on the notification opens the source's paid orders and marks it read", async () => {
    await page.getByTestId('nav-orders').click()
    await expect.poll(total, { timeout: 15_000 }).toBe(count('SELECT count(*) AS n FROM orders'))
    await page.evaluate('window.__shown[0].onclick()')
    const paidOfShop = count("SELECT count(*) AS n FROM orders WHERE source_id = 'shop' AND status = 'paid'")
    expect(paidOfShop).toBeLessThan(count("SELECT count(*) AS n FROM orders WHERE status = 'paid'"))
    await expect.poll(total, { timeout: 15_000 }).toBe(paidOfShop)
    await expect.poll(() => page.getByTestId('bell-count').innerText()).toBe('1')
    expect(count("SELECT count(*) AS n FROM notifications WHERE read = 0 AND kind = 'paid'")).toBe(0)
  })

  it("the failing source's entry in the bell opens the sources page at that source, marked", async () => {
    await openBell()
    await page.locator('[data-testid^="bell-item-"]').nth(1).click()
    await expect.poll(() => page.url()).toContain('#/sources')
    await page.getByTestId('source-row-course').waitFor()
    await expect.poll(() => page.locator('tr.asked-row').getByTestId('source-row-course').count()).toBe(1)
    expect(await page.locator('tr.asked-row').count()).toBe(1)
    await expect.poll(() => page.getByTestId('bell-count').locator('sup').isVisible()).toBe(false)
  })

  it("the desktop app's click (told as notification:open) opens the same orders", async () => {
    const [paid] = shell.env.core.notifier.store.list().items.filter((n) => n.kind === 'paid')
    await page.getByTestId('nav-sources').click()
    await page.getByTestId('source-row-course').waitFor()
    shell.env.core.events.emit('notification:open', paid)
    await expect.poll(() => page.url()).toContain('#/orders')
    await expect
      .poll(total, { timeout: 15_000 })
      .toBe(count("SELECT count(*) AS n FROM orders WHERE source_id = 'shop' AND status = 'paid'"))
  })
})
