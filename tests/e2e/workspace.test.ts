import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { money } from '../../src-renderer/src/format'
import { launchBrowser, openShellPage, screenshot, startShell, type Shell } from './support'

let browser: Browser
let shell: Shell
let page: Page
/** Whether this machine has a network, as the shell's core is told. */
let network = true

const count = (sql: string, ...params: unknown[]): number => (shell.env.core.db.prepare(sql).get(...params) as { n: number }).n
const total = async (): Promise<number> => Number((await page.getByTestId('orders-total').innerText()).replace(/\D/g, ''))
const waitTotal = (n: number) => expect.poll(total, { timeout: 15_000 }).toBe(n)
/** Element Plus puts test ids on the <input> of some inputs and on the wrapper of others. */
const inputOf = (id: string) => page.locator(`input[data-testid="${id}"], [data-testid="${id}"] input`).first()

beforeAll(async () => {
  shell = await startShell({ hasNetwork: () => network })
  browser = await launchBrowser()
  page = (await openShellPage(browser, shell, {}, '/orders')).page
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
    const keyword = count(
      "SELECT count(*) AS n FROM orders WHERE status = 'paid' AND (product_name LIKE '%会员%' OR customer_name LIKE '%会员%' OR order_no LIKE '%会员%' OR trade_no LIKE '%会员%' OR customer_id LIKE '%会员%' OR remote_id LIKE '%会员%')",
    )
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
    // An amount column opens largest first.
    await page.locator('.el-table-v2__header-cell', { hasText: '应付' }).click()
    const largest = shell.env.core.db.prepare('SELECT due, currency FROM orders ORDER BY due DESC LIMIT 1').get() as {
      due: number
      currency: string
    }
    await expect
      .poll(async () => (await page.locator('.el-table-v2__row').first().innerText()).includes(money(largest.due, largest.currency)))
      .toBe(true)
    await page.getByTestId('orders-pager').locator('.el-select').click()
    await page.getByRole('option', { name: /500/ }).click()
    await expect.poll(async () => (await page.getByTestId('orders-pager').innerText()).includes('500')).toBe(true)
    await screenshot(page, 'workspace-sorted-500')
  }, 60_000)

  it('opens on the remembered sort and filter with its first rows from a single request', async () => {
    await page.getByTestId('status-pending').click()
    const pending = count("SELECT count(*) AS n FROM orders WHERE status = 'pending'")
    await waitTotal(pending)
    // A second window of the same browser remembers the list (localStorage) and starts on it.
    const second = await page.context().newPage()
    // Whether the list was ever on screen without rows (built first, filled after).
    await second.addInitScript(`new MutationObserver(() => {
      const table = document.querySelector('.el-table-v2')
      if (table && !table.querySelector('.el-table-v2__row')) window.__builtEmpty = true
    }).observe(document, { subtree: true, childList: true })`)
    const listRequests: string[] = []
    second.on('request', (request) => {
      if (request.url().includes('/rpc/orders%3Alist')) listRequests.push(request.url())
    })
    await second.goto(`${shell.server.url}#/orders`)
    await expect
      .poll(async () => Number((await second.getByTestId('orders-total').innerText()).replace(/\D/g, '')), { timeout: 15_000 })
      .toBe(pending)
    const largest = shell.env.core.db
      .prepare("SELECT due, currency FROM orders WHERE status = 'pending' ORDER BY due DESC LIMIT 1")
      .get() as {
      due: number
      currency: string
    }
    expect(await second.locator('.el-table-v2__row').first().innerText()).toContain(money(largest.due, largest.currency))
    // The route asked for the page before the list was built; the list did not ask again.
    expect(listRequests.length).toBe(1)
    expect(await second.evaluate('window.__builtEmpty === true')).toBe(false)
    await second.close()
    await page.getByTestId('filter-clear').click()
    await waitTotal(1400)
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

  /** Finds one order through the keyword box and opens its drawer. */
  async function openOrder(orderNo: string): Promise<void> {
    await inputOf('filter-keyword').fill(orderNo)
    await waitTotal(1)
    await page.locator('.el-table-v2__row').first().click()
    await expect.poll(() => page.getByTestId('detail-order-no').innerText()).toBe(orderNo)
  }
  /** Closes the drawer and waits for the whole list, so the next search never clicks a row of this one. */
  async function closeDrawer(): Promise<void> {
    await page.keyboard.press('Escape')
    await page.getByTestId('filter-clear').click()
    await waitTotal(count('SELECT count(*) AS n FROM orders'))
  }
  const pendingOf = (source: string) =>
    shell.env.core.db
      .prepare("SELECT order_no FROM orders WHERE source_id = ? AND status = 'pending' AND order_no IS NOT NULL LIMIT 1")
      .get(source) as { order_no: string }
  const paidOf = (source: string) =>
    shell.env.core.db
      .prepare("SELECT order_no FROM orders WHERE source_id = ? AND status = 'paid' AND order_no IS NOT NULL LIMIT 1")
      .get(source) as { order_no: string }

  it('cancels a pending order on pub and on Ping++, after a confirm that names it', async () => {
    for (const source of ['demo-pub', 'demo-pingpp']) {
      const { order_no } = pendingOf(source)
      await openOrder(order_no)
      await page.getByTestId('detail-cancel').click()
      const confirm = page.locator('.el-message-box')
      await expect.poll(() => confirm.innerText()).toContain(order_no)
      await screenshot(page, `workspace-cancel-confirm-${source}`)
      // Its buttons say what they do: the box's own 取消 would read as "cancel the order".
      expect(await confirm.getByRole('button', { name: '暂不取消', exact: true }).count()).toBe(1)
      await confirm.getByRole('button', { name: '确认取消', exact: true }).click()
      await expect.poll(() => page.getByTestId('detail-status').innerText()).toBe('已取消')
      expect(count("SELECT count(*) AS n FROM orders WHERE source_id = ? AND order_no = ? AND status = 'canceled'", source, order_no)).toBe(
        1,
      )
      await closeDrawer()
    }
  }, 90_000)

  it('shows cancel disabled with its reason on appkey and course, and on a paid order', async () => {
    for (const source of ['demo-appkey', 'demo-course']) {
      await openOrder(pendingOf(source).order_no)
      expect(await page.getByTestId('detail-cancel').isDisabled()).toBe(true)
      expect(await page.getByTestId('detail-cancel-reason').innerText()).toBe('该数据源不支持取消订单')
      await screenshot(page, `workspace-cancel-disabled-${source}`)
      await closeDrawer()
    }
    await openOrder(paidOf('demo-pingpp').order_no)
    expect(await page.getByTestId('detail-cancel-reason').innerText()).toBe('订单已支付，无法取消')
    await closeDrawer()
  }, 90_000)

  it('creates an order on each kind from its form, and opens it', async () => {
    const inputs: Record<string, Record<string, string>> = {
      'demo-pub': { pid: '9001', pm_id: '1' },
      'demo-appkey': { productName: '年度会员(测试)', amount: '199.90' },
      'demo-pingpp': { merchant_order_no: 'E2E20261123001', amount: '29.90', subject: '精品咖啡', body: '一杯拿铁' },
      'demo-course': { album_id: '3' },
    }
    for (const [source, fields] of Object.entries(inputs)) {
      const before = count('SELECT count(*) AS n FROM orders WHERE source_id = ?', source)
      await page.getByTestId('create-order').click()
      await page.getByTestId(`create-in-${source}`).click()
      const dialog = page.getByTestId('create-dialog')
      for (const [key, value] of Object.entries(fields)) await inputOf(`create-field-${key}`).fill(value)
      await screenshot(page, `workspace-create-${source}`)
      await dialog.getByTestId('create-submit').click()
      await expect.poll(() => count('SELECT count(*) AS n FROM orders WHERE source_id = ?', source), { timeout: 10_000 }).toBe(before + 1)
      await expect.poll(() => page.getByTestId('order-detail').isVisible()).toBe(true)
      await page.keyboard.press('Escape')
    }
    // A rejected create keeps the form and shows the API's words.
    await page.getByTestId('create-order').click()
    await page.getByTestId('create-in-demo-pingpp').click()
    await inputOf('create-field-merchant_order_no').fill('E2E20261123001')
    await inputOf('create-field-amount').fill('100')
    await inputOf('create-field-subject').fill('重复单号')
    await inputOf('create-field-body').fill('x')
    await page.getByTestId('create-submit').click()
    // Said in words, the API's own behind 详情: no HTTP code, no English from main.
    await expect.poll(() => page.getByTestId('create-error').innerText()).toMatch(/^订单没有创建：请求被接口拒绝\n+详情$/)
    await page.getByTestId('create-error').getByTestId('error-details').click()
    expect(await page.getByTestId('create-error').innerText()).toMatch(
      /^订单没有创建：请求被接口拒绝\n+收起\n+接口返回的说明：.*merchant_order_no 已存在/,
    )
    expect(await inputOf('create-field-subject').inputValue()).toBe('重复单号')
    await screenshot(page, 'workspace-create-error')
    await page.keyboard.press('Escape')
  }, 120_000)

  it('tests a new source with a wrong token and says so plainly', async () => {
    await page.getByTestId('nav-sources').click()
    await page.getByTestId('add-source').click()
    const baseUrl = (shell.env.core.db.prepare("SELECT base_url FROM sources WHERE id = 'demo-pub'").get() as { base_url: string }).base_url
    await inputOf('source-id').fill('wrong')
    await inputOf('source-name').fill('错误令牌')
    await inputOf('source-base-url').fill(baseUrl)
    await inputOf('source-secret-token').fill('not-the-token')
    await page.getByTestId('source-test').click()
    await expect.poll(() => page.getByTestId('source-test-result').innerText()).toContain('认证失败：令牌或密钥错误')
    await screenshot(page, 'workspace-source-wrong-token')
    await page.keyboard.press('Escape')
  }, 60_000)

  it('keeps listing and filtering from the cache when this machine is offline', async () => {
    network = false
    await shell.env.core.demo.stop()
    await shell.env.core.sync.checkNetwork()
    await page.getByTestId('nav-orders').click()
    await expect.poll(() => page.getByTestId('online-status').innerText()).toBe('离线')
    expect(await page.getByTestId('sync-now').isDisabled()).toBe(true)
    expect(await page.getByTestId('create-order').isDisabled()).toBe(true)
    await page.getByTestId('status-refunded').click()
    await waitTotal(count("SELECT count(*) AS n FROM orders WHERE status = 'refunded'"))
    await screenshot(page, 'workspace-offline')
    await page.getByTestId('filter-clear').click()
  }, 60_000)

  it('reads the same workspace in English', async () => {
    await page.getByTestId('locale-switch').getByText('English').click()
    await expect.poll(() => page.getByTestId('online-status').innerText()).toBe('Offline')
    expect(await page.getByTestId('status-paid').innerText()).toMatch(/Paid/)
    await screenshot(page, 'workspace-english')
    await page.getByTestId('locale-switch').getByText('中文').click()
  }, 30_000)
})
