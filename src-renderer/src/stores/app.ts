import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { AppInfo, Locale, Settings, SourceView } from '../../../src-preload/contract'
import type { ApiClient } from '../api/client'
import { api as defaultApi } from '../api'
import { LOCALE_STORAGE_KEY } from '../i18n'

/** App-wide state: settings (locale, zone), the shell, the sources, and connectivity. */
export const useAppStore = defineStore('app', () => {
  const info = ref<AppInfo | null>(null)
  const settings = ref<Settings>({ locale: 'zh-CN', timezone: 'Asia/Shanghai' })
  const sources = ref<SourceView[]>([])
  const sourcesLoaded = ref(false)
  let client: ApiClient | null = null
  const apiClient = (): ApiClient => (client ??= defaultApi())

  async function load(injected?: ApiClient): Promise<void> {
    if (injected) client = injected
    // The sources need neither: all three are asked at once, one round trip for the start-up.
    const [appInfo, stored] = await Promise.all([apiClient().call('app:info'), apiClient().call('settings:get'), loadSources()])
    info.value = appInfo
    // The locale chosen on this machine wins over the stored default on first load.
    const local = typeof localStorage === 'undefined' ? null : localStorage.getItem(LOCALE_STORAGE_KEY)
    settings.value = local === 'en' || local === 'zh-CN' ? { ...stored, locale: local } : stored
  }

  async function loadSources(): Promise<void> {
    sources.value = await apiClient().call('sources:list')
    sourcesLoaded.value = true
  }

  async function setLocale(locale: Locale): Promise<void> {
    settings.value = { ...settings.value, locale }
    if (typeof localStorage !== 'undefined') localStorage.setItem(LOCALE_STORAGE_KEY, locale)
    settings.value = await apiClient().call('settings:set', { locale })
  }

  const lastSuccessAt = (): number | null =>
    sources.value.reduce<number | null>((max, s) => (s.lastSuccessAt !== null && (max === null || s.lastSuccessAt > max) ? s.lastSuccessAt : max), null)

  return { info, settings, sources, sourcesLoaded, load, loadSources, setLocale, lastSuccessAt }
})
