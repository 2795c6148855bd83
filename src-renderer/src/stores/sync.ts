import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { SyncFinished, SyncProgress } from '../../../src-preload/contract'
import { queuedProgress } from '../../../src-preload/contract-values'
import { api } from '../api'
import type { ApiClient } from '../api/client'
import { useAppStore } from './app'

/** Sync state as main reports it: running or not, per-source progress, and reachability. */
export const useSyncStore = defineStore('sync', () => {
  const running = ref(false)
  const online = ref(true)
  const progress = shallowRef<SyncProgress[]>([])
  const lastFinished = shallowRef<SyncFinished | null>(null)
  /** Bumped when a run finishes, so views showing orders reload. */
  const generation = ref(0)
  let client: ApiClient | null = null
  const apiClient = (): ApiClient => (client ??= api())
  let unsubscribe: Array<() => void> = []

  const percent = computed(() => {
    const items = progress.value
    if (items.length === 0) return 0
    const share = items.map((p) => {
      if (p.phase === 'done' || p.phase === 'failed' || p.phase === 'canceled') return 1
      if (p.total && p.total > 0) return Math.min(0.99, p.fetched / p.total)
      return p.pages > 0 ? 0.5 : 0
    })
    return Math.round((share.reduce((a, b) => a + b, 0) / items.length) * 100)
  })

  function upsertProgress(item: SyncProgress): void {
    const others = progress.value.filter((p) => p.sourceId !== item.sourceId)
    progress.value = [...others, item].sort((a, b) => a.sourceId.localeCompare(b.sourceId))
  }

  async function connect(injected?: ApiClient): Promise<void> {
    if (injected) client = injected
    unsubscribe.forEach((u) => u())
    const app = useAppStore()
    unsubscribe = [
      apiClient().on('sync:progress', (p) => {
        running.value = true
        upsertProgress(p)
      }),
      apiClient().on('sync:finished', (f) => {
        running.value = false
        lastFinished.value = f
        generation.value++
        void app.loadSources()
      }),
      apiClient().on('network:status', (s) => {
        online.value = s.online
      }),
    ]
    const status = await apiClient().call('sync:status')
    running.value = status.running
    online.value = status.online
    progress.value = status.progress
  }

  async function syncNow(options: { sources?: string[]; full?: boolean } = {}): Promise<void> {
    const started = await apiClient().call('sync:start', options)
    running.value = true
    progress.value = started.sources.map((sourceId) => queuedProgress(sourceId))
  }

  async function cancel(): Promise<void> {
    await apiClient().call('sync:cancel')
  }

  return { running, online, progress, lastFinished, generation, percent, connect, syncNow, cancel }
})
