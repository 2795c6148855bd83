import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  assertOpenable,
  assertUnchangedSinceOpen,
  DatabaseOpenError,
  integrityCheck,
  openDatabase,
  type Db,
} from '../../src-main/db/database'
import { MIGRATIONS, type Migration } from '../../src-main/db/migrations'
import { developmentBuildDatabase, fileState, NOT_ORDERDESK } from '../helpers/files'

let dir: string
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orderdesk-db-'))
})
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

const latest = Math.max(...MIGRATIONS.map((m) => m.id))

/** A change after the newest, as a later version would add. */
const later: Migration = { id: latest + 1, name: 'test column', sql: 'ALTER TABLE settings ADD COLUMN note TEXT' }

/** The file's bytes plus its WAL's, so "untouched" means untouched. */
function snapshot(file: string): string {
  const parts = [file, `${file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f).toString('base64'))
  return parts.join('|')
}

function closeCleanly(file: string): void {
  const db = new Database(file)
  db.pragma('wal_checkpoint(TRUNCATE)')
  db.close()
}

/** A database file with one source, "a", written and closed before the test reopens it. */
function databaseWithSource(name: string): { file: string; old: Db } {
  const file = path.join(dir, name)
  const old = openDatabase(file).db
  old.prepare("INSERT INTO sources (id, name, kind, base_url, created_at, updated_at) VALUES ('a', 'A', 'pub', 'http://x', 0, 0)").run()
  return { file, old }
}

describe('openDatabase', () => {
  it('creates a fresh database at the latest schema, WAL and foreign keys on', () => {
    const file = path.join(dir, 'fresh.db')
    const { db, schemaVersion, backups } = openDatabase(file)
    expect(schemaVersion).toBe(latest)
    expect(backups).toEqual([])
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    const applied = db.prepare('SELECT id FROM schema_migrations ORDER BY id').all() as Array<{ id: number }>
    expect(applied.map((r) => r.id)).toEqual(MIGRATIONS.map((m) => m.id))
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((r) => r.name)
    expect(tables).toEqual(expect.arrayContaining(['sources', 'orders', 'sync_state', 'sync_runs', 'sync_run_sources', 'skipped_records']))
    expect(integrityCheck(db)).toBe('ok')
    db.close()
  })

  it('creates a new database with 8 KiB pages, checkpointing its WAL at 64 MiB', () => {
    const { db } = openDatabase(path.join(dir, 'pages.db'))
    expect(db.pragma('page_size', { simple: true })).toBe(8192)
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(8192)
    db.close()
  })

  it('keeps orders unique per (source_id, remote_id) and money as integers', () => {
    const { db } = openDatabase(path.join(dir, 'u.db'))
    db.prepare("INSERT INTO sources (id, name, kind, base_url, created_at, updated_at) VALUES ('a', 'A', 'pub', 'http://x', 0, 0)").run()
    db.prepare("INSERT INTO sources (id, name, kind, base_url, created_at, updated_at) VALUES ('b', 'B', 'pub', 'http://x', 0, 0)").run()
    const insert =
      db.prepare(`INSERT INTO orders (source_id, remote_id, status, remote_status, currency, total, discount, due, paid, refunded, fingerprint,
      created_at, first_seen_at, last_seen_at) VALUES (?, '1', 'paid', '1', 'CNY', ?, 0, 100, 100, 0, 0, 0, 0, 0)`)
    insert.run('a', 100)
    insert.run('b', 100) // same remote id, other source: a different order
    expect(() => insert.run('a', 100)).toThrow(/UNIQUE/)
    expect(() => insert.run('a', 1.5)).toThrow() // STRICT: fen are integers
    db.close()
  })

  it('upgrades an older database, copying it aside first and keeping its data', () => {
    const file = path.join(dir, 'old.db')
    openDatabase(file).db.prepare("INSERT INTO settings (key, value) VALUES ('locale', '\"en\"')").run()
    closeCleanly(file)
    const { db, schemaVersion, backups } = openDatabase(file, { migrations: [...MIGRATIONS, later] })
    expect(schemaVersion).toBe(later.id)
    expect(db.prepare('SELECT value FROM settings WHERE key = ?').get('locale')).toEqual({ value: '"en"' })
    expect(backups).toHaveLength(1)
    const backup = new Database(backups[0], { readonly: true })
    expect(backup.pragma('user_version', { simple: true })).toBe(latest)
    expect(backup.prepare('SELECT value FROM settings').get()).toEqual({ value: '"en"' })
    backup.close()
    db.close()
  })

  it('stops on a failing migration with a clear error and leaves the file as it was', () => {
    const file = path.join(dir, 'fail.db')
    openDatabase(file).db.close()
    closeCleanly(file)
    const before = snapshot(file)
    const broken: Migration[] = [
      ...MIGRATIONS,
      { id: latest + 1, name: 'adds a table', sql: 'CREATE TABLE extra (x INTEGER)' },
      { id: latest + 2, name: 'is broken', sql: 'ALTER TABLE no_such_table ADD COLUMN y INTEGER' },
    ]
    let error: unknown
    try {
      openDatabase(file, { migrations: broken, backupDir: dir })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(DatabaseOpenError)
    expect((error as DatabaseOpenError).code).toBe('migration_failed')
    expect((error as Error).message).toMatch(new RegExp(`schema ${latest + 2} \\(is broken\\) failed: .*no_such_table.*left as it was`))
    // The first change succeeded on its own, but the run is all or nothing: the file is as it was.
    closeCleanly(file)
    expect(snapshot(file)).toBe(before)
    const db = new Database(file, { readonly: true })
    expect(db.pragma('user_version', { simple: true })).toBe(latest)
    expect(() => db.prepare('SELECT * FROM extra').all()).toThrow(/no such table/)
    db.close()
    // A failing first step, likewise.
    const file2 = path.join(dir, 'fail2.db')
    openDatabase(file2).db.close()
    closeCleanly(file2)
    const before2 = snapshot(file2)
    expect(() => openDatabase(file2, { migrations: [...MIGRATIONS, broken[broken.length - 1]] })).toThrow(DatabaseOpenError)
    closeCleanly(file2)
    expect(snapshot(file2)).toBe(before2)
  })

  it('refuses a database written by a newer OrderDesk without touching it', () => {
    const file = path.join(dir, 'newer.db')
    // An OrderDesk database that a later version moved on, as its migrations would.
    openDatabase(file).db.close()
    const raw = new Database(file)
    raw.exec('CREATE TABLE future (x INTEGER)')
    raw.prepare("INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, 'from the future', 0)").run(latest + 5)
    raw.pragma(`user_version = ${latest + 5}`)
    raw.close()
    const before = snapshot(file)
    expect(() => openDatabase(file)).toThrow(/newer OrderDesk \(schema \d+; this version knows up to \d+\)\. It was not touched/)
    expect(snapshot(file)).toBe(before)
    expect(fs.existsSync(`${file}-wal`)).toBe(false)
  })

  it('refuses a file that is not a database', () => {
    const file = path.join(dir, 'junk.db')
    fs.writeFileSync(file, 'this is not sqlite at all, just text'.repeat(200))
    const before = fs.readFileSync(file)
    expect(() => openDatabase(file)).toThrow(DatabaseOpenError)
    expect(fs.readFileSync(file).equals(before)).toBe(true)
  })

  it('creates a new database with mode 0600, and its -wal and -shm too', () => {
    const file = path.join(dir, 'new.db')
    const { db } = openDatabase(file)
    db.prepare("INSERT INTO settings (key, value) VALUES ('locale', '\"en\"')").run()
    const mode = (f: string): string => (fs.statSync(f).mode & 0o777).toString(8)
    expect([mode(file), mode(`${file}-wal`), mode(`${file}-shm`)]).toEqual(['600', '600', '600'])
    db.close()
  })

  it('sets the copy it takes before migrating to mode 0600, as the database', () => {
    const file = path.join(dir, 'old.db')
    openDatabase(file).db.close()
    const { db, backups } = openDatabase(file, { migrations: [...MIGRATIONS, later] })
    expect((fs.statSync(backups[0]).mode & 0o777).toString(8)).toBe('600')
    db.close()
  })

  it('creates a database only whole: a creation that fails leaves no file at the path', () => {
    const file = path.join(dir, 'never.db')
    const broken: Migration[] = [...MIGRATIONS, { id: latest + 1, name: 'is broken', sql: 'ALTER TABLE nothing ADD y' }]
    expect(() => openDatabase(file, { migrations: broken })).toThrow(
      new RegExp(`Creating .*never\\.db: schema ${latest + 1} \\(is broken\\) failed: .*No file was made`),
    )
    expect(fs.readdirSync(dir)).toEqual([])
  })

  it.each(NOT_ORDERDESK)(
    'refuses $name read-write, read-only and to a shell, changing no byte and making no file beside it',
    ({ make }) => {
      const file = path.join(dir, 'theirs.db')
      make(file)
      const before = fileState(file)
      for (const open of [() => openDatabase(file), () => openDatabase(file, { readonly: true }), () => assertOpenable(file)]) {
        let error: unknown
        try {
          open()
        } catch (e) {
          error = e
        }
        expect(fileState(file)).toEqual(before)
        expect(error).toBeInstanceOf(DatabaseOpenError)
        expect((error as DatabaseOpenError).code).toBe('not_a_database')
        expect((error as Error).message).toMatch(/theirs\.db is not an OrderDesk database \(.+\)\. It was left as it was/)
      }
    },
  )

  it("never creates a database for a worker's connection (migrate: false) or a read-only one", () => {
    const file = path.join(dir, 'missing.db')
    for (const options of [{ migrate: false }, { readonly: true }]) {
      expect(() => openDatabase(file, options)).toThrow(`no OrderDesk database at ${file}`)
    }
    expect(fs.readdirSync(dir)).toEqual([])
  })

  it('opens read-only without migrating, switching the journal or making a -wal or -shm, and reads what a running writer committed', () => {
    const file = path.join(dir, 'ours.db')
    openDatabase(file).db.close()
    const before = fileState(file)
    const reader = openDatabase(file, { readonly: true })
    expect(reader.schemaVersion).toBe(latest)
    expect(reader.db.readonly).toBe(true)
    expect(reader.db.prepare('SELECT count(*) AS n FROM sources').get()).toEqual({ n: 0 })
    reader.db.close()
    expect(fileState(file)).toEqual(before)
    // With the app running, its newest commits are in its -wal only: a reader shares them.
    const writer = openDatabase(file).db
    writer.pragma('wal_autocheckpoint = 0')
    writer
      .prepare("INSERT INTO sources (id, name, kind, base_url, created_at, updated_at) VALUES ('a', 'A', 'pub', 'http://x', 0, 0)")
      .run()
    const shared = openDatabase(file, { readonly: true }).db
    expect(shared.prepare('SELECT count(*) AS n FROM sources').get()).toEqual({ n: 1 })
    shared.close()
    writer.close()
  })

  it('refuses to read an older schema, saying the app must open it once, and leaves it as it was', () => {
    const { file, old } = databaseWithSource('older.db')
    old.close()
    const before = fileState(file)
    expect(() => openDatabase(file, { readonly: true, migrations: [...MIGRATIONS, later] })).toThrow(
      new RegExp(
        `older\\.db holds an older OrderDesk schema \\(${latest}; this version reads ${later.id}\\).*Open it once with the OrderDesk app`,
      ),
    )
    expect(fileState(file)).toEqual(before)
  })

  it("refuses a development build's database read-write, read-only and to a shell, changing no byte", () => {
    const file = path.join(dir, 'dev.db')
    developmentBuildDatabase(file, 14)
    const before = fileState(file)
    for (const open of [() => openDatabase(file), () => openDatabase(file, { readonly: true }), () => assertOpenable(file)]) {
      let error: unknown
      try {
        open()
      } catch (e) {
        error = e
      }
      expect(error).toBeInstanceOf(DatabaseOpenError)
      expect((error as DatabaseOpenError).code).toBe('development_build')
      expect((error as Error).message).toMatch(/dev\.db was made by a development build of OrderDesk \(schema 14\).*It was left as it was/)
      expect(fileState(file)).toEqual(before)
    }
  })

  it('tells a read-only reader when the file was written while it read', () => {
    const file = path.join(dir, 'ours.db')
    openDatabase(file).db.close()
    const reader = openDatabase(file, { readonly: true }).db
    reader.prepare('SELECT count(*) FROM orders').get()
    assertUnchangedSinceOpen(reader)
    // A writer opens it meanwhile and, closing, checks its WAL back into the file.
    const writer = openDatabase(file).db
    writer
      .prepare("INSERT INTO sources (id, name, kind, base_url, created_at, updated_at) VALUES ('a', 'A', 'pub', 'http://x', 0, 0)")
      .run()
    writer.close()
    expect(() => assertUnchangedSinceOpen(reader)).toThrow(/ours\.db was written by another OrderDesk process while it was being read/)
    reader.close()
  })
})
