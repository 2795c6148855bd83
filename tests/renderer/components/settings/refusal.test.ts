// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, type Db } from '../../../../src-main/db/database'
import { SavedViewsStore } from '../../../../src-main/saved-views/store'
import { importSettingsFile } from '../../../../src-main/settings/file'
import { SettingsStore } from '../../../../src-main/settings/store'
import { AppError } from '../../../../src-main/shared/app-error'
import { settingsImportRefusal } from '../../../../src-renderer/src/components/settings/refusal'
import { i18n } from '../../../../src-renderer/src/i18n'

const t = (key: string, named?: Record<string, unknown>): string => i18n.global.t(key, named ?? {})
let db: Db
beforeEach(() => {
  db = openDatabase(':memory:').db
  i18n.global.locale.value = 'zh-CN'
})
afterEach(() => db.close())

/** What staff read when main refuses `file` (as main refuses it: the real import). */
function refusal(file: unknown): string {
  try {
    importSettingsFile(db, new SettingsStore(db), new SavedViewsStore(db), typeof file === 'string' ? file : JSON.stringify(file))
  } catch (error) {
    if (error instanceof AppError) return settingsImportRefusal(t, error.toData())
    throw error
  }
  throw new Error('imported')
}
const file = (patch: Record<string, unknown>) => ({ orderdesk: 'settings', version: 1, settings: {}, views: [], ...patch })
const TAIL = '当前的设置和视图没有改动。'

describe('a refused settings file in words', () => {
  it.each([
    ['not JSON', '{"orderdesk":', '这个文件不是有效的 JSON 文件。'],
    ['another file', { sources: [] }, '这个文件不是 OrderDesk 的设置文件。'],
    ['a newer version', file({ version: 3 }), '这个文件来自更新版本的 OrderDesk，请先升级本应用。'],
    ['a bad time zone', file({ settings: { timezone: 'Mars/Olympus' } }), '设置“时区”的值无效。'],
    ['a bad language', file({ settings: { locale: 'fr' } }), '设置“界面语言”的值无效。'],
    [
      'a view’s bad state',
      file({
        views: [
          { name: 'a', state: {} },
          { name: 'b', state: { sort: { key: 'x' } } },
        ],
      }),
      '第 2 个视图的筛选条件无效。',
    ],
    ['a view’s blank name', file({ views: [{ name: ' ', state: {} }] }), '第 1 个视图的名称无效（须为 1 到 40 个字，且只占一行）。'],
    [
      'two views of one name',
      file({
        views: [
          { name: 'a', state: {} },
          { name: 'a', preset: 'paidToday', state: {} },
        ],
      }),
      '第 2 个视图的名称与另一个视图重名。',
    ],
    ['too many views', file({ views: Array.from({ length: 31 }, (_, i) => ({ name: `v${i}`, state: {} })) }), '视图超过 30 个。'],
  ])('says %s, and that nothing changed', (_what, text, why) => {
    expect(refusal(text)).toBe(`${why}${TAIL}`)
  })

  it('says it in English', () => {
    i18n.global.locale.value = 'en'
    expect(refusal(file({ views: [{ name: 'b', state: { statuses: ['sold'] } }] }))).toBe(
      'View 1 has filters that are not valid. The current settings and views were not changed.',
    )
  })
})
