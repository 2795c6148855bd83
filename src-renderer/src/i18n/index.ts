import { createI18n } from 'vue-i18n'
import elementEn from 'element-plus/es/locale/lang/en'
import elementZh from 'element-plus/es/locale/lang/zh-cn'
import en from './en'
import { revenueEn, revenueZh } from './revenue'
import { statesEn, statesZh } from './states'
import { workspaceEn, workspaceZh } from './workspace'
import { initialLocale } from './locale'
import zh from './zh-CN'

export { initialLocale, LOCALE_STORAGE_KEY } from './locale'

export const i18n = createI18n({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': { ...zh, ...revenueZh, ...workspaceZh, ...statesZh }, en: { ...en, ...revenueEn, ...workspaceEn, ...statesEn } },
})

export const elementLocales = { 'zh-CN': elementZh, en: elementEn } as const
