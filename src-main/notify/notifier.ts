import type { EventSink } from '../api/events'
import type { Db } from '../db/database'
import type { SettingsStore } from '../settings/store'
import type { SyncRunResult } from '../sync/engine'
import { statesBefore, syncNotices } from './notices'
import { inQuietHours } from './quiet-hours'
import { NotificationStore } from './store'

/**
 * Tells the user what a sync brought: each notice is kept for the bell and pushed as
 * `notification:new`, marked to pop up when its kind is on and it is not quiet hours.
 */
export class Notifier {
  readonly store: NotificationStore

  constructor(
    private readonly db: Db,
    private readonly settings: SettingsStore,
    private readonly events: EventSink,
    private readonly now: () => number = Date.now,
  ) {
    this.store = new NotificationStore(db)
  }

  /** Called as a run starts (before any failure of it is recorded); the function it returns, once the run is over. */
  watch(sourceIds: readonly string[]): (result: SyncRunResult | null) => void {
    const before = statesBefore(this.db, sourceIds)
    return (result) => {
      const at = this.now()
      const added = this.store.add(syncNotices(this.db, before, result), at)
      if (added.length === 0) return
      const { notify, timezone } = this.settings.get()
      const quiet = inQuietHours(at, notify.quiet, timezone)
      for (const notification of added) this.events.emit('notification:new', { notification, popup: !quiet && notify[notification.kind] })
    }
  }
}
