import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Core } from '../api/core'
import { createHandlers } from '../api/handlers'
import { KeyFileSecretBox } from '../sources/secret-box'
import { launchChromium } from '../web/chromium'
import { webExportTarget } from '../web/downloads'
import { ensureRendererBuilt } from '../web/renderer-build'
import { startWebServer } from '../web/server'
import { percentile } from './queries'

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

/** How many times the browser is started afresh for the renderer's figures (each figure is their median). */
export const RENDERER_LAUNCHES = 5

export interface RendererFigures {
  first_rows_ms: number
  filter_change_ms: number
  scroll_frame_p95_ms: number
  /** First rows of each launch, in order: one build's launches spread widely on a shared machine. */
  first_rows_each_ms: number[]
}

/**
 * The renderer at scale, in Debian's Chromium through the browser shell: navigation to the
 * first rows shown, a filter change to updated rows, and frame times while scrolling a
 * 500-row page.
 */
export async function benchRenderer(dbFile: string): Promise<RendererFigures> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orderdesk-bench-web-'))
  const core = new Core({
    dbPath: dbFile,
    secrets: new KeyFileSecretBox(path.join(dir, 'key')),
    shell: 'web',
    version: 'bench',
    chooseExportTarget: webExportTarget(path.join(dir, 'exports')),
  })
  const server = await startWebServer({ handlers: createHandlers(core), rendererDir: ensureRendererBuilt(projectRoot) })
  try {
    // Each launch is a new browser with an empty profile (no cached code or answers), as a
    // first start of the app is. The figures are the medians of the launches, since launches of
    // the same build spread widely on a shared machine (the OS's page cache is not why). Each
    // opens the order list's link, as the menu or a 工作台 figure does: the list is what is timed.
    const launches: LaunchFigures[] = []
    for (let i = 0; i < RENDERER_LAUNCHES; i++) launches.push(await oneLaunch(`${server.url}#/orders`))
    const median = (xs: number[]): number => round(percentile(xs, 50))
    return {
      first_rows_ms: median(launches.map((l) => l.firstRows)),
      filter_change_ms: median(launches.map((l) => l.filterChange)),
      scroll_frame_p95_ms: median(launches.map((l) => l.scrollP95)),
      first_rows_each_ms: launches.map((l) => round(l.firstRows)),
    }
  } finally {
    await server.close()
    await core.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

const round = (n: number): number => Math.round(n * 10) / 10

interface LaunchFigures {
  firstRows: number
  filterChange: number
  scrollP95: number
}

/** One start of the browser on the shell: first rows, a filter change, a scroll of 500 rows. */
async function oneLaunch(url: string): Promise<LaunchFigures> {
  const browser = await launchChromium()
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    // Both times are read on the page's own clock, so neither includes the driver's round trips
    // and actionability checks (far from free for each click). "Shown" is the frame after the DOM
    // has the rows: a timer set in the next animation frame fires once that frame is painted.
    // Read with evaluate (not waitForFunction, whose polling evals text that the CSP forbids).
    await page.addInitScript(`window.__firstRowsShown = new Promise((resolve, reject) => {
      setTimeout(() => reject(new Error('no rows within 60 s')), 60000)
      new MutationObserver((_, observer) => {
        if (!document.querySelector('.el-table-v2__row')) return
        observer.disconnect()
        requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0))
      }).observe(document, { subtree: true, childList: true })
    })`)
    await page.goto(url)
    // From navigation start (the page clock's zero) to the first rows shown.
    const firstRows = (await page.evaluate('window.__firstRowsShown')) as number

    // From the click on a status filter to the frame showing the filtered total and rows.
    await page.evaluate(`(() => {
      const total = () => document.querySelector('[data-testid="orders-total"]')?.textContent
      const before = total()
      window.__filterChange = new Promise((resolve, reject) => {
        setTimeout(() => reject(new Error('the filter did not change the rows within 30 s')), 30000)
        let clickedAt = 0
        document.addEventListener('click', () => (clickedAt = performance.now()), { capture: true, once: true })
        new MutationObserver((_, observer) => {
          if (!clickedAt || total() === before) return
          observer.disconnect()
          requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - clickedAt), 0))
        }).observe(document.body, { subtree: true, childList: true, characterData: true })
      })
    })()`)
    await page.getByTestId('status-refunded').click()
    const filterChange = (await page.evaluate('window.__filterChange')) as number
    await page.getByTestId('filter-clear').click()

    await page.getByTestId('orders-pager').locator('.el-select').click()
    await page.getByRole('option', { name: /500/ }).click()
    await page.locator('.el-table-v2__row').first().waitFor()
    await page.waitForTimeout(500)
    const frames = (await page.evaluate(`new Promise((resolve) => {
      const body = document.querySelector('.el-table-v2__body')
      const deltas = []
      let last = performance.now()
      let step = 0
      const tick = (now) => {
        deltas.push(now - last)
        last = now
        body.scrollTop += 120
        if (++step < 150) requestAnimationFrame(tick)
        else resolve(deltas.slice(2))
      }
      requestAnimationFrame(tick)
    })`)) as number[]
    return { firstRows, filterChange, scrollP95: percentile(frames, 95) }
  } finally {
    await browser.close()
  }
}
