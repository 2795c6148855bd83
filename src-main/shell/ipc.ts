import type { IpcMainInvokeEvent } from 'electron'
import { CHANNELS, type Envelope } from '../../src-preload/contract'
import { dispatch, type Handlers } from '../api/dispatch'

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>): void
}

/**
 * Registers one IPC handler per contract channel. Every call first checks that it comes
 * from the app's own top-level frame; then dispatch() validates and runs it.
 */
export function registerIpcHandlers(
  ipcMain: IpcMainLike,
  handlers: Handlers,
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean,
): string[] {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, async (event, args): Promise<Envelope<unknown>> => {
      if (!isTrustedSender(event)) {
        return { ok: false, error: { code: 'forbidden', message: `${channel}: caller is not the OrderDesk window` } }
      }
      return dispatch(handlers, channel, args)
    })
  }
  return [...CHANNELS]
}
