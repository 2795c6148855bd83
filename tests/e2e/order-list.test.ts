import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Locale } from '../../src-preload/contract'
import { createHandlers } from '../../src-main/api/handlers'
import { dayOf } from '../../src-renderer/src/dates'
import { DEFAULT_COLUMNS, ORDER_COLUMNS } from '../../src-renderer/src/stores/orders-view'
import { SCREENS, launchBrowser, screenshot, startDemoShell, type Shell } from './support'

/**
 * The order list and its drawer as staff use them, in Chinese and English at 1280×720 and
 * 1440×900: the default columns fit, the order number stays pinned, amounts read as money,
 * nothing moves under the pointer, product types are their sources', and the keyboard works.
 * Pictures land in tests/e2e/artifacts/list-*.png.
 */
let browser: Browser
let shell: Shell
const TZ = 'Asia/Shanghai'
const count = (sql: string, ...params: unknown[]): number => (shell.env.core.db.prepare(sql).get(...params) as { n: number }).n
const one = <T>(sql: string, ...params: unknown[]): T => shell.env.core.db.prepare(sql).get(...params) as T
let ALL = 0

const total = async (page: Page): Promise<number> => Number((await page.getByTestId('orders-total').innerText()).replace(/\D/g, ''))
const waitTotal = (page: Page, n: number) => expect.poll(() => total(page), { timeout: 15_000 }).toBe(n)
const inputOf = (page: Page, id: string) => page.locator(`input[data-testid="${id}"], [data-testid="${id}"] input`).first()

/** A fresh window on the list, in `locale` at the given size, with every order listed. */
async function openList(locale: Locale, width: number, height: number): Promise<Page> {
  await createHandlers(shell.env.core)['settings:set']({ locale })
  const context = await browser.newContext({ viewport: { width, height }, locale })
  const page = await context.newPage()
  page.on('pageerror', (e) => console.error('[page error]', e.message))
  await page.goto(`${shell.server.url}#/orders`)
  await waitTotal(page, ALL)
  return page
}

async function pick(page: Page, selectId: string, option: string | RegExp): Promise<void> {
  await page.getByTestId(selectId).click()
  await page.getByRole('option', { name: option }).last().click()
  await page.keyboard.press('Escape')
}

/** Where the list's columns are against the table's box and the window: each header cell by its label. */
const COLUMN_BOXES = `(() => {
  const box = document.querySelector('[data-testid="orders-table"]').getBoundingClientRect()
  // The pinned order number is drawn in a table of its own; the main table keeps an empty cell in its place.
  const cells = [...document.querySelectorAll('.el-table-v2__header-cell')].filter((el) => el.textContent.trim() !== '')
  return {
    box: { left: box.left, right: box.right },
    window: window.innerWidth,
    page: document.documentElement.scrollWidth,
    columns: cells.map((el) => {
      const r = el.getBoundingClientRect()
      return { label: el.textContent.trim(), left: r.left, right: r.right }
    }),
  }
})()`
interface ColumnBoxes {
  box: { left: number; right: number }
  window: number
  page: number
  columns: Array<{ label: string; left: number; right: number }>
}
const LABELS: Record<Locale, { orderNo: string; status: string; due: string; created: string }> = {
  'zh-CN': { orderNo: '订单号', status: '状态', due: '应付', created: '创建时间' },
  en: { orderNo: 'Order no.', status: 'Status', due: 'Due', created: 'Created' },
}

beforeAll(async () => {
  shell = await startDemoShell()
  ALL = count('SELECT count(*) AS n FROM orders')
  browser = await launchBrowser()
}, 180_000)
afterAll(async () => {
  await browser?.close()
  await shell?.close()
})

describe('the order list fits the window', () => {
  it.each(SCREENS)(
    'in %s at %dx%d: no sideways page, every default column inside the table, the order number and status in sight, money as ¥',
    async (locale, width, height) => {
      const page = await openList(locale, width, height)
      await screenshot(page, `list-${locale}-${width}`)
      const at = (await page.evaluate(COLUMN_BOXES)) as ColumnBoxes
      expect(at.page).toBeLessThanOrEqual(at.window)
      expect(at.columns.map((c) => c.label)).toEqual(expect.arrayContaining([LABELS[locale].orderNo, LABELS[locale].status]))
      const outside = at.columns.filter((c) => c.left < at.box.left - 1 || c.right > at.box.right + 1 || c.right > at.window)
      expect(outside).toEqual([])
      // The amounts of the page, as money: the yuan sign, grouped digits, two decimals.
      const amounts = await page.locator('.el-table-v2__main .figures').allInnerTexts()
      expect(amounts.length).toBeGreaterThan(0)
      for (const text of amounts) expect(text).toMatch(/^-?¥\d{1,3}(,\d{3})*\.\d{2}$/)
      // What is left out says so.
      const hidden = ORDER_COLUMNS.length - DEFAULT_COLUMNS.length
      expect(await page.getByTestId('columns-hidden').innerText()).toBe(locale === 'en' ? `${hidden} hidden` : `${hidden} 列已隐藏`)
      await page.context().close()
    },
    60_000,
  )

  it.each(SCREENS)(
    'in %s at %dx%d: a date shortcut, or custom days, moves no other control',
    async (locale, width, height) => {
      const page = await openList(locale, width, height)
      const where = async () =>
        Promise.all(
          ['filter-keyword', 'filter-amount-max', 'filter-clear', 'column-chooser', 'create-order', 'status-pending'].map(async (id) => {
            const r = await page.getByTestId(id).first().boundingBox()
            return [id, r && { x: Math.round(r.x), y: Math.round(r.y) }]
          }),
        )
      const before = await where()
      await pick(page, 'filter-date-shortcut', locale === 'en' ? 'Last 7 days' : '最近 7 天')
      await expect.poll(() => page.getByTestId('filter-date-hint').isVisible()).toBe(true)
      expect(await where()).toEqual(before)
      await pick(page, 'filter-date-shortcut', locale === 'en' ? 'Custom' : '自定义')
      await expect.poll(() => page.getByTestId('filter-date-range').isVisible()).toBe(true)
      expect(await where()).toEqual(before)
      await screenshot(page, `list-date-custom-${locale}-${width}`)
      await page.context().close()
    },
    60_000,
  )

  it('keeps the pager where it is as pages turn and filters change the page count', async () => {
    const page = await openList('zh-CN', 1280, 720)
    const pager = page.getByTestId('orders-pager')
    const where = async () =>
      Promise.all(
        ['.btn-prev', '.btn-next', '.el-pagination__sizes', '.el-pagination__jump'].map(async (s) => {
          const r = await pager.locator(s).boundingBox()
          return r && Math.round(r.x)
        }),
      )
    const first = await where()
    // Page 5 shows the ellipsis on both sides; a status with few orders has fewer pages.
    await pager.locator('.number', { hasText: /^5$/ }).click()
    await expect.poll(() => pager.locator('.number.is-active').innerText()).toBe('5')
    expect(await where()).toEqual(first)
    await page.getByTestId('status-refunded').click()
    await waitTotal(page, count("SELECT count(*) AS n FROM orders WHERE status = 'refunded'"))
    expect(await where()).toEqual(first)
    await page.context().close()
  }, 60_000)
})

describe('columns that do not fit', () => {
  it('scroll sideways behind the pinned order number, with a scrollbar in sight, also after a filter change', async () => {
    const page = await openList('zh-CN', 1280, 720)
    await page.getByTestId('column-chooser').click()
    for (const c of ORDER_COLUMNS.filter((c) => !DEFAULT_COLUMNS.includes(c))) await page.getByTestId(`column-${c}`).click()
    await page.keyboard.press('Escape')
    await expect.poll(() => page.getByTestId('columns-hidden').count()).toBe(0)
    const bar = page.locator('.el-table-v2__main .el-virtual-scrollbar.el-vl__horizontal')
    await expect.poll(async () => (await bar.boundingBox())?.width ?? 0).toBeGreaterThan(100)
    const shown = `(() => {
      const style = getComputedStyle(document.querySelector('.el-table-v2__main .el-virtual-scrollbar.el-vl__horizontal'))
      return style.display !== 'none' && style.visibility !== 'hidden' && style.opacity !== '0'
    })()`
    expect(await page.evaluate(shown)).toBe(true)
    // Scrolled to the far right: the last column in sight, the order numbers still there.
    await page.locator('.el-table-v2__main .el-table-v2__body').hover()
    await page.mouse.wheel(2000, 0)
    const orderNos = page.locator('.el-table-v2__left .el-table-v2__row .cell')
    const inSight = async () => {
      const r = await orderNos.first().boundingBox()
      const box = await page.getByTestId('orders-table').boundingBox()
      return r !== null && box !== null && r.x >= box.x && r.x + r.width <= box.x + box.width && (await orderNos.first().innerText()) !== ''
    }
    await expect
      .poll(async () => (await page.locator('.el-table-v2__header-cell', { hasText: '支付时间' }).boundingBox())?.x ?? 9999)
      .toBeLessThan(1280)
    expect(await inSight()).toBe(true)
    await screenshot(page, 'list-all-columns-scrolled')
    await page.getByTestId('status-paid').click()
    await waitTotal(page, count("SELECT count(*) AS n FROM orders WHERE status = 'paid'"))
    expect(await inSight()).toBe(true)
    await page.context().close()
  }, 60_000)
})

describe('sorting', () => {
  /** The id of the list's first row. */
  const firstRow = (page: Page) => page.locator('.el-table-v2__main .el-table-v2__row').first().getAttribute('data-row-id')
  const idOf = (orderBy: string) => String(one<{ id: number }>(`SELECT id FROM orders ORDER BY ${orderBy} LIMIT 1`).id)

  it('opens an amount largest first and a time newest first, whatever was sorted before; 清除筛选 puts the sort back', async () => {
    const page = await openList('zh-CN', 1440, 900)
    const header = (label: string) => page.locator('.el-table-v2__header-cell', { hasText: label })
    const newest = idOf('created_at DESC, id DESC')
    const largest = idOf('due DESC, id DESC')
    // Oldest first on creation time, then the amount: its first click is still largest first.
    await header('创建时间').click()
    await expect.poll(() => firstRow(page)).toBe(idOf('created_at ASC, id ASC'))
    await header('应付').click()
    await expect.poll(() => firstRow(page)).toBe(largest)
    // An amount sorted smallest first, then a time: its first click is newest first.
    await header('应付').click()
    await expect.poll(() => firstRow(page)).toBe(idOf('due ASC, id ASC'))
    await header('创建时间').click()
    await expect.poll(() => firstRow(page)).toBe(newest)
    await header('应付').click()
    await expect.poll(() => firstRow(page)).toBe(largest)
    expect(await page.getByTestId('filter-clear').isDisabled()).toBe(false)
    await page.getByTestId('filter-clear').click()
    await expect.poll(() => firstRow(page)).toBe(newest)
    expect(await page.getByTestId('filter-clear').isDisabled()).toBe(true)
    await page.context().close()
  }, 60_000)
})

describe('product types', () => {
  it('are grouped by source and named as their source names them: pub’s 3 and the course’s 3 are two choices', async () => {
    const page = await openList('zh-CN', 1440, 900)
    await page.getByTestId('filter-product-types').click()
    const menu = page.locator('.type-menu:visible')
    const group = (name: string) =>
      menu.locator('.el-select-group__wrap', { has: page.locator('.el-select-group__title', { hasText: name }) })
    await expect.poll(() => group('演示·代理商城').count()).toBe(1)
    const pubTypes = await group('演示·代理商城').locator('.type-name').allInnerTexts()
    expect(pubTypes).toContain('余额充值')
    expect(pubTypes.every((name) => !/^\d+$/.test(name))).toBe(true)
    // The shop's own words, never one product's name beside them.
    expect(await group('演示·商城').locator('.type-name').allInnerTexts()).toEqual(expect.arrayContaining(['课程', '会员']))
    const courseTypes = await group('演示·直播课').locator('.type-name').allInnerTexts()
    expect(courseTypes).toContain('小学奥数思维训练营（课程 3）')
    await screenshot(page, 'list-product-types-menu')
    await group('演示·代理商城')
      .getByRole('option', { name: /^余额充值/ })
      .click()
    await page.keyboard.press('Escape')
    await waitTotal(page, count("SELECT count(*) AS n FROM orders WHERE source_id = 'demo-pub' AND product_type = '3'"))
    await page.locator('.el-table-v2__main .el-table-v2__row').first().click()
    await expect.poll(() => page.getByTestId('detail-product-type').innerText()).toBe('余额充值')
    await page.keyboard.press('Escape')
    await page.context().close()
  }, 60_000)
})

describe('the detail drawer', () => {
  it.each(SCREENS)(
    'in %s at %dx%d: status, money and times above the fold, the charges table whole',
    async (locale, width, height) => {
      const page = await openList(locale, width, height)
      const { order_no } = one<{ order_no: string }>(
        "SELECT order_no FROM orders WHERE source_id = 'demo-pingpp' AND status = 'paid' AND trade_no IS NOT NULL LIMIT 1",
      )
      await inputOf(page, 'filter-keyword').fill(order_no)
      await waitTotal(page, 1)
      await page.locator('.el-table-v2__main .el-table-v2__row').first().click()
      const drawer = page.getByTestId('order-detail')
      await expect.poll(() => drawer.getByTestId('detail-charges').count(), { timeout: 15_000 }).toBe(1)
      await screenshot(page, `list-detail-${locale}-${width}`)
      for (const id of ['detail-status', 'detail-money', 'detail-times']) {
        const r = await drawer.getByTestId(id).boundingBox()
        expect(r && r.y >= 0 && r.y + r.height <= height, id).toBe(true)
      }
      expect(await drawer.getByTestId('detail-due').innerText()).toMatch(/^¥[\d,]+\.\d{2}$/)
      const charges = await drawer
        .getByTestId('detail-charges')
        .evaluate((el) => [...el.querySelectorAll('.el-scrollbar__wrap')].every((w) => w.scrollWidth <= w.clientWidth + 1))
      expect(charges).toBe(true)
      const chargesBox = await drawer.getByTestId('detail-charges').boundingBox()
      expect(chargesBox && chargesBox.x + chargesBox.width <= width).toBe(true)
      await page.context().close()
    },
    60_000,
  )
})

describe('the keyboard', () => {
  it('reaches the sidebar with Tab and opens a page with Enter', async () => {
    const page = await openList('zh-CN', 1280, 720)
    await page.getByTestId('nav-orders').focus()
    await page.keyboard.press('Tab')
    expect(await page.evaluate("document.activeElement?.getAttribute('data-testid')")).toBe('nav-revenue')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.url()).toContain('#/revenue')
    await page.context().close()
  }, 60_000)

  it('reaches the status chips with Tab and toggles one with Space', async () => {
    const page = await openList('zh-CN', 1280, 720)
    await page.getByTestId('status-pending').focus()
    await page.keyboard.press('Space')
    await waitTotal(page, count("SELECT count(*) AS n FROM orders WHERE status = 'pending'"))
    await page.keyboard.press('Tab')
    expect(await page.evaluate("document.activeElement?.getAttribute('data-testid')")).toBe('status-paid')
    await page.keyboard.press('Enter')
    await waitTotal(page, count("SELECT count(*) AS n FROM orders WHERE status IN ('pending', 'paid')"))
    await page.context().close()
  }, 60_000)

  it('goes from the chips to the rows, moves with ↑/↓, opens with Enter and closes with Esc', async () => {
    const page = await openList('zh-CN', 1280, 720)
    await page.getByTestId('status-unknown').focus()
    await page.keyboard.press('Tab')
    const rows = await page
      .locator('.el-table-v2__main .el-table-v2__row')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-row-id')))
    const focused = () => page.evaluate("document.activeElement?.getAttribute('data-row-id') ?? null")
    expect(await focused()).toBe(rows[0])
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowDown')
    expect(await focused()).toBe(rows[2])
    await page.keyboard.press('ArrowUp')
    expect(await focused()).toBe(rows[1])
    expect(await page.locator(`.el-table-v2__main [data-row-id="${rows[1]}"]`).getAttribute('class')).toContain('selected-row')
    await screenshot(page, 'list-keyboard-row')
    await page.keyboard.press('Enter')
    const { order_no } = one<{ order_no: string }>(
      'SELECT coalesce(order_no, remote_id) AS order_no FROM orders WHERE id = ?',
      Number(rows[1]),
    )
    await expect.poll(() => page.getByTestId('detail-order-no').innerText()).toBe(order_no)
    await page.keyboard.press('Escape')
    await expect.poll(() => page.getByTestId('detail-status').isVisible()).toBe(false)
    await page.context().close()
  }, 60_000)
})

describe('the custom days picker', () => {
  it.each([
    ['zh-CN', '一'],
    ['en', 'Sun'],
  ] as const)(
    'in %s starts its weeks as the language does, opens on this month and offers no day after today',
    async (locale, firstDay) => {
      const page = await openList(locale, 1440, 900)
      await pick(page, 'filter-date-shortcut', locale === 'en' ? 'Custom' : '自定义')
      await page.getByTestId('filter-date-range').click()
      const panel = page.locator('.el-date-range-picker:visible')
      await expect.poll(() => panel.count()).toBe(1)
      expect((await panel.locator('.el-date-table th').first().innerText()).trim()).toBe(firstDay)
      const today = dayOf(Date.now(), TZ)
      const [year, month, day] = today.split('-').map(Number)
      const right = await panel.locator('.el-date-range-picker__content.is-right .el-date-range-picker__header').innerText()
      expect(right).toContain(String(year))
      expect(right).toMatch(
        locale === 'en'
          ? new RegExp(
              ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'][
                month - 1
              ],
            )
          : new RegExp(`${month} 月`),
      )
      // Today can be picked; tomorrow, when in this month, cannot.
      const cells = panel.locator('.el-date-range-picker__content.is-right td:not(.prev-month):not(.next-month)')
      expect(await cells.nth(day - 1).getAttribute('class')).not.toContain('disabled')
      if (cells && day < new Date(Date.UTC(year, month, 0)).getUTCDate())
        expect(await cells.nth(day).getAttribute('class')).toContain('disabled')
      await screenshot(page, `list-date-picker-${locale}`)
      await page.context().close()
    },
    60_000,
  )
})
