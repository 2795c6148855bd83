import fs from 'node:fs'
import path from 'node:path'
import { type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core'
import { createHandlers } from '../../src-main/api/handlers'
import { launchChromium } from '../../src-main/web/chromium'
import { ensureRendererBuilt } from '../../src-main/web/renderer-build'
import { startWebServer, type RunningWebServer } from '../../src-main/web/server'
import { tempCore } from '../helpers/core'

const root = path.resolve(import.meta.dirname, '../..')
export const ARTIFACTS = path.join(root, 'tests/e2e/artifacts')

/** The languages and window sizes every screen is looked at in. */
export const SCREENS = [
  ['zh-CN', 1280, 720],
  ['zh-CN', 1440, 900],
  ['en', 1280, 720],
  ['en', 1440, 900],
] as const

export function launchBrowser(): Promise<Browser> {
  return launchChromium()
}

export interface Shell {
  server: RunningWebServer
  env: ReturnType<typeof tempCore>
  close(): Promise<void>
}

/** The browser shell on a fresh database, serving the real built renderer. */
export async function startShell(options: Parameters<typeof tempCore>[0] = {}): Promise<Shell> {
  const rendererDir = ensureRendererBuilt(root)
  const env = tempCore(options)
  const server: RunningWebServer = await startWebServer({
    handlers: createHandlers(env.core),
    rendererDir,
    download: (jobId) => env.core.exports.download(jobId),
  })
  env.core.events.subscribe(server)
  return {
    server,
    env,
    async close() {
      await server.close()
      await env.dispose()
    },
  }
}

/** The shell with the demo's sources synced once, as a user who started the demo sees it. */
export async function startDemoShell(options: Parameters<typeof tempCore>[0] = {}): Promise<Shell> {
  const shell = await startShell(options)
  const finished = new Promise<void>((resolve) =>
    shell.env.core.events.subscribe({ emit: (name) => name === 'sync:finished' && resolve() }),
  )
  const ids = await shell.env.core.demo.start()
  shell.env.core.sync.start({ sources: ids, trigger: 'manual' })
  await finished
  return shell
}

/**
 * A Chinese-locale page on the shell, its errors logged, opened at the app's first screen (the
 * 工作台), or at `route` (`/orders`: the order list).
 */
export async function openShellPage(
  browser: Browser,
  shell: Shell,
  options: BrowserContextOptions = {},
  route?: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', ...options })
  const page = await context.newPage()
  page.on('pageerror', (e) => console.error('[page error]', e.message))
  await page.goto(route ? `${shell.server.url}#${route}` : shell.server.url)
  return { context, page }
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS, { recursive: true })
  // Let drawers, dialogs and tags finish their transitions, so the picture shows what the user sees.
  await page
    .evaluate(
      'Promise.race([Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))), new Promise((r) => setTimeout(r, 1500))])',
    )
    .catch(() => undefined)
  const file = path.join(ARTIFACTS, `${name}.png`)
  await page.screenshot({ path: file, fullPage: true })
  return file
}
