import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { HttpClient } from '../../src-main/connectors/http'

/** Every reserved character of RFC 3986, the percent sign, a space, and text that is not ASCII. */
const AWKWARD = `!'()*~ :/?#[]@$&+,;=% 用户·Ω`

let server: http.Server | null = null
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined))
  server = null
})

/** A server that answers each request with the request-target and the query it read. */
async function echoServer(): Promise<string> {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://echo')
    res.writeHead(200, { 'Content-Type': 'application/json' })
    res.end(JSON.stringify({ target: req.url, query: Object.fromEntries(url.searchParams) }))
  })
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}/api`
}

describe('HttpClient', () => {
  it('hands the signer the very request-target the server receives, whatever the query holds', async () => {
    const signed: string[] = []
    const client = new HttpClient({
      baseUrl: await echoServer(),
      sign: ({ uri }) => {
        signed.push(uri)
        return {}
      },
    })
    const reply = await client.send({ method: 'GET', path: '/v1/orders', query: { uid: AWKWARD, 'created[gte]': 1700000000 } })
    const echoed = reply.json as { target: string; query: Record<string, string> }
    expect(signed).toEqual([echoed.target])
    expect(echoed.query).toEqual({ uid: AWKWARD, 'created[gte]': '1700000000' })
  })
})
