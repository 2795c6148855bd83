import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Locale } from '../../src-preload/contract'
import { startSandbox, type StartedSandbox } from '../../src-main/sandboxes'
import { notForStaff } from '../helpers/ui-text'
import { SCREENS, launchBrowser, openShellPage, screenshot, startShell, type Shell } from './support'

/**
 * What the app says about its sources, as staff see it: the first sync in progress, a source
 * whose server does not answer (数据源无法连接, not 离线, and 测试连接 still usable), this machine
 * offline, an edited source tested green losing its old error, a disabled source dimmed without
 * a schedule, the Sources page whole at every size, and a browser link that no longer works.
 */
let browser: Browser
let shell: Shell
let page: Page
/** Whether this machine has a network, as the shell's core is told. */
let network = true
let shop: StartedSandbox
let course: StartedSandbox
let gone: StartedSandbox
let slow: StartedSandbox
let paused: StartedSandbox

const inputOf = (id: string) => page.locator(`input[data-testid="${id}"], [data-testid="${id}"] input`).first()
const header = () => page.getByTestId('online-status')

async function setLocale(on: Page, locale: Locale): Promise<void> {
  await on
    .getByTestId('locale-switch')
    .getByText(locale === 'en' ? 'English' : '中文')
    .click()
  await expect.poll(() => on.locator('html').getAttribute('lang')).toBe(locale)
}

/** The Sources page at every size and language, saved as states-<name>-<locale>-<width>.png. */
async function shoot(name: string): Promise<void> {
  for (const [locale, width, height] of SCREENS) {
    await setLocale(page, locale)
    await page.setViewportSize({ width, height })
    await screenshot(page, `states-${name}-${locale}-${width}`)
  }
  await setLocale(page, 'zh-CN')
  await page.setViewportSize({ width: 1440, height: 900 })
}

beforeAll(async () => {
  shell = await startShell({ hasNetwork: () => network })
  // Slow enough that the first sync is seen under way.
  shop = await startSandbox('pub', { seed: 11, orders: 300 }, { latencyMs: 150 })
  course = await startSandbox('course', { seed: 12, orders: 30 })
  gone = await startSandbox('pub', { seed: 13, orders: 20 })
  slow = await startSandbox('appkey', { seed: 14, orders: 20 })
  paused = await startSandbox('appkey', { seed: 15, orders: 20 })
  const { sources } = shell.env.core
  sources.upsert(shop.sourceConfig('shop', '代理商城', { pageSize: 10 }), { storeSecrets: true })
  sources.upsert(course.sourceConfig('course', '直播课', { token: 'wrong' }), { storeSecrets: true })
  sources.upsert(gone.sourceConfig('gone', '旧代理商城'), { storeSecrets: true })
  sources.upsert(slow.sourceConfig('slow', '慢商城'), { storeSecrets: true })
  sources.upsert(paused.sourceConfig('paused', '暂停的商城', { enabled: false }), { storeSecrets: true })
  browser = await launchBrowser()
  page = (await openShellPage(browser, shell, {}, '/orders')).page
  await page.getByTestId('nav-orders').waitFor()
}, 180_000)
afterAll(async () => {
  await browser?.close()
  await shell?.close()
  for (const s of [shop, course, gone, slow, paused]) await s?.close()
})

describe('the first sync', () => {
  it('says orders are being synced, with how far it is, not that there are none', async () => {
    shell.env.core.sync.start({ sources: ['shop'], trigger: 'manual' })
    await expect.poll(() => page.getByTestId('empty-syncing').count(), { timeout: 15_000 }).toBe(1)
    expect(await page.getByTestId('empty-syncing').innerText()).toMatch(/^正在同步订单（已完成 \d+%），/)
    expect(await page.getByTestId('empty-no-orders').count()).toBe(0)
    await screenshot(page, 'states-first-sync-zh-CN-1440')
    await expect.poll(() => page.getByTestId('sync-now').count(), { timeout: 60_000 }).toBe(1)
    await expect.poll(() => page.getByTestId('empty-syncing').count(), { timeout: 15_000 }).toBe(0)
  }, 90_000)
})

describe('a source whose server does not answer', () => {
  it('is said unreachable within 5 s of its server stopping, never offline, and can still be tested', async () => {
    shell.env.core.sync.startProbing()
    await page.getByTestId('nav-sources').click()
    await expect.poll(() => header().innerText(), { timeout: 10_000 }).toBe('在线')

    await gone.close()
    const stoppedAt = Date.now()
    await expect.poll(() => header().innerText(), { timeout: 5_000, interval: 100 }).toBe('数据源无法连接')
    expect(Date.now() - stoppedAt).toBeLessThan(5_000)
    expect(await page.getByTestId('unreachable-gone').innerText()).toBe('无法连接')
    expect(await page.getByTestId('sources-offline').count()).toBe(0)
    // Only that source is in trouble: testing and syncing stay open, for it too.
    expect(await page.getByTestId('test-gone').isEnabled()).toBe(true)
    expect(await page.getByTestId('sync-shop').isEnabled()).toBe(true)
    expect(await page.getByTestId('sync-now').isEnabled()).toBe(true)
    await page.getByTestId('test-gone').click()
    await expect.poll(() => page.getByTestId('test-result-gone').innerText()).toBe('无法连接：请检查接口地址和网络')
    // Synced, it says so in words: no address, system error code or HTTP status on the screen.
    await page.getByTestId('sync-gone').click()
    await expect
      .poll(() => page.locator('.el-message').allInnerTexts(), { timeout: 30_000 })
      .toContain('旧代理商城 同步失败：无法连接到接口服务器')
    expect(notForStaff(await page.locator('body').innerText())).toEqual([])
    await page.evaluate("document.querySelectorAll('.el-message__closeBtn').forEach((b) => b.click())")
    await header().hover()
    await expect.poll(() => page.getByTestId('unreachable-source-gone').isVisible()).toBe(true)
    await screenshot(page, 'states-unreachable-header-zh-CN-1440')
    await page.mouse.move(1, 1)
    await setLocale(page, 'en')
    await expect.poll(() => header().innerText()).toBe('Source unreachable')
    await setLocale(page, 'zh-CN')
  }, 60_000)

  it('that accepts connections but never replies is found by its test within 5 s, and heard again once it answers', async () => {
    slow.server.arm({ fault: { type: 'timeout' }, times: Infinity })
    const clickedAt = Date.now()
    await page.getByTestId('test-slow').click()
    await expect.poll(() => page.getByTestId('test-result-slow').innerText(), { timeout: 5_000 }).toBe('连接超时：接口长时间没有响应')
    expect(Date.now() - clickedAt).toBeLessThan(5_000)
    await expect.poll(() => header().innerText()).toBe('2 个数据源无法连接')
    await shoot('unreachable-sources')

    slow.server.clearFaults()
    await expect.poll(() => header().innerText(), { timeout: 10_000 }).toBe('数据源无法连接')
    expect(await page.getByTestId('unreachable-slow').count()).toBe(0)
    // Its test's verdict was about a server that no longer stays silent.
    expect(await page.getByTestId('test-result-slow').count()).toBe(0)
    expect(await page.getByTestId('test-result-gone').count()).toBe(1)
  }, 90_000)

  it('leaves 离线 to this machine having no network', async () => {
    network = false
    // The servers on this machine answer without a network: the stopped ones are what is left.
    for (const s of [shop, course, slow]) await s.close()
    await expect.poll(() => header().innerText(), { timeout: 10_000 }).toBe('离线')
    expect(await page.getByTestId('sources-offline').count()).toBe(1)
    expect(await page.getByTestId('test-shop').isDisabled()).toBe(true)
    await shoot('offline')

    network = true
    shop = await startSandbox('pub', { seed: 11, orders: 300 }, { port: shop.server.port })
    course = await startSandbox('course', { seed: 12, orders: 30 }, { port: course.server.port })
    slow = await startSandbox('appkey', { seed: 14, orders: 20 }, { port: slow.server.port })
    await expect.poll(() => header().innerText(), { timeout: 10_000 }).toBe('数据源无法连接')
    expect(await page.getByTestId('test-shop').isEnabled()).toBe(true)
  }, 90_000)
})

describe('a source with an error', () => {
  it('shows the old error no more once edited and tested green', async () => {
    await page.getByTestId('sync-course').click()
    await expect.poll(() => page.getByTestId('failing-course').count(), { timeout: 15_000 }).toBe(1)
    await page.getByTestId('test-course').click()
    await expect.poll(() => page.getByTestId('test-result-course').innerText()).toBe('认证失败：令牌或密钥错误')
    await page.evaluate("document.querySelectorAll('.el-message__closeBtn').forEach((b) => b.click())")

    await page.getByTestId('edit-course').click()
    // Tested as it stands: the verdict in words, what the API said behind 详情.
    await page.getByTestId('source-test').click()
    const verdict = page.getByTestId('source-test-result')
    await expect.poll(() => verdict.innerText()).toMatch(/^认证失败：令牌或密钥错误\n+详情$/)
    await verdict.getByTestId('error-details').click()
    await expect.poll(() => verdict.innerText()).toMatch(/^认证失败：令牌或密钥错误\n+收起\n+接口返回的说明：\S/)
    expect(notForStaff(await verdict.innerText())).toEqual([])
    await screenshot(page, 'states-test-details-zh-CN-1440')
    await inputOf('source-secret-token').fill(course.sandbox.credentials().token)
    await page.getByTestId('source-test').click()
    await expect.poll(() => page.getByTestId('source-test-result').innerText()).toContain('连接正常')
    await page.getByTestId('source-save').click()
    await expect.poll(() => page.getByTestId('source-dialog').isVisible()).toBe(false)

    await expect.poll(() => page.getByTestId('failing-course').count()).toBe(0)
    expect(await page.getByTestId('test-result-course').count()).toBe(0)
    // The one still failing is the stopped server's.
    expect(await page.getByTestId('failing-status').innerText()).toBe('1 个数据源同步失败')
  }, 60_000)
})

describe('a disabled source', () => {
  it('is dimmed and shows no schedule', async () => {
    const row = page.locator('.el-table__row', { has: page.getByTestId('source-row-paused') })
    expect(await row.getAttribute('class')).toContain('disabled-row')
    expect(await page.getByTestId('schedule-paused').innerText()).toBe('已停用')
    expect(await page.getByTestId('schedule-shop').innerText()).toBe('每 10 分钟')
    const opacity = async (id: string): Promise<number> =>
      Number(await page.evaluate(`getComputedStyle(document.querySelector('[data-testid="${id}"]').closest('.cell')).opacity`))
    expect(await opacity('source-row-paused')).toBeLessThan(1)
    expect(await opacity('source-row-shop')).toBe(1)
    // Its switch and buttons are not dimmed: they are how it is turned back on.
    expect(await opacity('enable-paused')).toBe(1)
    expect(await opacity('edit-paused')).toBe(1)
  }, 30_000)
})

/**
 * What does not fit on the Sources page: the page or the table scrolling sideways, a header on
 * more than one line, a row's test, edit or remove button outside the window.
 */
const MISFITS = `(() => {
  const problems = []
  const wrap = document.querySelector('[data-testid="sources-table"] .el-scrollbar__wrap')
  const page = document.documentElement.scrollWidth - window.innerWidth
  if (page > 0) problems.push('the page scrolls sideways by ' + page + ' px')
  if (wrap.scrollWidth > wrap.clientWidth + 1) problems.push('the table scrolls sideways by ' + (wrap.scrollWidth - wrap.clientWidth) + ' px')
  for (const cell of document.querySelectorAll('[data-testid="sources-table"] .el-table__header .cell')) {
    const range = document.createRange()
    range.selectNodeContents(cell)
    const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))).size
    if (lines > 1) problems.push('header "' + cell.textContent.trim() + '" on ' + lines + ' lines')
  }
  const buttons = [...document.querySelectorAll('button[data-testid^="edit-"], button[data-testid^="remove-"], button[data-testid^="test-"]')]
  if (buttons.length !== 15) problems.push(buttons.length + ' buttons of 15')
  for (const b of buttons) {
    const r = b.getBoundingClientRect()
    if (r.left < 0 || r.right > window.innerWidth) problems.push(b.dataset.testid + ' outside the window (' + r.left + '–' + r.right + ')')
  }
  return problems
})()`

describe('the Sources page', () => {
  it('shows every column, its actions inside the window, with headers on one line, at every size in both languages', async () => {
    await page.getByTestId('nav-sources').click()
    for (const [locale, width, height] of SCREENS) {
      await setLocale(page, locale)
      await page.setViewportSize({ width, height })
      // The table lays its columns out again a moment after the window or the words change.
      await expect.poll(() => page.evaluate(MISFITS), { timeout: 5_000 }).toEqual([])
      await screenshot(page, `states-sources-${locale}-${width}`)
    }
    await setLocale(page, 'zh-CN')
    await page.setViewportSize({ width: 1440, height: 900 })
  }, 60_000)
})

/** Whether a source's row is whole inside the visible part of the main area. */
const inView = (id: string): Promise<boolean> =>
  page.evaluate(`(() => {
    const main = document.querySelector('.el-main').getBoundingClientRect()
    const row = document.querySelector('[data-testid="source-row-${id}"]').closest('tr').getBoundingClientRect()
    return row.top >= main.top && row.bottom <= main.bottom
  })()`)
/** The sources whose rows are marked as the one a link asked for. */
const marked = (): Promise<string[]> =>
  page
    .locator('[data-testid="sources-table"] tr.asked-row [data-testid^="source-row-"]')
    .evaluateAll((cells) => cells.map((c) => c.getAttribute('data-testid')!.replace('source-row-', '')))
const go = (hash: string): Promise<void> => page.evaluate(`location.hash = ${JSON.stringify(hash)}`)

describe('a link to one source (a failing source’s notification opens one)', () => {
  it('brings that source’s row into view on the Sources page, scrolled away from it', async () => {
    await page.setViewportSize({ width: 1280, height: 720 })
    await go('#/sources')
    await page.getByTestId('source-row-course').waitFor()
    // The first row, above the window once the page is scrolled to its end.
    await page.locator('.el-main').evaluate((el) => el.scrollTo(0, el.scrollHeight))
    await expect.poll(() => inView('course')).toBe(false)
    await go('#/sources?source=course')
    await expect.poll(() => inView('course')).toBe(true)
    await page.setViewportSize({ width: 1440, height: 900 })
  }, 30_000)

  it('marks that source’s row, and only it, at every size in both languages', async () => {
    await go('#/orders')
    await page.getByTestId('orders-total').waitFor()
    await go('#/sources?source=gone')
    await expect.poll(marked).toEqual(['gone'])
    // The earlier tests' messages gone, so the pictures show the page alone.
    await expect.poll(() => page.locator('.el-message').count(), { timeout: 10_000 }).toBe(0)
    for (const [locale, width, height] of SCREENS) {
      await setLocale(page, locale)
      await page.setViewportSize({ width, height })
      await expect.poll(() => inView('gone')).toBe(true)
      await screenshot(page, `states-sources-asked-${locale}-${width}`)
    }
    expect(await marked()).toEqual(['gone'])
    await setLocale(page, 'zh-CN')
    await page.setViewportSize({ width: 1440, height: 900 })
  }, 60_000)

  it('says in the page, in either language, that a source it asks for is not here, and closing that drops it from the address', async () => {
    const errors: string[] = []
    const onError = (e: Error): number => errors.push(e.message)
    page.on('pageerror', onError)
    await go('#/sources?source=removed-shop')
    for (const [locale, width, height] of SCREENS) {
      await setLocale(page, locale)
      await page.setViewportSize({ width, height })
      await expect
        .poll(() => page.getByTestId('source-not-found').innerText())
        .toBe(
          locale === 'en'
            ? 'Source “removed-shop” was not found; it may have been removed.'
            : '没有找到数据源“removed-shop”，它可能已被删除。',
        )
      await screenshot(page, `states-sources-not-found-${locale}-${width}`)
    }
    expect(await marked()).toEqual([])
    expect(await page.locator('.el-message--error').count()).toBe(0)
    await page.getByTestId('source-not-found').locator('.el-alert__close-btn').click()
    await expect.poll(() => page.url()).toMatch(/#\/sources$/)
    expect(await page.getByTestId('source-not-found').count()).toBe(0)
    page.off('pageerror', onError)
    expect(errors).toEqual([])
    await setLocale(page, 'zh-CN')
    await page.setViewportSize({ width: 1440, height: 900 })
  }, 60_000)

  it('is dropped from the address when its source is removed here, not said missing', async () => {
    shell.env.core.sources.upsert(paused.sourceConfig('extra', '临时商城', { enabled: false }), { storeSecrets: true })
    await go('#/orders')
    await page.getByTestId('orders-total').waitFor()
    await go('#/sources?source=extra')
    await expect.poll(marked).toEqual(['extra'])
    await page.getByTestId('remove-extra').click()
    await page.getByTestId('remove-confirm').click()
    await expect.poll(() => page.getByTestId('source-row-extra').count()).toBe(0)
    await expect.poll(() => page.url()).toMatch(/#\/sources$/)
    expect(await page.getByTestId('source-not-found').count()).toBe(0)
  }, 30_000)
})

describe('the browser shell opened with a link that no longer works', () => {
  for (const [locale, width, height] of SCREENS) {
    it(`shows one page saying how to get a new address, and nothing else (${locale}, ${width}×${height})`, async () => {
      const context = await browser.newContext({ viewport: { width, height }, locale })
      await context.addInitScript(`localStorage.setItem('orderdesk.locale', '${locale}')`)
      const stale = await context.newPage()
      const errors: string[] = []
      stale.on('pageerror', (e) => errors.push(e.message))
      // One address without its token, one with a token of an earlier start, and one whose
      // refusals come late, after the app has loaded (its first calls wait 400 ms at most).
      const late = `${shell.server.origin}/?token=refused-late`
      await context.route(`${shell.server.origin}/rpc/**`, async (route) => {
        if (route.request().headers()['x-orderdesk-token'] === 'refused-late') await new Promise((resolve) => setTimeout(resolve, 800))
        await route.continue()
      })
      for (const url of [`${shell.server.origin}/`, `${shell.server.origin}/?token=from-an-earlier-start#/sources`, late]) {
        await stale.goto(url)
        await stale.getByTestId('link-expired').waitFor()
        expect([
          await stale.locator('[data-testid="link-expired"] h1').innerText(),
          await stale.locator('[data-testid="link-expired"] p').innerText(),
        ]).toEqual(
          locale === 'en'
            ? [
                'This link no longer works',
                'Copy the new address from the terminal where OrderDesk was started, and open it in the browser.',
              ]
            : ['链接已失效', '请在启动 OrderDesk 的终端里复制新的地址，在浏览器中重新打开。'],
        )
        // Every call the page made has been answered: none left a message, and no app shows under the page.
        await stale.waitForLoadState('networkidle')
        expect(await stale.locator('.el-message').count()).toBe(0)
        expect(await stale.locator('#app').isVisible()).toBe(false)
        expect(await stale.getByTestId('link-expired').count()).toBe(1)
      }
      // The late one had the app built under the page: hidden, and its refused calls silent.
      await expect.poll(() => stale.evaluate("document.querySelector('#app').childElementCount")).toBeGreaterThan(0)
      await screenshot(stale, `states-link-expired-${locale}-${width}`)
      expect(errors).toEqual([])
      await context.close()
    }, 60_000)
  }
})
