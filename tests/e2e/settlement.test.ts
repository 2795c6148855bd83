import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SettlementLine, SettlementReport } from '../../src-preload/contract'
import { payChannelDetail, payChannelGroup, payChannelLabel } from '../../src-preload/pay-channels'
import { revenueDashboard } from '../../src-main/revenue/dashboard'
import { settlementReport } from '../../src-main/revenue/settlement'
import { shortcutRange, type DateShortcut } from '../../src-renderer/src/dates'
import { money } from '../../src-renderer/src/format'
import { halfWidthInChinese, notForStaff } from '../helpers/ui-text'
import { launchBrowser, openShellPage, screenshot, SCREENS, startDemoShell, type Shell } from './support'

/**
 * Pay channels as staff see them: the revenue page's settlement report (对账单) by source and
 * channel, equal to the report the core makes and to the page's own figures; the order list's
 * channel column and the drawer's channel line. Screenshots: tests/e2e/artifacts/settlement-*.png.
 */
let browser: Browser
let shell: Shell
let page: Page
const TZ = 'Asia/Shanghai'
const ALL = 1400

const total = async (): Promise<number> => Number((await page.getByTestId('orders-total').innerText()).replace(/\D/g, ''))
/** Element Plus puts test ids on the <input> of some inputs and on the wrapper of others. */
const inputOf = (id: string) => page.locator(`input[data-testid="${id}"], [data-testid="${id}"] input`).first()

beforeAll(async () => {
  shell = await startDemoShell()
  browser = await launchBrowser()
  page = (await openShellPage(browser, shell)).page
}, 180_000)
afterAll(async () => {
  await browser?.close()
  await shell?.close()
})

/** The report of a period shortcut, from the cache itself. */
function reportOf(shortcut: DateShortcut): SettlementReport {
  return settlementReport(shell.env.core.db, { filter: {}, ...shortcutRange(shortcut, TZ), tz: TZ })
}

/** What each row of the table should read, cell by cell: a source's name only on its first line. */
function expectedRows(report: SettlementReport, locale: 'zh-CN' | 'en'): string[][] {
  const words = locale === 'en' ? { subtotal: 'Subtotal', total: 'Total', sep: ', ' } : { subtotal: '小计', total: '合计', sep: '、' }
  const figures = (l: SettlementLine) => [
    String(l.paid_orders),
    money(l.gross_minor, l.currency),
    money(l.refunds_minor, l.currency),
    money(l.net_minor, l.currency),
  ]
  return report.lines.map((l, i) => {
    if (l.kind === 'total') return [words.total, ...figures(l)]
    const first = i === 0 || report.lines[i - 1].source_id !== l.source_id || report.lines[i - 1].currency !== l.currency
    const label = l.kind === 'source' ? words.subtotal : payChannelLabel(l.channel!, locale)
    // The codes follow the group's name (a margin apart), but for one that is the name itself.
    const channel = `${label}${l.codes.filter((c) => c !== label).join(words.sep)}`
    return [...(first ? [l.source_name!] : []), channel, ...figures(l)]
  })
}

async function tableRows(): Promise<string[][]> {
  return page
    .getByTestId('settlement-table')
    .locator('.el-table__body tr')
    .evaluateAll((rows) =>
      rows.map((r) => [...r.querySelectorAll('td')].map((td) => (td as { innerText: string }).innerText.replace(/\s+/g, ' ').trim())),
    )
}

async function setLocale(locale: 'zh-CN' | 'en'): Promise<void> {
  await page
    .getByTestId('locale-switch')
    .getByText(locale === 'en' ? 'English' : '中文')
    .click()
  await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(locale)
}

describe('the settlement report on the revenue page', () => {
  it('shows the period’s money by source and pay channel as the core adds it up, its total equal to the KPI cards', async () => {
    await page.getByTestId('nav-revenue').click()
    const report = reportOf('last30')
    expect(report.lines.filter((l) => l.kind === 'channel').length).toBeGreaterThan(8)
    await expect.poll(tableRows, { timeout: 15_000 }).toEqual(expectedRows(report, 'zh-CN'))
    // Every kind's codes land in their group: Ping++ wx_* in 微信, appkey's 信用卡 in 其他, pub without a channel in 未注明.
    const channels = (source: string) => report.lines.filter((l) => l.kind === 'channel' && l.source_id === source).map((l) => l.channel)
    expect(channels('demo-pub')).toEqual(['none'])
    expect(channels('demo-pingpp')).toEqual(['wechat', 'alipay', 'unionpay'])
    expect(channels('demo-course')).toEqual(['wechat', 'alipay'])
    expect(report.lines.find((l) => l.source_id === 'demo-appkey' && l.channel === 'other')?.codes).toEqual(['信用卡'])

    const range = shortcutRange('last30', TZ)
    const kpis = revenueDashboard(shell.env.core.db, { filter: {}, ...range, by: 'day', seriesBy: 'source', tz: TZ }).kpis
    const cny = kpis.find((k) => k.currency === 'CNY')!.current
    const totalLine = report.lines.find((l) => l.kind === 'total' && l.currency === 'CNY')!
    expect([totalLine.gross_minor, totalLine.refunds_minor, totalLine.net_minor, totalLine.paid_orders]).toEqual([
      cny.gross,
      cny.refunds,
      cny.net,
      cny.paid_orders,
    ])
    expect(await page.getByTestId('kpi-net').getByTestId('kpi-value').innerText()).toBe(money(totalLine.net_minor, 'CNY'))
    expect(await page.getByTestId('settlement-period').innerText()).toBe(`${report.fromDay} 至 ${report.toDay}（Asia/Shanghai）`)
  }, 60_000)

  it('follows the page’s period', async () => {
    await page.getByTestId('revenue-range').getByText('最近 7 天').click()
    const report = reportOf('last7')
    await expect.poll(tableRows, { timeout: 15_000 }).toEqual(expectedRows(report, 'zh-CN'))
    expect(await page.getByTestId('settlement-period').innerText()).toBe(`${report.fromDay} 至 ${report.toDay}（Asia/Shanghai）`)
    await page.getByTestId('revenue-range').getByText('最近 30 天').click()
    await expect.poll(tableRows, { timeout: 15_000 }).toEqual(expectedRows(reportOf('last30'), 'zh-CN'))
  }, 60_000)

  it('fits and reads cleanly in Chinese and English at 1280×720 and 1440×900', async () => {
    const problems: string[] = []
    for (const [locale, width, height] of SCREENS) {
      await setLocale(locale)
      await page.setViewportSize({ width, height })
      await expect.poll(tableRows, { timeout: 15_000 }).toEqual(expectedRows(reportOf('last30'), locale))
      const card = page.getByTestId('settlement')
      await card.scrollIntoViewIfNeeded()
      await screenshot(page, `settlement-${locale}-${width}`)
      const where = `${locale} ${width}`
      const cut = await card.evaluate((el) => {
        const found: string[] = []
        const wrap = el.querySelector('.el-table .el-scrollbar__wrap')
        if (wrap && wrap.scrollWidth > wrap.clientWidth + 1) found.push(`table scrolls sideways: ${wrap.scrollWidth} > ${wrap.clientWidth}`)
        for (const cell of el.querySelectorAll('.el-table__header .cell, .el-table__body .cell'))
          if (cell.scrollWidth > cell.clientWidth + 1) found.push(`cut off: ${cell.textContent}`)
        return found
      })
      for (const c of cut) problems.push(`${where}: ${c}`)
      // The app's own words: the header and hint (the table's names and codes are the APIs').
      const own = [
        await card.locator('.el-card__header').innerText(),
        await card.locator('.hint').innerText(),
        await card.locator('.el-table__header').innerText(),
      ]
      for (const text of own) {
        if (locale === 'zh-CN') for (const bad of halfWidthInChinese(text)) problems.push(`${where}: half-width: ${bad}`)
        for (const bad of notForStaff(text)) problems.push(`${where}: not for staff: ${bad}`)
      }
    }
    await setLocale('zh-CN')
    await page.setViewportSize({ width: 1440, height: 900 })
    expect(problems).toEqual([])
  }, 120_000)
})

describe('pay channels in the order list and the drawer', () => {
  it('the list’s channel column shows each order’s group, the code as the API gave it on hover', async () => {
    await page.getByTestId('nav-orders').click()
    await expect.poll(total, { timeout: 15_000 }).toBe(ALL)
    // The channel is one of the columns staff turn on (the defaults fit 1280 pixels).
    await page.getByTestId('column-chooser').click()
    await page.getByTestId('column-channel').click()
    await page.keyboard.press('Escape')
    await expect.poll(() => page.locator('.el-table-v2__main .el-table-v2__header-cell', { hasText: '支付渠道' }).count()).toBe(1)
    const rows = (await page.locator('.el-table-v2__main .el-table-v2__row').evaluateAll((els) =>
      els.slice(0, 20).map((r) => {
        const spans = [...r.querySelectorAll('.el-table-v2__row-cell')].map((c) => c.textContent?.trim() ?? '')
        return spans
      }),
    )) as string[][]
    expect(rows.length).toBeGreaterThan(5)
    // The newest orders, as the list shows them by default, with their channel as stored.
    const newest = shell.env.core.db
      .prepare('SELECT pay_channel FROM orders o ORDER BY created_at DESC, id DESC LIMIT ?')
      .all(rows.length) as Array<{ pay_channel: string | null }>
    const header = await page.locator('.el-table-v2__main .el-table-v2__header-cell').allInnerTexts()
    const column = header.findIndex((h) => h.trim() === '支付渠道')
    expect(column).toBeGreaterThan(-1)
    expect(rows.map((r) => r[column])).toEqual(newest.map((o) => payChannelLabel(payChannelGroup(o.pay_channel), 'zh-CN')))
    const coded = newest.findIndex((o) => o.pay_channel !== null)
    expect(coded).toBeGreaterThan(-1)
    const title = await page
      .locator('.el-table-v2__main .el-table-v2__row')
      .nth(coded)
      .locator('.el-table-v2__row-cell')
      .nth(column)
      .locator('span')
      .getAttribute('title')
    expect(title).toBe(newest[coded].pay_channel)
    await screenshot(page, 'settlement-list-channel')
  }, 60_000)

  it.each([
    ['demo-pingpp', '微信（wx_'],
    ['demo-appkey', null],
    ['demo-pub', '未注明'],
  ])(
    'the drawer of a paid %s order shows its group with the code as the API gave it',
    async (source, start) => {
      const o = shell.env.core.db
        .prepare(
          `SELECT order_no, pay_channel FROM orders WHERE source_id = ? AND paid > 0 AND order_no IS NOT NULL
         ${source === 'demo-pingpp' ? "AND pay_channel LIKE 'wx_%'" : ''} ORDER BY id LIMIT 1`,
        )
        .get(source) as { order_no: string; pay_channel: string | null }
      await inputOf('filter-keyword').fill(o.order_no)
      await expect.poll(total, { timeout: 15_000 }).toBe(1)
      await page.locator('.el-table-v2__row').first().click()
      const line = page.getByTestId('detail-pay-channel')
      await expect.poll(() => line.innerText()).toBe(payChannelDetail(o.pay_channel, 'zh-CN'))
      if (start) expect(await line.innerText()).toMatch(new RegExp(`^${start}`))
      else expect(await line.innerText()).toMatch(/^(微信|支付宝|银联|其他)（.+）$|^支付宝$/)
      await screenshot(page, `settlement-drawer-${source}`)
      await page.keyboard.press('Escape')
      await page.getByTestId('filter-clear').click()
      await expect.poll(total, { timeout: 15_000 }).toBe(ALL)
    },
    60_000,
  )
})
