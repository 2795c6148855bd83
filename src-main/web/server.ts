import crypto from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import type { EventMap, EventName } from '../../src-preload/contract'
import { dispatch, type Handlers } from '../api/dispatch'
import type { EventSink } from '../api/events'
import { CONTENT_SECURITY_POLICY } from '../shell/csp'

export interface WebServerOptions {
  handlers: Handlers
  /** Folder of the built renderer (out/renderer). */
  rendererDir: string
  port?: number
  /** Per-launch secret; random when absent. */
  token?: string
  /** A finished export's file by job id, for GET /download/<jobId>. */
  download?: (jobId: string) => { file: string; fileName: string }
}

export interface RunningWebServer extends EventSink {
  url: string
  origin: string
  token: string
  port: number
  close(): Promise<void>
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
}

const MAX_BODY = 1024 * 1024

/**
 * The browser shell: the same renderer and the same handlers as the desktop app, served on
 * 127.0.0.1 only. Every call and the event stream need the per-launch token; a request from
 * another origin or for another host name (DNS rebinding) is refused with 401.
 */
export async function startWebServer(options: WebServerOptions): Promise<RunningWebServer> {
  const token = options.token ?? crypto.randomBytes(24).toString('base64url')
  const tokenBuffer = Buffer.from(token)
  const streams = new Set<http.ServerResponse>()
  let origin = ''
  let port = 0

  const tokenOk = (req: http.IncomingMessage, url: URL): boolean => {
    const given = req.headers['x-orderdesk-token'] ?? url.searchParams.get('token') ?? ''
    const buffer = Buffer.from(String(given))
    return buffer.length === tokenBuffer.length && crypto.timingSafeEqual(buffer, tokenBuffer)
  }
  const hostOk = (req: http.IncomingMessage): boolean => {
    const host = req.headers.host ?? ''
    return host === `127.0.0.1:${port}` || host === `localhost:${port}`
  }
  const originOk = (req: http.IncomingMessage): boolean => {
    const given = req.headers.origin
    // Browsers send Origin on cross-origin requests and on every POST; same-origin GETs may omit it.
    if (given === undefined) return req.method === 'GET' || req.method === 'HEAD'
    return given === origin || given === `http://localhost:${port}`
  }
  const deny = (res: http.ServerResponse): void => {
    res.writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8' })
    res.end('unauthorized')
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    res.setHeader('X-Content-Type-Options', 'nosniff')
    res.setHeader('Referrer-Policy', 'no-referrer')
    if (!hostOk(req) || !originOk(req)) return deny(res)

    if (url.pathname.startsWith('/rpc/')) {
      if (req.method !== 'POST' || !tokenOk(req, url)) return deny(res)
      const channel = decodeURIComponent(url.pathname.slice('/rpc/'.length))
      const chunks: Buffer[] = []
      let size = 0
      req.on('data', (chunk: Buffer) => {
        size += chunk.length
        if (size > MAX_BODY) req.destroy()
        else chunks.push(chunk)
      })
      req.on('end', () => {
        void (async () => {
          const text = Buffer.concat(chunks).toString('utf8')
          let args: unknown
          try {
            args = text.trim() === '' ? undefined : JSON.parse(text)
          } catch {
            sendJson(res, 400, { ok: false, error: { code: 'invalid_argument', message: 'request body is not valid JSON' } })
            return
          }
          sendJson(res, 200, await dispatch(options.handlers, channel, args))
        })()
      })
      return
    }

    if (url.pathname === '/events') {
      if (!tokenOk(req, url)) return deny(res)
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' })
      res.write(': connected\n\n')
      streams.add(res)
      const keepAlive = setInterval(() => res.write(': ping\n\n'), 25_000)
      req.on('close', () => {
        clearInterval(keepAlive)
        streams.delete(res)
      })
      return
    }

    if (url.pathname.startsWith('/download/')) {
      if (req.method !== 'GET' || !tokenOk(req, url) || !options.download) return deny(res)
      let found: { file: string; fileName: string }
      try {
        found = options.download(decodeURIComponent(url.pathname.slice('/download/'.length)))
      } catch {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' })
        res.end('no such export')
        return
      }
      res.writeHead(200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${found.fileName.replace(/[^\w.-]/g, '_')}"`,
        'Cache-Control': 'no-store',
      })
      fs.createReadStream(found.file).pipe(res)
      return
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return deny(res)
    serveStatic(options.rendererDir, url.pathname, res)
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  port = (server.address() as AddressInfo).port
  origin = `http://127.0.0.1:${port}`

  return {
    url: `${origin}/?token=${encodeURIComponent(token)}`,
    origin,
    token,
    port,
    emit<E extends EventName>(name: E, payload: EventMap[E]) {
      const frame = `event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`
      for (const stream of streams) stream.write(frame)
    },
    close() {
      for (const stream of streams) stream.end()
      server.closeAllConnections()
      return new Promise((resolve) => server.close(() => resolve()))
    },
  }
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' })
  res.end(JSON.stringify(body))
}

/**
 * Static files of the built renderer: public code with no data in it, so they load without
 * the token (the page keeps the token for its tab and takes it out of the address bar, so a
 * reload must still get the page). Data only flows through /rpc and /events, which need it.
 * Unknown paths fall back to the page.
 */
function serveStatic(root: string, pathname: string, res: http.ServerResponse): void {
  const resolvedRoot = path.resolve(root)
  let file = path.resolve(resolvedRoot, `.${decodeURIComponent(pathname)}`)
  if (!file.startsWith(resolvedRoot + path.sep) && file !== resolvedRoot) {
    res.writeHead(404)
    res.end()
    return
  }
  const isAsset = fs.existsSync(file) && fs.statSync(file).isFile() && !file.endsWith('index.html')
  if (!isAsset) {
    file = path.join(resolvedRoot, 'index.html')
    if (!fs.existsSync(file)) {
      res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' })
      res.end('renderer not built')
      return
    }
  }
  res.writeHead(200, {
    'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'Cache-Control': isAsset ? 'public, max-age=31536000, immutable' : 'no-store',
  })
  fs.createReadStream(file).pipe(res)
}
