import fs from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHandlers } from '../../src-main/api/handlers'
import { SCREENS, launchBrowser, openShellPage, screenshot, startDemoShell, type Shell } from './support'

/** The order list's saved views: the tabs, saving and applying one across a reload, and the settings file. */
let browser: Browser
let shell: Shell
let page: Page
const count = (sql: string, ...params: unknown[]): number => (shell.env.core.db.prepare(sql).get(...params) as { n: number }).n
const total = async (): Promise<number> => Number((await page.getByTestId('orders-total').innerText()).replace(/\D/g, ''))
const waitTotal = (n: number) => expect.poll(total, { timeout: 15_000 }).toBe(n)
/** The order ids of the rows shown, top to bottom. */
const rowIds = (): Promise<string[]> =>
  page.locator('.el-table-v2__main [data-row-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-row-id') ?? ''))
const tab = (name: string) => page.getByRole('tab', { name, exact: true })
/** The tabs' names, without the mark of a changed view. */
const tabNames = async () => (await page.getByRole('tab').allInnerTexts()).map((name) => name.replace('•', '').trim())
const keywordBox = () => page.locator('input[data-testid="filter-keyword"], [data-testid="filter-keyword"] input').first()
const ALL = () => count('SELECT count(*) AS n FROM orders')

beforeAll(async () => {
  shell = await startDemoShell()
  browser = await launchBrowser()
  ;({ page } = await openShellPage(browser, shell, { acceptDownloads: true }, '/orders'))
}, 180_000)
afterAll(async () => {
  await browser?.close()
  await shell?.close()
})

describe('saved views', () => {
  it('shows the ready-made views as tabs; one applies its filters in a click', async () => {
    await waitTotal(ALL())
    await expect.poll(tabNames, { timeout: 15_000 }).toEqual(['今日已付', '待支付超24小时', '本月退款'])
    await tab('待支付超24小时').click()
    await waitTotal(count("SELECT count(*) AS n FROM orders WHERE status = 'pending' AND created_at < ?", Date.now() - 86_400_000))
    expect(await tab('待支付超24小时').getAttribute('aria-selected')).toBe('true')
    expect(await page.getByTestId('filter-date-hint').innerText()).toMatch(/^创建于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 之前$/)
    await tab('本月退款').click()
    expect(await page.getByTestId('status-refunded').getAttribute('aria-checked')).toBe('true')
    expect(await page.getByTestId('status-partially_refunded').getAttribute('aria-checked')).toBe('true')
  }, 60_000)

  it('says the list no longer matches the view after a filter changes, and reverts to it', async () => {
    await tab('待支付超24小时').click()
    const pending = await total()
    expect(await page.getByTestId('view-modified').count()).toBe(0)
    await page.getByTestId('status-paid').click()
    await expect.poll(() => page.getByTestId('view-modified').innerText()).toContain('列表已与视图“待支付超24小时”不一致')
    expect(await page.getByTestId('view-changed-dot').count()).toBe(1)
    await page.getByTestId('view-revert').click()
    await waitTotal(pending)
    expect(await page.getByTestId('view-modified').count()).toBe(0)
  }, 60_000)

  it('saves the list as a view; after a reload the view gives the same rows', async () => {
    await page.getByTestId('filter-clear').click()
    await page.getByTestId('status-paid').click()
    const paid = count("SELECT count(*) AS n FROM orders WHERE status = 'paid'")
    await waitTotal(paid)
    await keywordBox().fill('Python')
    await expect.poll(total, { timeout: 15_000 }).toBeLessThan(paid)
    const expected = await total()
    expect(expected).toBeGreaterThan(0)
    const rows = await rowIds()
    expect(rows.length).toBeGreaterThan(0)

    await page.getByTestId('view-save').click()
    const box = page.locator('.el-message-box')
    await box.locator('input').fill('已付课程')
    await box.getByRole('button', { name: '确定' }).click()
    await expect.poll(tabNames).toEqual(['今日已付', '待支付超24小时', '本月退款', '已付课程'])
    expect(await tab('已付课程').getAttribute('aria-selected')).toBe('true')

    // Other filters, then a reload: the view, applied, brings the same rows back.
    await page.getByTestId('filter-clear').click()
    await waitTotal(ALL())
    await page.reload()
    await waitTotal(ALL())
    await tab('已付课程').click()
    await waitTotal(expected)
    expect(await rowIds()).toEqual(rows)
    expect(await keywordBox().inputValue()).toBe('Python')
  }, 90_000)

  it('refuses a name another view has, in the box, before saving', async () => {
    await page.getByTestId('view-save').click()
    const box = page.locator('.el-message-box')
    await box.locator('input').fill('今日已付')
    await box.getByRole('button', { name: '确定' }).click()
    await expect.poll(() => box.locator('.el-message-box__errormsg').innerText()).toBe('已有名为“今日已付”的视图')
    await box.getByRole('button', { name: '取消' }).click()
    expect(count('SELECT count(*) AS n FROM saved_views')).toBe(4)
  }, 30_000)

  it('moves a tab with the keyboard, renames it, and deletes it after a confirmation that names it', async () => {
    await tab('已付课程').focus()
    await page.keyboard.press('Alt+ArrowLeft')
    await expect.poll(tabNames).toEqual(['今日已付', '待支付超24小时', '已付课程', '本月退款'])
    await expect.poll(() => page.evaluate('document.activeElement?.textContent?.trim()')).toBe('已付课程')

    await page.getByRole('button', { name: '“已付课程”的操作' }).click()
    await page.getByTestId('view-rename').last().click()
    const box = page.locator('.el-message-box')
    await box.locator('input').fill('课程收入')
    await box.getByRole('button', { name: '确定' }).click()
    await expect.poll(tabNames).toEqual(['今日已付', '待支付超24小时', '课程收入', '本月退款'])

    await page.getByRole('button', { name: '“课程收入”的操作' }).click()
    await page.getByTestId('view-delete').last().click()
    await expect.poll(() => box.locator('.el-message-box__message').innerText()).toBe('删除视图“课程收入”？列表中的订单不受影响。')
    await box.getByRole('button', { name: '删除' }).click()
    await expect.poll(tabNames).toEqual(['今日已付', '待支付超24小时', '本月退款'])
  }, 60_000)

  it('puts a deleted ready-made view back', async () => {
    await page.getByRole('button', { name: '“今日已付”的操作' }).click()
    await page.getByTestId('view-delete').last().click()
    await page.locator('.el-message-box').getByRole('button', { name: '删除' }).click()
    await expect.poll(tabNames).toEqual(['待支付超24小时', '本月退款'])
    await page.getByTestId('view-restore').click()
    await expect.poll(tabNames).toEqual(['待支付超24小时', '本月退款', '今日已付'])
    expect(await page.getByTestId('view-restore').count()).toBe(0)
  }, 30_000)

  it('moves a tab dragged onto another to its place', async () => {
    await tab('今日已付').dragTo(tab('待支付超24小时'))
    await expect.poll(tabNames).toEqual(['今日已付', '待支付超24小时', '本月退款'])
    expect(
      shell.env.core.db
        .prepare('SELECT preset FROM saved_views ORDER BY position')
        .all()
        .map((r) => (r as { preset: string }).preset),
    ).toEqual(['paidToday', 'pendingOver24h', 'refundedThisMonth'])
  }, 30_000)

  it('refuses a settings file with a bad view, saying which, and changes nothing', async () => {
    const before = shell.env.core.db.prepare('SELECT * FROM saved_views ORDER BY id').all()
    const file = path.join(shell.env.dir, 'bad-settings.json')
    fs.writeFileSync(
      file,
      JSON.stringify({
        orderdesk: 'settings',
        version: 1,
        settings: { locale: 'en' },
        views: [
          { name: '好视图', preset: null, state: {} },
          { name: '坏视图', preset: null, state: { statuses: ['sold'] } },
        ],
      }),
    )
    await page.getByTestId('settings-import-file').setInputFiles(file)
    const box = page.locator('.el-message-box')
    await expect.poll(() => box.locator('.el-message-box__title').innerText()).toBe('未导入设置文件')
    expect(await box.locator('.el-message-box__message').innerText()).toBe('第 2 个视图的筛选条件无效。当前的设置和视图没有改动。')
    await screenshot(page, 'saved-views-import-refused')
    await box.getByRole('button', { name: '确定' }).click()
    expect(shell.env.core.db.prepare('SELECT * FROM saved_views ORDER BY id').all()).toEqual(before)
    expect(shell.env.core.settings.get().locale).toBe('zh-CN')
  }, 30_000)

  it('exports the settings and views as a file that imports back', async () => {
    await page.getByTestId('settings-file').click()
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('settings-export').click()])
    const text = fs.readFileSync(await download.path(), 'utf8')
    expect(JSON.parse(text)).toMatchObject({ orderdesk: 'settings', version: 1, settings: { locale: 'zh-CN' }, views: { length: 3 } })
    const file = path.join(shell.env.dir, 'settings.json')
    fs.writeFileSync(file, text)
    await page.getByTestId('settings-import-file').setInputFiles(file)
    await expect.poll(() => page.locator('.el-message').last().innerText()).toBe('已导入设置和 3 个视图')
  }, 30_000)
})

describe('the tabs on screen', () => {
  it.each(SCREENS)(
    'in %s at %dx%d: the tabs, the filters and the pager all in view, a changed view said',
    async (locale, width, height) => {
      await createHandlers(shell.env.core)['settings:set']({ locale })
      const ctx = await browser.newContext({ viewport: { width, height }, locale })
      const on = await ctx.newPage()
      const errors: string[] = []
      on.on('pageerror', (e) => errors.push(e.message))
      await on.goto(`${shell.server.url}#/orders`)
      await expect.poll(() => on.getByRole('tab').count(), { timeout: 15_000 }).toBe(3)
      // A view applied, then a filter changed: the bar at its longest.
      await on.getByRole('tab').nth(1).click()
      await on.getByTestId('status-paid').click()
      await expect.poll(() => on.getByTestId('view-modified').count()).toBe(1)
      await screenshot(on, `saved-views-tabs-${locale}-${width}x${height}`)
      for (const id of ['view-tabs', 'order-filters', 'create-order', 'orders-pager', 'view-update', 'view-revert']) {
        const box = await on.getByTestId(id).first().boundingBox()
        expect(box, id).not.toBeNull()
        expect(box!.x + box!.width, id).toBeLessThanOrEqual(width)
        expect(box!.y + box!.height, id).toBeLessThanOrEqual(height)
      }
      expect(errors).toEqual([])
      await ctx.close()
    },
    60_000,
  )
})
