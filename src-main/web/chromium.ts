import { chromium, type Browser } from 'playwright-core'

/**
 * Debian's Chromium (or CHROMIUM_PATH) as the benchmark and the end-to-end tests drive the
 * browser shell, with the flags this workplace asks for: no sandbox, no GPU, and none of the
 * browser's own background traffic.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })
}
