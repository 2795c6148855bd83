import { Worker } from 'node:worker_threads'
import { queuedProgress, type NetworkStatus, type SyncStatus } from '../../src-preload/contract'
import type { EventSink } from '../api/events'
import type { Db } from '../db/database'
import { AppError } from '../shared/app-error'
import type { WorkerEntry } from '../shared/worker-entry'
import type { SourceConfig } from '../sources/config'
import type { SourceStore } from '../sources/store'
import type { SourceProgress, SyncRunResult, SyncTrigger } from './engine'
import { isDue, recordFailure } from './backoff'
import { hasNetworkInterface, networkState, PROBE_INTERVAL_MS, probeSource } from './network'
import type { WorkerReply, WorkerRequest } from './worker'

export type SyncWorkerEntry = WorkerEntry

export interface SyncServiceOptions {
  db: Db
  dbPath: string
  sources: SourceStore
  events: EventSink
  worker: SyncWorkerEntry
  /** The thread that writes a sync's pages while it fetches the next (started by the sync worker). */
  writer: WorkerEntry
  /** How often auto-sync looks for due sources (ms). */
  tickMs?: number
  /** The pause between two probes of the sources' servers (ms). */
  probeMs?: number
  /** Told after each tick of auto-sync: a test awaits ticks that started nothing instead of guessing how long they take. */
  onTick?: () => void
  /** Whether this machine has a network connection (its interfaces, by default). */
  hasInterface?: () => boolean
  /**
   * Told of a run's sources as it starts, before any failure of it is recorded; the function it
   * returns is told how the run ended (null when it ended without a result), after its thread is gone.
   */
  watchRun?: (sourceIds: readonly string[]) => (result: SyncRunResult | null) => void
}

/**
 * The app's sync: one run at a time, in a worker thread, with progress pushed as events.
 * Auto-sync runs each source on its own interval, passes over a source whose server does not
 * answer and pauses while this machine is offline; the probe notices either coming back.
 */
export class SyncService {
  private worker: Worker | null = null
  private progress = new Map<string, SourceProgress>()
  private network: NetworkStatus = { online: true, unreachable: [] }
  /** Sources whose server did not answer: probed by a request, as accepting a connection is not answering. */
  private silent = new Set<string>()
  private probing: Promise<NetworkStatus> | null = null
  private timer: NodeJS.Timeout | null = null
  private probeTimer: NodeJS.Timeout | null = null
  /** Stopped (the app closing): a probe or tick that was waiting reads nothing more. */
  private stopped = false
  /** Turns asked of the running sync and not yet given, by id: each starts its writes. */
  private turnsAsked = new Map<number, () => void>()
  private lastTurnId = 0

  constructor(private readonly options: SyncServiceOptions) {}

  /**
   * Runs `fn`, synchronous writes on the app's connection, in a turn with a running sync's
   * writer thread. The writer commits group after group, and SQLite's busy wait only polls:
   * a write beside it could block this process for seconds, or fail past its timeout. Asked
   * for a turn, the sync pauses its writer once the group it is writing is committed, and
   * this process waits without blocking. With no sync running `fn` runs at once.
   */
  async writeTurn<T>(fn: () => T): Promise<T> {
    const worker = this.worker
    if (!worker) return fn()
    const id = ++this.lastTurnId
    await new Promise<void>((resolve) => {
      this.turnsAsked.set(id, resolve)
      worker.postMessage({ type: 'turn', id } satisfies WorkerRequest)
    })
    try {
      return fn()
    } finally {
      if (this.worker === worker) worker.postMessage({ type: 'turn-end', id } satisfies WorkerRequest)
    }
  }

  /** The sync is over: whatever waits for a turn goes on, nothing competes with it now. */
  private giveAskedTurns(): void {
    for (const give of this.turnsAsked.values()) give()
    this.turnsAsked.clear()
  }

  status(): SyncStatus {
    return { running: this.worker !== null, ...this.network, progress: [...this.progress.values()] }
  }

  /** Starts a run now; refuses while one is running. Resolves when the run has started. */
  start(request: { sources?: string[]; full?: boolean; trigger: SyncTrigger }): { started: true; sources: string[] } {
    if (this.worker) throw new AppError('conflict', 'a sync is already running; wait for it or cancel it')
    const views = this.options.sources.listViews()
    const ids = request.sources?.length ? request.sources : views.filter((v) => v.enabled).map((v) => v.id)
    for (const id of ids) if (!views.some((v) => v.id === id)) throw new AppError('not_found', `no source with id "${id}"`)
    if (ids.length === 0) throw new AppError('not_found', 'no enabled source to sync')
    const ended = this.options.watchRun?.(ids)
    const configs = this.usableConfigs(ids, request.sources?.length === 1)
    const worker = new Worker(this.options.worker.url, { execArgv: this.options.worker.execArgv })
    this.worker = worker
    this.progress = new Map(configs.map((c) => [c.id, queuedProgress(c.id)]))
    const finish = (result: SyncRunResult | null = null): void => {
      if (this.worker !== worker) return
      this.worker = null
      void worker.terminate()
      this.giveAskedTurns()
      try {
        ended?.(result)
      } catch (error) {
        // What the run told is lost, not the run: its orders and its log are written.
        console.error('OrderDesk: telling what the sync brought failed:', error)
      }
    }
    worker.on('message', (reply: WorkerReply) => {
      if (reply.type === 'turn') {
        this.turnsAsked.get(reply.id)?.()
        this.turnsAsked.delete(reply.id)
      } else if (reply.type === 'progress') {
        this.progress.set(reply.progress.sourceId, reply.progress)
        this.options.events.emit('sync:progress', reply.progress)
        const { phase, error, sourceId } = reply.progress
        if (phase === 'done') this.noteReach(sourceId, true)
        else if (phase === 'failed' && (error?.kind === 'network' || error?.kind === 'timeout')) this.noteReach(sourceId, false)
      } else if (reply.type === 'done') {
        finish(reply.result)
        this.options.events.emit('sync:finished', { runId: reply.result.runId, status: reply.result.status, error: null })
      } else {
        finish()
        this.options.events.emit('sync:finished', { runId: null, status: 'failed', error: reply.message })
      }
    })
    worker.on('error', (error) => {
      finish()
      this.options.events.emit('sync:finished', { runId: null, status: 'failed', error: error.message })
    })
    worker.on('exit', (code) => {
      // Gone without a word (its 'done' or 'error' would have finished the run first).
      if (this.worker !== worker) return
      finish()
      this.options.events.emit('sync:finished', { runId: null, status: 'failed', error: `the sync worker stopped (exit code ${code})` })
    })
    const writer = { url: this.options.writer.url.href, execArgv: this.options.writer.execArgv }
    worker.postMessage({
      type: 'run',
      dbPath: this.options.dbPath,
      sources: configs,
      trigger: request.trigger,
      full: request.full ?? false,
      writer,
    } satisfies WorkerRequest)
    return { started: true, sources: configs.map((c) => c.id) }
  }

  /**
   * The sources' configs with their credentials. One whose credentials must be entered again
   * cannot sync: named alone, that is the answer; among others it is left out and shown
   * failing, and the rest sync.
   */
  private usableConfigs(ids: readonly string[], alone: boolean): SourceConfig[] {
    const usable: SourceConfig[] = []
    let refused: AppError | null = null
    for (const id of ids) {
      try {
        usable.push(this.options.sources.getConfig(id))
      } catch (error) {
        if (!(error instanceof AppError) || alone) throw error
        refused ??= error
        recordFailure(this.options.db, id, { kind: 'auth', message: error.message }, 0, Date.now())
      }
    }
    if (usable.length === 0 && refused) throw refused
    return usable
  }

  cancel(): { canceled: boolean } {
    if (!this.worker) return { canceled: false }
    this.worker.postMessage({ type: 'cancel' } satisfies WorkerRequest)
    return { canceled: true }
  }

  /**
   * What a request to a source showed: its server answered (whatever it said) or not. Told at
   * once, not at the next probe; a silent one is probed by a request from now on.
   */
  noteReach(sourceId: string, answered: boolean): void {
    if (answered) this.silent.delete(sourceId)
    else this.silent.add(sourceId)
    const unreachable = new Set(this.network.unreachable)
    if (answered) unreachable.delete(sourceId)
    else unreachable.add(sourceId)
    this.announce({ online: answered || this.network.online, unreachable: [...unreachable].sort() })
  }

  /** A source disabled, removed or moved to another address: what was known of its server no longer holds. */
  forgetReach(sourceId: string): void {
    this.silent.delete(sourceId)
    this.announce({ ...this.network, unreachable: this.network.unreachable.filter((id) => id !== sourceId) })
  }

  /** Probes the enabled sources' servers now (after a probe under way); announces a change. Resolves with whether this machine is online. */
  async checkNetwork(): Promise<boolean> {
    const previous = this.probing
    const run = (async () => {
      await previous?.catch(() => undefined)
      return this.probe()
    })()
    this.probing = run
    try {
      return (await run).online
    } finally {
      if (this.probing === run) this.probing = null
    }
  }

  private async probe(): Promise<NetworkStatus> {
    if (this.stopped) return this.network
    const views = this.options.sources.listViews().filter((v) => v.enabled)
    const probes = await Promise.all(
      views.map(async ({ id, baseUrl }) => {
        const answer = this.silent.has(id)
        return { id, baseUrl, answer, reach: await probeSource(baseUrl, { answer }) }
      }),
    )
    const reached = probes.map(({ id, baseUrl, answer, reach }) => {
      if (answer && reach === 'answers') this.silent.delete(id)
      // Found silent while only a connection was opened: that it accepts one does not say it answers.
      return { id, baseUrl, reach: !answer && reach === 'answers' && this.silent.has(id) ? ('silent' as const) : reach }
    })
    const state = networkState(reached, (this.options.hasInterface ?? hasNetworkInterface)())
    state.unreachable.sort()
    this.announce(state)
    return state
  }

  private announce(state: NetworkStatus): void {
    const before = this.network
    this.network = state
    if (before.online !== state.online || before.unreachable.join('\n') !== state.unreachable.join('\n'))
      this.options.events.emit('network:status', state)
  }

  /** Probes the sources' servers every few seconds, so a change shows within seconds. */
  startProbing(): void {
    if (this.probeTimer) return
    const loop = (): void => {
      void this.checkNetwork().finally(() => {
        if (this.probeTimer) this.probeTimer = setTimeout(loop, this.options.probeMs ?? PROBE_INTERVAL_MS)
      })
    }
    this.probeTimer = setTimeout(loop, 0)
  }

  /** Starts the probe and auto-sync; a startup sync runs once the first probe says online. */
  startScheduler(): void {
    this.startProbing()
    let first = true
    const startedAt = Date.now()
    const tick = async (): Promise<void> => {
      const online = await this.checkNetwork()
      if (this.stopped) return
      // A source whose server does not answer waits for the probe to hear it again.
      const views = this.options.sources.listViews().filter((v) => v.enabled && !this.network.unreachable.includes(v.id))
      if (!online || this.worker || views.length === 0) return
      const now = Date.now()
      // At start-up every source is synced, but one backing off from failures waits for its turn, and
      // one synced since the app started (the demo's first sync, say) is not read again until it is due.
      const due = views.filter((v) =>
        first && !(v.lastSuccessAt !== null && v.lastSuccessAt >= startedAt)
          ? v.nextAttemptAt === null || now >= v.nextAttemptAt
          : isDue(v, now),
      )
      if (due.length > 0) {
        try {
          this.start({ sources: due.map((v) => v.id), trigger: first ? 'startup' : 'scheduled' })
        } catch {
          // Nothing to sync right now; the next tick looks again.
        }
      }
      first = false
    }
    const loop = (): void => {
      void tick().finally(() => {
        this.options.onTick?.()
        if (this.timer) this.timer = setTimeout(loop, this.options.tickMs ?? 30_000)
      })
    }
    this.timer = setTimeout(loop, 0)
  }

  async stop(): Promise<void> {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    if (this.probeTimer) clearTimeout(this.probeTimer)
    this.probeTimer = null
    if (this.worker) {
      this.cancel()
      const worker = this.worker
      // Stopped on purpose: not the unannounced exit its 'exit' listener reports.
      this.worker = null
      await worker.terminate()
      this.giveAskedTurns()
    }
  }
}
