import type { Locale } from '../../../src-preload/contract'

export const LOCALE_STORAGE_KEY = 'orderdesk.locale'

/** The locale remembered on this machine, so the first paint is already in the user's language. */
export function initialLocale(storage: Pick<Storage, 'getItem'> = localStorage): Locale {
  return storage.getItem(LOCALE_STORAGE_KEY) === 'en' ? 'en' : 'zh-CN'
}
