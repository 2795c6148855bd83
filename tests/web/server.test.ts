import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createHandlers } from '../../src-main/api/handlers'
import { MIGRATIONS } from '../../src-main/db/migrations'
import { startWebServer, type RunningWebServer } from '../../src-main/web/server'
import { tempCore } from '../helpers/core'

let env: ReturnType<typeof tempCore>
let server: RunningWebServer
let rendererDir: string

beforeEach(async () => {
  env = tempCore()
  // A stand-in renderer folder: these tests are about the door, not the page.
  rendererDir = path.join(env.dir, 'renderer')
  fs.mkdirSync(path.join(rendererDir, 'assets'), { recursive: true })
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>OrderDesk</title>')
  fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)')
  server = await startWebServer({ handlers: createHandlers(env.core), rendererDir })
  env.core.events.subscribe(server)
})
afterEach(async () => {
  await server.close()
  await env.dispose()
})

const rpc = (channel: string, init: { token?: string; origin?: string | null; body?: string } = {}): Promise<Response> => {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' }
  if (init.token !== undefined) headers['X-OrderDesk-Token'] = init.token
  if (init.origin !== null) headers.Origin = init.origin ?? server.origin
  return fetch(`${server.origin}/rpc/${channel}`, { method: 'POST', headers, body: init.body ?? '{}' })
}

describe('web shell door', () => {
  it('binds 127.0.0.1 and prints a URL with the token', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/)
  })

  it('answers a call with the token', async () => {
    const response = await rpc('app:info', { token: server.token })
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ ok: true, data: { shell: 'web', schemaVersion: MIGRATIONS.length } })
  })

  it('refuses calls without the token, with a wrong one, or with the token in another case', async () => {
    for (const token of [undefined, '', 'wrong', server.token.toUpperCase(), `${server.token}x`]) {
      const response = await rpc('app:info', { token })
      expect(response.status).toBe(401)
      expect(await response.text()).toBe('unauthorized')
    }
  })

  it('refuses calls from another origin even with the token', async () => {
    expect((await rpc('app:info', { token: server.token, origin: 'http://evil.example' })).status).toBe(401)
    expect((await rpc('app:info', { token: server.token, origin: 'null' })).status).toBe(401)
    expect((await rpc('app:info', { token: server.token, origin: null })).status).toBe(401)
  })

  it('refuses another Host name (DNS rebinding)', async () => {
    // fetch() will not send a foreign Host header, so this one goes through node:http.
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: server.port,
          method: 'POST',
          path: '/rpc/app:info',
          headers: { Host: `evil.example:${server.port}`, Origin: `http://evil.example:${server.port}`, 'X-OrderDesk-Token': server.token },
        },
        (res) => resolve(res.statusCode ?? 0),
      )
      req.on('error', reject)
      req.end('{}')
    })
    expect(status).toBe(401)
  })

  it('needs POST for calls and the token for the event stream', async () => {
    expect((await fetch(`${server.origin}/rpc/app:info?token=${server.token}`)).status).toBe(401)
    expect((await fetch(`${server.origin}/events`)).status).toBe(401)
    const controller = new AbortController()
    const stream = await fetch(`${server.origin}/events?token=${server.token}`, { signal: controller.signal })
    expect(stream.status).toBe(200)
    expect(stream.headers.get('content-type')).toBe('text/event-stream')
    const reader = stream.body!.getReader()
    await reader.read() // ": connected"
    await rpc('settings:set', { token: server.token, body: JSON.stringify({ locale: 'en' }) })
    const { value } = await reader.read()
    expect(new TextDecoder().decode(value)).toBe('event: settings:changed\ndata: {"locale":"en","timezone":"Asia/Shanghai"}\n\n')
    controller.abort()
  })

  it('serves the page and its assets with a CSP, and never files outside the renderer', async () => {
    const page = await fetch(server.url)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/)
    expect((await fetch(`${server.origin}/assets/app.js`)).status).toBe(200)
    const escape = await fetch(`${server.origin}/..%2f..%2fetc%2fpasswd`)
    expect(escape.status).not.toBe(200)
  })

  it('reports a malformed body and a bad argument as plain errors', async () => {
    const bad = await rpc('orders:list', { token: server.token, body: '{not json' })
    expect(bad.status).toBe(400)
    expect(await bad.json()).toEqual({ ok: false, error: { code: 'invalid_argument', message: 'request body is not valid JSON' } })
    const invalid = await rpc('orders:list', { token: server.token, body: JSON.stringify({ page: -1 }) })
    expect(await invalid.json()).toMatchObject({ ok: false, error: { code: 'invalid_argument', field: 'page' } })
  })
})
