import os from 'node:os'
import { describe, expect, it } from 'vitest'
import { localAddressToward } from '../../src-main/shared/local-address'

/** This machine's own IPv4 addresses other than loopback. */
const own = Object.values(os.networkInterfaces())
  .flat()
  .filter((a) => a && a.family === 'IPv4' && !a.internal)
  .map((a) => a!.address)

describe('localAddressToward', () => {
  it('is loopback toward a server on loopback', async () => {
    expect(await localAddressToward('http://127.0.0.1:8080/v1')).toBe('127.0.0.1')
    expect(await localAddressToward('http://localhost:8080')).toMatch(/^(127\.0\.0\.1|::1)$/)
  })

  it.skipIf(own.length === 0)('is the address of the interface the system sends from, not loopback, toward another host', async () => {
    for (const address of own) expect(await localAddressToward(`https://${address}/v1/orders`)).toBe(address)
  })
})
