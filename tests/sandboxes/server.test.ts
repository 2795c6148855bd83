import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createConnector } from '../../src-main/connectors'
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
