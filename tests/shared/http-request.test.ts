import { PassThrough } from 'node:stream'
import type http from 'node:http'
import { describe, expect, it } from 'vitest'
import { collectBody } from '../../src-main/shared/http-request'

/** A request body sent in chunks of 1 KiB. */
function streamed(bytes: number): { req: http.IncomingMessage; destroyed: () => boolean } {
  const req = new PassThrough({ autoDestroy: false }) as unknown as http.IncomingMessage & PassThrough
  Object.assign(req, { headers: {} })
  let destroyed = false
  const destroy = req.destroy.bind(req)
  req.destroy = (error?: Error) => {
    destroyed = true
    return destroy(error)
  }
  const chunk = Buffer.alloc(1024, 120)
  for (let sent = 0; sent < bytes; sent += chunk.length) req.write(chunk)
  req.end()
  return { req, destroyed: () => destroyed }
}

describe('collecting a request body', () => {
  it('gives a body within the limit whole', async () => {
    const { req } = streamed(4 * 1024)
    const body = await new Promise((resolve) => collectBody(req, 8 * 1024, resolve))
    expect(body).toEqual({ text: 'x'.repeat(4 * 1024) })
  })

  it('reads a body somewhat over the limit to its end, to answer it rather than cut it', async () => {
    const { req, destroyed } = streamed(12 * 1024)
    expect(await new Promise((resolve) => collectBody(req, 8 * 1024, resolve))).toEqual({ tooLarge: true })
    expect(destroyed()).toBe(false)
  })

  it('cuts a body many times the limit instead of reading it all', async () => {
    const { req, destroyed } = streamed(64 * 1024)
    let answered = false
    collectBody(req, 8 * 1024, () => (answered = true))
    await new Promise((resolve) => req.on('close', resolve))
    expect(destroyed()).toBe(true)
    expect(answered).toBe(false)
  })
})
