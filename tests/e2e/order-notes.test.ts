import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Locale } from '../../src-preload/contract'
import { createHandlers } from '../../src-main/api/handlers'
import { formatLocalInZone } from '../../src-preload/shared/timezone'
import { money } from '../../src-renderer/src/format'
import { halfWidthInChinese, notForStaff } from '../helpers/ui-text'
import { SCREENS, launchBrowser, screenshot, startDemoShell, type Shell } from './support'

/**
 * Staff's notes and tags on an order, end to end: written in the drawer, kept through a full
 * resync, found by the keyword and the tag filter, shown in the list; and the order's receipt
 * printed alone through the print dialog. Pictures land in tests/e2e/artifacts/notes-*.png.
 */
let browser: Browser
let shell: Shell
let context: BrowserContext
let page: Page
const TZ = 'Asia/Shanghai'
const NOTE = '周五前务必发货，客户已催单'
const TAG = '加急'
const one = <T>(sql: string, ...params: unknown[]): T => shell.env.core.db.prepare(sql).get(...params) as T
let ALL = 0
let target: { id: number; order_no: string; remote_id: string }

const total = async (): Promise<number> => Number((await page.getByTestId('orders-total').innerText()).replace(/\D/g, ''))
const waitTotal = (n: number) => expect.poll(total, { timeout: 15_000 }).toBe(n)
const inputOf = (id: string) =>
  page
    .locator(`input[data-testid="${id}"], textarea[data-testid="${id}"], [data-testid="${id}"] input, [data-testid="${id}"] textarea`)
    .first()

/** The first listed order's id (the pinned order-number column draws its own copy of each row). */
const listedId = async (): Promise<number> =>
  Number(await page.locator('.el-table-v2__main [data-row-id]').first().getAttribute('data-row-id'))

async function openTarget(): Promise<void> {
  await inputOf('filter-keyword').fill(target.order_no)
  await waitTotal(1)
  await page.locator('.el-table-v2__row').first().click()
  await expect.poll(() => page.getByTestId('detail-order-no').innerText(), { timeout: 15_000 }).toBe(target.order_no)
}
async function closeDrawer(): Promise<void> {
  await page.keyboard.press('Escape')
  await expect.poll(() => page.getByTestId('detail-status').isVisible()).toBe(false)
}
async function clearFilters(): Promise<void> {
  await page.getByTestId('filter-clear').click()
  await waitTotal(ALL)
}

beforeAll(async () => {
  shell = await startDemoShell()
  ALL = one<{ n: number }>('SELECT count(*) AS n FROM orders').n
  target = one(
    "SELECT id, order_no, remote_id FROM orders WHERE source_id = 'demo-pub' AND status = 'paid' AND order_no IS NOT NULL LIMIT 1",
  )
  browser = await launchBrowser()
  context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
  page = await context.newPage()
  page.on('pageerror', (e) => console.error('[page error]', e.message))
  await page.goto(`${shell.server.url}#/orders`)
}, 180_000)
afterAll(async () => {
  await browser?.close()
  await shell?.close()
})

describe('a note and a tag on an order', () => {
  it('are written in the drawer, with the time of the change', async () => {
    await waitTotal(ALL)
    await openTarget()
    await expect.poll(() => page.getByTestId('notes-updated').innerText()).toBe('尚未添加备注或标签')
    await inputOf('notes-note').fill(NOTE)
    await page.getByTestId('notes-tags').click()
    await page.keyboard.type(TAG)
    await page.keyboard.press('Enter')
    await page.getByTestId('order-notes').locator('h4').click()
    await page.getByTestId('notes-save').click()
    await expect
      .poll(() => page.getByTestId('notes-updated').innerText(), { timeout: 10_000 })
      .toMatch(/^最后修改：\d{4}-\d\d-\d\d \d\d:\d\d/)
    const stored = one<{ note: string; updated_at: number }>(
      "SELECT note, updated_at FROM order_notes WHERE source_id = 'demo-pub' AND remote_id = ?",
      target.remote_id,
    )
    expect(stored.note).toBe(NOTE)
    // Shown in the user's zone, to the minute the database holds.
    expect(await page.getByTestId('notes-updated').innerText()).toContain(formatLocalInZone(stored.updated_at, TZ).slice(0, 16))
    expect(one<{ tag: string }>("SELECT tag FROM order_tags WHERE source_id = 'demo-pub'").tag).toBe(TAG)
    expect(await page.getByTestId('notes-save').isDisabled()).toBe(true)
    await closeDrawer()
  })

  it('says a tag that is too long before sending it, and saves nothing', async () => {
    await openTarget()
    await page.getByTestId('notes-tags').click()
    await page.keyboard.type('这个标签写得实在太长了已经超过二十个字的限制了吧')
    await page.keyboard.press('Enter')
    await page.getByTestId('order-notes').locator('h4').click()
    await expect
      .poll(() => page.getByTestId('notes-problem').innerText())
      .toMatch(/^标签「这个标签写得实在太长了已经超过二十个字的限制了吧」超过 20 个字$/)
    expect(await page.getByTestId('notes-save').isDisabled()).toBe(true)
    expect(one<{ n: number }>("SELECT count(*) AS n FROM order_tags WHERE source_id = 'demo-pub'").n).toBe(1)
    await closeDrawer()
    await clearFilters()
  })

  it('are still there after a full resync of the source', async () => {
    const before = one<{ n: number }>('SELECT count(*) AS n FROM sync_runs WHERE full = 1').n
    await page.getByTestId('nav-sources').click()
    await page.getByTestId('full-sync-demo-pub').click()
    await expect
      .poll(() => one<{ n: number }>("SELECT count(*) AS n FROM sync_runs WHERE full = 1 AND status = 'ok'").n, { timeout: 60_000 })
      .toBe(before + 1)
    await page.getByTestId('nav-orders').click()
    await waitTotal(ALL)
    await openTarget()
    await expect.poll(() => inputOf('notes-note').inputValue()).toBe(NOTE)
    expect(await page.getByTestId('notes-tags').innerText()).toContain(TAG)
    await closeDrawer()
    await clearFilters()
  })

  it('is found by the keyword search, by words of the note', async () => {
    await inputOf('filter-keyword').fill('务必发货')
    await waitTotal(1)
    expect(await listedId()).toBe(target.id)
    await clearFilters()
  })

  it('is found by the tag filter, and the tag shows in its column', async () => {
    await page.getByTestId('filter-tags').click()
    await page.getByRole('option', { name: TAG }).last().click()
    await page.keyboard.press('Escape')
    await waitTotal(1)
    await page.getByTestId('column-chooser').click()
    await page.getByTestId('column-tags').click()
    await page.getByTestId('column-chooser').click()
    await expect.poll(() => page.getByTestId('column-tags').isVisible()).toBe(false)
    await expect.poll(() => page.getByTestId('row-tags').first().innerText()).toBe(TAG)
    expect(await listedId()).toBe(target.id)
    await screenshot(page, 'notes-list-tag-filter-zh-CN-1440')
    await clearFilters()
  })
})

describe('the receipt (订单凭证)', () => {
  it('prints through the window’s print dialog, alone on the page, with the order’s money, times and status', async () => {
    await openTarget()
    await page.evaluate(() => {
      const w = globalThis as unknown as { printed: number; print: () => void }
      w.printed = 0
      w.print = () => void w.printed++
    })
    await page.getByTestId('detail-print').click()
    expect(await page.evaluate(() => (globalThis as unknown as { printed: number }).printed)).toBe(1)
    await page.emulateMedia({ media: 'print' })
    const receipt = page.getByTestId('print-receipt')
    await expect.poll(() => receipt.isVisible()).toBe(true)
    expect(await page.locator('#app').isVisible()).toBe(false)
    expect(await page.getByTestId('order-detail').isVisible()).toBe(false)
    const o = one<{ due: number; paid: number; currency: string; created_at: number; paid_at: number | null; name: string }>(
      'SELECT o.due, o.paid, o.currency, o.created_at, o.paid_at, s.name FROM orders o JOIN sources s ON s.id = o.source_id WHERE o.id = ?',
      target.id,
    )
    expect(await page.getByTestId('receipt-shop').innerText()).toBe(o.name)
    expect(await page.getByTestId('receipt-orderNo').innerText()).toContain(target.order_no)
    expect(await page.getByTestId('receipt-status').innerText()).toContain('已支付')
    expect(await page.getByTestId('receipt-due').innerText()).toContain(money(o.due, o.currency))
    expect(await page.getByTestId('receipt-paid').innerText()).toContain(money(o.paid, o.currency))
    expect(await page.getByTestId('receipt-createdAt').innerText()).toContain(formatLocalInZone(o.created_at, TZ))
    // Staff's note is theirs: it is not printed for the customer.
    expect(await receipt.innerText()).not.toContain(NOTE)
    const pdf = await page.pdf({ format: 'A4' })
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    await page.emulateMedia({ media: 'screen' })
    expect(await receipt.isVisible()).toBe(false)
    await closeDrawer()
    await clearFilters()
  })
})

describe('the drawer with notes and the receipt in Chinese and English, at 1280×720 and 1440×900', () => {
  for (const [locale, width, height] of SCREENS) {
    it(`reads cleanly (${locale}, ${width})`, async () => {
      await createHandlers(shell.env.core)['settings:set']({ locale: locale as Locale })
      await page.setViewportSize({ width, height })
      await page.reload()
      await waitTotal(ALL)
      await openTarget()
      await page.getByTestId('order-notes').evaluate((el) => el.scrollIntoView({ block: 'center' }))
      await screenshot(page, `notes-drawer-${locale}-${width}`)
      const own = [await page.getByTestId('order-notes').innerText(), await page.locator('.el-drawer .actions').innerText()]
      await page.emulateMedia({ media: 'print' })
      await screenshot(page, `notes-receipt-${locale}-${width}`)
      own.push(await page.getByTestId('print-receipt').innerText())
      await page.emulateMedia({ media: 'screen' })
      const problems: string[] = []
      for (const text of own) {
        if (locale === 'zh-CN') problems.push(...halfWidthInChinese(text))
        problems.push(...notForStaff(text))
      }
      // Nothing in the notes section is cut off: its button, tags and placeholder fit.
      const cut = await page
        .getByTestId('order-notes')
        .evaluate((section) =>
          [...section.querySelectorAll('.el-button, .el-tag, .el-select__placeholder')]
            .filter((el) => el.scrollWidth > el.clientWidth + 1)
            .map((el) => el.textContent?.trim()),
        )
      expect([...problems, ...cut]).toEqual([])
      await closeDrawer()
      await inputOf('filter-keyword').fill('')
      await waitTotal(ALL)
    }, 60_000)
  }
})
