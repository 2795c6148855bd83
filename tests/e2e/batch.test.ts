import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EventMap, Locale } from '../../src-preload/contract'
import { startSandbox, type StartedSandbox } from '../../src-main/sandboxes'
import { halfWidthInChinese, notForStaff } from '../helpers/ui-text'
import { launchBrowser, openShellPage, screenshot, SCREENS, startShell, type Shell } from './support'

/**
 * Batch actions on the order list as staff use them: rows checked across pages, the whole
 * filter's orders, the selection cleared (and said) when the filters change, the order numbers
 * copied, the selection exported, and a batch cancel in which the vendor refuses one order (paid
 * at the vendor since the last sync) and another source has no cancel at all. The batch bar and
 * the result are saved as tests/e2e/artifacts/batch-<what>-<locale>-<width>.png, to be looked at.
 */
let browser: Browser
let context: BrowserContext
let shell: Shell
let page: Page
let pub: StartedSandbox
let appkey: StartedSandbox

type Row = { id: number; remote_id: string; order_no: string; source_id: string; status: string }
const one = <T>(sql: string, ...params: unknown[]): T => shell.env.core.db.prepare(sql).get(...params) as T
const all = <T>(sql: string, ...params: unknown[]): T[] => shell.env.core.db.prepare(sql).all(...params) as T[]
const total = async (): Promise<number> => Number((await page.getByTestId('orders-total').innerText()).replace(/\D/g, ''))
const rowCheckbox = (id: number) => page.locator(`.el-table-v2__left [data-row-id="${id}"] [data-testid="select-row"]`)
const bar = () => page.getByTestId('batch-bar')
const dialog = () => page.getByTestId('batch-cancel-dialog')
const count = async (): Promise<string> => ((await bar().isVisible()) ? page.getByTestId('batch-count').innerText() : '')
/** Pub orders paid at the vendor behind the cache's back: still pending in the list, never picked again. */
const paidAtVendor = new Set<string>()

async function setLocale(locale: Locale): Promise<void> {
  await page
    .getByTestId('locale-switch')
    .getByText(locale === 'en' ? 'English' : '中文')
    .click()
  await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(locale)
}

/** The ids of the list's rows as drawn, top first. */
async function shownIds(): Promise<number[]> {
  return page
    .locator('.el-table-v2__left .el-table-v2__row')
    .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-row-id'))).filter((n) => n > 0))
}

/** Pending orders shown at the top of the list (filtered to pending), `n` of a source. */
async function shownPending(source: string, n: number): Promise<Row[]> {
  const ids = await shownIds()
  const rows = all<Row>(
    `SELECT id, remote_id, coalesce(order_no, remote_id) AS order_no, source_id, status FROM orders
     WHERE id IN (SELECT value FROM json_each(?)) AND source_id = ? AND status = 'pending'`,
    JSON.stringify(ids),
    source,
  )
  const picked = ids.map((id) => rows.find((r) => r.id === id)).filter((r): r is Row => r !== undefined && !paidAtVendor.has(r.remote_id))
  if (picked.length < n) throw new Error(`only ${picked.length} pending orders of ${source} in view`)
  return picked.slice(0, n)
}

async function check(rows: Row[]): Promise<void> {
  for (const row of rows) await rowCheckbox(row.id).click()
}

async function filterPending(): Promise<void> {
  const pending = one<{ n: number }>("SELECT count(*) AS n FROM orders WHERE status = 'pending'").n
  await page.getByTestId('status-pending').click()
  await expect.poll(total, { timeout: 15_000 }).toBe(pending)
}

async function clearFilters(): Promise<void> {
  await page.getByTestId('filter-clear').click()
  await expect.poll(total, { timeout: 15_000 }).toBe(one<{ n: number }>('SELECT count(*) AS n FROM orders').n)
}

beforeAll(async () => {
  shell = await startShell()
  pub = await startSandbox('pub', { seed: 31, orders: 600 })
  appkey = await startSandbox('appkey', { seed: 32, orders: 60 })
  shell.env.core.sources.upsert(pub.sourceConfig('e2e-pub', '代理商城'), { storeSecrets: true })
  shell.env.core.sources.upsert(appkey.sourceConfig('e2e-appkey', '商城'), { storeSecrets: true })
  const synced = new Promise<void>((resolve) => shell.env.core.events.subscribe({ emit: (name) => name === 'sync:finished' && resolve() }))
  shell.env.core.sync.start({ sources: ['e2e-pub', 'e2e-appkey'], trigger: 'manual' })
  await synced
  browser = await launchBrowser()
  const opened = await openShellPage(browser, shell)
  context = opened.context
  page = opened.page
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(shell.server.url).origin })
}, 180_000)
afterAll(async () => {
  await browser?.close()
  await shell?.close()
  await pub?.close()
  await appkey?.close()
})

describe('selecting orders', () => {
  it('opens the list with the synced orders', async () => {
    await page.getByTestId('nav-orders').click()
    await expect.poll(total, { timeout: 30_000 }).toBe(one<{ n: number }>('SELECT count(*) AS n FROM orders').n)
  }, 60_000)

  it('keeps the selection across pages, and a click on a checkbox does not open the order', async () => {
    const first = (await shownIds())[0]
    await rowCheckbox(first).click()
    expect(await page.getByTestId('order-detail').isVisible()).toBe(false)
    await expect.poll(count).toBe('已选择 1 笔订单')
    await page.locator('[data-testid="orders-pager"] .btn-next').click()
    await expect.poll(async () => (await shownIds())[0]).not.toBe(first)
    await rowCheckbox((await shownIds())[0]).click()
    await expect.poll(count).toBe('已选择 2 笔订单')
    await page.locator('[data-testid="orders-pager"] .btn-prev').click()
    await expect.poll(() => rowCheckbox(first).locator('input').isChecked()).toBe(true)
    await page.getByTestId('batch-clear').click()
    await expect.poll(() => bar().isVisible()).toBe(false)
    // From the keyboard: Space checks the focused row.
    await page.locator(`.el-table-v2__main [data-row-id="${first}"]`).focus()
    await page.keyboard.press(' ')
    await expect.poll(count).toBe('已选择 1 笔订单')
    await page.getByTestId('batch-clear').click()
  }, 60_000)

  it('selects the page from the header, then every order of the filter', async () => {
    await filterPending()
    await page.getByTestId('select-page').click()
    await expect.poll(count).toBe('已选择 50 笔订单')
    const pending = await total()
    await page.getByTestId('batch-select-all').click()
    await expect.poll(count).toBe(`已选择 ${pending} 笔订单`)
    await expect.poll(() => page.getByTestId('batch-select-all').count()).toBe(0)
  }, 60_000)

  it('exports the selection alone, through the export dialog', async () => {
    const selected = Number((await count()).replace(/\D/g, ''))
    const finished = new Promise<EventMap['export:finished']>((resolve) =>
      shell.env.core.events.subscribe({
        emit: (name, payload) => name === 'export:finished' && resolve(payload as EventMap['export:finished']),
      }),
    )
    await page.getByTestId('batch-export').click()
    const exportDialog = page.getByTestId('export-dialog')
    await expect.poll(() => exportDialog.isVisible()).toBe(true)
    expect(await page.getByTestId('export-scope-selected').innerText()).toBe(`已选择的订单（${selected} 条）`)
    expect(await page.locator('[data-testid="export-scope-selected"] input').isChecked()).toBe(true)
    await page.getByTestId('export-start').click()
    expect(await finished).toMatchObject({ status: 'done', rows: selected })
    await page.keyboard.press('Escape')
    await expect.poll(() => exportDialog.isVisible()).toBe(false)
  }, 60_000)

  it('clears the selection when the filters change, and says so', async () => {
    const selected = Number((await count()).replace(/\D/g, ''))
    await clearFilters()
    await expect.poll(() => bar().isVisible()).toBe(false)
    await expect.poll(() => page.locator('.el-message').last().innerText()).toBe(`筛选条件已改变，已清除之前选择的 ${selected} 笔订单`)
  }, 60_000)

  it('copies the selected order numbers, one a line, and says how many', async () => {
    await filterPending()
    const rows = [...(await shownPending('e2e-pub', 2)), ...(await shownPending('e2e-appkey', 1))]
    await check(rows)
    await page.getByTestId('batch-copy').click()
    await expect.poll(() => page.locator('.el-message').last().innerText()).toBe('已复制 3 个订单号')
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(rows.map((r) => r.order_no).join('\n'))
    await page.getByTestId('batch-clear').click()
    await clearFilters()
  }, 60_000)
})

describe('a batch cancel', () => {
  /**
   * Three pub orders and one appkey order checked; the second pub order is paid at the vendor
   * behind the cache's back, so the API refuses it; appkey has no cancel.
   */
  async function prepare(): Promise<{ done: Row[]; refused: Row; unsupported: Row }> {
    const [a, b, c] = await shownPending('e2e-pub', 3)
    const [d] = await shownPending('e2e-appkey', 1)
    await check([a, b, c, d])
    pub.sandbox.pay(b.remote_id)
    paidAtVendor.add(b.remote_id)
    return { done: [a, c], refused: b, unsupported: d }
  }

  /** Asks for the batch cancel, saves its confirmation as `shot`, and confirms; returns the confirmation's words. */
  async function run(shot: string): Promise<string> {
    await page.getByTestId('batch-cancel').click()
    await expect.poll(() => page.getByTestId('batch-confirm').isVisible(), { timeout: 10_000 }).toBe(true)
    const words = await dialog().innerText()
    await screenshot(page, shot)
    await page.getByTestId('batch-confirm').click()
    await expect.poll(() => page.getByTestId('batch-summary').isVisible(), { timeout: 30_000 }).toBe(true)
    return words
  }

  /** The result table's cells whose words do not fit. */
  const cutCells = () =>
    dialog()
      .locator('.el-table__body td .cell')
      .evaluateAll((cells) => cells.filter((c) => c.scrollWidth > c.clientWidth + 1).map((c) => c.textContent ?? ''))

  async function closeResult(): Promise<void> {
    await page.getByTestId('batch-close').click()
    await expect.poll(() => dialog().count()).toBe(0)
    await page.getByTestId('batch-clear').click()
  }

  it('says what it will do, cancels two, and says the vendor refused the third and why', async () => {
    await filterPending()
    const { done, refused, unsupported } = await prepare()
    await page.getByTestId('batch-cancel').click()
    await expect.poll(() => page.getByTestId('batch-plan-cancelable').isVisible(), { timeout: 10_000 }).toBe(true)
    expect(await page.getByTestId('batch-plan-cancelable').innerText()).toBe('将取消 3 笔待支付订单。取消会逐笔提交到各数据源，无法撤销。')
    expect(await page.getByTestId('batch-plan-blocked').innerText()).toBe(`1 笔该数据源不支持取消订单：${unsupported.order_no}`)
    expect(await page.getByTestId('batch-confirm').innerText()).toBe('确认取消 3 笔')
    await page.getByTestId('batch-confirm').click()
    await expect.poll(() => page.getByTestId('batch-summary').isVisible(), { timeout: 30_000 }).toBe(true)

    expect(await page.getByTestId('batch-summary').innerText()).toBe('已取消 2 笔，未取消 2 笔，未尝试 0 笔。')
    // innerText, as staff read it (the tests are typed without the page's DOM types).
    const lines = await dialog()
      .locator('.el-table__body tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => (td as unknown as { innerText: string }).innerText.trim())),
      )
    expect(lines).toEqual([
      [done[0].order_no, '代理商城', '已取消', ''],
      [refused.order_no, '代理商城', '未取消', '请求被接口拒绝\n详情'],
      [done[1].order_no, '代理商城', '已取消', ''],
      [unsupported.order_no, '商城', '未取消', '该数据源不支持取消订单'],
    ])
    // The vendor's own words behind 详情.
    const refusedRow = dialog().locator('.el-table__body tr').nth(1)
    await refusedRow.getByTestId('error-details').click()
    expect(await refusedRow.getByTestId('error-remote').innerText()).toBe('接口返回的说明：订单状态为已支付,无法关闭')

    const status = (id: number) => one<{ status: string }>('SELECT status FROM orders WHERE id = ?', id).status
    expect([...done, refused, unsupported].map((r) => status(r.id))).toEqual(['canceled', 'canceled', 'pending', 'pending'])
    await screenshot(page, 'batch-result-check')
    await page.getByTestId('batch-close').click()
    // The canceled orders leave the selection; the two not canceled stay selected.
    await expect.poll(count).toBe('已选择 2 笔订单')
    await page.getByTestId('batch-clear').click()
  }, 90_000)

  it('shows the batch bar and the result whole in Chinese and English, at 1280×720 and 1440×900', async () => {
    const problems: string[] = []
    for (const [locale, width, height] of SCREENS) {
      await setLocale(locale)
      await page.setViewportSize({ width, height })
      const where = `${locale} ${width}`
      await prepare()
      await screenshot(page, `batch-bar-${locale}-${width}`)
      const barBox = await bar().boundingBox()
      if (!barBox || barBox.x + barBox.width > width) problems.push(`${where}: the batch bar is cut off`)
      const barText = await bar().innerText()
      const confirmText = await run(`batch-confirm-${locale}-${width}`)
      // The API's words stay behind 详情: what staff read is the app's.
      const resultText = await dialog().innerText()
      for (const cut of await cutCells()) problems.push(`${where}: cut off: ${cut}`)
      await screenshot(page, `batch-result-${locale}-${width}`)
      const footer = await page.getByTestId('batch-close').boundingBox()
      if (!footer || footer.y + footer.height > height) problems.push(`${where}: the close button is out of view`)
      for (const text of [barText, confirmText, resultText]) {
        if (locale === 'zh-CN') for (const bad of halfWidthInChinese(text)) problems.push(`${where}: half-width: ${bad}`)
        for (const bad of notForStaff(text)) problems.push(`${where}: not for staff: ${bad}`)
      }
      await closeResult()
    }
    await setLocale('zh-CN')
    expect(problems).toEqual([])
  }, 240_000)
})
