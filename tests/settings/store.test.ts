import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { dispatch } from '../../src-main/api/dispatch'
import { createHandlers } from '../../src-main/api/handlers'
import { openDatabase, type Db } from '../../src-main/db/database'
import { SettingsStore } from '../../src-main/settings/store'
import { DEFAULT_NOTIFY_SETTINGS } from '../../src-preload/contract'
import { tempCore } from '../helpers/core'

let dir = ''
let db: Db
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orderdesk-settings-'))
  db = openDatabase(path.join(dir, 's.db')).db
})
afterEach(() => {
  db.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

const night = { paid: true, failing: false, quiet: { enabled: true, from: '22:30', to: '07:00' } }

describe('notification settings', () => {
  it('default to both kinds on and no quiet hours, and keep what is set', () => {
    const store = new SettingsStore(db)
    expect(store.get().notify).toEqual(DEFAULT_NOTIFY_SETTINGS)
    expect(store.set({ notify: night }).notify).toEqual(night)
    expect(new SettingsStore(db).get()).toMatchObject({ locale: 'zh-CN', notify: night })
  })

  it.each([
    ['a time that is not HH:MM', { ...night, quiet: { ...night.quiet, from: '25:00' } }, 'notify.quiet.from'],
    ['quiet hours ending when they start', { ...night, quiet: { ...night.quiet, to: '22:30' } }, 'notify.quiet.to'],
    ['a kind that is not on or off', { ...night, paid: 'yes' }, 'notify.paid'],
  ])('refuse %s, naming the field, and keep what was stored', (_, notify, field) => {
    const store = new SettingsStore(db)
    store.set({ notify: night })
    expect(() => store.set({ notify } as never)).toThrow(expect.objectContaining({ code: 'invalid_argument', field }))
    expect(store.get().notify).toEqual(night)
  })

  it('a stored value that is no longer valid reads as the defaults', () => {
    db.prepare("INSERT INTO settings (key, value) VALUES ('notify', ?)").run(JSON.stringify({ paid: 1 }))
    expect(new SettingsStore(db).get().notify).toEqual(DEFAULT_NOTIFY_SETTINGS)
  })

  it('settings:set refuses a bad time of day, naming the field', async () => {
    const env = tempCore()
    try {
      const bad = { notify: { ...night, quiet: { ...night.quiet, to: '7:00' } } }
      const answer = await dispatch(createHandlers(env.core), 'settings:set', bad)
      expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_argument', field: 'notify.quiet.to' } })
      expect(env.core.settings.get().notify).toEqual(DEFAULT_NOTIFY_SETTINGS)
    } finally {
      await env.dispose()
    }
  })
})
