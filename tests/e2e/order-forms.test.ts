import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Locale } from '../../src-preload/contract'
import { halfWidthInChinese, notForStaff } from '../helpers/ui-text'
import { launchBrowser, openShellPage, screenshot, startDemoShell, type Shell } from './support'

/**
 * The create forms and the cancel dialog as staff fill them: amounts in yuan, a merchant order
 * number made for them, products picked from the cached orders, a second failure said as one,
 * the submit button in view at 720 px; the cancel dialog's words. Each dialog is saved as
 * tests/e2e/artifacts/forms-<dialog>-<locale>-<width>.png, to be looked at.
 */
let browser: Browser
let shell: Shell
let page: Page

const one = <T>(sql: string, ...params: unknown[]): T => shell.env.core.db.prepare(sql).get(...params) as T
const count = (sql: string, ...params: unknown[]): number => (one<{ n: number }>(sql, ...params) ?? { n: 0 }).n
const total = async (): Promise<number> => Number((await page.getByTestId('orders-total').innerText()).replace(/\D/g, ''))
/** Element Plus puts test ids on the <input> of some inputs and on the wrapper of others. */
const inputOf = (id: string) => page.locator(`input[data-testid="${id}"], [data-testid="${id}"] input`).first()
const dialog = () => page.getByTestId('create-dialog')
const newest = (source: string) =>
  one<{ total: number; product_id: string | null; product_name: string | null; raw: string }>(
    'SELECT o.total, o.product_id, o.product_name, p.raw FROM orders o JOIN order_payloads p ON p.order_id = o.id WHERE o.source_id = ? ORDER BY o.id DESC LIMIT 1',
    source,
  )

async function setLocale(locale: Locale): Promise<void> {
  await page
    .getByTestId('locale-switch')
    .getByText(locale === 'en' ? 'English' : '中文')
    .click()
  await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(locale)
}

async function openCreate(source: string): Promise<void> {
  await page.getByTestId('create-order').click()
  await page.getByTestId(`create-in-${source}`).click()
  await expect.poll(() => dialog().isVisible()).toBe(true)
}

async function closeCreate(): Promise<void> {
  await page.getByTestId('create-cancel').click()
  await expect.poll(() => dialog().isVisible()).toBe(false)
}

/** The new order opens in the drawer: closed again, the list is as it was. */
async function closeCreatedOrder(): Promise<void> {
  await expect.poll(() => page.getByTestId('order-detail').isVisible(), { timeout: 10_000 }).toBe(true)
  await page.keyboard.press('Escape')
  await expect.poll(() => page.getByTestId('order-detail').isVisible()).toBe(false)
}

/** Opens a product field's offers and picks the first offer showing `text` (the first of all without). */
async function pickProduct(key: string, text?: string): Promise<string> {
  await inputOf(`create-field-${key}`).click()
  const offers = page.locator('.create-product-popper:visible [data-testid="create-suggestion"]')
  await expect.poll(() => offers.count()).toBeGreaterThan(0)
  const offer = text ? offers.filter({ hasText: text }).first() : offers.first()
  const picked = await offer.locator('.value').innerText()
  await offer.click()
  return picked
}

/** The dialog's footer buttons wholly inside the window, their words not cut. */
async function footerInView(): Promise<string[]> {
  const problems: string[] = []
  const viewport = page.viewportSize()!
  for (const id of ['create-submit', 'create-cancel']) {
    const box = await page.getByTestId(id).boundingBox()
    if (!box || box.y < 0 || box.y + box.height > viewport.height || box.x + box.width > viewport.width) problems.push(`${id} out of view`)
  }
  return problems
}

/** Words of the app cut off in a dialog: labels, buttons, titles, placeholders. */
const CUT_IN_DIALOG = `(() => {
  const cut = []
  const shown = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0 }
  const boxes = '.el-dialog .el-button, .el-dialog .el-form-item__label, .el-dialog__title, .el-message-box .el-button, .el-message-box__title, .el-alert__title'
  for (const el of document.querySelectorAll(boxes)) if (shown(el) && el.scrollWidth > el.clientWidth + 1) cut.push(el.textContent.trim())
  for (const el of document.querySelectorAll('.el-dialog .el-form-item__label')) if (shown(el) && el.scrollHeight > el.clientHeight + 1) cut.push(el.textContent.trim())
  const pen = document.createElement('canvas').getContext('2d')
  for (const input of document.querySelectorAll('.el-dialog input[placeholder]')) {
    if (!shown(input) || input.value || !input.placeholder) continue
    const s = getComputedStyle(input)
    pen.font = s.fontWeight + ' ' + s.fontSize + ' ' + s.fontFamily
    if (pen.measureText(input.placeholder).width > input.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight) + 1) cut.push('placeholder: ' + input.placeholder)
  }
  return cut
})()`

beforeAll(async () => {
  shell = await startDemoShell()
  browser = await launchBrowser()
  page = (await openShellPage(browser, shell, { viewport: { width: 1280, height: 720 } }, '/orders')).page
}, 180_000)
afterAll(async () => {
  await browser?.close()
  await shell?.close()
})

describe('the create forms as staff fill them, at 1280×720', () => {
  it('opens on the synced demo', async () => {
    await expect.poll(total, { timeout: 15_000 }).toBe(count('SELECT count(*) AS n FROM orders'))
  }, 60_000)

  it('Ping++: an amount in yuan, a merchant order number made for it, a subject picked from past orders', async () => {
    await openCreate('demo-pingpp')
    const orderNo = await inputOf('create-field-merchant_order_no').inputValue()
    expect(orderNo).toMatch(/^OD\d{12}[0-9A-HJ-NP-Z]{6}$/)
    expect(await inputOf('create-field-client_ip').inputValue()).toBe('')
    await inputOf('create-field-amount').fill('123.45')
    const subject = await pickProduct('subject')
    await inputOf('create-field-body').fill('一杯拿铁')
    await dialog().getByTestId('create-submit').click()
    await expect.poll(() => count('SELECT count(*) AS n FROM orders WHERE order_no = ?', orderNo), { timeout: 10_000 }).toBe(1)
    const created = newest('demo-pingpp')
    // Typed 123.45 is yuan: 12345 fen, never 123.45 fen.
    expect(created.total).toBe(12345)
    expect(created.product_name).toBe(subject)
    expect((JSON.parse(created.raw) as { client_ip: string }).client_ip).toBe('127.0.0.1')
    await closeCreatedOrder()
  }, 60_000)

  it('appkey: a product picked by name fills its id and type too', async () => {
    await openCreate('demo-appkey')
    const name = await pickProduct('productName')
    const product = one<{ product_id: string; product_type: string }>(
      "SELECT product_id, product_type FROM orders WHERE source_id = 'demo-appkey' AND product_name = ? AND product_id = ? LIMIT 1",
      name,
      await inputOf('create-field-productID').inputValue(),
    )
    expect(product).toBeDefined()
    expect(await inputOf('create-field-productType').inputValue()).toBe(product.product_type)
    await inputOf('create-field-amount').fill('0.07')
    await dialog().getByTestId('create-submit').click()
    await expect.poll(() => newest('demo-appkey').product_name, { timeout: 10_000 }).toBe(name)
    expect(newest('demo-appkey')).toMatchObject({ total: 7, product_id: product.product_id })
    await closeCreatedOrder()
  }, 60_000)

  it('pub: the longest form keeps its submit button in view, and a package is picked by its name', async () => {
    await openCreate('demo-pub')
    expect(await footerInView()).toEqual([])
    const { product_id } = one<{ product_id: string }>(
      "SELECT product_id FROM orders WHERE source_id = 'demo-pub' AND product_type = '9' ORDER BY product_id LIMIT 1",
    )
    expect(await pickProduct('pid', product_id)).toBe(product_id)
    await inputOf('create-field-pm_id').fill('1')
    const before = count("SELECT count(*) AS n FROM orders WHERE source_id = 'demo-pub'")
    await dialog().getByTestId('create-submit').click()
    await expect.poll(() => count("SELECT count(*) AS n FROM orders WHERE source_id = 'demo-pub'"), { timeout: 10_000 }).toBe(before + 1)
    expect(newest('demo-pub').product_id).toBe(product_id)
    await closeCreatedOrder()
  }, 60_000)

  it('course: a course picked from past orders', async () => {
    await openCreate('demo-course')
    const album = await pickProduct('album_id')
    const before = count("SELECT count(*) AS n FROM orders WHERE source_id = 'demo-course'")
    await dialog().getByTestId('create-submit').click()
    await expect.poll(() => count("SELECT count(*) AS n FROM orders WHERE source_id = 'demo-course'"), { timeout: 10_000 }).toBe(before + 1)
    expect(newest('demo-course').product_id).toBe(album)
    await closeCreatedOrder()
  }, 60_000)

  it('an amount with a third decimal is refused in the form, before anything is sent', async () => {
    await openCreate('demo-pingpp')
    await inputOf('create-field-amount').fill('1.234')
    await inputOf('create-field-amount').blur()
    await expect.poll(() => dialog().locator('.el-form-item__error').first().innerText()).toBe('金额（元）最多两位小数，即精确到分')
    await closeCreate()
  }, 60_000)

  it('a create refused again says that it failed again', async () => {
    const { order_no } = one<{ order_no: string }>("SELECT order_no FROM orders WHERE source_id = 'demo-pingpp' LIMIT 1")
    await openCreate('demo-pingpp')
    await inputOf('create-field-merchant_order_no').fill(order_no)
    await inputOf('create-field-amount').fill('10')
    await inputOf('create-field-subject').fill('重复单号')
    await inputOf('create-field-body').fill('x')
    await page.getByTestId('create-submit').click()
    await expect.poll(() => page.getByTestId('create-error').innerText()).toMatch(/^订单没有创建：请求被接口拒绝\n+详情$/)
    await page.getByTestId('create-submit').click()
    await expect.poll(() => page.getByTestId('create-error').innerText()).toMatch(/^再次失败（第 2 次），订单仍没有创建：请求被接口拒绝/)
    // The form keeps what was typed, and the answer is in view beside the button.
    expect(await inputOf('create-field-subject').inputValue()).toBe('重复单号')
    expect(await footerInView()).toEqual([])
    await screenshot(page, 'forms-create-failed-again')
    // A new number, and it goes through.
    await page.getByTestId('create-regenerate-merchant_order_no').click()
    expect(await inputOf('create-field-merchant_order_no').inputValue()).not.toBe(order_no)
    await page.getByTestId('create-submit').click()
    await closeCreatedOrder()
  }, 60_000)
})

describe('the cancel dialog', () => {
  async function openOrder(orderNo: string): Promise<void> {
    await inputOf('filter-keyword').fill(orderNo)
    await expect.poll(total, { timeout: 15_000 }).toBe(1)
    await page.locator('.el-table-v2__left .el-table-v2__row').first().click()
    await expect.poll(() => page.getByTestId('detail-order-no').innerText()).toBe(orderNo)
  }
  async function closeOrder(): Promise<void> {
    await page.keyboard.press('Escape')
    await page.getByTestId('filter-clear').click()
  }

  it('a refunded order says it was refunded, not that it is paid', async () => {
    const { order_no } = one<{ order_no: string }>(
      "SELECT order_no FROM orders WHERE source_id = 'demo-pingpp' AND status = 'refunded' AND order_no IS NOT NULL LIMIT 1",
    )
    await openOrder(order_no)
    expect(await page.getByTestId('detail-cancel').isDisabled()).toBe(true)
    expect(await page.getByTestId('detail-cancel-reason').innerText()).toBe('订单已退款，无法取消')
    await closeOrder()
  }, 60_000)

  it('asks 确认取消订单 with 暂不取消 and 确认取消, and keeps the order on 暂不取消', async () => {
    const { order_no } = one<{ order_no: string }>(
      "SELECT order_no FROM orders WHERE source_id = 'demo-pub' AND status = 'pending' AND order_no IS NOT NULL LIMIT 1",
    )
    await openOrder(order_no)
    await page.getByTestId('detail-cancel').click()
    const box = page.locator('.el-message-box')
    await expect.poll(() => box.locator('.el-message-box__title').innerText()).toBe('确认取消订单')
    expect(await box.locator('.el-message-box__btns .el-button').allInnerTexts()).toEqual(['暂不取消', '确认取消'])
    await box.getByRole('button', { name: '暂不取消', exact: true }).click()
    await expect.poll(() => box.isVisible()).toBe(false)
    expect(await page.getByTestId('detail-status').innerText()).toBe('待支付')
    await closeOrder()
  }, 60_000)
})

describe('each dialog in Chinese and English, at 1280×720 and 1440×900', () => {
  it('shows every create form and the cancel dialog whole, its submit in view and its words uncut', async () => {
    const problems: string[] = []
    const pending = one<{ order_no: string }>(
      "SELECT order_no FROM orders WHERE source_id = 'demo-pingpp' AND status = 'pending' AND order_no IS NOT NULL LIMIT 1",
    ).order_no
    for (const locale of ['zh-CN', 'en'] as const) {
      await setLocale(locale)
      for (const size of [
        { width: 1280, height: 720 },
        { width: 1440, height: 900 },
      ]) {
        await page.setViewportSize(size)
        const where = (name: string) => `${name} ${locale} ${size.width}`
        const look = async (name: string, own: string): Promise<void> => {
          await screenshot(page, `forms-${name}-${locale}-${size.width}`)
          for (const cut of (await page.evaluate(CUT_IN_DIALOG)) as string[]) problems.push(`${where(name)}: cut off: ${cut}`)
          const text = await page.locator(own).first().innerText()
          if (locale === 'zh-CN') for (const bad of halfWidthInChinese(text)) problems.push(`${where(name)}: half-width: ${bad}`)
          for (const bad of notForStaff(text)) problems.push(`${where(name)}: not for staff: ${bad}`)
        }
        for (const source of ['demo-pub', 'demo-appkey', 'demo-pingpp', 'demo-course']) {
          await openCreate(source)
          for (const p of await footerInView()) problems.push(`${where(source)}: ${p}`)
          await look(`create-${source}`, '[data-testid="create-dialog"]')
          await closeCreate()
        }
        // A product field's offers, open.
        await openCreate('demo-appkey')
        await inputOf('create-field-productName').click()
        await expect.poll(() => page.locator('.create-product-popper:visible [data-testid="create-suggestion"]').count()).toBeGreaterThan(0)
        await screenshot(page, `forms-create-offers-${locale}-${size.width}`)
        await page.keyboard.press('Escape')
        await closeCreate()

        await inputOf('filter-keyword').fill(pending)
        await expect.poll(total, { timeout: 15_000 }).toBe(1)
        await page.locator('.el-table-v2__left .el-table-v2__row').first().click()
        await page.getByTestId('detail-cancel').click()
        await expect.poll(() => page.locator('.el-message-box').isVisible()).toBe(true)
        await look('cancel', '.el-message-box')
        await page
          .locator('.el-message-box')
          .getByRole('button', { name: locale === 'en' ? 'Keep order' : '暂不取消', exact: true })
          .click()
        await page.keyboard.press('Escape')
        await page.getByTestId('filter-clear').click()
      }
    }
    await setLocale('zh-CN')
    expect(problems).toEqual([])
  }, 240_000)
})
