import ExcelJS from 'exceljs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Locale, OrderFilter } from '../../src-preload/contract'
import { createHandlers } from '../../src-main/api/handlers'
import { revenueDashboard } from '../../src-main/revenue/dashboard'
import { dayRange, periodTitle, previousRange, type Translate } from '../../src-renderer/src/components/revenue/labels'
import { dayOf, daysRange, shortcutRange, type DateShortcut } from '../../src-renderer/src/dates'
import { money } from '../../src-renderer/src/format'
import { productTypeName } from '../../src-preload/product-types'
import { revenueEn, revenueZh } from '../../src-renderer/src/i18n/revenue'
import { ARTIFACTS, SCREENS, launchBrowser, screenshot, startDemoShell, type Shell } from './support'

let browser: Browser
let shell: Shell
let page: Page
const TZ = 'Asia/Shanghai'
const count = (sql: string, ...params: unknown[]): number => (shell.env.core.db.prepare(sql).get(...params) as { n: number }).n

beforeAll(async () => {
  shell = await startDemoShell()
  browser = await launchBrowser()
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'zh-CN', acceptDownloads: true })
  page = await context.newPage()
  await page.goto(shell.server.url)
}, 180_000)
afterAll(async () => {
  await browser?.close()
  await shell?.close()
})

/** What the page shows by default (the last 30 days by day, split by source), read from the cache itself. */
function last30Days(by: 'day' | 'week' = 'day'): ReturnType<typeof revenueDashboard> {
  return dashboardOf('last30', by)
}
function dashboardOf(shortcut: DateShortcut, by: 'day' | 'week', filter: OrderFilter = {}): ReturnType<typeof revenueDashboard> {
  const range = shortcutRange(shortcut, TZ)
  return revenueDashboard(shell.env.core.db, { filter, from: range.from, to: range.to, by, seriesBy: 'source', tz: TZ })
}
/** The page's catalogue for the revenue words, read here without vue-i18n (which wants a browser's storage). */
const words =
  (locale: Locale): Translate =>
  (key, named) => {
    const text = key.split('.').reduce<unknown>((at, k) => (at as Record<string, unknown>)[k], locale === 'en' ? revenueEn : revenueZh)
    return String(text).replace(/\{(\w+)\}/g, (_, name: string) => String(named[name]))
  }
/** The title a bar's tooltip gives its period, in the page's words. */
const titleOf = (period: string, by: 'day' | 'week', locale: Locale): string =>
  periodTitle(period, by, dayRange(shortcutRange('last30', TZ), TZ), locale, words(locale))[0]
/** Where the status chart's ring is: its centre across the chart, and the middle of the ring as a share of the radius. */
const PIE_CENTER = 0.3
const PIE_RING = 0.57
const CNY_AMOUNT = /^-?¥\d{1,3}(,\d{3})*\.\d\d$/

describe('revenue page and export in the browser shell', () => {
  it('draws the charts and shows KPI figures equal to the revenue of the cache', async () => {
    await page.getByTestId('nav-revenue').click()
    const expected = last30Days()
    const cny = expected.kpis.find((k) => k.currency === 'CNY')!
    await expect
      .poll(() => page.getByTestId('kpi-net').getByTestId('kpi-value').innerText(), { timeout: 10_000 })
      .toBe(money(cny.current.net, 'CNY'))
    expect(await page.getByTestId('kpi-net').getByTestId('kpi-value').innerText()).toMatch(/^-?¥\d{1,3}(,\d{3})*\.\d\d$/)
    expect(await page.getByTestId('kpi-gross').getByTestId('kpi-value').innerText()).toBe(money(cny.current.gross, 'CNY'))
    expect(await page.getByTestId('kpi-avg_paid').getByTestId('kpi-value').innerText()).toBe(money(cny.current.avg_paid, 'CNY'))
    expect(await page.getByTestId('revenue-total-net').innerText()).toBe(money(cny.current.net, 'CNY'))
    expect(await page.getByTestId('kpi-orders').getByTestId('kpi-value').innerText()).toBe(String(cny.current.orders))
    const painted = await page.evaluate(`(() => {
      const canvas = document.querySelector('[data-testid="revenue-chart"] canvas')
      if (!canvas) return 0
      const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data
      let n = 0
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++
      return n
    })()`)
    expect(painted as number).toBeGreaterThan(5000)
    await screenshot(page, 'revenue-zh')
  }, 60_000)

  it('shows a period’s exact amount per source in the chart’s tooltip', async () => {
    const expected = last30Days()
    const series = expected.series.filter((s) => s.currency === 'CNY')
    // The busiest day of the range, so the tooltip has amounts in the thousands to show.
    const totals = expected.periods.map((_, i) => series.reduce((n, s) => n + s.net[i], 0))
    const day = totals.indexOf(Math.max(...totals))
    const chart = page.getByTestId('revenue-chart')
    const box = (await chart.boundingBox())!
    const plotWidth = box.width - 80
    await page.mouse.move(box.x + 60 + (day + 0.5) * (plotWidth / expected.periods.length), box.y + box.height / 2)
    await expect.poll(() => chart.innerText()).toContain(titleOf(expected.periods[day], 'day', 'zh-CN'))
    const tooltip = await chart.innerText()
    for (const s of series) expect(tooltip).toContain(money(s.net[day], 'CNY'))
    expect(Math.max(...series.map((s) => s.net[day]))).toBeGreaterThanOrEqual(100_000)
    await screenshot(page, 'revenue-tooltip')
    await page.mouse.move(0, 0)
  }, 60_000)

  it('shows a status’s orders and the exact amount due in the status chart’s tooltip', async () => {
    const expected = last30Days()
    const paid = expected.statusBreakdown.find((r) => r.currency === 'CNY' && r.status === 'paid')!
    const chart = page.getByTestId('revenue-status-chart')
    await chart.scrollIntoViewIfNeeded()
    const box = (await chart.boundingBox())!
    // Paid orders are most of them: their slice runs from the top clockwise past three o'clock, on the ring.
    await page.mouse.move(box.x + box.width * PIE_CENTER + PIE_RING * (Math.min(box.width, box.height) / 2), box.y + box.height / 2)
    await expect.poll(() => chart.innerText()).toContain('已支付：')
    expect(await chart.innerText()).toContain(`已支付：${paid.orders} 单`)
    expect(await chart.innerText()).toContain(`应付 ${money(paid.due, 'CNY')}`)
    await screenshot(page, 'revenue-status-tooltip')
    await page.mouse.move(0, 0)
  }, 60_000)

  it('colours each status in the status chart as the order list colours its tag', async () => {
    const expected = last30Days().statusBreakdown.filter((r) => r.currency === 'CNY')
    const total = expected.reduce((n, r) => n + r.orders, 0)
    const chart = page.getByTestId('revenue-status-chart')
    await chart.scrollIntoViewIfNeeded()
    await page.mouse.move(0, 0)
    // The colour in the middle of each slice wide enough to hit: slices run clockwise from twelve o'clock in the data's order.
    const points: Array<{ status: string; x: number; y: number }> = []
    let before = 0
    for (const r of expected) {
      const share = r.orders / total
      const angle = 2 * Math.PI * (before + share / 2)
      before += share
      if (share >= 0.05) points.push({ status: r.status, x: Math.sin(angle), y: -Math.cos(angle) })
    }
    expect(points.map((p) => p.status)).toContain('paid')
    expect(points.length).toBeGreaterThanOrEqual(3)
    const seen = (await chart.evaluate(
      (el, { points, center, ring }) => {
        const canvas = el.querySelector('canvas')!
        const scale = canvas.width / canvas.clientWidth
        const radius = ring * (Math.min(canvas.clientWidth, canvas.clientHeight) / 2)
        const pen = canvas.getContext('2d')!
        return points.map((p) => {
          const x = canvas.clientWidth * center + p.x * radius
          const y = canvas.clientHeight / 2 + p.y * radius
          const [r, g, b] = pen.getImageData(Math.round(x * scale), Math.round(y * scale), 1, 1).data
          return `rgb(${r}, ${g}, ${b})`
        })
      },
      { points, center: PIE_CENTER, ring: PIE_RING },
    )) as string[]
    // What the list's tag of each status is drawn in (STATUS_TAG's type, as the theme colours it).
    const tagColours = (await page.evaluate(`(() => {
      const probe = (type) => {
        const tag = document.createElement('span')
        tag.className = 'el-tag el-tag--' + type
        document.body.appendChild(tag)
        const colour = getComputedStyle(tag).color
        tag.remove()
        return colour
      }
      return { paid: probe('success'), pending: probe('warning'), canceled: probe('info'), partially_refunded: probe('primary'), refunded: probe('danger') }
    })()`)) as Record<string, string>
    expect(seen).toEqual(points.map((p) => tagColours[p.status]))
    await screenshot(page, 'revenue-status-colours')
  }, 60_000)

  it('opens the order list filtered to a bar’s period and series when the bar is clicked', async () => {
    const chart = page.getByTestId('revenue-chart')
    const box = (await chart.boundingBox())!
    const periods = 30
    const plotLeft = box.x + 60
    const plotWidth = box.width - 80
    const baseY = box.y + box.height - 30 - 2
    for (let i = periods - 1; i >= 0 && !page.url().includes('/orders'); i--) {
      await page.mouse.click(plotLeft + (i + 0.5) * (plotWidth / periods), baseY)
      await page.waitForTimeout(150)
    }
    expect(page.url()).toContain('/orders')
    const view = JSON.parse((await page.evaluate(`localStorage.getItem('orderdesk.orders.view')`)) as string) as {
      customDays: [string, string]
      sources: string[]
      dateField: string
    }
    expect(view.dateField).toBe('revenue')
    const { from, to } = daysRange(view.customDays[0], view.customDays[1], TZ)
    const expected = count(
      `SELECT count(*) AS n FROM orders WHERE revenue_at BETWEEN ? AND ? ${view.sources.length ? `AND source_id IN (${view.sources.map(() => '?').join(',')})` : ''}`,
      from,
      to,
      ...view.sources,
    )
    expect(expected).toBeGreaterThan(0)
    await expect.poll(async () => Number((await page.getByTestId('orders-total').innerText()).replace(/\D/g, ''))).toBe(expected)
    await screenshot(page, 'revenue-bar-to-orders')
    await page.getByTestId('filter-clear').click()
  }, 60_000)

  it('exports the listed orders as a workbook download whose rows and totals match the list', async () => {
    await page.getByTestId('status-refunded').click()
    const expected = count("SELECT count(*) AS n FROM orders WHERE status = 'refunded'")
    await expect.poll(async () => Number((await page.getByTestId('orders-total').innerText()).replace(/\D/g, ''))).toBe(expected)
    await page.getByTestId('open-export').click()
    const download = page.waitForEvent('download')
    await page.getByTestId('export-start').click()
    const file = `${ARTIFACTS}/export.xlsx`
    const done = await download
    expect(done.suggestedFilename()).toMatch(/^订单导出-\d{4}-\d{2}-\d{2}-\d{4}\.xlsx$/)
    await done.saveAs(file)
    await expect.poll(() => page.getByTestId('export-done').count()).toBe(1)
    await screenshot(page, 'revenue-export-done')
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.readFile(file)
    const sheet = workbook.worksheets[0]
    const headers = (sheet.getRow(1).values as unknown[]).map(String)
    const refundedAt = headers.indexOf('已退款')
    expect(refundedAt).toBeGreaterThan(0)
    // The orders, then the totals row.
    expect(sheet.rowCount).toBe(expected + 2)
    const cells = Array.from({ length: expected }, (_, i) => sheet.getRow(i + 2).getCell(refundedAt))
    expect(cells.every((c) => c.type === ExcelJS.ValueType.Number)).toBe(true)
    const refunded = cells.reduce((n, c) => n + Math.round((c.value as number) * 100), 0)
    expect(refunded).toBe(count("SELECT sum(refunded) AS n FROM orders WHERE status = 'refunded'"))
    const total = sheet.getRow(expected + 2).getCell(refundedAt).value as { result: number }
    expect(Math.round(total.result * 100)).toBe(refunded)
    expect(await page.getByTestId('export-done').innerText()).toContain(`退款 ${money(refunded, 'CNY')}`)
  }, 60_000)

  it('reconciles a source and shows the comparison side by side', async () => {
    await page.keyboard.press('Escape')
    await page.getByTestId('nav-revenue').click()
    await page.getByTestId('reconcile-demo-appkey').getByTestId('reconcile-run').click()
    await expect
      .poll(() => page.getByTestId('reconcile-demo-appkey').getByTestId('reconcile-verdict').innerText(), { timeout: 10_000 })
      .toBe('一致')
    await page.getByTestId('reconcile').scrollIntoViewIfNeeded()
    await screenshot(page, 'revenue-reconcile')
  }, 60_000)
})

/** A day as the page writes it, spelled out here apart from the page's own code. */
function dayWords(day: string, locale: Locale): string {
  const [, m, d] = day.split('-').map(Number)
  if (locale === 'zh-CN') return `${m}月${d}日`
  return `${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][m - 1]} ${d}`
}

describe('the revenue page in Chinese and English, at 1280×720 and 1440×900', () => {
  it.each(SCREENS)(
    'in %s at %dx%d: nothing sideways, the KPI cards in one row, the chart on the first screen, money as ¥, periods in words',
    async (locale, width, height) => {
      await createHandlers(shell.env.core)['settings:set']({ locale })
      const context = await browser.newContext({ viewport: { width, height }, locale })
      const page = await context.newPage()
      await page.goto(`${shell.server.url}#/revenue`)
      const expected = last30Days()
      const cny = expected.kpis.find((k) => k.currency === 'CNY')!
      const value = (key: string) => page.getByTestId(`kpi-${key}`).getByTestId('kpi-value').innerText()
      await expect.poll(() => value('net'), { timeout: 15_000 }).toBe(money(cny.current.net, 'CNY'))
      await expect.poll(() => page.getByTestId('revenue-chart').locator('canvas').count()).toBe(1)

      // Nothing wider than the window, neither the page nor its scrolling main area.
      const wider = (await page.evaluate(`(() => {
        const main = document.querySelector('.el-main')
        return [document.documentElement.scrollWidth - window.innerWidth, main.scrollWidth - main.clientWidth]
      })()`)) as number[]
      expect(wider).toEqual([0, 0])

      // Five cards side by side, all inside the window.
      const cards = (await page
        .getByTestId('revenue-kpis')
        .locator(':scope > .kpi')
        .evaluateAll((els) => els.map((el) => el.getBoundingClientRect().toJSON()))) as Array<{ top: number; right: number }>
      expect(new Set(cards.map((c) => Math.round(c.top))).size).toBe(1)
      expect(cards).toHaveLength(5)
      expect(Math.max(...cards.map((c) => c.right))).toBeLessThanOrEqual(width)
      // The chart starts on the first screen, with at least 200 px of it to see.
      const chart = (await page.getByTestId('revenue-chart').boundingBox())!
      expect(chart.y + 200).toBeLessThanOrEqual(height)

      for (const key of ['gross', 'refunds', 'net', 'avg_paid']) expect(await value(key)).toMatch(CNY_AMOUNT)
      // Each change says against which period; the period's days are in the title line.
      const delta = await page.getByTestId('kpi-gross').getByTestId('kpi-delta').innerText()
      if (locale === 'zh-CN') expect(delta).toMatch(/^较上期 [+-]¥[\d,]+\.\d\d（[+-]\d{1,3}(,\d{3})*\.\d%）$|^与上期持平$/)
      else expect(delta).toMatch(/^[+-]¥[\d,]+\.\d\d \([+-]\d{1,3}(,\d{3})*\.\d%\)\svs\sprevious$|^Same as previous$/)
      const rate = await page.getByTestId('kpi-orders').getByTestId('kpi-paid-rate-delta').innerText()
      if (locale === 'zh-CN') expect(rate).toMatch(/^支付率较上期 [+-]\d+\.\d 个百分点$|^支付率与上期持平$/)
      else expect(rate).toMatch(/^Paid rate [+-]\d+\.\d percentage\spoints\svs\sprevious$|^Paid rate same as previous$/)
      const now = shortcutRange('last30', TZ)
      const before = previousRange(now)
      const span = (from: number, to: number): string =>
        `${dayWords(dayOf(from, TZ), locale)}${locale === 'en' ? ' – ' : '–'}${dayWords(dayOf(to, TZ), locale)}`
      expect(await page.getByTestId('revenue-compared').innerText()).toBe(
        locale === 'zh-CN'
          ? `本期 ${span(now.from, now.to)}，上期 ${span(before.from, before.to)}`
          : `This period ${span(now.from, now.to)}; previous ${span(before.from, before.to)}`,
      )
      await screenshot(page, `revenue-fit-${locale}-${width}x${height}`)

      // By week: a bar's tooltip names its week by number and days, and its amounts as ¥.
      await page
        .getByTestId('revenue-by')
        .getByText(locale === 'zh-CN' ? '按周' : 'By week')
        .click()
      const weeks = last30Days('week')
      // The week figures in, the loading mask over the chart gone.
      await expect.poll(() => page.locator('.el-loading-mask').count()).toBe(0)
      const box = (await page.getByTestId('revenue-chart').boundingBox())!
      const plotWidth = box.width - 80
      const last = weeks.periods.length - 1
      await page.mouse.move(box.x + 60 + (last + 0.5) * (plotWidth / weeks.periods.length), box.y + box.height / 2)
      const tooltip = () => page.getByTestId('revenue-chart').innerText()
      await expect.poll(tooltip).toContain(titleOf(weeks.periods[last], 'week', locale))
      const lastWeek = weeks.series.filter((s) => s.currency === 'CNY').map((s) => s.net[last])
      for (const amount of lastWeek) expect(await tooltip()).toContain(money(amount, 'CNY'))
      await screenshot(page, `revenue-week-${locale}-${width}x${height}`)
      await page.mouse.move(0, 0)
      await expect.poll(tooltip).not.toContain(titleOf(weeks.periods[last], 'week', locale))

      // Below the chart: the status chart with its legend, and the reconciliation.
      await page.getByTestId('revenue-status-chart').scrollIntoViewIfNeeded()
      await screenshot(page, `revenue-below-${locale}-${width}x${height}`)
      await context.close()
    },
    60_000,
  )
})

describe('the revenue page’s choices', () => {
  it('are kept across a visit to the order list and a restart, and the paid rate is not shown under a status filter', async () => {
    await createHandlers(shell.env.core)['settings:set']({ locale: 'zh-CN' })
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'zh-CN' })
    const page = await context.newPage()
    await page.goto(`${shell.server.url}#/revenue`)
    const net = () => page.getByTestId('kpi-net').getByTestId('kpi-value').innerText()
    await expect.poll(net, { timeout: 15_000 }).toBe(money(last30Days().kpis.find((k) => k.currency === 'CNY')!.current.net, 'CNY'))

    await page.getByTestId('revenue-range').getByText('上月').click()
    await page.getByTestId('revenue-by').getByText('按周').click()
    await page.getByTestId('revenue-stack').getByText('不分组').click()
    await page.getByTestId('revenue-status').click()
    await page.getByRole('option', { name: '已支付', exact: true }).click()
    await page.keyboard.press('Escape')
    const chosen = dashboardOf('lastMonth', 'week', { statuses: ['paid'] }).kpis.find((k) => k.currency === 'CNY')!
    expect(chosen.current.net).not.toBe(last30Days().kpis.find((k) => k.currency === 'CNY')!.current.net)
    await expect.poll(net).toBe(money(chosen.current.net, 'CNY'))

    const same = async (): Promise<void> => {
      await expect.poll(net, { timeout: 15_000 }).toBe(money(chosen.current.net, 'CNY'))
      for (const [group, label] of [
        ['revenue-range', '上月'],
        ['revenue-by', '按周'],
        ['revenue-stack', '不分组'],
      ]) {
        expect(await page.getByTestId(group).locator('.is-active').innerText()).toBe(label)
      }
      expect(await page.getByTestId('revenue-status').innerText()).toContain('已支付')
      // Every order counted is paid: a paid rate would say 100% and mean nothing.
      expect(await page.getByTestId('kpi-orders').getByTestId('kpi-paid-rate-note').innerText()).toBe('已按状态筛选，不计支付率')
      expect(await page.getByTestId('kpi-orders').getByTestId('kpi-paid-rate-delta').count()).toBe(0)
    }
    await page.getByTestId('nav-orders').click()
    await expect.poll(() => page.getByTestId('orders-total').isVisible(), { timeout: 15_000 }).toBe(true)
    await page.getByTestId('nav-revenue').click()
    await same()
    await page.reload()
    await same()
    await screenshot(page, 'revenue-remembered')
    await context.close()
  }, 60_000)
})

describe('the revenue page’s product types', () => {
  it.each(SCREENS)(
    'in %s at %dx%d: the filter groups them by source under their own names, and stacked series keep pub’s 3 apart from the course’s 3',
    async (locale, width, height) => {
      await createHandlers(shell.env.core)['settings:set']({ locale })
      const context = await browser.newContext({ viewport: { width, height }, locale })
      const page = await context.newPage()
      await page.goto(`${shell.server.url}#/revenue`)
      await expect.poll(() => page.getByTestId('revenue-chart').locator('canvas').count(), { timeout: 15_000 }).toBe(1)

      await page.getByTestId('revenue-product-types').click()
      const menu = page.locator('.type-menu:visible')
      const group = (name: string) =>
        menu.locator('.el-select-group__wrap', { has: page.locator('.el-select-group__title', { hasText: name }) })
      await expect.poll(() => group('演示·代理商城').count()).toBe(1)
      const pubTypes = await group('演示·代理商城').locator('.type-name').allInnerTexts()
      expect(pubTypes).toContain(productTypeName('pub', '3', locale))
      expect(pubTypes.every((name) => !/^\d+$/.test(name) && !name.includes('·'))).toBe(true)
      const courseThree = shell.env.core.db
        .prepare(`SELECT max(product_name) AS title FROM order_counts WHERE source_id = 'demo-course' AND product_type = '3'`)
        .get() as { title: string }
      expect(await group('演示·直播课').locator('.type-name').allInnerTexts()).toContain(
        productTypeName('course', '3', locale, courseThree.title),
      )
      await screenshot(page, `revenue-types-menu-${locale}-${width}x${height}`)
      await page.keyboard.press('Escape')

      // Stacked by type: the axis tooltip names each series by its source and its type's own name.
      await page.getByTestId('revenue-stack').locator('label').nth(2).click()
      await expect.poll(() => page.locator('.el-loading-mask').count()).toBe(0)
      const range = shortcutRange('last30', TZ)
      const stacked = revenueDashboard(shell.env.core.db, {
        filter: {},
        from: range.from,
        to: range.to,
        by: 'day',
        seriesBy: 'product_type',
        tz: TZ,
      })
      const cny = stacked.series.filter((s) => s.currency === 'CNY')
      const pub3 = cny.find((s) => s.productType?.source === 'demo-pub' && s.productType.type === '3')!
      const course3 = cny.find((s) => s.productType?.source === 'demo-course' && s.productType.type === '3')!
      expect(pub3.net).not.toEqual(course3.net)
      const box = (await page.getByTestId('revenue-chart').boundingBox())!
      const tooltip = () => page.getByTestId('revenue-chart').innerText()
      const hover = (i: number) =>
        page.mouse.move(box.x + 60 + (i + 0.5) * ((box.width - 80) / stacked.periods.length), box.y + box.height / 2)
      // Each on a day it has money: the tooltip lists only the series with money that day.
      await hover(course3.net.findLastIndex((v) => v !== 0))
      await expect.poll(tooltip).toContain(`演示·直播课 · ${productTypeName('course', '3', locale, course3.productType!.title)}`)
      await page.mouse.move(0, 0)
      await hover(pub3.net.findLastIndex((v) => v !== 0))
      await expect.poll(tooltip).toContain(`演示·代理商城 · ${productTypeName('pub', '3', locale)}`)
      await screenshot(page, `revenue-types-stacked-${locale}-${width}x${height}`)
      await context.close()
    },
    60_000,
  )

  it('filter by one source’s type, and a bar opens the order list filtered by that source and type', async () => {
    await createHandlers(shell.env.core)['settings:set']({ locale: 'zh-CN' })
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
    const page = await context.newPage()
    await page.goto(`${shell.server.url}#/revenue`)
    const net = () => page.getByTestId('kpi-net').getByTestId('kpi-value').innerText()
    await expect.poll(net, { timeout: 15_000 }).toBe(money(last30Days().kpis.find((k) => k.currency === 'CNY')!.current.net, 'CNY'))

    await page.getByTestId('revenue-product-types').click()
    await page
      .locator('.type-menu:visible .el-select-group__wrap', { has: page.locator('.el-select-group__title', { hasText: '演示·代理商城' }) })
      .getByRole('option', { name: /^余额充值/ })
      .click()
    await page.keyboard.press('Escape')
    const pair = dashboardOf('last30', 'day', { productTypes: [{ source: 'demo-pub', type: '3' }] }).kpis.find((k) => k.currency === 'CNY')!
    const bare = dashboardOf('last30', 'day', { productTypes: ['3'] }).kpis.find((k) => k.currency === 'CNY')!
    expect(pair.current.net).not.toBe(bare.current.net)
    await expect.poll(net).toBe(money(pair.current.net, 'CNY'))
    expect(await page.getByTestId('revenue-product-types').innerText()).toContain('演示·代理商城 · 余额充值')

    await page.getByTestId('revenue-stack').getByText('按商品类型').click()
    await expect.poll(() => page.locator('.el-loading-mask').count()).toBe(0)
    const chart = (await page.getByTestId('revenue-chart').boundingBox())!
    const baseY = chart.y + chart.height - 30 - 2
    for (let i = 29; i >= 0 && !page.url().includes('/orders'); i--) {
      await page.mouse.click(chart.x + 60 + (i + 0.5) * ((chart.width - 80) / 30), baseY)
      await page.waitForTimeout(150)
    }
    expect(page.url()).toContain('/orders')
    await expect
      .poll(async () => JSON.parse((await page.evaluate(`localStorage.getItem('orderdesk.orders.view')`)) as string).productTypes)
      .toEqual([{ source: 'demo-pub', type: '3' }])
    const view = JSON.parse((await page.evaluate(`localStorage.getItem('orderdesk.orders.view')`)) as string) as {
      customDays: [string, string]
    }
    const { from, to } = daysRange(view.customDays[0], view.customDays[1], TZ)
    const expected = count(
      `SELECT count(*) AS n FROM orders WHERE revenue_at BETWEEN ? AND ? AND source_id = 'demo-pub' AND product_type = '3'`,
      from,
      to,
    )
    expect(expected).toBeGreaterThan(0)
    await expect.poll(async () => Number((await page.getByTestId('orders-total').innerText()).replace(/\D/g, ''))).toBe(expected)
    await expect.poll(() => page.getByTestId('filter-product-types').innerText()).toContain('演示·代理商城 · 余额充值')
    await screenshot(page, 'revenue-type-bar-to-orders')
    await context.close()
  }, 60_000)
})
