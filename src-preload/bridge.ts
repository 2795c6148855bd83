import { CHANNELS, EVENT_NAMES, type Bridge, type Channel, type EventName } from './contract'

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>
  on(channel: string, listener: (event: unknown, payload: unknown) => void): unknown
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): unknown
}

/**
 * Builds what the preload exposes: calls only to the contract's channels and subscriptions
 * only to its events. The renderer never sees ipcRenderer itself.
 */
export function buildBridge(ipc: IpcRendererLike): Bridge & { channels: readonly Channel[]; events: readonly EventName[] } {
  const channels = new Set<string>(CHANNELS)
  const events = new Set<string>(EVENT_NAMES)
  return {
    channels: [...CHANNELS],
    events: [...EVENT_NAMES],
    invoke(channel, args) {
      if (!channels.has(channel)) return Promise.reject(new Error(`unknown channel: ${String(channel)}`))
      return ipc.invoke(channel, args) as ReturnType<Bridge['invoke']>
    },
    on(event, listener) {
      if (!events.has(event)) throw new Error(`unknown event: ${String(event)}`)
      const wrapped = (_event: unknown, payload: unknown): void => listener(payload as never)
      ipc.on(event, wrapped)
      return () => void ipc.removeListener(event, wrapped)
    },
  }
}
