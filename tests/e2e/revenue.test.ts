import ExcelJS from 'exceljs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { revenueDashboard } from '../../src-main/revenue/dashboard'
import { daysRange, shortcutRange } from '../../src-renderer/src/dates'
import { money } from '../../src-renderer/src/format'
import { ARTIFACTS, launchBrowser, screenshot, startShell, type Shell } from './support'

let browser: Browser
let shell: Shell
let page: Page
const TZ = 'Asia/Shanghai'
const count = (sql: string, ...params: unknown[]): number => (shell.env.core.db.prepare(sql).get(...params) as { n: number }).n

beforeAll(async () => {
  shell = await startShell()
  const ids = await shell.env.core.demo.start()
  shell.env.core.sync.start({ sources: ids, trigger: 'manual' })
  const deadline = Date.now() + 60_000
  while (shell.env.core.sync.status().running && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200))
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
function last30Days(): ReturnType<typeof revenueDashboard> {
  const range = shortcutRange('last30', TZ)
  return revenueDashboard(shell.env.core.db, { filter: {}, from: range.from, to: range.to, by: 'day', seriesBy: 'source', tz: TZ })
}

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
    await expect.poll(() => chart.innerText()).toContain(expected.periods[day])
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
    await page.mouse.move(box.x + box.width / 2 + 0.55 * (Math.min(box.width, box.height) / 2), box.y + box.height / 2)
    await expect.poll(() => chart.innerText()).toContain('已支付：')
    expect(await chart.innerText()).toContain(`已支付：${paid.orders} 单`)
    expect(await chart.innerText()).toContain(`应付 ${money(paid.due, 'CNY')}`)
    await screenshot(page, 'revenue-status-tooltip')
    await page.mouse.move(0, 0)
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
