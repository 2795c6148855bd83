import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, type Db } from '../../src-main/db/database'
import { writable } from '../../src-main/orders/writer'
import { SOURCE_WORKERS } from '../../src-main/shared/worker-entry'
import { threadPageWriter, type PageWriter, type PagesWrite } from '../../src-main/sync/page-writer'
import { addSource, order } from '../helpers/orders'

let dir: string
let db: Db
let writer: PageWriter
let onHeld: () => void = () => undefined

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orderdesk-page-writer-'))
  db = openDatabase(path.join(dir, 'pages.db')).db
  addSource(db, 'src')
  db.prepare("INSERT INTO sync_state (source_id, lock_owner, lock_expires_at) VALUES ('src', 'me', 1000)").run()
  // Every order costs the writer a recursive count: a group of 300 takes a while to write.
  db.exec(`CREATE TRIGGER slow_insert AFTER INSERT ON orders BEGIN
    SELECT count(*) FROM (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000) SELECT x FROM c);
  END`)
  writer = threadPageWriter(SOURCE_WORKERS.syncWriter, path.join(dir, 'pages.db'), { onHeld: () => onHeld() })
})
afterEach(async () => {
  await writer.close()
  db.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

const group = (from: number, count: number, cursor: string): PagesWrite => ({
  sourceId: 'src',
  runId: 0,
  orders: Array.from({ length: count }, (_, i) => writable(order({ remote_id: `r${from + i}` }))),
  skipped: [],
  cursor,
  seenAt: 1,
  lease: { owner: 'me', until: 5000 + from },
})

const orderCount = (): number => db.prepare('SELECT count(*) FROM orders').pluck().get() as number

/**
 * Resolves once the thread has held `count` more requests, or once one of `answers` settles: a
 * thread that wrongly went on with a request answers it instead, and the test's checks then fail.
 */
const held = (count: number, ...answers: Array<Promise<unknown>>): Promise<unknown> => {
  let left = count
  const allHeld = new Promise<void>((resolve) => {
    onHeld = () => {
      if (--left === 0) resolve()
    }
  })
  return Promise.race([allHeld, ...answers])
}

describe('the writer thread', () => {
  it("extends the source's lock and saves the cursor in the group's own transaction", async () => {
    await writer.write(group(0, 3, 'after-3'))
    expect(db.prepare("SELECT run_cursor, lock_expires_at FROM sync_state WHERE source_id = 'src'").get()).toEqual({
      run_cursor: 'after-3',
      lock_expires_at: 5000,
    })
    // A lease of another owner is not extended, and nothing of the group is written: the lock was taken over.
    await expect(writer.write({ ...group(3, 1, 'after-4'), lease: { owner: 'someone else', until: 9999 } })).rejects.toThrow(/taken over/)
    expect(db.prepare("SELECT run_cursor, lock_expires_at FROM sync_state WHERE source_id = 'src'").get()).toEqual({
      run_cursor: 'after-3',
      lock_expires_at: 5000,
    })
    expect(db.prepare('SELECT count(*) FROM orders').pluck().get()).toBe(3)
  })

  it('runs an exclusive write after the groups handed over before it, and writes none while it runs', async () => {
    const first = writer.write(group(0, 300, 'a'))
    const turn = writer.exclusive(() => {
      const before = orderCount()
      // Held for a moment, then a write that may not wait at all: had the writer gone on with the
      // group handed over after this turn, that write would find the database locked.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300)
      db.pragma('busy_timeout = 0')
      db.prepare("UPDATE sync_state SET last_error = 'turn' WHERE source_id = 'src'").run()
      db.pragma('busy_timeout = 10000')
      return { before, after: orderCount() }
    })
    const second = writer.write(group(300, 300, 'b'))
    expect(await turn).toEqual({ before: 300, after: 300 })
    await Promise.all([first, second])
    expect(orderCount()).toBe(600)
    expect(db.prepare("SELECT run_cursor, last_error FROM sync_state WHERE source_id = 'src'").get()).toEqual({
      run_cursor: 'b',
      last_error: 'turn',
    })
  })

  it('runs an exclusive write at once while nothing handed over is unanswered (the thread is idle)', async () => {
    let ran = false
    const turn = writer.exclusive(() => (ran = true))
    // Not even the thread's start is waited for.
    expect(ran).toBe(true)
    await turn
    await writer.write(group(0, 2, 'a'))
    let after = false
    await writer.exclusive(() => (after = true))
    expect(after).toBe(true)
  })

  it('turns come in the order asked, and writes held during them follow in order', async () => {
    const seen: string[] = []
    const writes = [writer.write(group(0, 50, 'a'))]
    const turns = [writer.exclusive(() => seen.push(`turn 1 after ${orderCount()}`))]
    writes.push(writer.write(group(50, 50, 'b')))
    turns.push(writer.exclusive(() => seen.push(`turn 2 after ${orderCount()}`)))
    writes.push(writer.write(group(100, 50, 'c')))
    await Promise.all([...writes, ...turns])
    expect(seen).toEqual(['turn 1 after 50', 'turn 2 after 100'])
    expect(db.prepare("SELECT run_cursor FROM sync_state WHERE source_id = 'src'").pluck().get()).toBe('c')
  })

  it('holds a turn across awaits: given after the group being written, and nothing is written until it ends', async () => {
    const first = writer.write(group(0, 300, 'a'))
    const end = await writer.turn()
    expect(orderCount()).toBe(300)
    const second = writer.write(group(300, 300, 'b'))
    let later = false
    const exclusive = writer.exclusive(() => (later = true))
    // The thread holds both the group and the exclusive write's turn, writing nothing: a write that
    // may not wait at all gets through, and the exclusive write waits for the turn's end.
    await held(2, second, exclusive)
    db.pragma('busy_timeout = 0')
    db.prepare("UPDATE sync_state SET last_error = 'turn' WHERE source_id = 'src'").run()
    db.pragma('busy_timeout = 10000')
    expect(orderCount()).toBe(300)
    expect(later).toBe(false)
    end()
    await Promise.all([first, second, exclusive])
    expect(later).toBe(true)
    expect(orderCount()).toBe(600)
  })

  it('pauses an idle thread for a turn: a group or an exclusive write asked for during it waits for its end', async () => {
    await writer.write(group(0, 5, 'a'))
    const end = await writer.turn()
    let ran = false
    const exclusive = writer.exclusive(() => (ran = true))
    const written = writer.write(group(5, 5, 'b'))
    await held(2, written, exclusive)
    expect(orderCount()).toBe(5)
    expect(ran).toBe(false)
    end()
    await Promise.all([written, exclusive])
    expect(orderCount()).toBe(10)
    expect(ran).toBe(true)
  })

  it('ends a turn once however often its end is called: the next turn still holds the thread', async () => {
    const endFirst = await writer.turn()
    const first = writer.write(group(0, 5, 'a'))
    const second = writer.turn()
    endFirst()
    endFirst()
    const endSecond = await second
    await first
    // A second resume from the first turn would free the thread during this one.
    const third = writer.write(group(5, 5, 'b'))
    await held(1, third)
    expect(orderCount()).toBe(5)
    endSecond()
    await third
    expect(orderCount()).toBe(10)
  })
})
