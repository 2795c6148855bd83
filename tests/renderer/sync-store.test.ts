// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import type { Bridge, Envelope, EventMap, EventName, SourceView, SyncProgress, SyncRunView } from '../../src-preload/contract'
import { queuedProgress } from '../../src-preload/contract-values'
import { createApiClient, type ApiClient } from '../../src-renderer/src/api/client'
import { useAppStore } from '../../src-renderer/src/stores/app'
import { useSyncStore, type SyncOutcome } from '../../src-renderer/src/stores/sync'

type Answer = (args: unknown) => Envelope<unknown> | Promise<Envelope<unknown>>

/** Main's place: answers per channel, push events on demand, and a record of the calls. */
function fakeMain(answers: Record<string, Answer>) {
  const listeners = new Map<string, Set<(payload: unknown) => void>>()
  const sent: string[] = []
  const bridge: Bridge = {
    invoke: async (channel, args) => {
      sent.push(channel)
      const answer = answers[channel]
      return (answer ? await answer(args) : { ok: false, error: { code: 'not_found', message: `no answer for ${channel}` } }) as never
    },
    on: (event, listener) => {
      const set = listeners.get(event) ?? new Set()
      set.add(listener as (payload: unknown) => void)
      listeners.set(event, set)
      return () => set.delete(listener as (payload: unknown) => void)
    },
  }
  const client: ApiClient = createApiClient(bridge, () => undefined)
  const emit = <E extends EventName>(event: E, payload: EventMap[E]): void => {
    for (const l of listeners.get(event) ?? []) l(payload)
  }
  return { client, emit, sent }
}

const ok = (data: unknown): Envelope<unknown> => ({ ok: true, data })
const idle = (): Envelope<unknown> => ok({ running: false, online: true, unreachable: [], progress: [] })
const AUTH = { kind: 'auth' as const, message: 'authentication failed (HTTP 401): bad token' }

function progress(sourceId: string, runId: number, patch: Partial<SyncProgress> = {}): SyncProgress {
  return { ...queuedProgress(sourceId, runId), phase: 'listing', mode: 'incremental', ...patch }
}

/** Settles pending promise callbacks (the client's awaits) without waiting on time. */
const flush = async (): Promise<void> => {
  for (let i = 0; i < 10; i++) await Promise.resolve()
}

/** Tracks a promise so a test can ask whether it has settled yet. */
function track<T>(promise: Promise<T>): { settled: () => boolean; value: Promise<T> } {
  let done = false
  const value = promise.finally(() => (done = true))
  return { settled: () => done, value }
}

async function connected(answers: Record<string, Answer>) {
  const main = fakeMain({ 'sync:status': idle, 'sources:list': () => ok([]), ...answers })
  const app = useAppStore()
  // The app store reloads the sources after every run: it talks to the same fake main.
  await app.load(main.client).catch(() => undefined)
  const sync = useSyncStore()
  await sync.connect(main.client)
  return { main, sync, app }
}

beforeEach(() => {
  localStorage.clear()
  setActivePinia(createPinia())
})

describe('sync now: each source’s outcome', () => {
  it('a source that fails before its first page comes back failed, with the reason', async () => {
    const { main, sync } = await connected({ 'sync:start': () => ok({ started: true, sources: ['bad'] }) })
    const outcome = track(sync.syncNow({ sources: ['bad'] }))
    await flush()
    main.emit('sync:progress', progress('bad', 5))
    await flush()
    expect(outcome.settled()).toBe(false)
    main.emit('sync:progress', progress('bad', 5, { phase: 'failed', error: AUTH, requests: 1 }))
    expect(await outcome.value).toEqual({ kind: 'ran', sources: [{ sourceId: 'bad', state: 'failed', error: AUTH }] })
  })

  it('is "started" once the first page is in, not while it lists nothing yet', async () => {
    const { main, sync } = await connected({ 'sync:start': () => ok({ started: true, sources: ['a'] }) })
    const outcome = track(sync.syncNow({ sources: ['a'] }))
    await flush()
    main.emit('sync:progress', progress('a', 2, { requests: 3 }))
    await flush()
    expect(outcome.settled()).toBe(false)
    main.emit('sync:progress', progress('a', 2, { pages: 1, fetched: 50 }))
    expect(await outcome.value).toEqual({ kind: 'ran', sources: [{ sourceId: 'a', state: 'started' }] })
  })

  it('says done with its counts, or canceled', async () => {
    const { main, sync } = await connected({
      'sync:start': (args) => ok({ started: true, sources: (args as { sources: string[] }).sources }),
    })
    const done = sync.syncNow({ sources: ['a'] })
    await flush()
    main.emit('sync:progress', progress('a', 3, { phase: 'done', inserted: 4, updated: 2, unchanged: 9, skipped: 1 }))
    expect(await done).toEqual({
      kind: 'ran',
      sources: [{ sourceId: 'a', state: 'done', inserted: 4, updated: 2, unchanged: 9, skipped: 1 }],
    })
    main.emit('sync:finished', { runId: 3, status: 'ok', error: null })

    const canceled = sync.syncNow({ sources: ['b'] })
    await flush()
    main.emit('sync:progress', progress('b', 4, { phase: 'canceled', error: { kind: 'canceled', message: 'sync canceled' } }))
    expect(await canceled).toEqual({ kind: 'ran', sources: [{ sourceId: 'b', state: 'canceled' }] })
  })

  it('takes the events that arrive before main’s answer to the start, and is not left "running" by a run already over', async () => {
    let emitEarly = (): void => undefined
    const { main, sync } = await connected({
      // The browser shell pushes events on another connection: they may overtake the answer.
      'sync:start': () => {
        emitEarly()
        return ok({ started: true, sources: ['bad'] })
      },
    })
    emitEarly = () => {
      main.emit('sync:progress', progress('bad', 8, { phase: 'failed', error: AUTH }))
      main.emit('sync:finished', { runId: 8, status: 'failed', error: null })
    }
    expect(await sync.syncNow({ sources: ['bad'] })).toEqual({ kind: 'ran', sources: [{ sourceId: 'bad', state: 'failed', error: AUTH }] })
    expect(sync.running).toBe(false)
    expect(sync.progress.map((p) => p.phase)).toEqual(['failed'])
  })

  it('reads the sync log for a run that finished before any of its progress arrived', async () => {
    const run: SyncRunView = {
      id: 11,
      trigger: 'manual',
      full: false,
      status: 'partial',
      startedAt: 1,
      finishedAt: 2,
      sources: [
        {
          sourceId: 'a',
          fetched: 5,
          inserted: 5,
          updated: 0,
          unchanged: 0,
          skipped: 0,
          requests: 1,
          rechecked: 0,
          recheckedBy: null,
          notes: [],
          error: null,
        },
        {
          sourceId: 'b',
          fetched: 0,
          inserted: 0,
          updated: 0,
          unchanged: 0,
          skipped: 0,
          requests: 1,
          rechecked: 0,
          recheckedBy: null,
          notes: [],
          error: AUTH,
        },
      ],
    }
    const { main, sync } = await connected({
      'sync:start': () => ok({ started: true, sources: ['a', 'b'] }),
      'sync:runs': () => ok([run]),
    })
    const outcome = sync.syncNow()
    await flush()
    main.emit('sync:finished', { runId: 11, status: 'partial', error: null })
    expect(await outcome).toEqual({
      kind: 'ran',
      sources: [
        { sourceId: 'a', state: 'done', inserted: 5, updated: 0, unchanged: 0, skipped: 0 },
        { sourceId: 'b', state: 'failed', error: AUTH },
      ],
    })
  })

  it('fails every source of a run whose worker stopped before it was logged', async () => {
    const { main, sync } = await connected({ 'sync:start': () => ok({ started: true, sources: ['a', 'b'] }) })
    const outcome = sync.syncNow()
    await flush()
    main.emit('sync:progress', progress('a', 6, { pages: 1 }))
    main.emit('sync:finished', { runId: null, status: 'failed', error: 'the sync worker stopped (exit code 1)' })
    expect(await outcome).toEqual({
      kind: 'ran',
      sources: [
        { sourceId: 'a', state: 'started' },
        { sourceId: 'b', state: 'failed', error: { kind: 'internal', message: 'the sync worker stopped (exit code 1)' } },
      ],
    })
  })

  it('does not take an earlier run’s late events for its own', async () => {
    const { main, sync } = await connected({ 'sync:start': () => ok({ started: true, sources: ['a'] }) })
    main.emit('sync:progress', progress('a', 4, { pages: 2 }))
    const outcome = track(sync.syncNow({ sources: ['a'] }))
    await flush()
    main.emit('sync:progress', progress('a', 4, { phase: 'failed', error: AUTH }))
    main.emit('sync:finished', { runId: 4, status: 'failed', error: null })
    await flush()
    expect(outcome.settled()).toBe(false)
    main.emit('sync:progress', progress('a', 5, { phase: 'done', inserted: 1 }))
    expect((await outcome.value) as SyncOutcome).toMatchObject({ kind: 'ran', sources: [{ sourceId: 'a', state: 'done', inserted: 1 }] })
  })

  it('answers "busy" when a sync is already running, and shows that one', async () => {
    const running = [progress('a', 9, { pages: 3 })]
    let status = idle()
    const { sync } = await connected({
      'sync:status': () => status,
      // Auto-sync got there between the click and the request.
      'sync:start': () => {
        status = ok({ running: true, online: true, unreachable: [], progress: running })
        return { ok: false, error: { code: 'conflict', message: 'a sync is already running; wait for it or cancel it' } }
      },
    })
    expect(sync.running).toBe(false)
    expect(await sync.syncNow({ sources: ['a'] })).toEqual({ kind: 'busy' })
    expect(sync.running).toBe(true)
    expect(sync.progress).toEqual(running)
  })

  it('passes main’s refusal on (nothing to sync)', async () => {
    const { sync } = await connected({
      'sync:start': () => ({ ok: false, error: { code: 'not_found', message: 'no enabled source to sync' } }),
    })
    expect(await sync.syncNow()).toEqual({ kind: 'refused', error: { code: 'not_found', message: 'no enabled source to sync' } })
  })
})

describe('testing a saved source', () => {
  const source = (failures: number): SourceView =>
    ({ id: 'a', name: 'A', failures, lastError: failures ? AUTH : null, nextAttemptAt: null }) as unknown as SourceView

  it('reads the sources again when the test answers, so the failing state goes at once', async () => {
    let failures = 2
    const { app, main } = await connected({
      'sources:list': () => ok([source(failures)]),
      'sources:test': () => {
        failures = 0
        return ok({ ok: true, kind: 'ok', message: 'ok' })
      },
    })
    await app.loadSources()
    expect(app.sources[0].failures).toBe(2)
    expect((await app.testSource('a')).ok).toBe(true)
    expect(app.sources[0].failures).toBe(0)
    expect(main.sent.filter((c) => c === 'sources:list').length).toBe(3)
  })

  it('leaves the list alone when the test fails', async () => {
    const { app, main } = await connected({
      'sources:list': () => ok([source(1)]),
      'sources:test': () => ok({ ok: false, kind: 'auth', message: 'bad token' }),
    })
    const before = main.sent.length
    expect((await app.testSource('a')).ok).toBe(false)
    expect(main.sent.slice(before)).toEqual(['sources:test'])
  })
})
