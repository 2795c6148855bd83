import { initialLocale } from './i18n/locale'
import { statesEn, statesZh } from './i18n/states'

let shown = false

/** Whether this page has been told its link no longer works: its calls' errors are not shown one by one. */
export function linkExpired(): boolean {
  return shown
}

/**
 * The browser shell refused this page's token (a link without one, or from an earlier start):
 * nothing it asks can be answered. One page says how to get a working address, in place of the
 * app, instead of an error for each call. Built without Vue, so it shows before the app loads.
 */
export function showLinkExpired(doc: Document = document, storage: Pick<Storage, 'getItem'> = localStorage): void {
  if (shown) return
  shown = true
  // The app, if it had loaded, may have calls the server refuses left uncaught: said here once, not each again.
  doc.defaultView?.addEventListener('unhandledrejection', (event) => {
    if ((event.reason as { data?: { code?: string } } | null)?.data?.code === 'forbidden') event.preventDefault()
  })
  const words = (initialLocale(storage) === 'en' ? statesEn : statesZh).states
  const app = doc.getElementById('app')
  if (app) app.style.display = 'none'
  // Toasts of calls refused before this.
  for (const toast of doc.querySelectorAll<HTMLElement>('.el-message')) toast.remove()

  const page = doc.createElement('main')
  page.dataset.testid = 'link-expired'
  page.setAttribute('role', 'alert')
  Object.assign(page.style, {
    minHeight: '100vh',
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    justifyContent: 'center',
    gap: '12px',
    padding: '24px',
    boxSizing: 'border-box',
    background: '#f5f7fa',
    color: '#303133',
    fontFamily: 'system-ui, -apple-system, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif',
    textAlign: 'center',
  })
  const title = doc.createElement('h1')
  title.textContent = words.linkExpiredTitle
  Object.assign(title.style, { margin: '0', fontSize: '22px', fontWeight: '600' })
  const text = doc.createElement('p')
  text.textContent = words.linkExpired
  Object.assign(text.style, { margin: '0', maxWidth: '560px', fontSize: '15px', lineHeight: '1.7', color: '#606266' })
  page.append(title, text)
  doc.body.style.margin = '0'
  doc.body.append(page)
  doc.title = `OrderDesk · ${words.linkExpiredTitle}`
}
