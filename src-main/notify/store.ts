import type { NotificationKind, NotificationList, NotificationView, SyncErrorInfo } from '../../src-preload/contract'
import type { Db } from '../db/database'

/** The bell keeps this many, the newest. */
export const KEPT_NOTIFICATIONS = 100

/** A notification before it is stored. */
export interface NotificationDraft {
  kind: NotificationKind
  sourceId: string
  sourceName: string
  count: number | null
  reason: SyncErrorInfo | null
}

interface Row {
  id: number
  at: number
  kind: NotificationKind
  source_id: string
  source_name: string
  count: number | null
  reason: string | null
  read: number
}

const view = (row: Row): NotificationView => ({
  id: row.id,
  at: row.at,
  kind: row.kind,
  sourceId: row.source_id,
  sourceName: row.source_name,
  count: row.count,
  reason: row.reason === null ? null : (JSON.parse(row.reason) as SyncErrorInfo),
  read: row.read === 1,
})

/** The bell's list in the database: the newest hundred notifications, read or not. */
export class NotificationStore {
  constructor(private readonly db: Db) {}

  /** Stores the drafts (in their order) and lets the oldest beyond the hundred go. */
  add(drafts: readonly NotificationDraft[], at: number): NotificationView[] {
    if (drafts.length === 0) return []
    const insert = this.db.prepare(
      'INSERT INTO notifications (at, kind, source_id, source_name, count, reason) VALUES (?, ?, ?, ?, ?, ?) RETURNING *',
    )
    const prune = this.db.prepare('DELETE FROM notifications WHERE id <= (SELECT id FROM notifications ORDER BY id DESC LIMIT 1 OFFSET ?)')
    return this.db.transaction(() => {
      const rows = drafts.map(
        (d) => insert.get(at, d.kind, d.sourceId, d.sourceName, d.count, d.reason ? JSON.stringify(d.reason) : null) as Row,
      )
      prune.run(KEPT_NOTIFICATIONS)
      return rows.map(view)
    })()
  }

  list(): NotificationList {
    const rows = this.db.prepare('SELECT * FROM notifications ORDER BY id DESC LIMIT ?').all(KEPT_NOTIFICATIONS) as Row[]
    const { unread } = this.db.prepare('SELECT count(*) AS unread FROM notifications WHERE read = 0').get() as { unread: number }
    return { items: rows.map(view), unread }
  }

  /** Marks the named ones read (ids no longer kept are passed over), or all when none are named. */
  markRead(ids?: readonly number[]): NotificationList {
    if (ids === undefined) this.db.prepare('UPDATE notifications SET read = 1 WHERE read = 0').run()
    else {
      const mark = this.db.prepare('UPDATE notifications SET read = 1 WHERE id = ?')
      this.db.transaction(() => ids.forEach((id) => mark.run(id)))()
    }
    return this.list()
  }
}
