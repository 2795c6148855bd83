import net from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import type { EventMap } from '../../src-preload/contract'
import { createHandlers } from '../../src-main/api/handlers'
import { startSandbox, type StartedSandbox } from '../../src-main/sandboxes'
import { hasNetworkInterface, networkState, probeSource } from '../../src-main/sync/network'
import { tempCore } from '../helpers/core'

/**
 * Offline means this machine has no network; a source whose server does not answer (stopped,
 * a port that refuses, a server that accepts and never replies) is that source unreachable,
 * said within 5 s, and never makes the app offline.
 */
const cleanup: Array<() => Promise<unknown> | unknown> = []
afterEach(async () => {
  for (const undo of cleanup.splice(0).reverse()) await undo()
})

/** A loopback port nothing listens on: opened, then closed. */
async function refusingUrl(): Promise<string> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return `http://127.0.0.1:${port}/api`
}

/** A server that accepts connections and never writes a byte. */
async function silentUrl(): Promise<string> {
  const sockets = new Set<net.Socket>()
  const server = net.createServer((socket) => void sockets.add(socket))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  cleanup.push(
    () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  )
  return `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`
}

async function sandbox(): Promise<StartedSandbox> {
  const started = await startSandbox('pub', { seed: 7, orders: 20 })
  cleanup.push(() => started.close())
  return started
}

const timed = async <T>(work: Promise<T>): Promise<{ value: T; ms: number }> => {
  const start = performance.now()
  const value = await work
  return { value, ms: performance.now() - start }
}

describe('probing a source’s server', () => {
  it('hears a working server, by a connection and by a request', async () => {
    const { server } = await sandbox()
    expect(await probeSource(server.url)).toBe('answers')
    expect(await probeSource(server.url, { answer: true })).toBe('answers')
  })

  it('says a stopped server or a refusing port refuses, at once', async () => {
    const stopped = await startSandbox('pub', { seed: 7, orders: 20 })
    await stopped.close()
    const a = await timed(probeSource(stopped.server.url))
    const b = await timed(probeSource(await refusingUrl(), { answer: true }))
    expect([a.value, b.value]).toEqual(['refused', 'refused'])
    expect(Math.max(a.ms, b.ms)).toBeLessThan(1000)
  })

  it('tells a server that accepts but never replies from one that answers, within its timeout', async () => {
    const url = await silentUrl()
    // Accepting a connection is all a connection probe can see.
    expect(await probeSource(url)).toBe('answers')
    const { value, ms } = await timed(probeSource(url, { answer: true }))
    expect(value).toBe('silent')
    expect(ms).toBeLessThan(3000)
  })
})

describe('the network state', () => {
  const down = { id: 'shop', baseUrl: 'https://shop.example.com', reach: 'refused' as const }
  const up = { id: 'course', baseUrl: 'https://course.example.com', reach: 'answers' as const }

  it('is online with one source unreachable when this machine has a network', () => {
    expect(networkState([down], true)).toEqual({ online: true, unreachable: ['shop'] })
    expect(networkState([down, { ...up, reach: 'silent' }], true)).toEqual({ online: true, unreachable: ['shop', 'course'] })
    expect(networkState([down, up], true)).toEqual({ online: true, unreachable: ['shop'] })
  })

  it('is offline when this machine has no network, or no route to any server', () => {
    expect(networkState([down], false).online).toBe(false)
    expect(networkState([], false).online).toBe(false)
    expect(
      networkState(
        [
          { ...down, reach: 'no-route' },
          { ...up, reach: 'no-route' },
        ],
        true,
      ).online,
    ).toBe(false)
  })

  it('is online whenever a server answers, a loopback one with no network at all', () => {
    expect(networkState([down, { ...up, baseUrl: 'http://127.0.0.1:4000' }], false)).toEqual({ online: true, unreachable: ['shop'] })
    expect(networkState([{ ...down, reach: 'no-route' }, up], true).online).toBe(true)
  })

  it('takes a machine with only loopback or link-local addresses for one without a network', () => {
    const lo = { address: '127.0.0.1', netmask: '255.0.0.0', family: 'IPv4', mac: '00:00:00:00:00:00', internal: true, cidr: null } as const
    const linkLocal = { ...lo, address: 'fe80::1', family: 'IPv6', internal: false, scopeid: 2 } as const
    const lan = { ...lo, address: '192.168.1.20', internal: false } as const
    expect(hasNetworkInterface({ lo: [lo], wlan0: [linkLocal] })).toBe(false)
    expect(hasNetworkInterface({ lo: [lo], wlan0: [linkLocal, lan] })).toBe(true)
  })
})

describe('the sync service’s network status', () => {
  function core(options: { hasNetwork?: () => boolean } = {}) {
    // Probed at the app's own pace.
    const env = tempCore(options)
    cleanup.push(() => env.dispose())
    const events: Array<EventMap['network:status']> = []
    env.core.events.subscribe({
      emit: (name, payload) => void (name === 'network:status' && events.push(payload as EventMap['network:status'])),
    })
    return { env, events }
  }

  it('says a stopped source unreachable within 5 s, stays online, and hears it back on the same address', async () => {
    const { env, events } = core()
    const shop = await startSandbox('pub', { seed: 7, orders: 20 })
    const course = await sandbox()
    env.core.sources.upsert(shop.sourceConfig('shop', '代理商城'), { storeSecrets: true })
    env.core.sources.upsert(course.sourceConfig('course', '直播课'), { storeSecrets: true })
    env.core.sync.startProbing()
    expect(await env.core.sync.checkNetwork()).toBe(true)
    expect(env.core.sync.status()).toMatchObject({ online: true, unreachable: [] })

    const port = shop.server.port
    await shop.close()
    const stoppedAt = performance.now()
    await expect.poll(() => env.core.sync.status().unreachable, { timeout: 5000, interval: 50 }).toEqual(['shop'])
    expect(performance.now() - stoppedAt).toBeLessThan(5000)
    expect(env.core.sync.status().online).toBe(true)
    expect(events.at(-1)).toEqual({ online: true, unreachable: ['shop'] })

    const back = await startSandbox('pub', { seed: 7, orders: 20 }, { port })
    cleanup.push(() => back.close())
    await expect.poll(() => env.core.sync.status().unreachable, { timeout: 5000 }).toEqual([])
  })

  it('is offline only when this machine has no network and no server answers', async () => {
    let network = true
    const { env } = core({ hasNetwork: () => network })
    env.core.sources.upsert({ ...(await sandbox()).sourceConfig('shop', '代理商城'), baseUrl: await refusingUrl() }, { storeSecrets: true })
    expect(await env.core.sync.checkNetwork()).toBe(true)
    network = false
    expect(await env.core.sync.checkNetwork()).toBe(false)
    expect(env.core.sync.status()).toMatchObject({ online: false, unreachable: ['shop'] })
  })

  it('takes a server that accepts and never replies, found by a connection test, for unreachable until it answers', async () => {
    const { env } = core()
    const shop = await sandbox()
    env.core.sources.upsert(shop.sourceConfig('shop', '代理商城'), { storeSecrets: true })
    expect(await env.core.sync.checkNetwork()).toBe(true)
    shop.server.arm({ fault: { type: 'timeout' }, times: Infinity })

    const { value: verdict, ms } = await timed(Promise.resolve(createHandlers(env.core)['sources:test']({ id: 'shop' })))
    expect(verdict).toMatchObject({ ok: false, kind: 'timeout' })
    expect(ms).toBeLessThan(5000)
    expect(env.core.sync.status()).toMatchObject({ online: true, unreachable: ['shop'] })
    // It still accepts connections: the probe asks it something, and hears nothing.
    await env.core.sync.checkNetwork()
    expect(env.core.sync.status().unreachable).toEqual(['shop'])

    shop.server.clearFaults()
    await env.core.sync.checkNetwork()
    expect(env.core.sync.status().unreachable).toEqual([])
  })

  it('reads nothing more once stopped, though a probe and a tick were waiting', async () => {
    const env = tempCore()
    env.core.sources.upsert({ ...(await sandbox()).sourceConfig('shop', '代理商城'), baseUrl: await silentUrl() }, { storeSecrets: true })
    // Silent: its next probes ask it something and wait out their timeout.
    env.core.sync.noteReach('shop', false)
    const unhandled: unknown[] = []
    const hear = (reason: unknown): void => void unhandled.push(reason)
    process.on('unhandledRejection', hear)
    cleanup.push(() => process.off('unhandledRejection', hear))
    env.core.sync.startScheduler()
    // Its first probe and tick start at the next turn of the timers, before this one.
    await new Promise((resolve) => setTimeout(resolve, 0))
    await env.dispose()
    // Queued behind the probe and the tick that were under way when the database closed.
    await env.core.sync.checkNetwork()
    await new Promise((resolve) => setImmediate(resolve))
    expect(unhandled).toEqual([])
  })
})
