import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { AppInfo, ConnectionTest, Locale, NotifySettings, Settings, SourceKindInfo, SourceView } from '../../../src-preload/contract'
import { DEFAULT_NOTIFY_SETTINGS } from '../../../src-preload/contract-values'
import type { ApiClient } from '../api/client'
import { api as defaultApi } from '../api'
import { LOCALE_STORAGE_KEY } from '../i18n'

/** The zone until the settings say otherwise. */
const DEFAULT_ZONE = 'Asia/Shanghai'

/** App-wide state: settings (locale, zone), the shell, the sources, and connectivity. */
export const useAppStore = defineStore('app', () => {
  const info = ref<AppInfo | null>(null)
  const settings = ref<Settings>({ locale: 'zh-CN', timezone: DEFAULT_ZONE, notify: DEFAULT_NOTIFY_SETTINGS })
  const sources = ref<SourceView[]>([])
  const sourcesLoaded = ref(false)
  /** What each kind of source can do and its create form: fixed for the app's life. */
  const kinds = shallowRef<SourceKindInfo[]>([])
  let client: ApiClient | null = null
  const apiClient = (): ApiClient => (client ??= defaultApi())
  let loading: Promise<void> | null = null

  function load(injected?: ApiClient): Promise<void> {
    if (injected) client = injected
    loading = loadAll()
    return loading
  }

  /** Settles once the start-up load has (whether it failed or not); at once if none was started. */
  async function loaded(): Promise<void> {
    await loading?.catch(() => undefined)
  }

  async function loadAll(): Promise<void> {
    // None needs another: all four are asked at once, one round trip for the start-up.
    const [appInfo, stored, kindInfo] = await Promise.all([
      apiClient().call('app:info'),
      apiClient().call('settings:get'),
      apiClient().call('sources:kinds'),
      loadSources(),
    ])
    kinds.value = kindInfo
    info.value = appInfo
    // The locale chosen on this machine wins over the stored default on first load.
    const local = typeof localStorage === 'undefined' ? null : localStorage.getItem(LOCALE_STORAGE_KEY)
    settings.value = local === 'en' || local === 'zh-CN' ? { ...stored, locale: local } : stored
  }

  async function loadSources(): Promise<void> {
    sources.value = await apiClient().call('sources:list')
    sourcesLoaded.value = true
  }

  /** Tests a saved source's connection; one that answers is no longer failing, so the list is read again. */
  async function testSource(id: string, options: { quiet?: boolean } = {}): Promise<ConnectionTest> {
    const verdict = await apiClient().call('sources:test', { id }, options)
    if (verdict.ok) await loadSources()
    return verdict
  }

  /** Saves which notifications pop up and the quiet hours (main checks them). */
  async function setNotify(notify: NotifySettings): Promise<void> {
    settings.value = await apiClient().call('settings:set', { notify })
  }

  async function setLocale(locale: Locale): Promise<void> {
    settings.value = { ...settings.value, locale }
    if (typeof localStorage !== 'undefined') localStorage.setItem(LOCALE_STORAGE_KEY, locale)
    settings.value = await apiClient().call('settings:set', { locale })
  }

  /** Settings main has set (a settings file imported): shown, and this machine's start-up copies kept in step. */
  function applySettings(next: Settings): void {
    settings.value = next
    if (typeof localStorage === 'undefined') return
    localStorage.setItem(LOCALE_STORAGE_KEY, next.locale)
  }

  const lastSuccessAt = (): number | null =>
    sources.value.reduce<number | null>(
      (max, s) => (s.lastSuccessAt !== null && (max === null || s.lastSuccessAt > max) ? s.lastSuccessAt : max),
      null,
    )

  return {
    info,
    settings,
    sources,
    sourcesLoaded,
    kinds,
    load,
    loaded,
    loadSources,
    testSource,
    setLocale,
    applySettings,
    setNotify,
    lastSuccessAt,
  }
})
