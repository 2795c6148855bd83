import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, type Db } from '../../src-main/db/database'
import { scrubStoredSecrets } from '../../src-main/sources/scrub'
import { KeyFileSecretBox } from '../../src-main/sources/secret-box'
import { SourceStore } from '../../src-main/sources/store'
import { writeUnredactedLog } from '../helpers/leaks'

const SHOP = { appKey: 'ak live/秘钥+"9Z', token: 'tok-en/12345+W' }

let dir: string
let db: Db
let store: SourceStore
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orderdesk-scrub-'))
  db = openDatabase(':memory:').db
  store = new SourceStore(db, new KeyFileSecretBox(path.join(dir, 'key')))
  store.save({ id: 'shop', name: '商城', kind: 'appkey', baseUrl: 'http://127.0.0.1:9/api', ...SHOP }, true)
  store.save({ id: 'other', name: '别家', kind: 'pub', baseUrl: 'http://127.0.0.1:9', token: 'other-token' }, true)
})
afterEach(() => {
  db.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('scrubbing credentials from the sync log', () => {
  it('masks them in the rows that hold one, leaving JSON as JSON, and touches no other row', () => {
    writeUnredactedLog(db, 'shop', SHOP)
    // Records with no secret: one whose number no JSON.stringify would write so (rewritten, it
    // would change), one with a token's letters in another case (SQL's LIKE picks it up).
    const clean = '{"id":"o-2","amount":1.50}'
    const alike = `code ${SHOP.token.toUpperCase()}`
    const runId = (db.prepare('SELECT max(id) AS id FROM sync_runs').get() as { id: number }).id
    const skip = db.prepare(
      "INSERT INTO skipped_records (run_id, source_id, remote_id, reason, raw, at) VALUES (?, 'other', 'o-2', ?, ?, 0)",
    )
    skip.run(runId, 'bad', clean)
    skip.run(runId, alike, '{}')
    db.exec(`CREATE TEMP TABLE written (tbl TEXT);
      CREATE TEMP TRIGGER w1 AFTER UPDATE ON skipped_records BEGIN INSERT INTO written VALUES ('skipped_records'); END;
      CREATE TEMP TRIGGER w2 AFTER UPDATE ON sync_state BEGIN INSERT INTO written VALUES ('sync_state'); END;`)

    expect(scrubStoredSecrets(db, store)).toBe(5)

    const skipped = db.prepare('SELECT remote_id, reason, raw FROM skipped_records ORDER BY id').all() as Array<Record<string, string>>
    expect(skipped).toHaveLength(4)
    expect(skipped[0]).toEqual({
      remote_id: '••••+"9Z-1',
      reason: 'amount "free" is not a number (order of ••••+"9Z)',
      raw: JSON.stringify({ id: '••••+"9Z-1', appKey: '••••+"9Z', productName: 'paid with ••••45+W', amount: 'free' }),
    })
    expect(JSON.parse(skipped[1].raw)).toEqual({ id: 'long-1', note: `${'長'.repeat(6000)} paid with ••••45+W` })
    expect(skipped[2].raw).toBe(clean)
    expect(skipped[3].reason).toBe(alike)
    const error = (sql: string): { kind: string; message: string } => JSON.parse((db.prepare(sql).get() as { e: string }).e)
    expect(error('SELECT last_error AS e FROM sync_state').message).toBe(
      'cannot reach http://127.0.0.1:9/api/Order/••••+"9Z/list: ECONNREFUSED',
    )
    expect(error('SELECT error AS e FROM sync_run_sources').message).toBe(
      'authentication failed: invalid token ••••45+W for http://127.0.0.1:9/api/Order/••••+"9Z/list',
    )
    expect(db.prepare('SELECT error FROM reconciliations').get()).toEqual({
      error: 'cannot reach http://127.0.0.1:9/api/Order/••••+"9Z/list: timed out',
    })
    expect(db.prepare('SELECT tbl, count(*) AS n FROM written GROUP BY tbl ORDER BY tbl').all()).toEqual([
      { tbl: 'skipped_records', n: 2 },
      { tbl: 'sync_state', n: 1 },
    ])

    db.exec('DELETE FROM written')
    expect(scrubStoredSecrets(db, store)).toBe(0)
    expect(db.prepare('SELECT count(*) AS n FROM written').get()).toEqual({ n: 0 })
  })
})
