import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, type Db } from '../../src-main/db/database'
import { KEPT_NOTIFICATIONS, NotificationStore, type NotificationDraft } from '../../src-main/notify/store'

let dir = ''
let db: Db
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orderdesk-notify-'))
  db = openDatabase(path.join(dir, 'n.db')).db
})
afterEach(() => {
  db.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

const paid = (count: number): NotificationDraft => ({ kind: 'paid', sourceId: 'shop', sourceName: '商城', count, reason: null })

describe('the bell list in the database', () => {
  it('keeps the newest hundred, newest first', () => {
    const store = new NotificationStore(db)
    for (let i = 1; i <= KEPT_NOTIFICATIONS + 5; i++) store.add([paid(i)], 1_000 + i)
    const { items, unread } = store.list()
    expect(items).toHaveLength(KEPT_NOTIFICATIONS)
    expect(items[0]).toMatchObject({ count: KEPT_NOTIFICATIONS + 5, at: 1_000 + KEPT_NOTIFICATIONS + 5, read: false })
    expect(items.at(-1)).toMatchObject({ count: 6 })
    expect(unread).toBe(KEPT_NOTIFICATIONS)
  })

  it('keeps a failure reason and marks the named entries read, then all', () => {
    const store = new NotificationStore(db)
    const reason = { kind: 'auth' as const, message: 'HTTP 401', remoteMessage: 'token expired' }
    const [a, b] = store.add([paid(3), { kind: 'failing', sourceId: 'shop', sourceName: '商城', count: null, reason }], 5)
    expect(b).toMatchObject({ kind: 'failing', reason, count: null, read: false })
    const afterOne = store.markRead([a.id])
    expect(afterOne.unread).toBe(1)
    expect(afterOne.items.find((n) => n.id === a.id)?.read).toBe(true)
    expect(store.markRead().unread).toBe(0)
  })
})
