import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, type Db } from '../../src-main/db/database'
import { dispatch } from '../../src-main/api/dispatch'
import { createHandlers } from '../../src-main/api/handlers'
import { PRESET_STATES } from '../../src-main/saved-views/presets'
import { SavedViewsStore } from '../../src-main/saved-views/store'
import { exportSettingsFile, importSettingsFile } from '../../src-main/settings/file'
import { SettingsStore } from '../../src-main/settings/store'
import { PRESET_VIEWS } from '../../src-preload/saved-views'
import { tempCore } from '../helpers/core'

let db: Db
let views: SavedViewsStore
let settings: SettingsStore
beforeEach(() => {
  db = openDatabase(':memory:').db
  views = new SavedViewsStore(db)
  settings = new SettingsStore(db)
})
afterEach(() => db.close())

const names = (): Array<string | null> => views.list().map((v) => v.name ?? v.preset)
const STATE = { statuses: ['paid'], keyword: '张三', sort: { key: 'due', order: 'desc' }, columns: ['orderNo', 'due'] }

describe('saved views', () => {
  it('has the three ready-made views on a new database, as presets.ts defines them', () => {
    const list = views.list()
    expect(list.map((v) => [v.preset, v.name, v.position])).toEqual([
      ['paidToday', null, 0],
      ['pendingOver24h', null, 1],
      ['refundedThisMonth', null, 2],
    ])
    for (const view of list) expect(view.state).toEqual(PRESET_STATES[view.preset!])
  })

  it('saves a view at the end of the tabs, its state kept as given with fields it does not know', () => {
    const saved = views.create('我的视图', { ...STATE, tags: ['VIP'] })
    expect(saved).toMatchObject({ name: '我的视图', preset: null, position: 3, state: { ...STATE, tags: ['VIP'] } })
    expect(views.get(saved.id).state).toEqual({ ...STATE, tags: ['VIP'] })
  })

  it('updates a view’s state to the list as it is', () => {
    const saved = views.create('我的视图', STATE)
    const updated = views.update(saved.id, { statuses: ['pending'] })
    expect(updated.state).toEqual({ statuses: ['pending'] })
    expect(updated.name).toBe('我的视图')
  })

  it('renames a view, a ready-made one too, and refuses a name another view has', () => {
    const mine = views.create('我的视图', STATE)
    const paidToday = views.list()[0]
    expect(views.rename(paidToday.id, '今天收的钱').name).toBe('今天收的钱')
    expect(() => views.rename(mine.id, '今天收的钱')).toThrow(/a view named "今天收的钱" exists/)
    expect(views.get(mine.id).name).toBe('我的视图')
  })

  it('reorders the tabs, and refuses an order that leaves a view out or names one twice', () => {
    const [a, b, c] = views.list().map((v) => v.id)
    expect(views.reorder([c, a, b]).map((v) => v.id)).toEqual([c, a, b])
    expect(() => views.reorder([c, a])).toThrow(/must name every view/)
    expect(() => views.reorder([c, a, a])).toThrow(/more than once/)
    expect(() => views.reorder([c, a, 999])).toThrow(/no saved view with id 999/)
    expect(views.list().map((v) => v.id)).toEqual([c, a, b])
  })

  it('deletes a view, closing the gap in the positions', () => {
    const [first] = views.list()
    views.delete(first.id)
    expect(views.list().map((v) => [v.preset, v.position])).toEqual([
      ['pendingOver24h', 0],
      ['refundedThisMonth', 1],
    ])
    expect(() => views.delete(first.id)).toThrow(/no saved view/)
  })

  it('puts back the deleted ready-made views, at the end, as they first were', () => {
    const [paidToday] = views.list()
    views.rename(views.list()[1].id, '催付')
    views.update(views.list()[1].id, { statuses: ['pending'] })
    views.delete(paidToday.id)
    views.create('我的视图', STATE)
    const restored = views.restorePresets()
    expect(restored.map((v) => v.name ?? v.preset)).toEqual(['催付', 'refundedThisMonth', '我的视图', 'paidToday'])
    expect(restored[3].state).toEqual(PRESET_STATES.paidToday)
    // A ready-made view still there is left as the user changed it.
    expect(restored[0].state).toEqual({ statuses: ['pending'] })
  })
})

describe('saved views through the channels', () => {
  let env: ReturnType<typeof tempCore>
  beforeEach(() => {
    env = tempCore()
  })
  afterEach(() => env.dispose())
  const reply = (channel: string, args?: unknown) => dispatch(createHandlers(env.core), channel, args)

  it('refuses a state that fails validation, naming the field, and stores nothing', async () => {
    for (const [state, field] of [
      [{ statuses: ['paid', 'sold'] }, 'state.statuses.1'],
      [{ sort: { key: 'price', order: 'desc' } }, 'state.sort.key'],
      [{ customDays: ['2026-02-30', '2026-03-01'] }, 'state.customDays.0'],
      [{ columns: ['orderNo', 'secret'] }, 'state.columns.1'],
      [{ shortcut: 'tomorrow' }, 'state.shortcut'],
      [{ amountMin: -1 }, 'state.amountMin'],
      [[], 'state'],
    ] as const) {
      const answer = await reply('views:save', { name: '坏视图', state })
      expect(answer, JSON.stringify(state)).toMatchObject({ ok: false, error: { code: 'invalid_argument', field } })
    }
    expect(env.core.views.list()).toHaveLength(3)
  })

  it('refuses a blank name, one too long and one of two lines', async () => {
    for (const name of ['   ', '视'.repeat(41), 'a\nb']) {
      expect(await reply('views:save', { name, state: {} })).toMatchObject({
        ok: false,
        error: { code: 'invalid_argument', field: 'name' },
      })
    }
    expect(await reply('views:save', { name: '  视'.padEnd(42, '图') + '  ', state: {} })).toMatchObject({ ok: true })
  })

  it('saves with a trimmed name and lists it', async () => {
    expect(await reply('views:save', { name: '  大额订单 ', state: { amountMin: 1000 } })).toMatchObject({
      ok: true,
      data: { name: '大额订单', state: { amountMin: 1000 } },
    })
    expect(await reply('views:list')).toMatchObject({ ok: true, data: { length: 4 } })
  })
})

describe('the settings file', () => {
  const everything = () => ({ settings: settings.get(), views: views.list(), rows: db.prepare('SELECT * FROM saved_views').all() })

  it('exports the settings (notifications too) and the views, and imports them into another database as they were', () => {
    const notify = { paid: false, failing: true, quiet: { enabled: true, from: '21:30', to: '07:00' } }
    settings.set({ locale: 'en', timezone: 'Europe/Berlin', notify })
    views.create('我的视图', STATE)
    views.rename(views.list()[0].id, '今天收的钱')
    const text = exportSettingsFile(settings, views)
    expect(JSON.parse(text)).toMatchObject({
      orderdesk: 'settings',
      version: 1,
      settings: { locale: 'en', timezone: 'Europe/Berlin', notify },
    })

    const other = openDatabase(':memory:').db
    try {
      const otherViews = new SavedViewsStore(other)
      const imported = importSettingsFile(other, new SettingsStore(other), otherViews, text)
      expect(imported.settings).toEqual({ locale: 'en', timezone: 'Europe/Berlin', notify })
      expect(imported.views.map((v) => [v.name, v.preset, v.state])).toEqual(views.list().map((v) => [v.name, v.preset, v.state]))
    } finally {
      other.close()
    }
  })

  it('merges views: one of the same name takes the file’s state, the others are kept', () => {
    views.create('我的视图', STATE)
    views.create('只在本机', STATE)
    const text = JSON.stringify({
      orderdesk: 'settings',
      version: 1,
      settings: {},
      views: [
        { name: '我的视图', preset: null, state: { statuses: ['refunded'] } },
        { name: '新视图', preset: null, state: {} },
      ],
    })
    importSettingsFile(db, settings, views, text)
    expect(names()).toEqual(['paidToday', 'pendingOver24h', 'refundedThisMonth', '我的视图', '只在本机', '新视图'])
    expect(views.list()[3].state).toEqual({ statuses: ['refunded'] })
  })

  it('refuses a bad file naming what is wrong, and changes nothing', () => {
    settings.set({ timezone: 'Asia/Tokyo' })
    views.create('我的视图', STATE)
    const before = everything()
    const good = { orderdesk: 'settings', version: 1, settings: { locale: 'en' }, views: [{ name: '新视图', preset: null, state: {} }] }
    const bad: Array<[string, string | RegExp]> = [
      ['{"orderdesk": "settings",', /is not valid JSON/],
      [JSON.stringify({ sources: [] }), /is not an OrderDesk settings file/],
      [JSON.stringify({ ...good, version: 2 }), /version 2 is newer/],
      [JSON.stringify({ ...good, settings: { locale: 'fr' } }), /settings\.locale:/],
      // The settings are valid JSON and set first: the bad view after them undoes them.
      [
        JSON.stringify({ ...good, views: [...good.views, { name: '坏视图', state: { statuses: ['sold'] } }] }),
        /views\.1\.state\.statuses\.0:/,
      ],
      [
        JSON.stringify({ ...good, settings: { timezone: 'Mars/Olympus' } }),
        /settings\.timezone: "Mars\/Olympus" is not a known IANA time zone/,
      ],
      [JSON.stringify({ ...good, views: [{ name: '', state: {} }] }), /views\.0\.name: must not be blank/],
      // Passes the schema, then clashes with a view the file itself renamed: refused inside the transaction.
      [
        JSON.stringify({
          ...good,
          views: [
            { name: '新视图', preset: null, state: {} },
            { name: '新视图', preset: 'paidToday', state: {} },
          ],
        }),
        /views\.1\.name: a view named "新视图" exists/,
      ],
    ]
    for (const [text, why] of bad) {
      expect(() => importSettingsFile(db, settings, views, text), text).toThrow(why)
      expect(everything(), text).toEqual(before)
    }
  })

  it('lists every ready-made view the contract knows in the file’s schema', () => {
    expect(Object.keys(PRESET_STATES).sort()).toEqual([...PRESET_VIEWS].sort())
  })
})
