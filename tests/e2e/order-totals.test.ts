import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Locale } from '../../src-preload/contract'
import { createHandlers } from '../../src-main/api/handlers'
import { dayOf, daysRange } from '../../src-renderer/src/dates'
import { dateTime, money } from '../../src-renderer/src/format'
import { SCREENS, launchBrowser, screenshot, startDemoShell, type Shell } from './support'

/**
 * What the accountant checks on the list: its totals, the paid orders a filter by pay time
 * leaves out (pub's API gives no pay time) and the one click that counts them in by revenue
 * time, which then agrees with the revenue page; and a detail timeline without invented times.
 */
let browser: Browser
let shell: Shell
const ZONE = 'Asia/Shanghai'

const one = <T>(sql: string, ...params: unknown[]): T => shell.env.core.db.prepare(sql).get(...params) as T
/** The last 30 days, today included, as the revenue page opens on them. */
function last30(): { fromDay: string; toDay: string; from: number; to: number } {
  const toDay = dayOf(Date.now(), ZONE)
  const fromDay = dayOf(daysRange(toDay, toDay, ZONE).from - 29 * 86_400_000 + 3_600_000, ZONE)
  return { fromDay, toDay, ...daysRange(fromDay, toDay, ZONE) }
}
/** The money of the orders whose `time` is in the range, added up here. */
function sums(time: string, from: number, to: number): { n: number; due: number; paid: number; refunded: number } {
  return one(
    `SELECT count(*) AS n, sum(due) AS due, sum(paid) AS paid, sum(refunded) AS refunded FROM orders WHERE ${time} BETWEEN ? AND ?`,
    from,
    to,
  )
}
const WORDS: Record<Locale, { leftOut: (n: number) => string; noRefundTime: string; exportNotice: (n: number) => string }> = {
  'zh-CN': {
    leftOut: (n) => `${n} 笔已付款订单没有支付时间（其接口不提供），按支付时间筛选时未计入。`,
    exportNotice: (n) => `${n} 笔已付款订单没有支付时间，不在这次导出中；在订单列表改按营收时间筛选即可计入。`,
    noRefundTime: '（接口没有提供退款时间）',
  },
  en: {
    leftOut: (n) => `${n} paid orders have no pay time (their API gives none) and are left out of this filter by pay time.`,
    exportNotice: (n) => `${n} paid orders have no pay time and are not in this export: filter the list by revenue time to include them.`,
    noRefundTime: '(the API gives no time of refund)',
  },
}

beforeAll(async () => {
  shell = await startDemoShell()
  browser = await launchBrowser()
}, 180_000)
afterAll(async () => {
  await browser?.close()
  await shell?.close()
})

async function totalsOf(page: Page): Promise<Record<'due' | 'paid' | 'refunded' | 'net', string>> {
  const line = page.getByTestId('totals-CNY')
  const text = (k: string) => line.getByTestId(`total-${k}`).innerText()
  return { due: await text('due'), paid: await text('paid'), refunded: await text('refunded'), net: await text('net') }
}
const expected = (s: { due: number; paid: number; refunded: number }) => ({
  due: money(s.due, 'CNY'),
  paid: money(s.paid, 'CNY'),
  refunded: money(s.refunded, 'CNY'),
  net: money(s.paid - s.refunded, 'CNY'),
})

describe('the order list’s totals and the orders a filter leaves out', () => {
  it.each(SCREENS)(
    'in %s at %dx%d: the left-out paid orders said, counted in by revenue time in one click, as the revenue page counts',
    async (locale, width, height) => {
      await createHandlers(shell.env.core)['settings:set']({ locale })
      const context = await browser.newContext({ viewport: { width, height }, locale })
      const page = await context.newPage()
      const errors: string[] = []
      page.on('pageerror', (e) => errors.push(e.message))
      const { fromDay, toDay, from, to } = last30()
      const leftOut = one<{ n: number }>(
        'SELECT count(*) AS n FROM orders WHERE paid_at IS NULL AND paid > 0 AND created_at BETWEEN ? AND ?',
        from,
        to,
      ).n
      expect(leftOut).toBeGreaterThan(1)
      await page.goto(`${shell.server.url}#/orders?from=${fromDay}&to=${toDay}&dateField=paid`)

      const byPayTime = sums('paid_at', from, to)
      const total = async (): Promise<number> => Number((await page.getByTestId('orders-total').innerText()).replace(/\D/g, ''))
      await expect.poll(total, { timeout: 15_000 }).toBe(byPayTime.n)
      const notice = page.getByTestId('without-pay-time')
      await expect.poll(() => notice.locator('.el-alert__title').innerText(), { timeout: 15_000 }).toContain(WORDS[locale].leftOut(leftOut))
      await expect.poll(() => totalsOf(page), { timeout: 15_000 }).toEqual(expected(byPayTime))
      await screenshot(page, `order-totals-by-pay-time-${locale}-${width}x${height}`)

      // The export of this filter says the same.
      await page.getByTestId('open-export').click()
      const exportNotice = page.getByTestId('export-without-pay-time')
      await expect.poll(() => exportNotice.innerText(), { timeout: 15_000 }).toBe(WORDS[locale].exportNotice(leftOut))
      await screenshot(page, `order-totals-export-${locale}-${width}x${height}`)
      await page.keyboard.press('Escape')
      await expect.poll(() => page.getByTestId('export-dialog').isVisible()).toBe(false)

      // One click: the same days by revenue time, every paid order counted in.
      await page.getByTestId('count-by-revenue-time').click()
      const byRevenueTime = sums('coalesce(paid_at, created_at)', from, to)
      await expect.poll(total, { timeout: 15_000 }).toBe(byRevenueTime.n)
      await expect.poll(() => totalsOf(page), { timeout: 15_000 }).toEqual(expected(byRevenueTime))
      expect(await notice.count()).toBe(0)
      await screenshot(page, `order-totals-by-revenue-time-${locale}-${width}x${height}`)
      const listNet = (await totalsOf(page)).net

      // The revenue page, on the same 30 days, says the same net revenue.
      await page.getByTestId('nav-revenue').click()
      await expect.poll(() => page.getByTestId('revenue-total-net').innerText(), { timeout: 15_000 }).toBe(listNet)
      expect(errors).toEqual([])
      await context.close()
    },
    90_000,
  )
})

describe('the detail timeline', () => {
  it.each(SCREENS)(
    'in %s at %dx%d: a refund without a time says the API gave none; a Ping++ refund is at its time_succeed',
    async (locale, width, height) => {
      await createHandlers(shell.env.core)['settings:set']({ locale })
      const context = await browser.newContext({ viewport: { width, height }, locale })
      const page = await context.newPage()
      const open = async (orderNo: string): Promise<void> => {
        await page.goto(`${shell.server.url}#/orders`)
        await page.locator('input[data-testid="filter-keyword"], [data-testid="filter-keyword"] input').first().fill(orderNo)
        // The order number sits in the pinned column, a table of its own at the left.
        const rows = page.locator('.el-table-v2__left .el-table-v2__row')
        await expect
          .poll(async () => (await rows.count()) === 1 && (await rows.first().innerText()).includes(orderNo), { timeout: 15_000 })
          .toBe(true)
        await rows.first().click()
        await expect.poll(() => page.getByTestId('detail-order-no').innerText(), { timeout: 15_000 }).toBe(orderNo)
      }

      const pub = one<{ order_no: string }>("SELECT order_no FROM orders WHERE source_id = 'demo-pub' AND status = 'refunded' LIMIT 1")
      await open(pub.order_no)
      const refund = page.getByTestId('timeline-refunded')
      await expect.poll(() => refund.innerText()).toContain(WORDS[locale].noRefundTime)
      expect(await refund.locator('.el-timeline-item__timestamp').count()).toBe(0)
      await page.getByTestId('detail-timeline').scrollIntoViewIfNeeded()
      await screenshot(page, `order-timeline-pub-refund-${locale}-${width}x${height}`)

      const pingpp = one<{ order_no: string; raw: string }>(
        "SELECT o.order_no, p.raw FROM orders o JOIN order_payloads p ON p.order_id = o.id WHERE o.source_id = 'demo-pingpp' AND o.status = 'refunded' LIMIT 1",
      )
      const refunds = (
        JSON.parse(pingpp.raw) as { charges: { data: Array<{ refunds: { data: Array<{ time_succeed: number }> } | null }> } }
      ).charges.data.flatMap((c) => c.refunds?.data ?? [])
      expect(refunds.length).toBeGreaterThan(0)
      await open(pingpp.order_no)
      const stamps = await page.getByTestId('timeline-refunded').locator('.el-timeline-item__timestamp').allInnerTexts()
      expect(stamps.sort()).toEqual(refunds.map((r) => dateTime(r.time_succeed * 1000, ZONE)).sort())
      await page.getByTestId('detail-timeline').scrollIntoViewIfNeeded()
      await screenshot(page, `order-timeline-pingpp-refund-${locale}-${width}x${height}`)
      await context.close()
    },
    90_000,
  )
})
