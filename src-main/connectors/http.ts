import axios, { type AxiosInstance, type AxiosResponse } from 'axios'
import { ConnectorError } from './errors'

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  /** Path appended to the base URL (which may carry a prefix). */
  path: string
  query?: Record<string, string | number | boolean | undefined | null>
  /** JSON body; serialized once so a signature can cover the exact bytes sent. */
  body?: unknown
  headers?: Record<string, string>
  signal?: AbortSignal
}

export interface HttpReply {
  status: number
  headers: Record<string, string>
  /** Parsed JSON body; undefined when the body was empty. */
  json: unknown
  text: string
}

export interface HttpClientOptions {
  baseUrl: string
  timeoutMs?: number
  /** Adds authentication headers; gets the exact URI and body text that will be sent. */
  sign?: (request: { method: string; uri: string; bodyText: string }) => Record<string, string>
}

/** Appends query params in a stable order, encoded as the APIs expect (brackets kept readable). */
export function buildQuery(query: HttpRequest['query']): string {
  if (!query) return ''
  const parts: string[] = []
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue
    parts.push(`${encodeURIComponent(key).replace(/%5B/g, '[').replace(/%5D/g, ']')}=${encodeURIComponent(String(value))}`)
  }
  return parts.length ? `?${parts.join('&')}` : ''
}

/**
 * The one HTTP path of every connector: a timeout on every request, the body read as text
 * and parsed here (so a truncated or malformed body is a typed error, not a crash), and
 * transport failures mapped to ConnectorError kinds. HTTP status mapping is left to the
 * connector, because pub and course report errors with HTTP 200.
 */
export class HttpClient {
  private readonly axios: AxiosInstance
  private readonly base: URL

  constructor(private readonly options: HttpClientOptions) {
    this.base = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`)
    this.axios = axios.create({
      timeout: options.timeoutMs ?? 15000,
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
      maxRedirects: 0,
      // Proxies from the environment would send loopback sandboxes elsewhere.
      proxy: false,
    })
  }

  async send(request: HttpRequest): Promise<HttpReply> {
    const basePath = this.base.pathname.replace(/\/$/, '')
    // axios sends the path and query as the URL parser rewrites them (a ' in the query goes
    // out as %27): the signer gets that form, and axios the very string it would produce.
    const target = new URL(`${this.base.origin}${basePath}${request.path}${buildQuery(request.query)}`)
    const uri = `${target.pathname}${target.search}`
    const url = `${target.origin}${uri}`
    const bodyText = request.body === undefined ? '' : JSON.stringify(request.body)
    const headers: Record<string, string> = {
      Accept: 'application/json',
      ...(request.body === undefined ? {} : { 'Content-Type': 'application/json; charset=utf-8' }),
      ...request.headers,
      ...(this.options.sign?.({ method: request.method, uri, bodyText }) ?? {}),
    }
    let response: AxiosResponse<string>
    try {
      response = await this.axios.request<string>({
        method: request.method,
        url,
        data: request.body === undefined ? undefined : bodyText,
        headers,
        signal: request.signal,
      })
    } catch (error) {
      throw transportError(error, url)
    }
    const text = typeof response.data === 'string' ? response.data : ''
    const replyHeaders: Record<string, string> = {}
    for (const [k, v] of Object.entries(response.headers)) if (v !== undefined) replyHeaders[k.toLowerCase()] = String(v)
    let json: unknown
    if (text.trim() !== '') {
      try {
        json = JSON.parse(text)
      } catch {
        const contentType = replyHeaders['content-type'] ?? ''
        // A 5xx HTML page from a proxy is a server error, not a malformed reply.
        if (response.status >= 500) {
          throw new ConnectorError('server', `server error HTTP ${response.status}`, { status: response.status })
        }
        throw new ConnectorError(
          'malformed',
          `reply is not valid JSON (HTTP ${response.status}, ${contentType || 'no content type'}, ${text.length} bytes)`,
          {
            status: response.status,
          },
        )
      }
    }
    return { status: response.status, headers: replyHeaders, json, text }
  }
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date. */
export function retryAfterMs(headers: Record<string, string>): number | undefined {
  const value = headers['retry-after']
  if (!value) return undefined
  const seconds = Number(value)
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000)
  const date = Date.parse(value)
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined
}

/**
 * Maps an HTTP status that is itself an error to a ConnectorError, with the API's message.
 * Returns null for 2xx/3xx.
 */
export function errorForStatus(reply: HttpReply, remoteMessage: string | undefined, remoteCode?: string | number): ConnectorError | null {
  const { status } = reply
  if (status < 400) return null
  const details = { status, remoteMessage, remoteCode }
  const said = remoteMessage ? `: ${remoteMessage}` : ''
  if (status === 401 || status === 403) return new ConnectorError('auth', `authentication failed (HTTP ${status})${said}`, details)
  if (status === 404) return new ConnectorError('not_found', `not found (HTTP 404)${said}`, details)
  if (status === 429) {
    return new ConnectorError('rate_limited', `rate limited (HTTP 429)${said}`, { ...details, retryAfterMs: retryAfterMs(reply.headers) })
  }
  // A 503 may say when to come back, as a 429 does.
  if (status >= 500)
    return new ConnectorError('server', `server error (HTTP ${status})${said}`, { ...details, retryAfterMs: retryAfterMs(reply.headers) })
  return new ConnectorError('invalid', `request rejected (HTTP ${status})${said}`, details)
}

function transportError(error: unknown, url: string): ConnectorError {
  if (error instanceof ConnectorError) return error
  if (axios.isCancel(error)) return new ConnectorError('network', `request to ${url} was canceled`)
  const e = error as { code?: string; message?: string; cause?: { code?: string } }
  const code = e.code ?? e.cause?.code ?? ''
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(e.message ?? '')) {
    return new ConnectorError('timeout', `no reply from ${url} in time`)
  }
  if (/CERT|SSL|TLS|self[- ]signed/i.test(code) || /certificate|SSL|TLS/i.test(e.message ?? '')) {
    return new ConnectorError('network', `TLS error talking to ${url}: ${e.message ?? code}`, { remoteCode: code || 'TLS' })
  }
  return new ConnectorError('network', `cannot reach ${url}: ${code || e.message || 'network error'}`, { remoteCode: code })
}
