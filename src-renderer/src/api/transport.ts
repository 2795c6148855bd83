import type { Bridge, Channel, Envelope, EventMap, EventName } from '../../../src-preload/contract'
import { showLinkExpired } from '../link-expired'

const TOKEN_KEY = 'orderdesk.token'

/**
 * The browser shell's stand-in for the preload bridge: the same contract over
 * `POST /rpc/<channel>` and one server-sent-events stream, both carrying the launch token.
 * `onRejected` hears that the server refused the token: no call of this page can succeed.
 */
export function createHttpBridge(token: string, base = '', onRejected: () => void = () => undefined): Bridge {
  let source: EventSource | null = null
  const listeners = new Map<string, Set<(payload: unknown) => void>>()
  const ensureStream = (): EventSource => {
    if (!source) source = new EventSource(`${base}/events?token=${encodeURIComponent(token)}`)
    return source
  }
  return {
    async invoke(channel, args) {
      let response: Response
      try {
        response = await fetch(`${base}/rpc/${encodeURIComponent(channel)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-OrderDesk-Token': token },
          body: args === undefined ? '' : JSON.stringify(args),
        })
      } catch (error) {
        return { ok: false, error: { code: 'offline', message: `OrderDesk web server unreachable: ${(error as Error).message}` } }
      }
      if (response.status === 401) {
        // Read to its end, so the request is over rather than left open.
        await response.text().catch(() => undefined)
        onRejected()
        return {
          ok: false,
          error: { code: 'forbidden', message: 'session token rejected: open OrderDesk again from the address you were given' },
        }
      }
      return (await response.json()) as Envelope<never>
    },
    on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void) {
      const stream = ensureStream()
      let set = listeners.get(event)
      if (!set) {
        set = new Set()
        listeners.set(event, set)
        stream.addEventListener(event, (message) => {
          const payload = JSON.parse((message as MessageEvent<string>).data) as unknown
          for (const l of listeners.get(event) ?? []) l(payload)
        })
      }
      const wrapped = listener as (payload: unknown) => void
      set.add(wrapped)
      return () => void set.delete(wrapped)
    },
  }
}

/**
 * Picks the transport once, at start: the preload's bridge in Electron, HTTP in a browser.
 * The token arrives in the URL once; it is kept for this tab and taken out of the address bar.
 */
export function pickBridge(win: Window = window, onRejected?: () => void): Bridge {
  if (win.orderdesk) return win.orderdesk
  const url = new URL(win.location.href)
  const fromUrl = url.searchParams.get('token')
  if (fromUrl) {
    win.sessionStorage.setItem(TOKEN_KEY, fromUrl)
    url.searchParams.delete('token')
    win.history.replaceState(win.history.state, '', url.pathname + url.search + url.hash)
  }
  const token = fromUrl ?? win.sessionStorage.getItem(TOKEN_KEY) ?? ''
  return createHttpBridge(token, '', onRejected)
}

let picked: Bridge | null = null

/** This page's transport, picked once: the page's first script and the app share it. */
export function appBridge(): Bridge {
  return (picked ??= pickBridge(window, () => showLinkExpired()))
}

export type { Channel }
