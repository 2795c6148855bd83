import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Locale } from '../../src-preload/contract'
import { createHandlers } from '../../src-main/api/handlers'
import { dayOf, daysRange } from '../../src-renderer/src/dates'
import { halfWidthInChinese, notForStaff } from '../helpers/ui-text'
import { launchBrowser, openShellPage, screenshot, startDemoShell, startShell, type Shell } from './support'

/**
 * The main screens as staff see them, in Chinese and English at 1280×720 and 1440×900: the words
 * the app writes use full-width punctuation in Chinese, no screen shows a command, an API path or
 * an HTTP code, and no button, tag, label or placeholder is cut off. Each is saved as
 * tests/e2e/artifacts/screens-<screen>-<locale>-<width>.png, to be looked at.
 */
let browser: Browser
let shell: Shell
let empty: Shell
let page: Page
let emptyPage: Page
const ALL = 1400
const SIZES = [
  { width: 1280, height: 720 },
  { width: 1440, height: 900 },
] as const

const one = <T>(sql: string, ...params: unknown[]): T => shell.env.core.db.prepare(sql).get(...params) as T
const total = async (): Promise<number> => Number((await page.getByTestId('orders-total').innerText()).replace(/\D/g, ''))
/** Element Plus puts test ids on the <input> of some inputs and on the wrapper of others. */
const inputOf = (id: string) => page.locator(`input[data-testid="${id}"], [data-testid="${id}"] input`).first()

async function setLocale(on: Page, locale: Locale): Promise<void> {
  await on
    .getByTestId('locale-switch')
    .getByText(locale === 'en' ? 'English' : '中文')
    .click()
  await expect.poll(() => on.locator('html').getAttribute('lang')).toBe(locale)
}

/**
 * Visible text that is cut off: a control, tag or label whose words overflow it, a table that
 * scrolls sideways, a placeholder longer than its box, a page wider than the window.
 */
const CUT_OFF = `(() => {
  const shown = (el) => {
    const r = el.getBoundingClientRect()
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden'
  }
  const cut = []
  const boxes = [
    '.el-button', '.el-radio-button__inner', '.el-tag', '.el-check-tag', '.el-radio__label', '.el-checkbox__label',
    '.el-menu-item', '.el-form-item__label', '.el-select__placeholder', '.el-dialog__title', '.el-drawer__title',
    '.el-alert__title', '.el-table__header .cell', '.el-table-v2__header-cell-text', '.el-descriptions__label',
  ].join(', ')
  for (const el of document.querySelectorAll(boxes)) {
    if (shown(el) && el.scrollWidth > el.clientWidth + 1) cut.push(el.textContent.trim())
  }
  // A form label is one line high: a second one runs into the next field.
  for (const el of document.querySelectorAll('.el-form-item__label')) {
    if (shown(el) && el.scrollHeight > el.clientHeight + 1) cut.push(el.textContent.trim())
  }
  // A table wider than its box hides its last columns behind a sideways scroll.
  for (const el of document.querySelectorAll('.el-table .el-scrollbar__wrap')) {
    if (shown(el) && el.scrollWidth > el.clientWidth + 1) cut.push('table: ' + el.closest('.el-table').querySelector('.el-table__header').textContent.trim())
  }
  const pen = document.createElement('canvas').getContext('2d')
  for (const input of document.querySelectorAll('input[placeholder], textarea[placeholder]')) {
    if (!shown(input) || input.value || !input.placeholder) continue
    const s = getComputedStyle(input)
    pen.font = s.fontWeight + ' ' + s.fontSize + ' ' + s.fontFamily
    const room = input.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight)
    if (pen.measureText(input.placeholder).width > room + 1) cut.push('placeholder: ' + input.placeholder)
  }
  if (document.documentElement.scrollWidth > window.innerWidth) cut.push('page: ' + document.documentElement.scrollWidth + 'px wide')
  return cut
})()`

/** The placeholders on screen: the app's words, never data. */
const PLACEHOLDERS = `[...document.querySelectorAll('input[placeholder], textarea[placeholder], .el-select__placeholder.is-transparent')]
  .filter((el) => el.getBoundingClientRect().width > 0)
  .map((el) => el.placeholder ?? el.textContent)
  .join('\\n')`

interface Screen {
  name: string
  on?: () => Page
  open: () => Promise<void>
  close?: () => Promise<void>
  /** A box that scrolls on its own (a drawer, the page's main area): it is also shot scrolled to its end, as "<screen>-end". */
  scrolls?: string
  /** Where the app's own words are (not the API's, nor data with its own punctuation). */
  own: string[]
}

const SCREENS: Screen[] = [
  {
    // The first screen: the 工作台.
    name: 'home',
    open: async () => {
      await page.getByTestId('nav-home').click()
      await expect.poll(() => page.getByTestId('home-period-today').isVisible(), { timeout: 15_000 }).toBe(true)
    },
    scrolls: '.el-main',
    own: [
      '[data-testid="home"] .head',
      '[data-testid="home-period-today"]',
      '[data-testid="home-period-month"]',
      '[data-testid="home"] .note',
      '[data-testid="home-waiting"]',
      '[data-testid="home-refunds"]',
      '[data-testid="home-health"] .el-table__header',
    ],
  },
  {
    name: 'orders',
    open: async () => {
      await page.getByTestId('nav-orders').click()
      await expect.poll(total, { timeout: 15_000 }).toBe(ALL)
    },
    own: ['.header', '[data-testid="order-filters"]', '[data-testid="status-counts"]', '[data-testid="orders-totals"]', '.pager'],
  },
  {
    name: 'detail',
    open: async () => {
      const { order_no } = one<{ order_no: string }>(
        "SELECT order_no FROM orders WHERE source_id = 'demo-pingpp' AND status = 'paid' AND trade_no IS NOT NULL LIMIT 1",
      )
      await inputOf('filter-keyword').fill(order_no)
      await expect.poll(total, { timeout: 15_000 }).toBe(1)
      await page.locator('.el-table-v2__row').first().click()
      await expect.poll(() => page.getByTestId('detail-charges').count(), { timeout: 15_000 }).toBe(1)
    },
    close: async () => {
      await page.keyboard.press('Escape')
      await expect.poll(() => page.getByTestId('detail-status').isVisible()).toBe(false)
      await page.getByTestId('filter-clear').click()
      await expect.poll(total, { timeout: 15_000 }).toBe(ALL)
    },
    scrolls: '[data-testid="order-detail"] .el-drawer__body',
    own: [
      '[data-testid="order-detail"] .el-drawer__header',
      '[data-testid="order-detail"] .head',
      '[data-testid="detail-times"]',
      '[data-testid="detail-money"]',
      '[data-testid="detail-timeline"]',
      '[data-testid="order-detail"] .seen',
    ],
  },
  {
    name: 'create-order',
    open: async () => {
      await page.getByTestId('create-order').click()
      await page.getByTestId('create-in-demo-appkey').click()
      await expect.poll(() => page.getByTestId('create-dialog').isVisible()).toBe(true)
    },
    close: async () => {
      await page.getByTestId('create-cancel').click()
      await expect.poll(() => page.getByTestId('create-dialog').isVisible()).toBe(false)
    },
    // Its field labels and help come with each source kind, from main, written for staff as the renderer's own words are.
    own: ['[data-testid="create-dialog"]'],
  },
  {
    // The longest form, with the most help.
    name: 'create-order-pub',
    open: async () => {
      await page.getByTestId('create-order').click()
      await page.getByTestId('create-in-demo-pub').click()
      await expect.poll(() => page.getByTestId('create-dialog').isVisible()).toBe(true)
    },
    close: async () => {
      await page.getByTestId('create-cancel').click()
      await expect.poll(() => page.getByTestId('create-dialog').isVisible()).toBe(false)
    },
    own: ['[data-testid="create-dialog"]'],
  },
  {
    name: 'export',
    open: async () => {
      await page.getByTestId('open-export').click()
      await page.getByTestId('export-start').click()
      await expect.poll(() => page.getByTestId('export-done').isVisible(), { timeout: 15_000 }).toBe(true)
    },
    close: async () => {
      await page.keyboard.press('Escape')
      await expect.poll(() => page.getByTestId('export-dialog').isVisible()).toBe(false)
    },
    own: ['[data-testid="export-dialog"]'],
  },
  {
    // The CSV choice: its encodings, and the note that Excel needs UTF-8 or the workbook.
    name: 'export-csv',
    open: async () => {
      await page.getByTestId('open-export').click()
      await page.getByTestId('export-format').getByText('CSV', { exact: true }).click()
      await expect.poll(() => page.getByTestId('export-encoding').isVisible()).toBe(true)
    },
    close: async () => {
      await page.keyboard.press('Escape')
      await expect.poll(() => page.getByTestId('export-dialog').isVisible()).toBe(false)
    },
    own: ['[data-testid="export-dialog"]'],
  },
  {
    name: 'revenue',
    open: async () => {
      await page.getByTestId('nav-revenue').click()
      await expect.poll(() => page.getByTestId('kpi-net').isVisible(), { timeout: 15_000 }).toBe(true)
      await expect.poll(() => page.getByTestId('reconcile-demo-pub').getByTestId('reconcile-lines').count()).toBe(1)
    },
    scrolls: '.el-main',
    own: [
      '[data-testid="revenue-filters"]',
      '[data-testid="revenue-kpis"]',
      '.chart-card .hint',
      '[data-testid="reconcile"] .hint',
      '[data-testid="reconcile-demo-pub"]',
    ],
  },
  {
    name: 'sources',
    open: async () => {
      await page.getByTestId('nav-sources').click()
      await expect.poll(() => page.getByTestId('source-row-demo-pub').isVisible()).toBe(true)
    },
    scrolls: '.el-main',
    own: ['[data-testid="sources-table"]', '.import'],
  },
  {
    name: 'sync-log',
    open: async () => {
      await page.getByTestId('nav-sync-log').click()
      await expect.poll(() => page.getByTestId('sync-runs-table').isVisible()).toBe(true)
    },
    own: ['[data-testid="sync-runs-table"]'],
  },
  {
    // Paid orders a pay-time filter leaves out (pub's API gives no pay time), said above the list.
    name: 'orders-by-pay-time',
    open: async () => {
      const today = dayOf(Date.now(), 'Asia/Shanghai')
      const from = dayOf(daysRange(today, today, 'Asia/Shanghai').from - 29 * 86_400_000 + 3_600_000, 'Asia/Shanghai')
      await page.goto(`${shell.server.url}#/orders?from=${from}&to=${today}&dateField=paid`)
      await expect.poll(() => page.getByTestId('without-pay-time').isVisible(), { timeout: 15_000 }).toBe(true)
    },
    own: ['[data-testid="order-filters"]', '[data-testid="without-pay-time"]', '[data-testid="orders-totals"]'],
  },
  {
    name: 'orders-by-revenue-time',
    open: async () => {
      await page.getByTestId('count-by-revenue-time').click()
      await expect.poll(() => page.getByTestId('without-pay-time').count(), { timeout: 15_000 }).toBe(0)
    },
    close: async () => {
      await page.getByTestId('filter-clear').click()
      await expect.poll(total, { timeout: 15_000 }).toBe(ALL)
    },
    own: ['[data-testid="order-filters"]', '[data-testid="orders-totals"]'],
  },
  {
    name: 'no-sources',
    on: () => emptyPage,
    open: async () => {
      await expect.poll(() => emptyPage.getByTestId('empty-no-sources').isVisible()).toBe(true)
    },
    own: ['[data-testid="empty-no-sources"]', '.header'],
  },
]

beforeAll(async () => {
  shell = await startDemoShell()
  empty = await startShell()
  // A comparison on pub shows the reconcile lines named by the renderer; one on course, amounts.
  await createHandlers(shell.env.core)['reconcile:run']({ sourceId: 'demo-pub' })
  await createHandlers(shell.env.core)['reconcile:run']({ sourceId: 'demo-course' })
  browser = await launchBrowser()
  page = (await openShellPage(browser, shell, { acceptDownloads: true })).page
  emptyPage = (await openShellPage(browser, empty)).page
}, 180_000)
afterAll(async () => {
  await browser?.close()
  await shell?.close()
  await empty?.close()
})

describe('the main screens in Chinese and English, at 1280×720 and 1440×900', () => {
  for (const locale of ['zh-CN', 'en'] as const) {
    it(`reads cleanly and nothing is cut off (${locale})`, async () => {
      const problems: string[] = []
      for (const on of [page, emptyPage]) await setLocale(on, locale)
      for (const size of SIZES) {
        for (const on of [page, emptyPage]) await on.setViewportSize(size)
        for (const screen of SCREENS) {
          const on = screen.on?.() ?? page
          await screen.open()
          await screenshot(on, `screens-${screen.name}-${locale}-${size.width}`)
          if (screen.scrolls) {
            await on.locator(screen.scrolls).evaluate((el) => el.scrollTo(0, el.scrollHeight))
            await screenshot(on, `screens-${screen.name}-end-${locale}-${size.width}`)
            await on.locator(screen.scrolls).evaluate((el) => el.scrollTo(0, 0))
          }
          const where = `${screen.name} ${locale} ${size.width}`
          for (const cut of (await on.evaluate(CUT_OFF)) as string[]) problems.push(`${where}: cut off: ${cut}`)
          const own = [
            (await on.evaluate(PLACEHOLDERS)) as string,
            ...(await Promise.all(screen.own.map((s) => on.locator(s).first().innerText()))),
          ]
          for (const text of own) {
            if (locale === 'zh-CN') for (const bad of halfWidthInChinese(text)) problems.push(`${where}: half-width: ${bad}`)
            for (const bad of notForStaff(text)) problems.push(`${where}: not for staff: ${bad}`)
          }
          await screen.close?.()
        }
      }
      expect(problems).toEqual([])
    }, 240_000)
  }
})
