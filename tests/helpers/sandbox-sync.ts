import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach } from 'vitest'
import { createConnector } from '../../src-main/connectors'
import { openDatabase, type Db } from '../../src-main/db/database'
import { startSandbox, type StartedSandbox } from '../../src-main/sandboxes'
import type { SandboxOptions, SandboxTruth } from '../../src-main/sandboxes/types'
import type { SourceConfig, SourceKind } from '../../src-main/sources/config'
import { SourceStore } from '../../src-main/sources/store'
import { runSync, type SyncOptions } from '../../src-main/sync/engine'

export const KINDS: readonly SourceKind[] = ['pub', 'appkey', 'pingpp', 'course']

/** A new database in a temporary folder for each test of the file, and the sandboxes it tracks closed after it. */
export function syncTestBed(prefix: string): { readonly db: Db; readonly dir: string; track(started: StartedSandbox): StartedSandbox } {
  let dir = ''
  let db: Db | null = null
  let sandboxes: StartedSandbox[] = []
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
    db = openDatabase(path.join(dir, 'sync.db')).db
    sandboxes = []
  })
  afterEach(async () => {
    await Promise.all(sandboxes.map((s) => s.close()))
    db?.close()
    fs.rmSync(dir, { recursive: true, force: true })
  })
  return {
    get db() {
      if (!db) throw new Error('the test bed is used outside a test')
      return db
    },
    get dir() {
      return dir
    },
    track(started) {
      sandboxes.push(started)
      return started
    },
  }
}

/** Fast retries for tests: the faults are injected, the waiting need not be real. */
export const TEST_REQUESTS = { attempts: 6, baseDelayMs: 5, maxDelayMs: 40 }

export interface SyncFixture {
  started: StartedSandbox
  config: SourceConfig
}

export async function sandboxSource(
  db: Db,
  kind: SourceKind,
  id: string,
  options: SandboxOptions = {},
  extra: Record<string, unknown> = {},
): Promise<SyncFixture> {
  const started = await startSandbox(kind, { seed: 7, orders: 120, ...options })
  const config = started.sourceConfig(id, `${kind} 测试`, extra)
  new SourceStore(db).upsert(config, { storeSecrets: false })
  return { started, config }
}

export function syncOnce(db: Db, configs: SourceConfig[], options: Partial<SyncOptions> = {}) {
  return runSync({
    db,
    sources: configs,
    connectorFor: (c) => createConnector(c, { timeoutMs: 1500 }),
    trigger: 'manual',
    requests: TEST_REQUESTS,
    ...options,
  })
}

/** The cache's view of a source, in the sandbox truth's shape, for an exact comparison. */
export function cachedTruth(db: Db, sourceId: string): SandboxTruth[] {
  return db
    .prepare(
      `SELECT remote_id, status, currency, total, due, paid, refunded, created_at, paid_at FROM orders
       WHERE source_id = ? AND missing_since IS NULL ORDER BY remote_id`,
    )
    .all(sourceId) as SandboxTruth[]
}

export function sortedTruth(started: StartedSandbox): SandboxTruth[] {
  return [...started.sandbox.truth()]
    .map((t) => ({
      remote_id: t.remote_id,
      status: t.status,
      currency: t.currency,
      total: t.total,
      due: t.due,
      paid: t.paid,
      refunded: t.refunded,
      created_at: t.created_at,
      paid_at: t.paid_at,
    }))
    .sort((a, b) => (a.remote_id < b.remote_id ? -1 : a.remote_id > b.remote_id ? 1 : 0))
}
