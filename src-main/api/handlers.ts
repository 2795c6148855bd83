import type { EventMap, EventName } from '../../src-preload/contract'
import { listOrders } from '../orders/queries'
import { listSyncRuns } from '../sync/log'
import type { Core } from './core'
import type { Handlers } from './dispatch'

/** Where handlers push events: IPC to windows, or the web shell's event stream. */
export interface EventSink {
  emit<E extends EventName>(name: E, payload: EventMap[E]): void
}

/** The contract's handlers over one Core. Arguments arrive validated by dispatch(). */
export function createHandlers(core: Core, events: EventSink): Handlers {
  return {
    'app:info': () => ({
      version: core.options.version,
      shell: core.options.shell,
      dbPath: core.options.dbPath,
      schemaVersion: core.schemaVersion,
      platform: process.platform,
    }),
    'settings:get': () => core.settings.get(),
    'settings:set': (patch) => {
      const settings = core.settings.set(patch)
      events.emit('settings:changed', settings)
      return settings
    },
    'sources:list': () => core.sources.listViews(),
    'orders:list': (args) => listOrders(core.db, args),
    'sync:runs': ({ limit }) => listSyncRuns(core.db, limit),
  }
}
