import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { collectBody, limitConnections, loopbackHost, parseTarget } from '../shared/http-request'

/**
 * The shared HTTP shell of the four sandboxes (stand-ins for the remote APIs): routing is
 * each kind's, while loopback binding, latency and fault injection live here once.
 */
export interface SandboxRequest {
  method: string
  /** Path without the sandbox's prefix, e.g. `/pub/order/list`. */
  path: string
  query: URLSearchParams
  headers: http.IncomingHttpHeaders
  /** Raw body text, exactly as received (signatures cover it). */
  bodyText: string
  /** Path and query exactly as received, e.g. `/v1/orders?app=x`. */
  uri: string
}

export interface SandboxResponse {
  status: number
  headers?: Record<string, string>
  /** Serialized as JSON unless it is a string. */
  body: unknown
}

export type FaultSpec =
  | { type: 'latency'; ms: number }
  | { type: 'status'; status: number; retryAfterSeconds?: number; body?: unknown }
  /** Never answers; the client's timeout must fire. */
  | { type: 'timeout' }
  /** Answers 200 with a body that is not JSON. */
  | { type: 'malformed' }
  /** Answers with the real body cut in half. */
  | { type: 'truncated' }
  /** Destroys the socket without a reply. */
  | { type: 'drop' }
  /** The kind's list handler puts one broken record into the page it serves. */
  | { type: 'bad_record' }

export interface ArmedFault {
  fault: FaultSpec
  /** Only requests whose path starts with this; default all. */
  pathPrefix?: string
  /** How many requests it hits; default 1. Infinity for a lasting fault. */
  times?: number
  /** Skip this many matching requests before it starts. */
  after?: number
  /** Hit only every `every`-th matching request from then on (a vendor answering one request in 20 with 429: 20). */
  every?: number
}

export interface SandboxHandlerContext {
  /** True when a bad_record fault is armed for this request: add one broken record. */
  injectBadRecord: boolean
}

export interface SandboxHandler {
  handle(request: SandboxRequest, context: SandboxHandlerContext): SandboxResponse | Promise<SandboxResponse>
  /** The API's own error body for an error the shell makes up (an injected status, a failure); default `{error: message}`. */
  errorBody?(status: number, message: string): unknown
}

export interface RunningSandbox {
  /** Base URL to configure as the source's baseUrl. */
  url: string
  port: number
  /** Arms a fault for the next matching requests. */
  arm(fault: ArmedFault): void
  /** Disarms every fault. */
  clearFaults(): void
  /** Number of requests served so far, by path. */
  readonly requestCounts: Map<string, number>
  /** Every request received, when `recordRequests` was set (the benchmark replays them). */
  readonly requestLog: Array<{ method: string; uri: string; headers: Record<string, string>; body: string }>
  close(): Promise<void>
}

export interface SandboxServerOptions {
  /** Path prefix the API lives under (course: none, appkey: `/api`). */
  prefix?: string
  port?: number
  /** Baseline latency for every request. */
  latencyMs?: number
  recordRequests?: boolean
}

interface ActiveFault extends Required<Omit<ArmedFault, 'pathPrefix'>> {
  pathPrefix?: string
  /** Matching requests seen since it started. */
  seen: number
}

/** A sandbox's requests are small: a page's filters, an order to create. */
const MAX_BODY = 1024 * 1024

/** Paths counted one by one; the tests and the benchmark ask about a handful. */
const MAX_COUNTED_PATHS = 1000

export async function startSandboxServer(handler: SandboxHandler, options: SandboxServerOptions = {}): Promise<RunningSandbox> {
  const prefix = (options.prefix ?? '').replace(/\/$/, '')
  const faults: ActiveFault[] = []
  const requestCounts = new Map<string, number>()
  const requestLog: RunningSandbox['requestLog'] = []
  const sockets = new Set<import('node:net').Socket>()
  const errorBody = (status: number, message: string): unknown => handler.errorBody?.(status, message) ?? { error: message }
  let port = 0

  const takeFaults = (path: string): FaultSpec[] => {
    const hit: FaultSpec[] = []
    for (const f of faults) {
      if (f.pathPrefix && !path.startsWith(f.pathPrefix)) continue
      if (f.after > 0) {
        f.after -= 1
        continue
      }
      if (f.times <= 0) continue
      if (++f.seen % f.every !== 0) continue
      f.times -= 1
      hit.push(f.fault)
    }
    for (let i = faults.length - 1; i >= 0; i--) if (faults[i].times <= 0) faults.splice(i, 1)
    return hit
  }

  const refuse = (res: http.ServerResponse, status: number, message: string): void => {
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' })
    res.end(JSON.stringify(errorBody(status, message)))
  }

  const answer = async (req: http.IncomingMessage, res: http.ServerResponse, bodyText: string): Promise<void> => {
    const url = parseTarget(req.url)
    if (!url) return refuse(res, 400, 'bad request target')
    // The demo serves these inside the app: a page that rebinds its own name to 127.0.0.1 is not a client.
    if (!loopbackHost(req, port)) return refuse(res, 403, 'unknown host')
    let path = url.pathname
    if (prefix && path.startsWith(prefix)) path = path.slice(prefix.length) || '/'
    // Counted per path the tests and the benchmark ask about; made-up paths share one count.
    const counted = requestCounts.has(path) || requestCounts.size < MAX_COUNTED_PATHS ? path : '(other)'
    requestCounts.set(counted, (requestCounts.get(counted) ?? 0) + 1)
    if (options.recordRequests) {
      const headers: Record<string, string> = {}
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host' && k !== 'content-length') headers[k] = v
      requestLog.push({ method: req.method ?? 'GET', uri: req.url ?? '/', headers, body: bodyText })
    }
    const hit = takeFaults(path)
    const delay = (options.latencyMs ?? 0) + hit.reduce((ms, f) => (f.type === 'latency' ? ms + f.ms : ms), 0)
    if (delay > 0) await new Promise((r) => setTimeout(r, delay))
    if (hit.some((f) => f.type === 'timeout')) return // never answer
    if (hit.some((f) => f.type === 'drop')) {
      req.socket.destroy()
      return
    }
    const status = hit.find((f) => f.type === 'status')
    if (status && status.type === 'status') {
      const headers: Record<string, string> = { 'Content-Type': 'application/json; charset=utf-8' }
      if (status.retryAfterSeconds !== undefined) headers['Retry-After'] = String(status.retryAfterSeconds)
      res.writeHead(status.status, headers)
      res.end(JSON.stringify(status.body ?? errorBody(status.status, `injected HTTP ${status.status}`)))
      return
    }
    if (hit.some((f) => f.type === 'malformed')) {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
      res.end('<html><body>502 Bad Gateway</body></html>')
      return
    }
    let reply: SandboxResponse
    try {
      reply = await handler.handle(
        {
          method: req.method ?? 'GET',
          path,
          query: url.query,
          headers: req.headers,
          bodyText,
          uri: req.url ?? '/',
        },
        { injectBadRecord: hit.some((f) => f.type === 'bad_record') },
      )
    } catch (error) {
      reply = { status: 500, body: errorBody(500, `sandbox failure: ${(error as Error).message}`) }
    }
    let text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body)
    if (hit.some((f) => f.type === 'truncated')) text = text.slice(0, Math.floor(text.length / 2))
    res.writeHead(reply.status, { 'Content-Type': 'application/json; charset=utf-8', ...reply.headers })
    res.end(text)
  }

  // A request that throws (a target URL refuses, a handler's bug) is answered here: the demo
  // runs these servers inside the app, where an unhandled rejection would end the process.
  const server = http.createServer((req, res) => {
    collectBody(req, MAX_BODY, (body) => {
      if (!('text' in body)) return refuse(res, 413, 'request body too large')
      answer(req, res, body.text).catch((error: unknown) => {
        console.error('[orderdesk sandbox] request failed', error)
        if (res.headersSent) res.destroy()
        else refuse(res, 500, `sandbox failure: ${(error as Error).message}`)
      })
    })
  })
  limitConnections(server, 'sandbox')
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    port,
    requestCounts,
    requestLog,
    arm(fault) {
      faults.push({
        fault: fault.fault,
        pathPrefix: fault.pathPrefix,
        times: fault.times ?? 1,
        after: fault.after ?? 0,
        every: Math.max(1, fault.every ?? 1),
        seen: 0,
      })
    },
    clearFaults() {
      faults.length = 0
    },
    close() {
      for (const s of sockets) s.destroy()
      return new Promise((resolve) => server.close(() => resolve()))
    },
  }
}

/** Reads `Authorization: Bearer <token>`; null when absent or of another scheme. */
export function bearerToken(headers: http.IncomingHttpHeaders): string | null {
  const value = headers.authorization
  if (!value) return null
  const m = /^Bearer\s+(.+)$/i.exec(value)
  return m ? m[1].trim() : null
}
