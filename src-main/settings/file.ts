import { z } from 'zod'
import { contract, type SavedView, type Settings } from '../../src-preload/contract'
import { MAX_VIEWS, PRESET_VIEWS, viewNameSchema, viewStateSchema } from '../../src-preload/saved-views'
import type { Db } from '../db/database'
import { AppError } from '../shared/app-error'
import type { SavedViewsStore } from '../saved-views/store'
import type { SettingsStore } from './store'

/** What a settings file says it is, and the one version this OrderDesk writes and reads. */
export const SETTINGS_FILE_KIND = 'settings'
export const SETTINGS_FILE_VERSION = 1

/**
 * The file: the app settings (whatever settings:set takes, so settings added later ride along)
 * and the saved views in tab order.
 */
const fileSchema = z
  .object({
    orderdesk: z.literal(SETTINGS_FILE_KIND),
    version: z.literal(SETTINGS_FILE_VERSION),
    exportedAt: z.string().max(64).optional(),
    settings: contract['settings:set'].args,
    views: z
      .array(
        z
          .object({
            name: viewNameSchema.nullable(),
            preset: z.enum(PRESET_VIEWS).nullable().default(null),
            state: viewStateSchema,
          })
          .strict()
          .refine((v) => v.name !== null || v.preset !== null, { message: 'a view needs a name', path: ['name'] }),
      )
      .max(MAX_VIEWS),
  })
  .strict()

export function exportSettingsFile(settings: SettingsStore, views: SavedViewsStore, now = Date.now()): string {
  const file = {
    orderdesk: SETTINGS_FILE_KIND,
    version: SETTINGS_FILE_VERSION,
    exportedAt: new Date(now).toISOString(),
    settings: settings.get(),
    views: views.entries(),
  }
  return `${JSON.stringify(file, null, 2)}\n`
}

/**
 * Reads a settings file and applies it in one transaction: the settings set, the views merged
 * (SavedViewsStore.merge). Anything wrong (not JSON, another file, a newer version, a bad value)
 * is refused naming where, and nothing is changed.
 */
export function importSettingsFile(
  db: Db,
  settings: SettingsStore,
  views: SavedViewsStore,
  text: string,
): { settings: Settings; views: SavedView[] } {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new AppError('invalid_argument', `settings file: is not valid JSON: ${(error as Error).message}`)
  }
  const head = (json && typeof json === 'object' ? json : {}) as Record<string, unknown>
  if (head.orderdesk !== SETTINGS_FILE_KIND) {
    throw new AppError('invalid_argument', 'settings file: is not an OrderDesk settings file ("orderdesk": "settings")', 'orderdesk')
  }
  if (typeof head.version === 'number' && head.version > SETTINGS_FILE_VERSION) {
    throw new AppError('invalid_argument', `settings file: version ${head.version} is newer than this OrderDesk reads`, 'version')
  }
  const parsed = fileSchema.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const field = issue.path.join('.')
    throw new AppError('invalid_argument', `settings file: ${field ? `${field}: ` : ''}${issue.message}`, field || undefined)
  }
  const file = parsed.data
  return db.transaction(() => {
    const applied = within('settings', () => settings.set(file.settings))
    file.views.forEach((entry, i) => within(`views.${i}`, () => views.merge([entry])))
    return { settings: applied, views: views.list() }
  })()
}

/** Runs `fn`, a refusal naming its place in the file. */
function within<T>(place: string, fn: () => T): T {
  try {
    return fn()
  } catch (error) {
    if (!(error instanceof AppError)) throw error
    const field = error.field ? `${place}.${error.field}` : place
    const message = error.message.startsWith(`${error.field}: `) ? error.message.slice(`${error.field}: `.length) : error.message
    throw new AppError(error.code, `settings file: ${field}: ${message}`, field)
  }
}
