import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, screenshot, startShell, type Shell } from './support'

let browser: Browser
let shell: Shell

beforeAll(async () => {
  shell = await startShell()
  browser = await launchBrowser()
}, 180_000)
afterAll(async () => {
  await browser?.close()
  await shell?.close()
})

describe('app shell in the browser', () => {
  it('shows the shell in Chinese by default, switches to English, and remembers it', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' })
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(shell.server.url)

    const nav = page.locator('.nav')
    await expect.poll(() => nav.innerText()).toMatch(/工作台\s+订单\s+营收\s+数据源\s+同步记录/)
    await expect.poll(() => page.getByTestId('empty-no-sources').innerText()).toContain('还没有数据源')
    // No source to be online with: the header says nothing about it.
    expect(await page.getByTestId('online-status').count()).toBe(0)
    expect(await page.getByTestId('last-sync').innerText()).toBe('尚未同步')
    expect(await page.evaluate('document.documentElement.lang')).toBe('zh-CN')
    // The token has left the address bar.
    expect(page.url()).not.toContain('token=')
    await screenshot(page, 'shell-zh')

    await page.getByTestId('locale-switch').getByText('English').click()
    await expect.poll(() => nav.innerText()).toMatch(/Home\s+Orders\s+Revenue\s+Sources\s+Sync log/)
    await expect.poll(() => page.getByTestId('empty-no-sources').innerText()).toContain('No sources yet')
    expect(await page.getByTestId('last-sync').innerText()).toBe('Never synced')
    await screenshot(page, 'shell-en')

    await page.getByTestId('nav-sync-log').click()
    await expect.poll(() => page.getByTestId('empty-no-runs').innerText()).toContain('No sync runs yet.')

    await page.reload()
    await expect.poll(() => nav.innerText()).toMatch(/Home\s+Orders\s+Revenue\s+Sources\s+Sync log/)
    const stored = await shell.env.core.settings.get()
    expect(stored.locale).toBe('en')
    expect(errors).toEqual([])
    await context.close()
  }, 120_000)

  it('fetches the app’s code (a few files, without what opens on demand) beside its small entry, and asks for the first screen before that code has run', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    const page = await context.newPage()
    await page.goto(shell.server.url)
    await expect.poll(() => page.getByTestId('empty-no-sources').count()).toBe(1)
    const entries = JSON.parse(
      (await page.evaluate(
        `JSON.stringify(performance.getEntriesByType('resource').map((e) => ({ name: e.name, start: e.startTime, end: e.responseEnd })))`,
      )) as string,
    ) as Array<{ name: string; start: number; end: number }>
    const assets = entries.filter((e) => /\/assets\/[^/]*\.(js|css)$/.test(e.name))
    const entry = entries.find((e) => /\/assets\/index-[^/]*\.js$/.test(e.name))
    expect(entry).toBeDefined()
    // Each file of the first screen was asked for before the entry had even arrived: the page names them all.
    expect(assets.length).toBeGreaterThan(4)
    expect(assets.filter((e) => e.start > entry!.end).map((e) => e.name)).toEqual([])
    // In a few files (the build keeps the libraries in two chunks), without what opens on demand.
    const scripts = assets.filter((e) => e.name.endsWith('.js')).map((e) => e.name.replace(/^.*\//, ''))
    expect(scripts.length).toBeLessThanOrEqual(8)
    expect(scripts.filter((name) => /^(CustomDaysPicker|CreateOrderDialog|ExportDialog|OrderCharges|RevenueView)-/.test(name))).toEqual([])
    // The start-up calls are the entry's, each made once, before any call of the app's own (the shell's sync status).
    const calls = entries.filter((e) => e.name.includes('/rpc/'))
    // The 工作台 (where a launch lands) asks for its summary with them.
    for (const channel of ['app%3Ainfo', 'settings%3Aget', 'sources%3Akinds', 'sources%3Alist', 'home%3Asummary']) {
      expect(calls.filter((e) => e.name.endsWith(channel))).toHaveLength(1)
    }
    const appsOwn = calls.find((e) => e.name.endsWith('sync%3Astatus'))
    expect(appsOwn).toBeDefined()
    expect(calls.find((e) => e.name.endsWith('sources%3Alist'))!.start).toBeLessThan(appsOwn!.start)
    await context.close()
  }, 60_000)
})
