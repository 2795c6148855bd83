import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createConnector } from '../../src-main/connectors'
import { openDatabase, type Db } from '../../src-main/db/database'
import { writeNow } from '../../src-main/db/write-turn'
import { reconcileSource, reconciliationHistory } from '../../src-main/reconcile/reconcile'
import type { StartedSandbox } from '../../src-main/sandboxes'
import { KINDS, sandboxSource, syncOnce } from '../helpers/sandbox-sync'

let dir: string
let db: Db
let started: StartedSandbox | null = null
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orderdesk-reconcile-'))
  db = openDatabase(path.join(dir, 'r.db')).db
})
afterEach(async () => {
  await started?.close()
  db.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

describe.each(KINDS)('reconciling a %s source', (kind) => {
  it('matches after a sync, differs when the API holds more, and matches again after a full resync', async () => {
    const fixture = await sandboxSource(db, kind, `r-${kind}`, { orders: 90 })
    started = fixture.started
    const connector = createConnector(fixture.config)
    await syncOnce(db, [fixture.config])
    const first = await reconcileSource(db, writeNow, fixture.config, connector)
    expect(first.error).toBeNull()
    expect(first.lines.length).toBeGreaterThan(0)
    expect(first.lines.filter((l) => !l.match)).toEqual([])
    expect(first.matches).toBe(true)

    // The API now holds orders the cache has not seen.
    if (kind === 'course') {
      const pending = started.sandbox.truth().filter((t) => t.status === 'pending')
      for (const p of pending.slice(0, 3)) started.sandbox.pay(p.remote_id, Date.now() - 2 * 3600_000)
    } else {
      const added = started.sandbox.addOrders(5)
      if (kind === 'pingpp')
        for (const id of added) if (started.sandbox.truth().find((t) => t.remote_id === id)?.status === 'pending') started.sandbox.pay(id)
    }
    const second = await reconcileSource(db, writeNow, fixture.config, connector)
    expect(second.matches).toBe(false)
    expect(second.lines.some((l) => l.remote > l.local)).toBe(true)

    await syncOnce(db, [fixture.config], { full: true })
    const third = await reconcileSource(db, writeNow, fixture.config, connector)
    expect(third.matches).toBe(true)

    const history = reconciliationHistory(db, fixture.config.id)
    expect(history.map((h) => h.matches)).toEqual([true, false, true])
  })
})
