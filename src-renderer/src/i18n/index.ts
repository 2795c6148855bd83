import { createI18n } from 'vue-i18n'
import elementEn from 'element-plus/es/locale/lang/en'
import elementZh from 'element-plus/es/locale/lang/zh-cn'
// Element Plus's date pickers take the week's first day from Day.js's locale of the same name:
// registered, a Chinese calendar starts on Monday (Day.js alone knows only English, from Sunday).
import 'dayjs/locale/zh-cn'
import type { Locale } from '../../../src-preload/contract'
import en from './en'
import { revenueEn, revenueZh } from './revenue'
import { workspaceEn, workspaceZh } from './workspace'
import zh from './zh-CN'

export const LOCALE_STORAGE_KEY = 'orderdesk.locale'

/** The locale remembered on this machine, so the first paint is already in the user's language. */
export function initialLocale(storage: Pick<Storage, 'getItem'> = localStorage): Locale {
  return storage.getItem(LOCALE_STORAGE_KEY) === 'en' ? 'en' : 'zh-CN'
}

export const i18n = createI18n({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': { ...zh, ...revenueZh, ...workspaceZh }, en: { ...en, ...revenueEn, ...workspaceEn } },
})

export const elementLocales = { 'zh-CN': elementZh, en: elementEn } as const
