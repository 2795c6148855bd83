import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { ErrorData, SyncErrorInfo, SyncFinished, SyncProgress, SyncRunView } from '../../../src-preload/contract'
import { queuedProgress } from '../../../src-preload/contract-values'
import { api } from '../api'
import { ApiError, type ApiClient } from '../api/client'
import { useAppStore } from './app'

/** How one source of a "sync now" went, as soon as that is known. */
export type SourceOutcome =
  | { sourceId: string; state: 'started' }
  | { sourceId: string; state: 'done'; inserted: number; updated: number; unchanged: number; skipped: number }
  | { sourceId: string; state: 'failed'; error: SyncErrorInfo }
  | { sourceId: string; state: 'canceled' }

/** What "sync now" led to: each source's outcome; or nothing started, as a sync was already running or main refused. */
export type SyncOutcome = { kind: 'ran'; sources: SourceOutcome[] } | { kind: 'busy' } | { kind: 'refused'; error: ErrorData }

/** A "sync now" waiting for its sources' outcomes. */
interface Watch {
  /** The sources asked for; null until main says which (all enabled ones). */
  sources: string[] | null
  /** Runs up to this id were seen before the request: their late events are not this run's. */
  baseline: number
  runId: number | null
  latest: Map<string, SyncProgress>
  finished: SyncFinished | null
  wake: () => void
}

/** A source's outcome from its latest progress, or null while nothing is decided (listing, no page yet). */
export function outcomeOf(p: SyncProgress): SourceOutcome | null {
  const { sourceId } = p
  if (p.phase === 'failed') return { sourceId, state: 'failed', error: p.error ?? { kind: 'internal', message: '' } }
  if (p.phase === 'canceled') return { sourceId, state: 'canceled' }
  if (p.phase === 'done') return { sourceId, state: 'done', ...counts(p) }
  if (p.pages > 0 || p.phase === 'rechecking') return { sourceId, state: 'started' }
  return null
}

/** A source's outcome as the sync log recorded it, once the run is over. */
function outcomeFromLog(entry: SyncRunView['sources'][number]): SourceOutcome {
  const { sourceId } = entry
  if (entry.error?.kind === 'canceled') return { sourceId, state: 'canceled' }
  if (entry.error) return { sourceId, state: 'failed', error: entry.error }
  return { sourceId, state: 'done', ...counts(entry) }
}

const counts = (c: { inserted: number; updated: number; unchanged: number; skipped: number }) => ({
  inserted: c.inserted,
  updated: c.updated,
  unchanged: c.unchanged,
  skipped: c.skipped,
})

/** Sync state as main reports it: running or not, per-source progress, and reachability. */
export const useSyncStore = defineStore('sync', () => {
  const running = ref(false)
  /** This machine has a network; network actions wait for it. */
  const online = ref(true)
  /** Enabled sources (ids) whose server does not answer: the rest work, and these can still be tested. */
  const unreachable = shallowRef<string[]>([])
  const progress = shallowRef<SyncProgress[]>([])
  const lastFinished = shallowRef<SyncFinished | null>(null)
  /** Bumped when a run finishes, so views showing orders reload. */
  const generation = ref(0)
  let client: ApiClient | null = null
  const apiClient = (): ApiClient => (client ??= api())
  let unsubscribe: Array<() => void> = []
  /** The newest run id any event has named. */
  let lastRunId = 0
  const watches = new Set<Watch>()

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

  function onProgress(p: SyncProgress): void {
    running.value = true
    upsertProgress(p)
    for (const w of watches) {
      if (p.runId <= w.baseline || (w.runId !== null && p.runId !== w.runId)) continue
      if (w.sources !== null && !w.sources.includes(p.sourceId)) continue
      w.runId = p.runId
      w.latest.set(p.sourceId, p)
      w.wake()
    }
    lastRunId = Math.max(lastRunId, p.runId)
  }

  function onFinished(f: SyncFinished): void {
    running.value = false
    lastFinished.value = f
    generation.value++
    void useAppStore().loadSources()
    for (const w of watches) {
      // A run without an id died before it could be logged; it can only be the one asked for.
      const ours = f.runId === null || (w.runId !== null ? f.runId === w.runId : f.runId > w.baseline)
      if (!ours) continue
      w.finished = f
      w.wake()
    }
    if (f.runId !== null) lastRunId = Math.max(lastRunId, f.runId)
  }

  async function connect(injected?: ApiClient): Promise<void> {
    if (injected) client = injected
    unsubscribe.forEach((u) => u())
    unsubscribe = [
      apiClient().on('sync:progress', onProgress),
      apiClient().on('sync:finished', onFinished),
      apiClient().on('network:status', (s) => {
        online.value = s.online
        unreachable.value = s.unreachable
      }),
    ]
    await refreshStatus()
  }

  async function refreshStatus(): Promise<void> {
    const status = await apiClient().call('sync:status')
    running.value = status.running
    online.value = status.online
    unreachable.value = status.unreachable
    progress.value = status.progress
    for (const p of status.progress) lastRunId = Math.max(lastRunId, p.runId)
  }

  /**
   * Starts a sync and resolves once each of its sources has an outcome: failed or canceled,
   * done, or under way (its first page in). Events may come before main's answer to the start
   * (the browser shell pushes them on another connection), so they are watched from the request on.
   */
  async function syncNow(options: { sources?: string[]; full?: boolean } = {}): Promise<SyncOutcome> {
    let wake = (): void => undefined
    let woken = new Promise<void>((resolve) => (wake = resolve))
    const watch: Watch = {
      sources: options.sources ?? null,
      baseline: lastRunId,
      runId: null,
      latest: new Map(),
      finished: null,
      wake: () => wake(),
    }
    watches.add(watch)
    try {
      let started: { sources: string[] }
      try {
        started = await apiClient().call('sync:start', options, { quiet: true })
      } catch (error) {
        if (!(error instanceof ApiError)) throw error
        if (error.code !== 'conflict') return { kind: 'refused', error: error.data }
        // Another sync (auto-sync, another window) got there first: show it rather than start one.
        await refreshStatus().catch(() => undefined)
        return { kind: 'busy' }
      }
      watch.sources = started.sources
      for (const id of [...watch.latest.keys()]) if (!started.sources.includes(id)) watch.latest.delete(id)
      if (!watch.finished) {
        running.value = true
        progress.value = started.sources.map((id) => watch.latest.get(id) ?? queuedProgress(id))
      }
      for (;;) {
        const decided = started.sources.map((id) => {
          const latest = watch.latest.get(id)
          return latest ? outcomeOf(latest) : null
        })
        if (decided.every((o) => o !== null)) return { kind: 'ran', sources: decided as SourceOutcome[] }
        const finished = watch.finished
        if (finished) {
          // The run ended before its events said all: the sync log has the rest.
          const log = await runLog(finished.runId)
          return {
            kind: 'ran',
            sources: started.sources.map((id, i) => {
              const entry = log?.sources.find((s) => s.sourceId === id)
              return decided[i] ?? (entry ? outcomeFromLog(entry) : failedWithout(id, finished))
            }),
          }
        }
        await woken
        woken = new Promise<void>((resolve) => (wake = resolve))
      }
    } finally {
      watches.delete(watch)
    }
  }

  /** A finished run's log entry, to learn what its events did not say. */
  async function runLog(runId: number | null): Promise<SyncRunView | null> {
    if (runId === null) return null
    const runs = await apiClient()
      .call('sync:runs', { limit: 20 }, { quiet: true })
      .catch(() => [])
    return runs.find((r) => r.id === runId) ?? null
  }

  async function cancel(): Promise<void> {
    await apiClient().call('sync:cancel')
  }

  return { running, online, unreachable, progress, lastFinished, generation, percent, connect, syncNow, cancel }
})

/** A source the run's end says nothing about: the whole run failed (its worker stopped, say). */
function failedWithout(sourceId: string, finished: SyncFinished): SourceOutcome {
  if (finished.status === 'canceled') return { sourceId, state: 'canceled' }
  return { sourceId, state: 'failed', error: { kind: 'internal', message: finished.error ?? '' } }
}
