import fs from 'node:fs'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { createConnector } from '../connectors'
import { openDatabase, type Db } from '../db/database'
import type { ArmedFault } from '../sandboxes/server'
import { sourceConfigSchema, SOURCE_KINDS, type SourceConfig, type SourceKind } from '../sources/config'
import { SourceStore } from '../sources/store'
import { SOURCE_WORKERS } from '../shared/worker-entry'
import { runSync, type SyncRunResult } from '../sync/engine'
import { DEFAULT_MAX_IN_FLIGHT, DEFAULT_REQUEST_POLICY } from '../sync/request-gate'
import { SandboxHost } from './hosted-sandboxes'
import { ListingProbe, type ListingParts } from './listing-probe'
import type { RequestCounts } from './sandbox-host'

/** One request in `every` answered 429 with a Retry-After of `retryAfterSeconds`: a vendor's rate limit at 5 %. */
export const RATE_LIMIT = { every: 20, retryAfterSeconds: 1 } as const

const RATE_LIMIT_FAULT: ArmedFault = {
  fault: { type: 'status', status: 429, retryAfterSeconds: RATE_LIMIT.retryAfterSeconds },
  times: Infinity,
  every: RATE_LIMIT.every,
}

export interface RemoteOptions {
  /** Orders each kind's sandbox holds. */
  perKind: number
  /** What every request waits before it is answered. */
  latencyMs: number
  /** Where the databases go (each removed after its runs). */
  dir: string
  log?: (message: string) => void
}

/** One sync run of one or more sources against the remote sandboxes. */
export interface RunFigures {
  /** Requests the sandboxes received (retries and answered faults included): what the vendor sees. */
  requests: number
  seconds: number
  /** The time the requests take at the latency if nothing else held them: requests × latency ÷ concurrency. */
  ideal_s: number
  /** seconds ÷ ideal_s. */
  ratio: number
  /** Where the time went: what a request really took, how many were in flight, the waits on writes. */
  parts: ListingParts
}

export interface KindFigures {
  first: RunFigures & { orders: number }
  incremental: RunFigures & { share_of_first: number; rechecked: number }
  first_429: RunFigures & RateLimitFigures
  incremental_429: RunFigures & RateLimitFigures & { share_of_first: number }
}

interface RateLimitFigures {
  /** Requests answered 429 (every RATE_LIMIT.every-th the sandbox received). */
  rate_limited: number
  /** The waits those answers asked for: rate_limited × Retry-After. */
  asked_wait_s: number
}

export interface RemoteFigures {
  orders_per_kind: number
  latency_ms: number
  /** Requests each source keeps in flight by the app's own settings. */
  concurrency: number
  pub: KindFigures
  appkey: KindFigures
  pingpp: KindFigures
  course: KindFigures
  together: {
    first: RunFigures & { by_kind: Record<SourceKind, { requests: number; seconds: number }> }
    incremental: RunFigures & { by_kind: Record<SourceKind, { requests: number; seconds: number }> }
  }
}

/**
 * The shortest time `requests` (by source) can take at `latencyMs` a request: each source has at
 * most its concurrency in flight, and the whole run at most `maxInFlight`.
 */
export function idealSeconds(
  requests: ReadonlyArray<{ requests: number; concurrency: number }>,
  latencyMs: number,
  maxInFlight: number = DEFAULT_MAX_IN_FLIGHT,
): number {
  const bySource = Math.max(0, ...requests.map((r) => (r.requests * latencyMs) / r.concurrency))
  const all = (requests.reduce((n, r) => n + r.requests, 0) * latencyMs) / maxInFlight
  return Math.max(bySource, all) / 1000
}

/** Requests each kind received between two readings of the sandboxes' counts. */
export function requestsBetween(
  before: Record<SourceKind, RequestCounts>,
  after: Record<SourceKind, RequestCounts>,
): Record<SourceKind, number> {
  const total = (counts: RequestCounts | undefined): number => Object.values(counts ?? {}).reduce((n, c) => n + c, 0)
  return Object.fromEntries(SOURCE_KINDS.map((kind) => [kind, total(after[kind]) - total(before[kind])])) as Record<SourceKind, number>
}

const round = (value: number, digits: number): number => Math.round(value * 10 ** digits) / 10 ** digits

/** A run's figures from what the sandboxes counted and how long it took. */
export function runFigures(
  requests: ReadonlyArray<{ requests: number; concurrency: number }>,
  seconds: number,
  latencyMs: number,
): Omit<RunFigures, 'parts'> {
  const ideal = idealSeconds(requests, latencyMs)
  return {
    requests: requests.reduce((n, r) => n + r.requests, 0),
    seconds: round(seconds, 2),
    ideal_s: round(ideal, 2),
    ratio: ideal > 0 ? round(seconds / ideal, 2) : 0,
  }
}

/**
 * The "remote" section: the sandboxes in their own process answer every request after
 * `latencyMs`, as a vendor's API across the internet; the sync runs by the app's own settings
 * (runSync's defaults, pages written by the writer thread). For each kind alone, in a new
 * database: a first sync, then a no-change incremental sync; then the same pair with one request
 * in 20 answered 429 + Retry-After. Then all four kinds together, a first and a no-change
 * incremental sync.
 */
export async function benchRemoteSync(options: RemoteOptions): Promise<RemoteFigures> {
  const log = options.log ?? (() => undefined)
  const host = await SandboxHost.start({ perKind: options.perKind, latencyMs: options.latencyMs })
  try {
    const configs = new Map(
      host.sandboxes.map((s) => [
        s.kind,
        sourceConfigSchema.parse({ id: `remote-${s.kind}`, name: `remote ${s.kind}`, kind: s.kind, baseUrl: s.url, ...s.credentials }),
      ]),
    )
    const concurrencyOf = (config: SourceConfig): number => config.concurrency ?? DEFAULT_REQUEST_POLICY.concurrency
    let run = 0
    /** One sync run of `sources` into `db`, each source expected in `mode`; the requests the sandboxes saw, by kind. */
    const measure = async (db: Db, sources: SourceConfig[], mode: 'full' | 'incremental', rateLimited: boolean) => {
      await host.clearFaults()
      // Armed anew for each run: its count starts at the run's first request.
      if (rateLimited) await host.arm(RATE_LIMIT_FAULT)
      const before = await host.counts()
      const t0 = performance.now()
      const probe = new ListingProbe()
      const result = await runSync({
        db,
        sources,
        connectorFor: (c) => probe.watch(createConnector(c)),
        trigger: 'manual',
        // As the app's sync worker runs it: pages written by a thread of their own.
        writeThread: SOURCE_WORKERS.syncWriter,
      })
      const seconds = (performance.now() - t0) / 1000
      const parts = probe.parts()
      const requests = requestsBetween(before, await host.counts())
      await host.clearFaults()
      checkRun(result, mode)
      run++
      const figures = {
        ...runFigures(
          sources.map((s) => ({ requests: requests[s.kind], concurrency: concurrencyOf(s) })),
          seconds,
          options.latencyMs,
        ),
        parts,
      }
      log(`  run ${run}: ${sources.map((s) => s.kind).join('+')} ${mode}${rateLimited ? ' (429s)' : ''}: ${JSON.stringify(figures)}`)
      return { figures, requests, result }
    }
    const rateLimits = (requests: number): RateLimitFigures => {
      const limited = Math.floor(requests / RATE_LIMIT.every)
      return { rate_limited: limited, asked_wait_s: limited * RATE_LIMIT.retryAfterSeconds }
    }
    const share = (part: number, whole: number): number => (whole > 0 ? round(part / whole, 3) : 0)

    const kinds = {} as Record<SourceKind, KindFigures>
    for (const kind of SOURCE_KINDS) {
      const config = configs.get(kind)!
      const pair = async (rateLimited: boolean) =>
        withDatabase(path.join(options.dir, `remote-${kind}.db`), [config], async (db) => {
          log(`remote ${kind}${rateLimited ? ` with 1 request in ${RATE_LIMIT.every} answered 429` : ''}`)
          const first = await measure(db, [config], 'full', rateLimited)
          const incremental = await measure(db, [config], 'incremental', rateLimited)
          return { first, incremental }
        })
      const plain = await pair(false)
      const limited = await pair(true)
      kinds[kind] = {
        first: { ...plain.first.figures, orders: synced(plain.first.result) },
        incremental: {
          ...plain.incremental.figures,
          share_of_first: share(plain.incremental.figures.requests, plain.first.figures.requests),
          rechecked: plain.incremental.result.sources[0].rechecked,
        },
        first_429: { ...limited.first.figures, ...rateLimits(limited.first.figures.requests) },
        incremental_429: {
          ...limited.incremental.figures,
          ...rateLimits(limited.incremental.figures.requests),
          share_of_first: share(limited.incremental.figures.requests, limited.first.figures.requests),
        },
      }
    }

    const all = SOURCE_KINDS.map((kind) => configs.get(kind)!)
    const together = await withDatabase(path.join(options.dir, 'remote-together.db'), all, async (db) => {
      log('remote: the four sources together')
      const byKind = (m: Awaited<ReturnType<typeof measure>>) => {
        const seconds = sourceSeconds(db, m.result.runId)
        return Object.fromEntries(
          all.map((c) => [c.kind, { requests: m.requests[c.kind], seconds: round(seconds.get(c.id) ?? 0, 2) }]),
        ) as Record<SourceKind, { requests: number; seconds: number }>
      }
      const first = await measure(db, all, 'full', false)
      const incremental = await measure(db, all, 'incremental', false)
      return {
        first: { ...first.figures, by_kind: byKind(first) },
        incremental: { ...incremental.figures, by_kind: byKind(incremental) },
      }
    })

    return {
      orders_per_kind: options.perKind,
      latency_ms: options.latencyMs,
      concurrency: DEFAULT_REQUEST_POLICY.concurrency,
      ...kinds,
      together,
    }
  } finally {
    await host.close()
  }
}

/** Runs `fn` on a new database at `file` holding `sources`, removed afterwards. */
async function withDatabase<T>(file: string, sources: readonly SourceConfig[], fn: (db: Db) => Promise<T>): Promise<T> {
  const remove = (): void => ['', '-wal', '-shm'].forEach((suffix) => fs.rmSync(`${file}${suffix}`, { force: true }))
  remove()
  const { db } = openDatabase(file)
  try {
    const store = new SourceStore(db)
    for (const source of sources) store.upsert(source, { storeSecrets: false })
    return await fn(db)
  } finally {
    db.close()
    remove()
  }
}

/** A run that failed, or ran another mode than the one measured, would measure something else. */
function checkRun(result: SyncRunResult, mode: 'full' | 'incremental'): void {
  if (result.status !== 'ok') throw new Error(`remote benchmark sync failed: ${JSON.stringify(result.sources.map((s) => s.error))}`)
  const other = result.sources.find((s) => s.mode !== mode)
  if (other) throw new Error(`remote benchmark: ${other.sourceId} ran a ${other.mode} sync where a ${mode} one was measured`)
}

function synced(result: SyncRunResult): number {
  return result.sources.reduce((n, s) => n + s.inserted + s.updated + s.unchanged, 0)
}

/** Each source's time in a run, from its start to its end as the run recorded them, seconds. */
function sourceSeconds(db: Db, runId: number): Map<string, number> {
  const rows = db.prepare('SELECT source_id, started_at, finished_at FROM sync_run_sources WHERE run_id = ?').all(runId) as Array<{
    source_id: string
    started_at: number
    finished_at: number | null
  }>
  return new Map(rows.map((r) => [r.source_id, ((r.finished_at ?? r.started_at) - r.started_at) / 1000]))
}
