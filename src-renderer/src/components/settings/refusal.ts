import { MAX_VIEWS, VIEW_NAME_MAX } from '../../../../src-preload/contract-values'
import type { ErrorData } from '../../../../src-preload/contract'
import { errorWords } from '../../api/error-words'

type Translate = (key: string, named?: Record<string, unknown>) => string

/**
 * Why a settings file was not imported, in words: main names the place in the file (`field`:
 * `settings.timezone`, `views.2.state.statuses.0`; settings/file.ts), said here with the view's
 * number as staff count (from 1). A refusal of another kind is said by its code.
 */
export function settingsImportRefusal(t: Translate, error: ErrorData): string {
  return t('settingsFile.failed', { why: settingsImportWhy(t, error) })
}

function settingsImportWhy(t: Translate, error: ErrorData): string {
  const field = error.field ?? ''
  const why = (key: string, named?: Record<string, unknown>) => t(`settingsFile.why.${key}`, named)
  if (error.code === 'conflict' && !field) return why('tooMany', { max: MAX_VIEWS })
  if (error.code !== 'invalid_argument' && error.code !== 'conflict') return errorWords(t, error)
  if (/\bis not valid JSON\b/.test(error.message)) return why('notJson')
  // The channel's own check ("text") and the file's mark both say it is some other file.
  if (field === 'text' || field === 'orderdesk') return why('notSettingsFile')
  if (field === 'version') return /\bnewer\b/.test(error.message) ? why('newer') : why('version')
  const setting = /^settings\.([^.]+)/.exec(field)?.[1]
  if (setting) {
    const names: Record<string, string> = {
      locale: t('settingsFile.settingNames.locale'),
      timezone: t('settingsFile.settingNames.timezone'),
    }
    return why('setting', { name: names[setting] ?? setting })
  }
  if (field === 'settings') return why('settings')
  const view = /^views\.(\d+)(?:\.([^.]+))?/.exec(field)
  if (view) {
    const n = Number(view[1]) + 1
    if (view[2] === 'name') return error.code === 'conflict' ? why('viewNameTaken', { n }) : why('viewName', { n, max: VIEW_NAME_MAX })
    if (view[2] === 'state') return why('viewState', { n })
    return why('view', { n })
  }
  if (field === 'views' && /\btoo_big\b|at most|<=/i.test(error.message)) return why('tooMany', { max: MAX_VIEWS })
  return why('other')
}
