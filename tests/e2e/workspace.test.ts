import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, screenshot, startShell, type Shell } from './support'

let browser: Browser
let shell: Shell
let page: Page

const count = (sql: string, ...params: unknown[]): number => (shell.env.core.db.prepare(sql).get(...params) as { n: number }).n
const total = async (): Promise<number> => Number((await page.getByTestId('orders-total').innerText()).replace(/\D/g, ''))
const waitTotal = (n: number) => expect.poll(total, { timeout: 15_000 }).toBe(n)
/** Element Plus puts test ids on the <input> of some inputs and on the wrapper of others. */
const inputOf = (id: string) => page.locator(`input[data-testid="${id}"], [data-testid="${id}"] input`).first()

beforeAll(async () => {
  shell = await startShell()
  browser = await launchBrowser()
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
  page = await context.newPage()
  page.on('pageerror', (e) => console.error('[page error]', e.message))
  await page.goto(shell.server.url)
}, 180_000)
afterAll(async () => {
  await browser?.close()
  await shell?.close()
})

describe('orders workspace in the browser shell', () => {
  it('starts the demo from the empty state and shows sync progress, then every order', async () => {
    await page.getByTestId('start-demo').click()
    await expect.poll(() => page.getByTestId('sync-progress').count(), { timeout: 15_000 }).toBeGreaterThan(0)
    await screenshot(page, 'workspace-sync-progress')
    await expect.poll(() => count('SELECT count(*) AS n FROM orders'), { timeout: 60_000 }).toBe(1400)
    await expect.poll(() => page.getByTestId('sync-now').count(), { timeout: 30_000 }).toBe(1)
    await waitTotal(1400)
    await screenshot(page, 'workspace-orders')
  }, 120_000)

  it('filters by status (with counts), source, amount and a two-character Chinese keyword, and clears in one click', async () => {
    const paid = count("SELECT count(*) AS n FROM orders WHERE status = 'paid'")
    expect(await page.getByTestId('status-paid').innerText()).toContain(String(paid))
    await page.getByTestId('status-paid').click()
    await waitTotal(paid)

    await inputOf('filter-keyword').fill('会员')
    const keyword = count("SELECT count(*) AS n FROM orders WHERE status = 'paid' AND (product_name LIKE '%会员%' OR customer_name LIKE '%会员%' OR order_no LIKE '%会员%' OR trade_no LIKE '%会员%' OR customer_id LIKE '%会员%' OR remote_id LIKE '%会员%')")
    expect(keyword).toBeGreaterThan(0)
    await waitTotal(keyword)
    await screenshot(page, 'workspace-keyword')

    await page.getByTestId('filter-clear').click()
    await waitTotal(1400)

    await inputOf('filter-amount-min').fill('1000')
    await inputOf('filter-amount-min').blur()
    await waitTotal(count('SELECT count(*) AS n FROM orders WHERE due >= 100000'))
    await page.getByTestId('filter-clear').click()
    await waitTotal(1400)

    await page.getByTestId('filter-sources').click()
    await page.getByRole('option', { name: '演示·直播课' }).click()
    await page.keyboard.press('Escape')
    await waitTotal(count("SELECT count(*) AS n FROM orders WHERE source_id = 'demo-course'"))
    await page.getByTestId('filter-clear').click()
    await waitTotal(1400)
  }, 60_000)

  it('sorts on a column and changes the page size', async () => {
    await page.locator('.el-table-v2__header-cell', { hasText: '应付' }).click()
    const smallest = count('SELECT min(due) AS n FROM orders')
    await expect.poll(async () => (await page.locator('.el-table-v2__row').first().innerText()).includes((smallest / 100).toFixed(2))).toBe(true)
    await page.getByTestId('orders-pager').locator('.el-select').click()
    await page.getByRole('option', { name: /500/ }).click()
    await expect.poll(async () => (await page.getByTestId('orders-pager').innerText()).includes('500')).toBe(true)
    await screenshot(page, 'workspace-sorted-500')
  }, 60_000)

  it('opens the detail drawer with money, timeline and raw payload', async () => {
    const statuses = await page.getByTestId('row-status').allInnerTexts()
    expect(statuses.length).toBeGreaterThan(0)
    await page.locator('.el-table-v2__row').first().click()
    const drawer = page.getByTestId('order-detail')
    await expect.poll(() => drawer.getByTestId('detail-money').count()).toBe(1)
    expect(await drawer.getByTestId('detail-timeline').innerText()).toContain('创建')
    await screenshot(page, 'workspace-detail')
    await page.keyboard.press('Escape')
  }, 60_000)
})
