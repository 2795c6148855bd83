import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Locale } from '../../src-preload/contract'
import { createHandlers } from '../../src-main/api/handlers'
import { SCREENS, launchBrowser, screenshot, startDemoShell, type Shell } from './support'

/** A link to the order list with values no page of the app builds: typed by hand, or crafted. */
let browser: Browser
let shell: Shell
const count = (sql: string): number => (shell.env.core.db.prepare(sql).get() as { n: number }).n
const MESSAGES: Record<Locale, string> = {
  'zh-CN': '链接里有些筛选条件无法识别，已略过，其余条件照常生效。',
  en: 'Some filters in the link could not be read and were left out; the others apply as usual.',
}

beforeAll(async () => {
  shell = await startDemoShell()
  browser = await launchBrowser()
}, 180_000)
afterAll(async () => {
  await browser?.close()
  await shell?.close()
})

describe('a crafted link to the order list', () => {
  it.each(SCREENS)(
    'in %s at %dx%d: one message, the valid part applied, a list that works',
    async (locale, width, height) => {
      await createHandlers(shell.env.core)['settings:set']({ locale })
      const context = await browser.newContext({ viewport: { width, height }, locale })
      const page = await context.newPage()
      const errors: string[] = []
      page.on('pageerror', (e) => errors.push(e.message))
      await page.goto(`${shell.server.url}#/orders?from=garbage&to=x&status=bogus,paid&dateField=shipped`)

      const notice = page.getByTestId('link-ignored')
      await expect.poll(() => notice.allInnerTexts(), { timeout: 15_000 }).toEqual([MESSAGES[locale]])
      const total = async (): Promise<number> => Number((await page.getByTestId('orders-total').innerText()).replace(/\D/g, ''))
      await expect.poll(total, { timeout: 15_000 }).toBe(count("SELECT count(*) AS n FROM orders WHERE status = 'paid'"))
      expect(page.url()).not.toContain('garbage')
      await screenshot(page, `order-link-ignored-${locale}-${width}x${height}`)
      // One message: the notice, and no error toast beside it (a bad status was refused twice).
      expect(await notice.count()).toBe(1)
      expect(await page.locator('.el-message').count()).toBe(0)

      await page.getByTestId('filter-clear').click()
      await expect.poll(total, { timeout: 15_000 }).toBe(count('SELECT count(*) AS n FROM orders'))
      expect(await notice.count()).toBe(0)
      expect(errors).toEqual([])
      await context.close()
    },
    60_000,
  )
})
