import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { EventMap, EventName, NotifySettings } from '../../src-preload/contract'
import { openDatabase, type Db } from '../../src-main/db/database'
import { Notifier } from '../../src-main/notify/notifier'
import { SettingsStore } from '../../src-main/settings/store'
import type { SyncRunResult } from '../../src-main/sync/engine'

let dir = ''
let db: Db
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orderdesk-notifier-'))
  db = openDatabase(path.join(dir, 'n.db')).db
  // A source that synced before: what a run brings it is news.
  db.prepare(
    "INSERT INTO sources (id, name, kind, base_url, created_at, updated_at) VALUES ('shop', '代理商城', 'pub', 'http://127.0.0.1:1', 0, 0)",
  ).run()
  db.prepare('INSERT INTO sync_state (source_id, last_success_at) VALUES (?, ?)').run('shop', 1)
})
afterEach(() => {
  db.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

/** 23:00 on a Shanghai wall clock. */
const LATE = Date.parse('2026-12-06T23:00:00+08:00')
const NOON = Date.parse('2026-12-06T12:00:00+08:00')

/** A run's result with only what the notifier reads: each source's orders that became paid. */
const run = (becamePaid: number) => ({ runId: 1, status: 'ok', sources: [{ sourceId: 'shop', becamePaid }] }) as unknown as SyncRunResult

function told(notify: NotifySettings, at: number): Array<EventMap['notification:new']> {
  const settings = new SettingsStore(db)
  settings.set({ timezone: 'Asia/Shanghai', notify })
  const pushed: Array<EventMap['notification:new']> = []
  const events = {
    emit: <E extends EventName>(name: E, payload: EventMap[E]) => {
      if (name === 'notification:new') pushed.push(payload as EventMap['notification:new'])
    },
  }
  new Notifier(db, settings, events, () => at).watch(['shop'])(run(2))
  return pushed
}

const on: NotifySettings = { paid: true, failing: true, quiet: { enabled: true, from: '22:00', to: '08:00' } }

describe('the notifier', () => {
  it('pops up a kind that is on, outside quiet hours', () => {
    expect(told(on, NOON)).toEqual([
      { notification: expect.objectContaining({ kind: 'paid', sourceName: '代理商城', count: 2, at: NOON }), popup: true },
    ])
  })

  it('during quiet hours pops nothing up, but the bell still lists it', () => {
    expect(told(on, LATE)).toEqual([{ notification: expect.objectContaining({ kind: 'paid', count: 2 }), popup: false }])
    const notifier = new Notifier(db, new SettingsStore(db), { emit: () => undefined })
    expect(notifier.store.list()).toMatchObject({ unread: 1, items: [{ kind: 'paid', count: 2, read: false }] })
  })

  it('a kind switched off does not pop up', () => {
    expect(told({ ...on, paid: false }, NOON)).toEqual([{ notification: expect.objectContaining({ kind: 'paid' }), popup: false }])
  })

  it('a run that brought nothing tells nothing', () => {
    const settings = new SettingsStore(db)
    const pushed: unknown[] = []
    new Notifier(db, settings, { emit: (_name, payload) => pushed.push(payload) }, () => NOON).watch(['shop'])(run(0))
    expect(pushed).toEqual([])
    expect(new Notifier(db, settings, { emit: () => undefined }).store.list().items).toEqual([])
  })
})
