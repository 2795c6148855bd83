import fs from 'node:fs'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHandlers } from '../../src-main/api/handlers'
import { shortcutRange } from '../../src-renderer/src/dates'
import { launchBrowser, openShellPage, screenshot, startShell, type Shell } from './support'

/**
 * The workspace flows beyond the basics of workspace.test.ts: every kind of filter, persistence,
 * the column chooser, paging, the drawer's copy/raw/charges, refresh in place after a sync,
 * a failed cancel, the Sources page end to end, the sync log's skipped records, offline and back.
 */
let browser: Browser
let context: BrowserContext
let shell: Shell
let page: Page
/** Whether this machine has a network, as the shell's core is told. */
let network = true
const TZ = 'Asia/Shanghai'

const count = (sql: string, ...params: unknown[]): number => (shell.env.core.db.prepare(sql).get(...params) as { n: number }).n
const one = <T>(sql: string, ...params: unknown[]): T => shell.env.core.db.prepare(sql).get(...params) as T
const total = async (): Promise<number> => Number((await page.getByTestId('orders-total').innerText()).replace(/\D/g, ''))
const waitTotal = (n: number) => expect.poll(total, { timeout: 15_000 }).toBe(n)
/** Element Plus puts test ids on the <input> (or <textarea>) of some inputs and on the wrapper of others. */
const inputOf = (id: string) =>
  page
    .locator(`input[data-testid="${id}"], textarea[data-testid="${id}"], [data-testid="${id}"] input, [data-testid="${id}"] textarea`)
    .first()
const ALL = 1400

async function pick(selectId: string, option: string | RegExp): Promise<void> {
  await page.getByTestId(selectId).click()
  await page.getByRole('option', { name: option }).last().click()
  await page.keyboard.press('Escape')
}
async function clear(): Promise<void> {
  await page.getByTestId('filter-clear').click()
  await waitTotal(ALL)
}

beforeAll(async () => {
  shell = await startShell({ hasNetwork: () => network })
  browser = await launchBrowser()
  const opened = await openShellPage(browser, shell, { acceptDownloads: true }, '/orders')
  context = opened.context
  page = opened.page
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(shell.server.url).origin })
}, 180_000)
afterAll(async () => {
  await browser?.close()
  await shell?.close()
})

describe('order list filters', () => {
  it('starts with the demo synced', async () => {
    await page.getByTestId('start-demo').click()
    await expect.poll(() => count('SELECT count(*) AS n FROM orders'), { timeout: 60_000 }).toBe(ALL)
    await expect.poll(() => page.getByTestId('sync-now').count(), { timeout: 30_000 }).toBe(1)
    await waitTotal(ALL)
  }, 120_000)

  it('filters by product type', async () => {
    // The shop's own word for a type, under its source: only that source's orders of it.
    const { product_type } = one<{ product_type: string }>(
      "SELECT product_type FROM orders WHERE source_id = 'demo-appkey' AND product_type IS NOT NULL GROUP BY product_type ORDER BY count(*) DESC LIMIT 1",
    )
    await pick('filter-product-types', new RegExp(`^${product_type}\\s*\\d+$`))
    await waitTotal(count("SELECT count(*) AS n FROM orders WHERE source_id = 'demo-appkey' AND product_type = ?", product_type))
    await screenshot(page, 'flows-filter-product-type')
    await clear()
  }, 60_000)

  it('filters on created and paid dates with shortcuts cut in Asia/Shanghai, and shows the days', async () => {
    for (const [label, shortcut] of [
      ['最近 7 天', 'last7'],
      ['最近 30 天', 'last30'],
      ['本月', 'thisMonth'],
      ['今天', 'today'],
    ] as const) {
      await pick('filter-date-shortcut', label)
      const r = shortcutRange(shortcut, TZ)
      await waitTotal(count('SELECT count(*) AS n FROM orders WHERE created_at BETWEEN ? AND ?', r.from, r.to))
      expect(await page.getByTestId('filter-date-hint').innerText()).toMatch(/^\d{4}-\d{2}-\d{2}/)
    }
    await screenshot(page, 'flows-filter-created-today')
    await pick('filter-date-field', '支付时间')
    await pick('filter-date-shortcut', '最近 30 天')
    const r = shortcutRange('last30', TZ)
    await waitTotal(count('SELECT count(*) AS n FROM orders WHERE paid_at BETWEEN ? AND ?', r.from, r.to))
    await screenshot(page, 'flows-filter-paid-last30')
    await clear()
    await pick('filter-date-field', '创建时间')
  }, 60_000)

  it('filters on a custom day range', async () => {
    const { d } = one<{ d: number }>('SELECT created_at AS d FROM orders ORDER BY created_at DESC LIMIT 1 OFFSET 700')
    const day = new Date(d + 8 * 3_600_000).toISOString().slice(0, 10)
    await pick('filter-date-shortcut', '自定义')
    const range = page.getByTestId('filter-date-range')
    const inputs = page.locator('.el-range-input')
    await range.click()
    await inputs.nth(0).fill(day)
    await inputs.nth(1).fill(day)
    await inputs.nth(1).press('Enter')
    const from = Date.parse(`${day}T00:00:00+08:00`)
    await waitTotal(count('SELECT count(*) AS n FROM orders WHERE created_at BETWEEN ? AND ?', from, from + 86_400_000 - 1))
    await screenshot(page, 'flows-filter-custom-range')
    await clear()
  }, 60_000)

  it('filters on an amount range in yuan (fen in SQLite)', async () => {
    await inputOf('filter-amount-min').fill('10')
    await inputOf('filter-amount-min').blur()
    await inputOf('filter-amount-max').fill('99.5')
    await inputOf('filter-amount-max').blur()
    await waitTotal(count('SELECT count(*) AS n FROM orders WHERE due BETWEEN 1000 AND 9950'))
    expect(await page.getByTestId('filter-active-count').innerText()).toBe('1')
    await clear()
  }, 60_000)

  it('keeps filters and column choice across a restart, and says why a list is empty', async () => {
    await page.getByTestId('status-refunded').click()
    await inputOf('filter-keyword').fill('会员')
    const n = count(
      "SELECT count(*) AS n FROM orders WHERE status = 'refunded' AND (product_name LIKE '%会员%' OR customer_name LIKE '%会员%' OR order_no LIKE '%会员%' OR trade_no LIKE '%会员%' OR customer_id LIKE '%会员%' OR remote_id LIKE '%会员%')",
    )
    await waitTotal(n)
    await page.getByTestId('column-chooser').click()
    await page.getByTestId('column-customer').click()
    await page.keyboard.press('Escape')
    await expect.poll(() => page.locator('.el-table-v2__header-cell', { hasText: '客户' }).count()).toBe(0)

    await page.reload()
    await waitTotal(n)
    expect(await inputOf('filter-keyword').inputValue()).toBe('会员')
    expect(await page.getByTestId('status-refunded').getAttribute('class')).toContain('is-checked')
    expect(await page.locator('.el-table-v2__header-cell', { hasText: '客户' }).count()).toBe(0)

    await inputOf('filter-keyword').fill('没有这种东西')
    await expect.poll(() => page.getByTestId('empty-no-match').count()).toBe(1)
    expect(await page.getByTestId('empty-no-match').innerText()).toContain('没有符合这些筛选条件的订单')
    await screenshot(page, 'flows-empty-no-match')
    await page.getByTestId('filter-clear').click()
    await waitTotal(ALL)
    await page.getByTestId('column-chooser').click()
    await page.getByTestId('column-customer').click()
    await page.keyboard.press('Escape')
  }, 60_000)
})

describe('sorting and paging', () => {
  it('sorts on order no both ways and pages through', async () => {
    const header = page.locator('.el-table-v2__header-cell', { hasText: '订单号' })
    await header.click()
    const asc = one<{ v: string }>('SELECT order_no AS v FROM orders ORDER BY order_no ASC, id ASC LIMIT 1').v
    // The order number is in the pinned column, drawn in a table of its own.
    const firstRow = () => page.locator('.el-table-v2__left .el-table-v2__row').first().innerText()
    await expect.poll(firstRow).toContain(asc)
    await header.click()
    const desc = one<{ v: string }>('SELECT order_no AS v FROM orders ORDER BY order_no DESC LIMIT 1').v
    await expect.poll(firstRow).toContain(desc)

    await page.getByTestId('orders-pager').locator('.el-select').click()
    await page.getByRole('option', { name: /^20/ }).click()
    await expect.poll(() => page.getByTestId('orders-pager').innerText()).toContain('70')
    await page.getByTestId('orders-pager').locator('.number', { hasText: /^2$/ }).click()
    const second = one<{ v: string }>('SELECT order_no AS v FROM orders ORDER BY order_no DESC LIMIT 1 OFFSET 20').v
    await expect.poll(firstRow).toContain(second)
    await screenshot(page, 'flows-sorted-page-2')
    // Back to the defaults for the rest of the file: a time column opens newest first.
    await page.locator('.el-table-v2__header-cell', { hasText: '创建时间' }).click()
    await page.getByTestId('orders-pager').locator('.el-select').click()
    await page.getByRole('option', { name: /^500/ }).click()
  }, 60_000)

  it('refreshes in place after a sync: scroll position and the selected row survive', async () => {
    // The virtualized table scrolls the window inside its body wrapper, not the wrapper itself.
    const body = page.locator('.el-table-v2__body > div').first()
    await body.evaluate((el) => ((el as unknown as { scrollTop: number }).scrollTop = 4000))
    await page.waitForTimeout(300)
    const row = page.locator('.el-table-v2__row').nth(3)
    const text = await row.innerText()
    await row.click()
    await page.keyboard.press('Escape')
    const runs = count('SELECT count(*) AS n FROM sync_runs')
    await page.getByTestId('sync-now').click()
    await expect.poll(() => count("SELECT count(*) AS n FROM sync_runs WHERE status != 'running'"), { timeout: 30_000 }).toBe(runs + 1)
    await expect.poll(() => page.getByTestId('sync-now').count(), { timeout: 15_000 }).toBe(1)
    await page.waitForTimeout(500)
    const scrollTop = await body.evaluate((el) => (el as unknown as { scrollTop: number }).scrollTop)
    expect(scrollTop).toBeGreaterThan(3500)
    expect(await page.locator('.selected-row').first().innerText()).toBe(text)
    await screenshot(page, 'flows-after-sync-kept-scroll')
    await body.evaluate((el) => ((el as unknown as { scrollTop: number }).scrollTop = 0))
  }, 60_000)
})

describe('order detail', () => {
  async function openOrder(orderNo: string): Promise<void> {
    await inputOf('filter-keyword').fill(orderNo)
    await waitTotal(1)
    await page.locator('.el-table-v2__row').first().click()
    await expect.poll(() => page.getByTestId('detail-order-no').innerText()).toBe(orderNo)
  }
  async function closeDrawer(): Promise<void> {
    await page.keyboard.press('Escape')
    await page.getByTestId('filter-clear').click()
    await waitTotal(ALL)
  }

  it('copies the order no and trade no, lists Ping++ charges, shows the raw payload pretty-printed', async () => {
    const o = one<{ order_no: string; trade_no: string | null; remote_id: string }>(
      "SELECT order_no, trade_no, remote_id FROM orders WHERE source_id = 'demo-pingpp' AND status = 'paid' AND trade_no IS NOT NULL LIMIT 1",
    )
    await openOrder(o.order_no)
    const drawer = page.getByTestId('order-detail')
    expect(await drawer.getByTestId('detail-kind').innerText()).toBe('Ping++')
    expect(await drawer.getByTestId('detail-remote-status').innerText()).not.toBe('')
    await drawer.getByTestId('copy-order-no').click()
    await expect.poll(() => page.evaluate('navigator.clipboard.readText()')).toBe(o.order_no)
    await drawer.getByTestId('copy-trade-no').click()
    await expect.poll(() => page.evaluate('navigator.clipboard.readText()')).toBe(o.trade_no)
    expect(await drawer.getByTestId('detail-charges').innerText()).toContain('已支付')
    const money = await drawer.getByTestId('detail-money').innerText()
    for (const label of ['订单总额', '优惠', '应付', '已付', '已退款']) expect(money).toContain(label)
    await drawer.getByTestId('detail-raw').locator('.el-collapse-item__header').click()
    const raw = drawer.locator('pre.raw')
    await expect.poll(() => raw.isVisible()).toBe(true)
    expect(await raw.innerText()).toContain(`\n  "`)
    await screenshot(page, 'flows-detail-pingpp-raw')
    await closeDrawer()
  }, 60_000)

  it('refreshes one order from its source', async () => {
    const { order_no } = one<{ order_no: string }>(
      "SELECT order_no FROM orders WHERE source_id = 'demo-pub' AND order_no IS NOT NULL LIMIT 1",
    )
    await openOrder(order_no)
    await page.getByTestId('detail-refresh').click()
    await expect.poll(() => page.locator('.el-message').last().innerText()).toContain('已从数据源刷新')
    await closeDrawer()
  }, 60_000)

  it('a cancel the API refuses shows its words and changes nothing on screen', async () => {
    const o = one<{ id: number; order_no: string }>(
      "SELECT id, order_no FROM orders WHERE source_id = 'demo-pingpp' AND status = 'pending' AND order_no IS NOT NULL LIMIT 1",
    )
    await openOrder(o.order_no)
    // Behind the drawer's back the order is canceled, so the API refuses the second cancel.
    await createHandlers(shell.env.core)['orders:cancel']({ id: o.id })
    await page.getByTestId('detail-cancel').click()
    await page.locator('.el-message-box').getByRole('button', { name: '确认取消', exact: true }).click()
    await expect.poll(() => page.getByTestId('detail-error').count(), { timeout: 10_000 }).toBe(1)
    // The cache says the order left "pending": said in words, not in main's English.
    expect(await page.getByTestId('detail-error').innerText()).toBe('取消失败，订单没有改动：只有待支付的订单可以取消')
    expect(await page.getByTestId('detail-status').innerText()).toBe('待支付')
    await screenshot(page, 'flows-cancel-refused')
    await closeDrawer()
  }, 60_000)
})

describe('sources page', () => {
  it('says how secrets are kept, tests a saved source, edits it without losing its secrets or settings', async () => {
    await page.getByTestId('nav-sources').click()
    await expect.poll(() => page.getByTestId('secret-store').innerText()).toContain('本机的密钥文件加密')
    expect(await page.getByTestId('secret-store').innerText()).toContain('服务器进程')
    // The key file's path is for support, on hover: not in the sentence staff read.
    expect(await page.getByTestId('secret-store').innerText()).not.toMatch(/\.key|\/|mode|AES/)
    expect(await page.getByTestId('secret-store').getAttribute('title')).toMatch(/AES-256-GCM, key file .*\.key/)
    expect(await page.getByTestId('demo-tag').count()).toBe(4)
    await page.getByTestId('test-demo-appkey').click()
    await expect.poll(() => page.getByTestId('test-result-demo-appkey').innerText(), { timeout: 15_000 }).toContain('连接正常')

    await page.getByTestId('edit-demo-pub').click()
    const token = inputOf('source-secret-token')
    expect(await token.inputValue()).toBe('')
    expect(await token.getAttribute('placeholder')).toMatch(/留空则保持原值（当前 .*\S{4}）/)
    await inputOf('source-name').fill('演示·代理商城(改)')
    await screenshot(page, 'flows-source-edit')
    await page.getByTestId('source-save').click()
    await expect.poll(() => page.getByTestId('source-row-demo-pub').innerText()).toContain('演示·代理商城(改)')
    // Still a demo source after the edit: removing the demo must still take it away.
    expect(await page.getByTestId('source-row-demo-pub').getByTestId('demo-tag').count()).toBe(1)
    await page.getByTestId('test-demo-pub').click()
    await expect.poll(() => page.getByTestId('test-result-demo-pub').innerText(), { timeout: 15_000 }).toContain('连接正常')
    await screenshot(page, 'flows-sources')
  }, 60_000)

  it('syncs one source and fully resyncs another, with progress in the header', async () => {
    const runs = count('SELECT count(*) AS n FROM sync_runs')
    await page.getByTestId('full-sync-demo-course').click()
    await expect.poll(() => page.getByTestId('sync-progress').count(), { timeout: 10_000 }).toBe(1)
    await screenshot(page, 'flows-full-sync-progress')
    await expect
      .poll(() => count("SELECT count(*) AS n FROM sync_runs WHERE full = 1 AND status = 'ok'"), { timeout: 30_000 })
      .toBeGreaterThan(0)
    await expect.poll(() => page.getByTestId('sync-demo-pub').isEnabled(), { timeout: 15_000 }).toBe(true)
    await page.getByTestId('sync-demo-pub').click()
    await expect.poll(() => count("SELECT count(*) AS n FROM sync_runs WHERE status != 'running'"), { timeout: 30_000 }).toBe(runs + 2)
    const last = one<{ source_id: string }>('SELECT source_id FROM sync_run_sources ORDER BY run_id DESC LIMIT 1')
    expect(last.source_id).toBe('demo-pub')
  }, 90_000)

  it('exports with secrets as ${ENV} references, imports a pasted file, removes a source with no orders without asking about them', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-sources').click()])
    const text = fs.readFileSync((await download.path())!, 'utf8')
    expect(text).toContain('demo-pub')
    expect(text).toMatch(/\$\{[A-Z0-9_]+\}/)

    const baseUrl = one<{ base_url: string }>("SELECT base_url FROM sources WHERE id = 'demo-course'").base_url
    // A file with a bad address is refused, said with the source and the key it names, nothing imported.
    await inputOf('import-text').fill(
      JSON.stringify({ sources: [{ id: 'bad-course', name: '坏', kind: 'course', baseUrl: 'ftp://x', token: 't' }] }),
    )
    await page.getByTestId('import-sources').click()
    await expect
      .poll(() => page.getByTestId('import-error').innerText())
      .toBe('数据源文件没有导入：数据源「bad-course」的「baseUrl」不正确')
    expect(count("SELECT count(*) AS n FROM sources WHERE id = 'bad-course'")).toBe(0)
    const file = JSON.stringify({
      sources: [{ id: 'imported-course', name: '导入的直播课', kind: 'course', baseUrl, token: 'wrong-token' }],
    })
    await inputOf('import-text').fill(file)
    await page.getByTestId('import-sources').click()
    await expect.poll(() => page.getByTestId('source-row-imported-course').count()).toBe(1)
    await page.getByTestId('test-imported-course').click()
    await expect.poll(() => page.getByTestId('test-result-imported-course').innerText(), { timeout: 15_000 }).toContain('令牌或密钥错误')
    await screenshot(page, 'flows-import-wrong-token')

    // A source with orders asks whether to keep them (closed again here: the demo stays whole).
    await page.getByTestId('remove-demo-course').click()
    await expect.poll(() => page.getByTestId('remove-dialog').innerText()).toContain('要保留这些订单吗')
    await expect.poll(() => page.getByTestId('remove-delete').count()).toBe(1)
    await screenshot(page, 'flows-remove-dialog')
    await page.getByTestId('remove-dialog').getByRole('button', { name: '取消' }).click()
    await expect.poll(() => page.getByTestId('remove-dialog').isVisible()).toBe(false)

    // One with none (the wrong token never let it sync) is simply removed, and leaves no row behind.
    await page.getByTestId('remove-imported-course').click()
    await expect.poll(() => page.getByTestId('remove-dialog').innerText()).toContain('没有缓存订单')
    expect(await page.getByTestId('remove-keep').count()).toBe(0)
    await page.getByTestId('remove-confirm').click()
    await expect.poll(() => page.getByTestId('source-row-imported-course').count()).toBe(0)
    expect(count("SELECT count(*) AS n FROM sources WHERE id = 'imported-course'")).toBe(0)
    expect(count('SELECT count(*) AS n FROM sources WHERE removed_at IS NOT NULL')).toBe(0)
  }, 60_000)

  it('reads the Sources page in English', async () => {
    await page.getByTestId('locale-switch').getByText('English').click()
    await expect.poll(() => page.getByTestId('secret-store').innerText()).toContain('Credentials are protected')
    await screenshot(page, 'flows-sources-en')
    await page.getByTestId('locale-switch').getByText('中文').click()
  }, 30_000)
})

describe('sync log', () => {
  it('opens a run’s skipped records with their raw payload', async () => {
    const run = one<{ id: number }>('SELECT id FROM sync_runs ORDER BY id DESC LIMIT 1').id
    const source = one<{ source_id: string }>('SELECT source_id FROM sync_run_sources WHERE run_id = ?', run).source_id
    shell.env.core.db.prepare('UPDATE sync_run_sources SET skipped = 1 WHERE run_id = ?').run(run)
    shell.env.core.db
      .prepare('INSERT INTO skipped_records (run_id, source_id, remote_id, reason, raw, at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(run, source, 'BROKEN-1', 'price: not a number', JSON.stringify({ id: 'BROKEN-1', price: 'abc' }), Date.now())
    await page.getByTestId('nav-sync-log').click()
    await page.getByTestId('view-skipped').first().click()
    const dialog = page.getByTestId('skipped-dialog')
    await expect.poll(() => dialog.getByTestId('skipped-record').count()).toBe(1)
    await dialog.getByTestId('skipped-record').locator('.el-collapse-item__header').click()
    await expect.poll(() => dialog.getByTestId('skipped-raw').innerText()).toContain('"price": "abc"')
    await screenshot(page, 'flows-sync-log-skipped')
    await page.keyboard.press('Escape')
  }, 60_000)
})

describe('offline and back', () => {
  it('reads from the cache offline, says network actions need the network, and offers them again when it returns', async () => {
    // No network on this machine; the demo's servers (on this machine) are gone too.
    network = false
    await shell.env.core.demo.stop()
    await shell.env.core.sync.checkNetwork()
    await page.getByTestId('nav-orders').click()
    await expect.poll(() => page.getByTestId('offline-banner').count()).toBe(1)
    await page.getByTestId('status-paid').click()
    await waitTotal(count("SELECT count(*) AS n FROM orders WHERE status = 'paid'"))
    await page.getByTestId('create-order-blocked').hover()
    await expect.poll(() => page.locator('.el-popper', { hasText: '新建订单需要网络' }).isVisible()).toBe(true)

    const { order_no } = one<{ order_no: string }>(
      "SELECT order_no FROM orders WHERE source_id = 'demo-pub' AND status = 'pending' AND order_no IS NOT NULL LIMIT 1",
    )
    await page.getByTestId('filter-clear').click()
    await inputOf('filter-keyword').fill(order_no)
    await waitTotal(1)
    await page.locator('.el-table-v2__row').first().click()
    await expect.poll(() => page.getByTestId('detail-order-no').innerText()).toBe(order_no)
    expect(await page.getByTestId('detail-refresh').isDisabled()).toBe(true)
    expect(await page.getByTestId('detail-cancel').isDisabled()).toBe(true)
    expect(await page.getByTestId('detail-cancel-reason').innerText()).toContain('需要网络')
    await screenshot(page, 'flows-offline-detail')
    await page.keyboard.press('Escape')
    await page.getByTestId('filter-clear').click()

    await page.getByTestId('nav-sources').click()
    expect(await page.getByTestId('test-demo-pub').isDisabled()).toBe(true)
    expect(await page.getByTestId('sync-demo-pub').isDisabled()).toBe(true)
    expect(await page.getByTestId('sources-offline').innerText()).toContain('需要网络')
    await screenshot(page, 'flows-offline-sources')

    // The network returns: the sandboxes are back and the probe says so.
    network = true
    await shell.env.core.demo.start()
    await shell.env.core.sync.checkNetwork()
    await expect.poll(() => page.getByTestId('online-status').innerText()).toBe('在线')
    expect(await page.getByTestId('test-demo-pub').isDisabled()).toBe(false)
    expect(await page.getByTestId('sync-demo-pub').isDisabled()).toBe(false)
    await page.getByTestId('nav-orders').click()
    await expect.poll(() => page.getByTestId('offline-banner').count()).toBe(0)
    expect(await page.getByTestId('create-order').isDisabled()).toBe(false)
  }, 90_000)

  it('removes the demo data after a confirm', async () => {
    await page.getByTestId('nav-sources').click()
    await page.getByTestId('remove-demo').click()
    await page.locator('.el-message-box').getByRole('button', { name: '删除演示数据' }).click()
    await expect.poll(() => count('SELECT count(*) AS n FROM sources')).toBe(0)
    await expect.poll(() => page.getByTestId('empty-no-sources').count()).toBe(1)
    expect(count('SELECT count(*) AS n FROM orders')).toBe(0)
  }, 60_000)
})
