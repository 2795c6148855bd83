import type http from 'node:http'

/** A request line's target, when it is a plain path. */
export interface RequestTarget {
  pathname: string
  /** The path with its escapes decoded. */
  decoded: string
  query: URLSearchParams
}

/**
 * The request line's target, when it is a plain path (origin form): null for an absolute or
 * scheme-relative target (`http://[`, `//[`), a bad escape (`/%`), or anything else URL refuses.
 * The web shell and the sandboxes read every target through it, inside their guard.
 */
export function parseTarget(raw: string | undefined): RequestTarget | null {
  // `//x` and `/\x` name a host to the URL parser; a browser sends neither for a page's own paths.
  if (!raw || !raw.startsWith('/') || raw[1] === '/' || raw[1] === '\\') return null
  try {
    const url = new URL(raw, 'http://127.0.0.1')
    return { pathname: url.pathname, decoded: decodeURIComponent(url.pathname), query: url.searchParams }
  } catch {
    return null
  }
}

/** Whether the Host header names this loopback server: a DNS-rebinding page sends its own name. */
export function loopbackHost(req: http.IncomingMessage, port: number): boolean {
  const host = req.headers.host ?? ''
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`
}

/** How far past the limit a body is still read before the connection is cut instead of answered. */
const DRAIN_FACTOR = 4

/**
 * Collects a request body up to `limit` bytes. A larger one is read on (and thrown away) to its
 * end, so the client gets an answer rather than a reset connection, up to a few times the
 * limit, past which the connection is cut: nobody gets to stream an endless body into it.
 */
export function collectBody(req: http.IncomingMessage, limit: number, done: (body: { text: string } | { tooLarge: true }) => void): void {
  const declared = Number(req.headers['content-length'] ?? 0)
  const chunks: Buffer[] = []
  let size = 0
  req.on('data', (chunk: Buffer) => {
    size += chunk.length
    if (size <= limit && declared <= limit) chunks.push(chunk)
    else if (size > DRAIN_FACTOR * limit) req.destroy()
  })
  req.on('end', () => done(size > limit || declared > limit ? { tooLarge: true } : { text: Buffer.concat(chunks).toString('utf8') }))
}

/**
 * Bounds what a client can hold of a loopback server: headers must come within 10 s and a
 * request within 2 min, and at most 256 connections are open. A fault on the listening socket
 * (running out of file descriptors) is logged instead of ending the process.
 */
export function limitConnections(server: http.Server, label: string): void {
  server.headersTimeout = 10_000
  server.requestTimeout = 120_000
  server.maxConnections = 256
  server.on('error', (error) => console.error(`[orderdesk ${label}] server error`, error))
}
