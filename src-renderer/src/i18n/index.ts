import { createI18n } from 'vue-i18n'
import elementEn from 'element-plus/es/locale/lang/en'
import elementZh from 'element-plus/es/locale/lang/zh-cn'
// Element Plus's date pickers take the week's first day from Day.js's locale of the same name:
// registered, a Chinese calendar starts on Monday (Day.js alone knows only English, from Sunday).
import 'dayjs/locale/zh-cn'
import { batchEn, batchZh } from './batch'
import en from './en'
import { notifyEn, notifyZh } from './notify'
import { homeEn, homeZh } from './home'
import { notesEn, notesZh } from './notes'
import { revenueEn, revenueZh } from './revenue'
import { savedViewsEn, savedViewsZh } from './saved-views'
import { settlementEn, settlementZh } from './settlement'
import { statesEn, statesZh } from './states'
import { workspaceEn, workspaceZh } from './workspace'
import { initialLocale } from './locale'
import zh from './zh-CN'

export { initialLocale, LOCALE_STORAGE_KEY } from './locale'

export const i18n = createI18n({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'zh-CN',
  messages: {
    'zh-CN': {
      ...zh,
      ...revenueZh,
      ...workspaceZh,
      ...settlementZh,
      ...statesZh,
      ...batchZh,
      ...savedViewsZh,
      ...notifyZh,
      ...homeZh,
      ...notesZh,
    },
    en: {
      ...en,
      ...revenueEn,
      ...workspaceEn,
      ...settlementEn,
      ...statesEn,
      ...batchEn,
      ...savedViewsEn,
      ...notifyEn,
      ...homeEn,
      ...notesEn,
    },
  },
})

export const elementLocales = { 'zh-CN': elementZh, en: elementEn } as const
