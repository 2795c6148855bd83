import { EventEmitter } from 'node:events'
import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { CONTENT_SECURITY_POLICY } from '../../src-main/shell/csp'
import { installNavigationGuards, isAppUrl, mainWindowOptions } from '../../src-main/shell/window-options'

describe('main window security', () => {
  it('isolates and sandboxes the renderer', () => {
    const prefs = mainWindowOptions('/app/out/preload/index.cjs').webPreferences!
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      sandbox: true,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    })
  })

  it('has a CSP that allows scripts from the app only', () => {
    const directives = Object.fromEntries(CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]))
    expect(directives['script-src']).toEqual(["'self'"])
    expect(directives['default-src']).toEqual(["'self'"])
    expect(directives['object-src']).toEqual(["'none'"])
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval/)
    // The page carries the same policy as a meta tag, injected at build time.
    const html = fs.readFileSync(new URL('../../src-renderer/index.html', import.meta.url), 'utf8')
    expect(html).toContain('<!-- CSP -->')
    const config = fs.readFileSync(new URL('../../electron.vite.config.ts', import.meta.url), 'utf8')
    expect(config).toMatch(/http-equiv="Content-Security-Policy" content="\$\{CONTENT_SECURITY_POLICY\}"/)
  })

  it('denies navigation and new windows; only http(s) links go to the system browser', () => {
    const contents = new EventEmitter() as EventEmitter & { setWindowOpenHandler: (h: (d: { url: string }) => { action: string }) => void }
    let openHandler: ((d: { url: string }) => { action: string }) | undefined
    contents.setWindowOpenHandler = (h) => (openHandler = h)
    const opened: string[] = []
    const appUrl = 'file:///opt/OrderDesk/resources/app.asar/out/renderer/index.html'
    installNavigationGuards(contents as never, appUrl, (url) => opened.push(url))

    expect(openHandler!({ url: 'https://www.pingxx.com/docs' })).toEqual({ action: 'deny' })
    expect(openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' })
    expect(openHandler!({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' })

    const navigate = (url: string): boolean => {
      let prevented = false
      contents.emit('will-navigate', { preventDefault: () => (prevented = true) }, url)
      return prevented
    }
    expect(navigate('https://evil.example.com/')).toBe(true)
    expect(navigate('file:///etc/passwd')).toBe(true)
    expect(navigate(`${appUrl}#/orders`)).toBe(false)
    expect(opened).toEqual(['https://www.pingxx.com/docs', 'https://evil.example.com/'])

    let webviewPrevented = false
    contents.emit('will-attach-webview', { preventDefault: () => (webviewPrevented = true) })
    expect(webviewPrevented).toBe(true)
  })

  it('recognises the app page in dev and packaged form', () => {
    expect(isAppUrl('http://localhost:5173/#/orders', 'http://localhost:5173')).toBe(true)
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false)
    expect(isAppUrl('file:///x/out/renderer/index.html', 'file:///x/out/renderer/index.html')).toBe(true)
    expect(isAppUrl('file:///x/other.html', 'file:///x/out/renderer/index.html')).toBe(false)
  })
})
