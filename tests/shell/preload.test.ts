import fs from 'node:fs'
import path from 'node:path'
import vm from 'node:vm'
import { beforeAll, describe, expect, it } from 'vitest'
import { ensureAppBuilt } from '../../src-main/web/renderer-build'
import { CHANNELS, EVENT_NAMES } from '../../src-preload/contract'

const ROOT = path.resolve(import.meta.dirname, '../..')
const PRELOAD = path.join(ROOT, 'out/preload/index.cjs')

type Listener = (event: unknown, payload: unknown) => void

interface Bridge {
  channels: string[]
  events: string[]
  invoke(channel: string, args?: unknown): Promise<unknown>
  on(event: string, listener: (payload: unknown) => void): () => void
}

/** The built preload, run as a sandboxed renderer runs it, with stand-ins for contextBridge and ipcRenderer. */
function runPreload() {
  const exposed: Record<string, unknown> = {}
  const invoked: Array<{ channel: string; args: unknown[] }> = []
  const listeners = new Map<string, Set<Listener>>()
  const ipcRenderer = {
    invoke: (channel: string, ...args: unknown[]) => {
      invoked.push({ channel, args })
      return Promise.resolve({ ok: true, data: `answer to ${channel}` })
    },
    on: (channel: string, listener: Listener) => {
      listeners.set(channel, (listeners.get(channel) ?? new Set()).add(listener))
      return ipcRenderer
    },
    removeListener: (channel: string, listener: Listener) => {
      listeners.get(channel)?.delete(listener)
      return ipcRenderer
    },
    send: () => {
      throw new Error('the bridge must not use ipcRenderer.send')
    },
  }
  const contextBridge = {
    exposeInMainWorld: (key: string, api: unknown) => {
      if (key in exposed) throw new Error(`Cannot bind an API on top of an existing property on the window object: ${key}`)
      exposed[key] = api
    },
  }
  // A sandboxed preload gets Electron's renderer modules and a few of Node's, nothing from node_modules.
  const require = (id: string): unknown => {
    if (id === 'electron') return { contextBridge, ipcRenderer }
    throw new Error(`module not found: ${id}`)
  }
  const module = { exports: {} }
  const wrapper = vm.runInNewContext(
    `(function (exports, require, module, __filename, __dirname) {${fs.readFileSync(PRELOAD, 'utf8')}\n})`,
    {},
    {
      filename: PRELOAD,
    },
  ) as (...args: unknown[]) => void
  wrapper(module.exports, require, module, PRELOAD, path.dirname(PRELOAD))
  return { exposed, invoked, listeners }
}

let preload: ReturnType<typeof runPreload>
let bridge: Bridge

beforeAll(() => {
  ensureAppBuilt(ROOT)
  preload = runPreload()
  bridge = preload.exposed.orderdesk as Bridge
})

describe('the built preload (out/preload/index.cjs)', () => {
  it('exposes one object, window.orderdesk, with the contract and nothing else', () => {
    expect(Object.keys(preload.exposed)).toEqual(['orderdesk'])
    expect(Object.keys(bridge).sort()).toEqual(['channels', 'events', 'invoke', 'on'])
    expect([...bridge.channels]).toEqual([...CHANNELS])
    expect([...bridge.events]).toEqual([...EVENT_NAMES])
  })

  it("passes a call on every contract channel to ipcRenderer.invoke with its argument, and returns main's answer", async () => {
    for (const channel of CHANNELS) {
      expect(await bridge.invoke(channel, { probe: channel })).toEqual({ ok: true, data: `answer to ${channel}` })
    }
    expect(preload.invoked).toEqual(CHANNELS.map((channel) => ({ channel, args: [{ probe: channel }] })))
  })

  it('refuses a call on any other channel without reaching ipcRenderer', async () => {
    const before = preload.invoked.length
    for (const channel of ['ipc:raw', 'sync:progress', '__proto__', 'toString', 'constructor']) {
      await expect(bridge.invoke(channel)).rejects.toThrow(`unknown channel: ${channel}`)
    }
    expect(preload.invoked).toHaveLength(before)
  })

  it("subscribes to the contract's events, hands the listener the payload only, and unsubscribes", () => {
    for (const event of EVENT_NAMES) {
      const received: unknown[] = []
      const unsubscribe = bridge.on(event, (payload) => received.push(payload))
      const [listener] = preload.listeners.get(event)!
      listener({ sender: 'the IPC event object stays in the preload' }, { event })
      expect(received).toEqual([{ event }])
      unsubscribe()
      expect(preload.listeners.get(event)!.size).toBe(0)
    }
  })

  it('refuses to subscribe to anything else', () => {
    for (const event of ['orders:list', 'ipc:raw', '__proto__']) {
      expect(() => bridge.on(event, () => undefined)).toThrow(`unknown event: ${event}`)
    }
    expect([...preload.listeners.keys()].every((name) => (EVENT_NAMES as readonly string[]).includes(name))).toBe(true)
  })
})
