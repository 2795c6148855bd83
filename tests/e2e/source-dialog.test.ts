import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type StartedSandbox } from '../../src-main/sandboxes'
import { SCREENS, launchBrowser, screenshot, startShell, type Shell } from './support'

/** The source dialog when an edit moves a source to another address: its secrets are asked for again. */
let browser: Browser
let shell: Shell
let saved: StartedSandbox
let elsewhere: StartedSandbox

beforeAll(async () => {
  shell = await startShell()
  saved = await startSandbox('appkey', { seed: 4, orders: 5 })
  elsewhere = await startSandbox('appkey', { seed: 5, orders: 5 })
  shell.env.core.sources.save({ ...saved.sourceConfig('shop', '商城') }, true)
  browser = await launchBrowser()
}, 180_000)
afterAll(async () => {
  await browser?.close()
  await saved?.close()
  await elsewhere?.close()
  await shell?.close()
})

const stored = () => shell.env.core.sources.getConfig('shop') as { baseUrl: string; token: string; appKey: string }

/** Element Plus puts the test id on the wrapper of a password input. */
const inputOf = (page: Page, id: string) => page.locator(`[data-testid="${id}"] input, input[data-testid="${id}"]`).first()

async function openEdit(locale: 'zh-CN' | 'en', width: number, height: number): Promise<Page> {
  shell.env.core.settings.set({ locale })
  const context = await browser.newContext({ viewport: { width, height }, locale })
  const page = await context.newPage()
  page.on('pageerror', (e) => console.error('[page error]', e.message))
  await page.goto(shell.server.url)
  await page.getByTestId('nav-sources').click()
  await page.getByTestId('edit-shop').click()
  await expect.poll(() => page.getByTestId('source-dialog').isVisible()).toBe(true)
  return page
}

describe('editing a source’s address', () => {
  it('asks for every secret again, says why, sends nothing to the new address until they are given, and keeps the old ones meanwhile', async () => {
    const page = await openEdit('zh-CN', 1440, 900)
    const dialog = page.getByTestId('source-dialog')
    const baseUrl = inputOf(page, 'source-base-url')
    expect(await inputOf(page, 'source-secret-token').getAttribute('placeholder')).toMatch(/^留空则保持原值/)
    expect(await page.getByTestId('source-secret-again').count()).toBe(0)

    await baseUrl.fill(elsewhere.server.url)
    await expect.poll(() => page.getByTestId('source-secret-again').innerText()).toContain('不会发送到新地址')
    expect(await inputOf(page, 'source-secret-token').getAttribute('placeholder')).toBe('接口地址已更改，请重新输入')
    await page.getByTestId('source-test').click()
    await expect.poll(() => dialog.innerText()).toContain('接口地址已更改，请重新输入访问令牌（Token）')
    expect(await dialog.innerText()).toContain('接口地址已更改，请重新输入App Key')
    await page.getByTestId('source-save').click()
    expect(elsewhere.server.requestCounts.size).toBe(0)
    expect(stored().baseUrl).toBe(saved.server.url)

    // Back at the saved address, blank secrets keep the stored ones again.
    await baseUrl.fill(saved.server.url)
    await expect.poll(() => page.getByTestId('source-secret-again').count()).toBe(0)

    await baseUrl.fill(elsewhere.server.url)
    const { token, appKey } = elsewhere.sandbox.credentials()
    await inputOf(page, 'source-secret-token').fill(token)
    await inputOf(page, 'source-secret-appKey').fill(appKey)
    await page.getByTestId('source-test').click()
    await expect.poll(() => page.getByTestId('source-test-result').innerText(), { timeout: 15_000 }).toContain('连接正常')
    await page.getByTestId('source-save').click()
    await expect.poll(() => stored().baseUrl).toBe(elsewhere.server.url)
    expect(stored()).toMatchObject({ token, appKey })
    await page.context().close()
  }, 60_000)

  it.each(SCREENS)(
    'reads well in %s at %ix%i',
    async (locale, width, height) => {
      const page = await openEdit(locale, width, height)
      await inputOf(page, 'source-base-url').fill('https://new-host.example.com/api')
      await page.getByTestId('source-save').click()
      const again = locale === 'en' ? 'The address changed: enter the Access token again' : '接口地址已更改，请重新输入访问令牌'
      await expect.poll(() => page.getByTestId('source-dialog').innerText()).toContain(again)
      await screenshot(page, `source-dialog-address-changed-${locale}-${width}x${height}`)
      await page.context().close()
    },
    60_000,
  )
})
