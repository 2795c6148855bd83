import crypto from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import type { EventMap, EventName } from '../../src-preload/contract'
import { dispatch, type Handlers } from '../api/dispatch'
import type { EventSink } from '../api/events'
import { collectBody, limitConnections, loopbackHost, parseTarget, type RequestTarget } from '../shared/http-request'
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

/**
 * The largest call's body: a sources import of 1,000,000 characters is up to 4 MB of UTF-8,
 * and up to 6 MB where JSON escapes every character (`\u0001`).
 */
export const MAX_BODY = 8 * 1024 * 1024

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

  const tokenOk = (req: http.IncomingMessage, query: URLSearchParams): boolean => {
    const given = req.headers['x-orderdesk-token'] ?? query.get('token') ?? ''
    const buffer = Buffer.from(String(given))
    return buffer.length === tokenBuffer.length && crypto.timingSafeEqual(buffer, tokenBuffer)
  }
  const originOk = (req: http.IncomingMessage): boolean => {
    const given = req.headers.origin
    // Browsers send Origin on cross-origin requests and on every POST; same-origin GETs may omit it.
    if (given === undefined) return req.method === 'GET' || req.method === 'HEAD'
    return given === origin || given === `http://localhost:${port}`
  }
  const deny = (res: http.ServerResponse): void => sendText(res, 401, 'unauthorized')

  const route = (req: http.IncomingMessage, res: http.ServerResponse, target: RequestTarget): void => {
    const { pathname, decoded, query } = target
    if (!loopbackHost(req, port) || !originOk(req)) return deny(res)

    if (pathname.startsWith('/rpc/')) {
      if (req.method !== 'POST' || !tokenOk(req, query)) return deny(res)
      const channel = decoded.slice('/rpc/'.length)
      readBody(req, res, (text) => {
        let args: unknown
        try {
          args = text.trim() === '' ? undefined : JSON.parse(text)
        } catch {
          sendJson(res, 400, { ok: false, error: { code: 'invalid_argument', message: 'request body is not valid JSON' } })
          return
        }
        dispatch(options.handlers, channel, args)
          .then((envelope) => sendJson(res, 200, envelope))
          .catch((error: unknown) => failed(res, error))
      })
      return
    }

    if (pathname === '/events') {
      if (!tokenOk(req, query)) return deny(res)
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

    if (pathname.startsWith('/download/')) {
      if (req.method !== 'GET' || !tokenOk(req, query) || !options.download) return deny(res)
      let found: { file: string; fileName: string }
      try {
        found = options.download(decoded.slice('/download/'.length))
      } catch {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' })
        res.end('no such export')
        return
      }
      const workbook = found.fileName.endsWith('.xlsx')
      res.writeHead(200, {
        'Content-Type': workbook ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8',
        // The name as offered (订单导出-….xlsx) in RFC 5987 form, an ASCII one for older clients.
        'Content-Disposition': `attachment; filename="${found.fileName.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(found.fileName)}`,
        'Cache-Control': 'no-store',
      })
      pipeFile(found.file, res)
      return
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return deny(res)
    serveStatic(options.rendererDir, decoded, res)
  }

  // Everything a request carries is read inside this one guard: a target that does not parse
  // is the caller's fault (400), anything else thrown is logged (500), and the server stays up.
  const server = http.createServer((req, res) => {
    res.setHeader('X-Content-Type-Options', 'nosniff')
    res.setHeader('Referrer-Policy', 'no-referrer')
    try {
      const target = parseTarget(req.url)
      if (!target) {
        sendText(res, 400, 'bad request')
        return
      }
      route(req, res, target)
    } catch (error) {
      failed(res, error)
    }
  })

  limitConnections(server, 'web')
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
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

/** A call's body up to MAX_BODY; a larger one is answered 413 (see collectBody). */
function readBody(req: http.IncomingMessage, res: http.ServerResponse, done: (text: string) => void): void {
  collectBody(req, MAX_BODY, (body) => {
    try {
      if ('text' in body) done(body.text)
      else
        sendJson(res, 413, {
          ok: false,
          error: { code: 'invalid_argument', message: `the request is larger than ${MAX_BODY / 1024 / 1024} MB` },
        })
    } catch (error) {
      failed(res, error)
    }
  })
}

/** The last answer to a request whose handling threw: logged, and a 500 if nothing was sent yet. */
function failed(res: http.ServerResponse, error: unknown): void {
  console.error('[orderdesk web] request failed', error)
  if (!res.headersSent) sendText(res, 500, 'internal error')
  else res.destroy()
}

function sendText(res: http.ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' })
  res.end(text)
}

/** A file streamed to the response; a read error (the file gone meanwhile) ends the response, not the process. */
function pipeFile(file: string, res: http.ServerResponse): void {
  fs.createReadStream(file)
    .on('error', (error) => failed(res, error))
    .pipe(res)
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
function serveStatic(root: string, decodedPath: string, res: http.ServerResponse): void {
  const resolvedRoot = path.resolve(root)
  let file = path.resolve(resolvedRoot, `.${decodedPath}`)
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
  pipeFile(file, res)
}
