import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createConnector } from '../../src-main/connectors'
import { startSandbox } from '../../src-main/sandboxes'
import { tempCore } from '../helpers/core'
import { rawRequest } from '../helpers/raw-http'

let env: ReturnType<typeof tempCore>
beforeEach(() => (env = tempCore()))
afterEach(() => env.dispose())

describe('a sandbox server as the demo runs it', () => {
  // The demo's sandboxes live in the app's own process: a request they throw on would end it.
  it.each(['GET //[ HTTP/1.1', 'GET http://[ HTTP/1.1', 'GET /\\[ HTTP/1.1'])('answers %s with 400 and keeps serving', async (line) => {
    await env.core.demo.start()
    for (const id of ['demo-pub', 'demo-appkey', 'demo-pingpp', 'demo-course']) {
      const config = env.core.sources.getConfig(id)
      const port = Number(new URL(config.baseUrl).port)
      expect((await rawRequest(port, `${line}\r\nHost: 127.0.0.1:${port}`)).status).toBe(400)
      await createConnector(config).probe()
    }
  })
})

describe('a sandbox server', () => {
  it('refuses a body over its limit with 413, and keeps serving', async () => {
    const started = await startSandbox('pub', { orders: 5 })
    try {
      const reply = await fetch(`${started.server.url}/pub/order/create`, { method: 'POST', body: 'x'.repeat(2 * 1024 * 1024) })
      expect(reply.status).toBe(413)
      await createConnector(started.sourceConfig('s', 's')).probe()
    } finally {
      await started.close()
    }
  })

  it('answers only its own loopback name: a page that rebinds another name to 127.0.0.1 gets 403', async () => {
    const started = await startSandbox('pub', { orders: 5 })
    try {
      const { port } = started.server
      expect((await rawRequest(port, `GET /pub/order/list HTTP/1.1\r\nHost: evil.example:${port}`)).status).toBe(403)
      expect((await rawRequest(port, `GET /pub/order/list HTTP/1.1\r\nHost: localhost:${port}`)).status).toBe(200)
    } finally {
      await started.close()
    }
  })
})
