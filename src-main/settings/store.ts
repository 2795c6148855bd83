import { DEFAULT_NOTIFY_SETTINGS, notifySettingsSchema, type Locale, type Settings } from '../../src-preload/contract'
import type { Db } from '../db/database'
import { isValidTimeZone } from '../../src-preload/shared/timezone'
import { AppError } from '../shared/app-error'

const DEFAULTS: Settings = { locale: 'zh-CN', timezone: 'Asia/Shanghai', notify: DEFAULT_NOTIFY_SETTINGS }

/** App settings, kept in the database so the app, the web shell and the CLI agree. */
export class SettingsStore {
  constructor(private readonly db: Db) {}

  get(): Settings {
    const rows = this.db.prepare('SELECT key, value FROM settings').all() as Array<{ key: string; value: string }>
    const stored = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]))
    const notify = notifySettingsSchema.safeParse(stored.notify)
    return {
      locale: stored.locale === 'en' || stored.locale === 'zh-CN' ? (stored.locale as Locale) : DEFAULTS.locale,
      timezone: typeof stored.timezone === 'string' && isValidTimeZone(stored.timezone) ? stored.timezone : DEFAULTS.timezone,
      notify: notify.success ? notify.data : structuredClone(DEFAULTS.notify),
    }
  }

  set(patch: Partial<Settings>): Settings {
    if (patch.timezone !== undefined && !isValidTimeZone(patch.timezone)) {
      throw new AppError('invalid_argument', `timezone: "${patch.timezone}" is not a known IANA time zone`, 'timezone')
    }
    if (patch.notify !== undefined) {
      const checked = notifySettingsSchema.safeParse(patch.notify)
      if (!checked.success) {
        const issue = checked.error.issues[0]
        const field = ['notify', ...issue.path.map(String)].join('.')
        throw new AppError('invalid_argument', `${field}: ${issue.message}`, field)
      }
    }
    const upsert = this.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(patch)) if (value !== undefined) upsert.run(key, JSON.stringify(value))
    })()
    return this.get()
  }
}
