import path from 'node:path'
import Database from 'better-sqlite3'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { integrityCheck } from '../../src-main/db/database'
import { createConnector } from '../../src-main/connectors'
import type { Connector, ListPage } from '../../src-main/connectors/types'
import type { SyncOptions, SyncRunResult } from '../../src-main/sync/engine'
import { WRITE_GROUP_ORDERS } from '../../src-main/sync/page-groups'
import type { SourceConfig } from '../../src-main/sources/config'
import { SOURCE_WORKERS, type WorkerEntry } from '../../src-main/shared/worker-entry'
import type { SandboxTruth } from '../../src-main/sandboxes/types'
import { KINDS, cachedTruth, sandboxSource, sortedTruth, syncOnce, syncTestBed, type SyncFixture } from '../helpers/sandbox-sync'

const DAY = 86_400_000
const HOUR = 3_600_000
const bed = syncTestBed('orderdesk-sync-')

async function source(kind: (typeof KINDS)[number], id = `s-${kind}`, options = {}) {
  const fixture = await sandboxSource(bed.db, kind, id, options)
  bed.track(fixture.started)
  return fixture
}

/** Where the tests below write pages: on the sync's thread, or through the writer thread the app uses. */
let writeThread: WorkerEntry | undefined
const sync = (configs: SourceConfig[], options: Partial<SyncOptions> = {}) => syncOnce(bed.db, configs, { writeThread, ...options })

const pick = (truth: SandboxTruth[], test: (t: SandboxTruth) => boolean, what: string): SandboxTruth => {
  const found = truth.find(test)
  if (!found) throw new Error(`the sandbox holds no order that is ${what}`)
  return found
}

/** Each new count of inserted orders the sync reports, and a wait for a count to be reached. */
function insertsSeen() {
  const steps: number[] = []
  const waiting: Array<{ n: number; resolve: () => void }> = []
  const latest = (): number => steps.at(-1) ?? 0
  return {
    steps,
    onProgress(p: { inserted: number }): void {
      if (p.inserted !== latest()) steps.push(p.inserted)
      for (const w of waiting.splice(0))
        if (latest() >= w.n) w.resolve()
        else waiting.push(w)
    },
    reached(n: number): Promise<void> {
      return latest() >= n ? Promise.resolve() : new Promise((resolve) => waiting.push({ n, resolve }))
    },
  }
}

type Pages = AsyncGenerator<ListPage, void, undefined>

/** The sources' real connectors, their listings' pages handed on as `pace` says. */
const pacedConnector =
  (pace: (pages: Pages) => Pages) =>
  (config: SourceConfig): Connector => {
    const real = createConnector(config, { timeoutMs: 1500 })
    return { ...real, pages: (request) => pace(real.pages(request)) }
  }

/** The whole listing fetched first: each next page is there the moment it is asked for. */
async function* allAtOnce(pages: Pages): Pages {
  const all: ListPage[] = []
  for await (const page of pages) all.push(page)
  yield* all
}

/** Each page handed on only once every order before it is written (or after 5 s); `served` gets each page's size. */
async function* afterEachWrite(pages: Pages, written: (n: number) => Promise<void>, served: number[]): Pages {
  let fetched = 0
  for await (const page of pages) {
    let fallback: NodeJS.Timeout | undefined
    await Promise.race([written(fetched), new Promise((resolve) => (fallback = setTimeout(resolve, 5000)))])
    clearTimeout(fallback)
    served.push(page.orders.length + page.skipped.length)
    fetched += page.orders.length + page.skipped.length
    yield page
  }
}

describe.each([
  ["on the sync's thread", undefined],
  ['by the writer thread', SOURCE_WORKERS.syncWriter],
] as const)('pages written %s', (_, thread) => {
  beforeAll(() => {
    writeThread = thread
  })

  // Ping++ orders expire a day after creation: an old pending one can no longer be paid.
  describe.each(['pub', 'appkey', 'course'] as const)('re-checking old pending orders at %s', (kind) => {
    it('an incremental sync catches an order pending for 40 days that was paid since', async () => {
      const { started, config } = await source(kind)
      await sync([config])
      const now = Date.now()
      const later = now + 2 * HOUR
      const unexpired = (t: SandboxTruth): boolean => {
        const row = bed.db.prepare('SELECT expires_at FROM orders WHERE source_id = ? AND remote_id = ?').get(config.id, t.remote_id) as {
          expires_at: number | null
        }
        return row.expires_at === null || row.expires_at > later
      }
      const oldPending = pick(
        started.sandbox.truth(),
        (t) => t.status === 'pending' && t.created_at < now - 40 * DAY && unexpired(t),
        'pending for 40 days and not expired',
      )
      started.sandbox.pay(oldPending.remote_id)
      const second = await sync([config], { now: () => Date.now() + 2 * HOUR })
      expect(second.sources[0]).toMatchObject({ mode: 'incremental', status: 'ok' })
      const row = bed.db.prepare('SELECT status FROM orders WHERE source_id = ? AND remote_id = ?').get(config.id, oldPending.remote_id)
      expect(row).toEqual({ status: 'paid' })
    })
  })

  describe.each(KINDS)('sync against the %s sandbox', (kind) => {
    describe('a first sync, then an incremental one after changes of every sort', () => {
      let started: SyncFixture['started']
      let config: SourceConfig
      let first: SyncRunResult
      beforeEach(async () => {
        ;({ started, config } = await source(kind))
        first = await sync([config])
      })

      it('the first sync reads every order in full, and the cache equals the sandbox', () => {
        expect(first.status).toBe('ok')
        expect(first.sources[0]).toMatchObject({ mode: 'full', status: 'ok', skipped: 0, updated: 0 })
        expect(cachedTruth(bed.db, config.id)).toEqual(sortedTruth(started))
      })

      describe('the incremental sync', () => {
        let second: SyncRunResult
        let added: string[]
        let refundedId: string | null
        beforeEach(async () => {
          const now = Date.now()
          const truth = started.sandbox.truth()
          // Changes of every sort: new orders, pending→paid inside the window, refunds.
          added = started.sandbox.addOrders(3)
          const recentPending = pick(truth, (t) => t.status === 'pending' && t.created_at > now - 20 * DAY, 'pending and recent')
          started.sandbox.pay(recentPending.remote_id)
          refundedId = null
          if (kind !== 'course') {
            const paid = pick(truth, (t) => t.status === 'paid' && t.paid > 0 && t.created_at > now - 20 * DAY, 'paid and recent')
            started.sandbox.refund(paid.remote_id)
            refundedId = paid.remote_id
          }
          // Single re-checks (course) are due an hour after any sync last read an order.
          second = await sync([config], { now: () => Date.now() + 2 * HOUR })
        })

        it('picks up every change: the new orders, the paid and the refunded, and the cache equals the sandbox', () => {
          expect(second.sources[0]).toMatchObject({ mode: 'incremental', status: 'ok' })
          expect(second.sources[0].inserted).toBe(added.length)
          expect(second.sources[0].updated).toBeGreaterThanOrEqual(refundedId ? 2 : 1)
          expect(cachedTruth(bed.db, config.id)).toEqual(sortedTruth(started))
        })

        it('counts no order twice and leaves the database intact', () => {
          const dupes = bed.db.prepare('SELECT remote_id, count(*) n FROM orders GROUP BY source_id, remote_id HAVING n > 1').all()
          expect(dupes).toEqual([])
          expect(integrityCheck(bed.db)).toBe('ok')
        })
      })
    })

    describe('a full sync after a 100-day-old order changed and another stopped being listed', () => {
      let started: SyncFixture['started']
      let config: SourceConfig
      let old: SandboxTruth
      let hidden: SandboxTruth
      let full: SyncRunResult
      beforeEach(async () => {
        ;({ started, config } = await source(kind))
        await sync([config])
        const now = Date.now()
        const truth = started.sandbox.truth()
        old =
          kind === 'course'
            ? pick(truth, (t) => t.status === 'pending' && t.created_at < now - 90 * DAY, 'pending and 90+ days old')
            : pick(truth, (t) => t.status === 'paid' && t.paid > 0 && t.created_at < now - 90 * DAY, 'paid and 90+ days old')
        if (kind === 'course') started.sandbox.pay(old.remote_id)
        else started.sandbox.refund(old.remote_id)
        hidden = truth.find((t) => t.remote_id !== old.remote_id)!
        started.sandbox.hide(hidden.remote_id)
        full = await sync([config], { full: true })
      })

      it('catches the change on the old order, and the cache equals the sandbox', () => {
        expect(full.sources[0]).toMatchObject({ mode: 'full', status: 'ok' })
        const theOld = (orders: SandboxTruth[]) => orders.filter((t) => t.remote_id === old.remote_id)
        expect(theOld(cachedTruth(bed.db, config.id))).toEqual(theOld(sortedTruth(started)))
        expect(cachedTruth(bed.db, config.id)).toEqual(sortedTruth(started))
      })

      it('flags the order the API stopped listing, and keeps it', () => {
        expect(full.sources[0]).toMatchObject({ flaggedMissing: 1 })
        const flagged = bed.db
          .prepare('SELECT missing_since FROM orders WHERE source_id = ? AND remote_id = ?')
          .get(config.id, hidden.remote_id) as {
          missing_since: number | null
        }
        expect(flagged.missing_since).not.toBeNull() // kept, flagged, never deleted
      })
    })

    describe('a sync through injected faults and one bad record', () => {
      let started: SyncFixture['started']
      let config: SourceConfig
      let result: SyncRunResult
      beforeEach(async () => {
        ;({ started, config } = await source(kind, `f-${kind}`, { maxPageSize: 10 }))
        const faults = [
          { type: 'status', status: 429, retryAfterSeconds: 0 },
          { type: 'status', status: 503 },
          { type: 'malformed' },
          { type: 'truncated' },
          { type: 'drop' },
          { type: 'timeout' },
          { type: 'bad_record' },
        ] as const
        // The bad record comes with the first page: the one request every listing reads whatever it asks beside it.
        faults.forEach((fault, i) => started.server.arm({ fault, after: fault.type === 'bad_record' ? 0 : i * 2 + 1 }))
        result = await sync([config])
      }, 60_000)

      it('completes with exact data', () => {
        expect(result.sources[0]).toMatchObject({ status: 'ok', error: null })
        expect(cachedTruth(bed.db, config.id)).toEqual(sortedTruth(started))
      })

      it('skips the bad record and logs it with its reason and raw text', () => {
        expect(result.sources[0]).toMatchObject({ skipped: 1 })
        const skipped = bed.db.prepare('SELECT reason, raw FROM skipped_records WHERE source_id = ?').all(config.id) as Array<{
          reason: string
          raw: string
        }>
        expect(skipped).toHaveLength(1)
        expect(skipped[0].reason).not.toBe('')
        expect(JSON.parse(skipped[0].raw)).toBeTruthy()
      })
    })
  })

  describe('sync across sources', () => {
    describe('one source failing (a wrong token) beside one that works', () => {
      let good: SyncFixture
      let result: SyncRunResult
      beforeEach(async () => {
        good = await source('pub', 'good')
        const bad = await source('appkey', 'bad')
        const badConfig = { ...bad.config, token: 'wrong-token' }
        result = await sync([good.config, badConfig])
      })

      it('does not stop the other: it syncs in full', () => {
        expect(result.sources[0]).toMatchObject({ sourceId: 'good', status: 'ok' })
        expect(cachedTruth(bed.db, 'good')).toEqual(sortedTruth(good.started))
      })

      it('fails with an authentication error and inserts nothing', () => {
        expect(result.sources[1]).toMatchObject({ sourceId: 'bad', status: 'failed', inserted: 0 })
        expect(result.sources[1].error?.kind).toBe('auth')
      })

      it("records its error in the source's sync state", () => {
        const state = bed.db.prepare('SELECT last_error FROM sync_state WHERE source_id = ?').get('bad') as { last_error: string }
        expect(JSON.parse(state.last_error).kind).toBe('auth')
      })

      it('ends the run, and its record, as partial', () => {
        expect(result.status).toBe('partial')
        const run = bed.db.prepare('SELECT status FROM sync_runs WHERE id = ?').get(result.runId)
        expect(run).toEqual({ status: 'partial' })
      })
    })

    it('keeps two sources of one kind with overlapping remote ids apart', async () => {
      const a = await source('pub', 'pub-a', { seed: 11 })
      const b = await source('pub', 'pub-b', { seed: 22 })
      await sync([a.config, b.config])
      const overlap = bed.db
        .prepare('SELECT count(*) AS n FROM orders x JOIN orders y ON x.remote_id = y.remote_id AND x.source_id = ? AND y.source_id = ?')
        .get('pub-a', 'pub-b') as { n: number }
      expect(overlap.n).toBeGreaterThan(0)
      expect(cachedTruth(bed.db, 'pub-a')).toEqual(sortedTruth(a.started))
      expect(cachedTruth(bed.db, 'pub-b')).toEqual(sortedTruth(b.started))
    })

    it('never runs two syncs of one source at once: the second refuses clearly, no duplicates', async () => {
      const { started, config } = await source('pingpp', 'pp', { orders: 200 })
      const [x, y] = await Promise.all([sync([config]), sync([config])])
      const outcomes = [x.sources[0], y.sources[0]]
      expect(outcomes.filter((o) => o.status === 'ok')).toHaveLength(1)
      const refused = outcomes.find((o) => o.status === 'failed')!
      expect(refused.error).toMatchObject({ kind: 'busy', message: expect.stringMatching(/already being synced/) })
      expect(cachedTruth(bed.db, 'pp')).toEqual(sortedTruth(started))
    })

    // The connector's listing is paced by the test, not by the network: whether the next page
    // comes within WRITE_BATCH_MS is decided here, whatever the machine's load.
    describe('write groups', () => {
      it(`while each next page is ready at once, writes pages in groups of up to ${WRITE_GROUP_ORDERS} orders`, async () => {
        const fast = await source('pub', 'fast', { orders: WRITE_GROUP_ORDERS + 1000 })
        const inserts = insertsSeen()
        const first = await sync([{ ...fast.config, pageSize: 100 }], {
          connectorFor: pacedConnector((pages) => allAtOnce(pages)),
          onProgress: inserts.onProgress,
        })
        expect(first.sources[0]).toMatchObject({ status: 'ok', pages: 60, inserted: WRITE_GROUP_ORDERS + 1000 })
        // 60 pages, in two transactions: a full group, then the rest.
        expect(inserts.steps).toEqual([WRITE_GROUP_ORDERS, WRITE_GROUP_ORDERS + 1000])
        expect(inserts.steps.length).toBeLessThanOrEqual(6)
        for (const [i, n] of inserts.steps.entries()) expect(n - (inserts.steps[i - 1] ?? 0)).toBeLessThanOrEqual(WRITE_GROUP_ORDERS)
        expect(cachedTruth(bed.db, 'fast')).toEqual(sortedTruth(fast.started))
      })

      it('while the next page is slow to come, writes each page before it', async () => {
        // One request at a time: pages that come one after another.
        const slow = await source('course', 'slow', { seed: 5, orders: 120 })
        const slowConfig = { ...slow.config, pageSize: 30, concurrency: 1 }
        const inserts = insertsSeen()
        const served: number[] = []
        const result = await sync([slowConfig], {
          // The next page comes only once every order before it is written (or after 5 s, so
          // that an engine waiting for the page fails the assertions below instead of hanging).
          connectorFor: pacedConnector((pages) => afterEachWrite(pages, inserts.reached, served)),
          onProgress: inserts.onProgress,
        })
        expect(result.sources[0]).toMatchObject({ status: 'ok', inserted: 120 })
        // Every page was written before the next one came: the orders showed as they arrived, a page at a time.
        expect(inserts.steps.at(-1)).toBe(120)
        expect(inserts.steps.length).toBeGreaterThanOrEqual(4)
        for (const [i, n] of inserts.steps.entries()) expect(n - (inserts.steps[i - 1] ?? 0)).toBeLessThanOrEqual(30)
        expect(inserts.steps.map((n, i) => n - (inserts.steps[i - 1] ?? 0))).toEqual(served.filter((n) => n > 0))
        expect(cachedTruth(bed.db, 'slow')).toEqual(sortedTruth(slow.started))
      })
    })

    describe('a sync canceled after its third page', () => {
      let started: SyncFixture['started']
      let config: SourceConfig
      let canceled: SyncRunResult
      let kept: number
      beforeEach(async () => {
        ;({ started, config } = await source('pingpp', 'pp2', { orders: 300 }))
        const controller = new AbortController()
        canceled = await sync([config], {
          signal: controller.signal,
          onProgress: (p) => p.pages === 3 && controller.abort(),
        })
        kept = (bed.db.prepare('SELECT count(*) AS n FROM orders').get() as { n: number }).n
      })

      it('ends canceled', () => {
        expect(canceled.status).toBe('canceled')
      })

      it('keeps the orders committed before the cancel, and only part of the listing', () => {
        expect(kept).toBeGreaterThan(0)
        expect(kept).toBeLessThan(300)
      })

      it('keeps the run and its cursor to resume from', () => {
        const state = bed.db.prepare('SELECT run_mode, run_cursor FROM sync_state WHERE source_id = ?').get('pp2') as {
          run_mode: string
          run_cursor: string
        }
        expect(state.run_mode).toBe('full')
        expect(state.run_cursor).not.toBeNull()
      })

      it('the next run resumes after the orders kept, completing the cache', async () => {
        const resumed = await sync([config])
        expect(resumed.sources[0].fetched).toBe(300 - kept)
        expect(resumed.sources[0].inserted).toBe(300 - kept)
        expect(cachedTruth(bed.db, 'pp2')).toEqual(sortedTruth(started))
      })
    })
  })
})

describe('the writer thread', () => {
  describe('held up by another connection from the first page', () => {
    let started: SyncFixture['started']
    let result: SyncRunResult
    let steps: number[]
    let fetchedWhileHeld: number
    let insertedWhileHeld: number[]
    beforeEach(async () => {
      let config: SourceConfig
      ;({ started, config } = await source('pub', 'held', { orders: 9000 }))
      // Another connection holds the database from the first page until the group behind the one
      // waiting in the writer is gathered (here: the rest of the listing): the sync's thread must
      // fetch on without writing (a write of its own would block here until the timeout).
      // The pages come at once, so the first group is a full one, whatever the machine's load;
      // the hold also ends after 3 s, so that an engine that stops fetching fails, not hangs.
      const other = new Database(path.join(bed.dir, 'sync.db'))
      let holding = false
      let fallback: NodeJS.Timeout | undefined
      const release = (): void => {
        if (!holding) return
        clearTimeout(fallback)
        other.exec('COMMIT')
        holding = false
      }
      steps = []
      fetchedWhileHeld = 0
      insertedWhileHeld = []
      result = await syncOnce(bed.db, [{ ...config, pageSize: 100 }], {
        writeThread: SOURCE_WORKERS.syncWriter,
        connectorFor: pacedConnector((pages) => allAtOnce(pages)),
        onProgress: (p) => {
          if (p.inserted !== (steps.at(-1) ?? 0)) steps.push(p.inserted)
          if (p.pages === 1 && !holding && !other.inTransaction) {
            other.exec('BEGIN IMMEDIATE')
            holding = true
            fallback = setTimeout(release, 3000)
          }
          if (holding) {
            insertedWhileHeld.push(p.inserted)
            fetchedWhileHeld = p.fetched
            if (p.fetched >= Math.min(2 * WRITE_GROUP_ORDERS, 9000)) release()
          }
        },
      })
      release()
      other.close()
    })

    it('fetches on meanwhile, a group ahead of the one waiting', () => {
      expect(fetchedWhileHeld).toBeGreaterThan(WRITE_GROUP_ORDERS)
    })

    it("writes nothing on the sync's thread meanwhile", () => {
      expect(insertedWhileHeld.length).toBeGreaterThan(0)
      expect(insertedWhileHeld.filter((n) => n !== 0)).toEqual([])
    })

    it(`completes the cache once let go, in groups of at most ${WRITE_GROUP_ORDERS} orders`, () => {
      expect(result.sources[0]).toMatchObject({ status: 'ok', inserted: 9000 })
      const groups = steps.map((n, i) => n - (steps[i - 1] ?? 0))
      for (const g of groups) expect(g).toBeLessThanOrEqual(WRITE_GROUP_ORDERS)
      expect(cachedTruth(bed.db, 'held')).toEqual(sortedTruth(started))
    })
  })

  describe('a group that fails to write', () => {
    let started: SyncFixture['started']
    let config: SourceConfig
    let listed: SandboxTruth[]
    let failed: SyncRunResult
    let kept: number
    beforeEach(async () => {
      ;({ started, config } = await source('pub', 'broken-group', { orders: 6000 }))
      listed = sortedTruth(started)
      // One order in the middle cannot be written: its whole group is rolled back.
      const victim = listed[Math.floor(listed.length / 2)].remote_id
      bed.db.exec(
        `CREATE TRIGGER refuse_one BEFORE INSERT ON orders WHEN new.remote_id = '${victim}' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`,
      )
      failed = await syncOnce(bed.db, [{ ...config, pageSize: 100 }], { writeThread: SOURCE_WORKERS.syncWriter })
      kept = bed.db.prepare("SELECT count(*) FROM orders WHERE source_id = 'broken-group'").pluck().get() as number
    })

    it('stops the sync with its reason', () => {
      expect(failed.sources[0]).toMatchObject({ status: 'failed', error: { message: expect.stringMatching(/refused by the test/) } })
    })

    it('keeps the groups written before it, and the run to resume', () => {
      expect(kept).toBe(failed.sources[0].inserted)
      expect(kept).toBeLessThan(6000)
      const state = bed.db.prepare("SELECT run_mode, run_cursor FROM sync_state WHERE source_id = 'broken-group'").get() as {
        run_mode: string
        run_cursor: string | null
      }
      expect(state.run_mode).toBe('full')
    })

    it('leaves the cursor after the last group written: the next run completes the cache', async () => {
      bed.db.exec('DROP TRIGGER refuse_one')
      // Resumed from the cursor saved with the last group written: had it been saved past pages
      // that were not, their orders would be missing now.
      const resumed = await syncOnce(bed.db, [config], { writeThread: SOURCE_WORKERS.syncWriter })
      expect(resumed.sources[0]).toMatchObject({ status: 'ok', inserted: 6000 - kept })
      expect(cachedTruth(bed.db, 'broken-group')).toEqual(listed)
      expect(integrityCheck(bed.db)).toBe('ok')
    })
  })

  describe('when it cannot run', () => {
    let started: SyncFixture['started']
    let config: SourceConfig
    let failed: SyncRunResult
    beforeEach(async () => {
      ;({ started, config } = await source('pub', 'wt'))
      const broken = { url: new URL('./no-such-writer.ts', import.meta.url), execArgv: ['--import', 'tsx'] }
      failed = await syncOnce(bed.db, [config], { writeThread: broken })
    })

    it('fails the sync with its reason, leaving the database intact', () => {
      expect(failed.status).toBe('failed')
      expect(failed.sources[0].error?.message).toMatch(/no-such-writer|writer thread/)
      expect(integrityCheck(bed.db)).toBe('ok')
    })

    it('the next run, with a writer thread that runs, completes', async () => {
      const again = await syncOnce(bed.db, [config], { writeThread: SOURCE_WORKERS.syncWriter })
      expect(again.status).toBe('ok')
      expect(cachedTruth(bed.db, 'wt')).toEqual(sortedTruth(started))
    })
  })
})

describe('the source lock and the run state', () => {
  it('another process syncing the source is no failure of it: no backoff, nothing shown failing', async () => {
    const { config } = await source('pub', 'taken')
    bed.db
      .prepare("INSERT INTO sync_state (source_id, lock_owner, lock_expires_at) VALUES ('taken', 'elsewhere:1:x', ?)")
      .run(Date.now() + 60_000)
    const result = await sync([config])
    expect(result.sources[0]).toMatchObject({ status: 'failed', error: { kind: 'busy' } })
    const state = bed.db.prepare("SELECT failures, next_attempt_at, last_error FROM sync_state WHERE source_id = 'taken'").get()
    expect(state).toEqual({ failures: 0, next_attempt_at: null, last_error: null })
  })

  it('stops, without ending the other run’s state, when its lock was taken over while it wrote nothing', async () => {
    const { started, config } = await source('pub', 'lost', { orders: 300 })
    started.server.arm({ fault: { type: 'latency', ms: 150 }, times: Infinity })
    let taken = false
    const result = await sync([{ ...config, pageSize: 10, concurrency: 1 }], {
      onProgress: (p) => {
        if (taken || p.pages < 2) return
        taken = true
        // As if its lease had run out and another process had taken the source over.
        bed.db.prepare("UPDATE sync_state SET lock_owner = 'elsewhere:1:y', run_cursor = 'theirs' WHERE source_id = 'lost'").run()
      },
    })
    expect(result.sources[0]).toMatchObject({ status: 'failed', error: { kind: 'busy', message: expect.stringMatching(/taken over/) } })
    const state = bed.db.prepare("SELECT lock_owner, run_cursor FROM sync_state WHERE source_id = 'lost'").get()
    expect(state).toEqual({ lock_owner: 'elsewhere:1:y', run_cursor: 'theirs' })
  })

  it('a full sync killed after its last page was written finishes without listing again', async () => {
    const { started, config } = await source('pub', 'done-listing', { orders: 100 })
    await sync([config])
    // As a full run killed right after writing its last group leaves it.
    bed.db
      .prepare("UPDATE sync_state SET run_mode = 'full', run_cursor = 'listed', run_started_at = ? WHERE source_id = 'done-listing'")
      .run(Date.now() - 1000)
    started.server.requestCounts.clear()
    const resumed = await sync([config])
    expect(resumed.sources[0]).toMatchObject({ mode: 'full', status: 'ok', requests: 0 })
    expect(started.server.requestCounts.size).toBe(0)
  })
})
