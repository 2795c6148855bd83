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
import { countOrders, productTypes } from '../../src-main/orders/queries'
import { fileState, NOT_ORDERDESK } from '../helpers/files'

let dir: string
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orderdesk-db-'))
})
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

const latest = Math.max(...MIGRATIONS.map((m) => m.id))

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

/** A database file at an older schema (migrations up to `upTo`) with one source, "a". */
function databaseAt(name: string, upTo: number): { file: string; old: Db } {
  const file = path.join(dir, name)
  const old = openDatabase(file, { migrations: MIGRATIONS.filter((m) => m.id <= upTo) }).db
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
    const v1 = MIGRATIONS.filter((m) => m.id === 1)
    openDatabase(file, { migrations: v1 }).db.prepare("INSERT INTO settings (key, value) VALUES ('locale', '\"en\"')").run()
    closeCleanly(file)
    const v2: Migration = { id: 2, name: 'test column', sql: 'ALTER TABLE settings ADD COLUMN note TEXT' }
    const { db, schemaVersion, backups } = openDatabase(file, { migrations: [...v1, v2] })
    expect(schemaVersion).toBe(2)
    expect(db.prepare('SELECT value FROM settings WHERE key = ?').get('locale')).toEqual({ value: '"en"' })
    expect(backups).toHaveLength(1)
    const backup = new Database(backups[0], { readonly: true })
    expect(backup.pragma('user_version', { simple: true })).toBe(1)
    expect(backup.prepare('SELECT value FROM settings').get()).toEqual({ value: '"en"' })
    backup.close()
    db.close()
  })

  it('moves raw payloads out of the orders table when upgrading to schema 3, keeping every byte', () => {
    const file = path.join(dir, 'v2.db')
    const v2 = MIGRATIONS.filter((m) => m.id <= 2)
    const old = openDatabase(file, { migrations: v2 }).db
    old.prepare("INSERT INTO sources (id, name, kind, base_url, created_at, updated_at) VALUES ('a', 'A', 'pub', 'http://x', 0, 0)").run()
    old
      .prepare(
        `INSERT INTO orders (source_id, remote_id, status, remote_status, currency, total, discount, due, paid, refunded, fingerprint,
      created_at, raw, first_seen_at, last_seen_at) VALUES ('a', '1', 'paid', '1', 'CNY', 100, 0, 100, 100, 0, 0, 0, '{"id":1,"名":"王"}', 0, 0)`,
      )
      .run()
    old.close()
    const { db, schemaVersion } = openDatabase(file)
    expect(schemaVersion).toBe(latest)
    expect(db.prepare('SELECT raw FROM order_payloads').get()).toEqual({ raw: '{"id":1,"名":"王"}' })
    const columns = (db.prepare('PRAGMA table_info(orders)').all() as Array<{ name: string }>).map((c) => c.name)
    expect(columns).not.toContain('raw')
    expect(integrityCheck(db)).toBe('ok')
    db.close()
  })

  it('fills the revenue rollup from the orders already cached when upgrading to schema 6', () => {
    const { file, old } = databaseAt('v5.db', 5)
    const insert =
      old.prepare(`INSERT INTO orders (source_id, remote_id, status, remote_status, currency, total, discount, due, paid, refunded,
      fingerprint, created_at, paid_at, first_seen_at, last_seen_at) VALUES ('a', ?, 'paid', '1', 'CNY', 0, 0, 0, ?, ?, 0, ?, ?, 0, 0)`)
    const t = Date.parse('2026-11-01T10:05:00Z')
    insert.run('1', 500, 0, t, t + 3_600_000)
    insert.run('2', 700, 200, t + 60_000, null)
    insert.run('3', 0, 0, t, null)
    old.close()
    const { db } = openDatabase(file)
    expect(db.prepare('SELECT quarter, orders, paid_orders, gross, refunds FROM revenue_quarters ORDER BY quarter').all()).toEqual([
      { quarter: Math.floor(t / 900_000), orders: 3, paid_orders: 1, gross: 700, refunds: 200 },
      { quarter: Math.floor((t + 3_600_000) / 900_000), orders: 0, paid_orders: 1, gross: 500, refunds: 0 },
    ])
    db.close()
  })

  it('rebuilds the search index over ids when upgrading to schema 7, keeping names searchable', () => {
    const { file, old } = databaseAt('v6.db', 6)
    old
      .prepare(
        `INSERT INTO orders (source_id, remote_id, order_no, product_name, customer_name, status, remote_status, currency, total,
      discount, due, paid, refunded, fingerprint, created_at, first_seen_at, last_seen_at)
      VALUES ('a', 'r-1', 'P2026112400000294', '年度会员', '欧阳娜', 'paid', '1', 'CNY', 0, 0, 0, 0, 0, 0, 0, 0, 0)`,
      )
      .run()
    old.close()
    const { db } = openDatabase(file)
    const found = (keyword: string): number => countOrders(db, { keyword })
    expect([found('0294'), found('年度会员'), found('欧阳'), found('P2'), found('没有')]).toEqual([1, 1, 1, 1, 0])
    expect(integrityCheck(db)).toBe('ok')
    db.close()
  })

  it('keeps the ids of every order searchable through the upgrades from schema 9', () => {
    const { file, old } = databaseAt('v9.db', 9)
    const insert =
      old.prepare(`INSERT INTO orders (source_id, remote_id, order_no, trade_no, customer_id, status, remote_status, currency, total,
      discount, due, paid, refunded, fingerprint, created_at, first_seen_at, last_seen_at) VALUES ('a', ?, ?, ?, ?, 'paid', '1', 'CNY', 0, 0, 0, 0, 0, 0, 0, 0, 0)`)
    insert.run('r-1', 'P2026112400000294', '4200001234567890', null)
    insert.run('r-2', 'SO202611', null, 'user_42')
    old.close()
    const { db } = openDatabase(file)
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'order_search'").get()).toEqual({ n: 0 })
    const found = (keyword: string): number => countOrders(db, { keyword })
    expect([found('p20261124'), found('0294'), found('42000012'), found('R-1'), found('user_4'), found('202611'), found('没有')]).toEqual([
      1, 1, 1, 1, 1, 1, 0,
    ])
    // Orders written after the upgrade are indexed too.
    db.prepare(
      `INSERT INTO orders (source_id, remote_id, order_no, status, remote_status, currency, total, discount, due, paid, refunded,
      fingerprint, created_at, first_seen_at, last_seen_at) VALUES ('a', 'r-3', 'X-202611', 'paid', '1', 'CNY', 0, 0, 0, 0, 0, 0, 0, 0, 0)`,
    ).run()
    expect(found('202611')).toBe(2)
    expect(integrityCheck(db)).toBe('ok')
    db.close()
  })

  it('drops the id grams and indexes every id by its start and end when upgrading to schema 15, leaving the orders as they were', () => {
    const { file, old } = databaseAt('v14.db', 14)
    const insert =
      old.prepare(`INSERT INTO orders (source_id, remote_id, order_no, trade_no, customer_id, product_name, status, remote_status, currency,
      total, discount, due, paid, refunded, fingerprint, created_at, first_seen_at, last_seen_at)
      VALUES ('a', ?, ?, ?, ?, ?, 'paid', '1', 'CNY', 0, 0, 0, 0, 0, 0, 0, 0, 0)`)
    insert.run('r-1', 'P2026112400000294', '4200001234567890', null, '年度会员')
    insert.run('r-2', 'SO202611', null, 'USER_42', null)
    const orders = old.prepare('SELECT * FROM orders ORDER BY id').all()
    old.close()
    const { db } = openDatabase(file)
    expect(db.prepare('SELECT * FROM orders ORDER BY id').all()).toEqual(orders)
    const gone =
      "SELECT count(*) AS n FROM sqlite_schema WHERE name IN ('order_id_grams', 'id_gram_positions') OR name LIKE 'order_id_grams%'"
    expect(db.prepare(gone).get()).toEqual({ n: 0 })
    const found = (keyword: string): number => countOrders(db, { keyword })
    expect([
      found('P2026112400000294'),
      found('p20261124'),
      found('0294'),
      found('567890'),
      found('user_42'),
      found('年度'),
      found('没有'),
    ]).toEqual([1, 1, 1, 1, 1, 1, 0])
    // Orders written after the upgrade are indexed, and their names go to the dictionary.
    db.prepare(
      `INSERT INTO orders (source_id, remote_id, order_no, product_name, status, remote_status, currency, total, discount, due, paid, refunded,
      fingerprint, created_at, first_seen_at, last_seen_at) VALUES ('a', 'r-3', 'X-00000294', '季度会员', 'paid', '1', 'CNY', 0, 0, 0, 0, 0, 0, 0, 0, 0)`,
    ).run()
    expect([found('0294'), found('季度')]).toEqual([2, 1])
    expect(integrityCheck(db)).toBe('ok')
    db.close()
  })

  it('adds up the status breakdown and top products per UTC day when upgrading to schema 11, as the triggers then keep them', () => {
    const { file, old } = databaseAt('v10.db', 10)
    const insert =
      old.prepare(`INSERT INTO orders (source_id, remote_id, product_type, product_name, status, remote_status, currency, total,
      discount, due, paid, refunded, fingerprint, created_at, paid_at, first_seen_at, last_seen_at) VALUES ('a', ?, ?, ?, ?, '1', ?, 0, 0, ?, ?, ?, 0, ?, ?, 0, 0)`)
    const day = 86_400_000
    insert.run('1', '9', '动态流量套餐', 'paid', 'CNY', 1000, 1000, 0, 20 * day + 5, 21 * day + 7)
    insert.run('2', '9', '动态流量套餐', 'partially_refunded', 'CNY', 800, 800, 300, 20 * day + 9, null)
    insert.run('3', null, null, 'pending', 'CNY', 500, 0, 0, 20 * day + 11, null)
    insert.run('4', '7', '年度会员', 'refunded', 'USD', 900, 900, 900, -day - 1, 3)
    old.close()
    const { db } = openDatabase(file)
    const tables = () => ({
      status: db.prepare('SELECT * FROM status_days ORDER BY day, source_id, currency, status, product_type').all(),
      product: db
        .prepare('SELECT * FROM product_days ORDER BY day, source_id, currency, product_name, status, product_type')
        .all() as Array<Record<string, unknown>>,
    })
    const built = tables()
    expect(built.status).toEqual([
      { day: -2, source_id: 'a', currency: 'USD', status: 'refunded', product_type: '7', orders: 1, due: 900 },
      { day: 20, source_id: 'a', currency: 'CNY', status: 'paid', product_type: '9', orders: 1, due: 1000 },
      { day: 20, source_id: 'a', currency: 'CNY', status: 'partially_refunded', product_type: '9', orders: 1, due: 800 },
      { day: 20, source_id: 'a', currency: 'CNY', status: 'pending', product_type: '', orders: 1, due: 500 },
    ])
    expect(built.product.map((r) => [r.day, r.product_name, r.orders, r.paid_orders, r.net])).toEqual([
      [0, '年度会员', 1, 1, 0],
      [20, '动态流量套餐', 1, 1, 500],
      [21, '动态流量套餐', 1, 1, 1000],
    ])
    // Taken out and put back, the orders leave the tables empty and then fill them the same way.
    db.exec('CREATE TEMP TABLE kept AS SELECT * FROM orders; DELETE FROM orders')
    expect(tables()).toEqual({ status: [], product: [] })
    const columns = (db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('kept') as string[])
      .filter((c) => c !== 'revenue_at')
      .join(', ')
    db.exec(`INSERT INTO orders (${columns}) SELECT ${columns} FROM kept`)
    expect(tables()).toEqual(built)
    expect(integrityCheck(db)).toBe('ok')
    db.close()
  })

  it('adds up money per UTC day and pay channel when upgrading to schema 13, as the triggers then keep them', () => {
    const { file, old } = databaseAt('v12.db', 12)
    const insert = old.prepare(`INSERT INTO orders (source_id, remote_id, product_type, pay_channel, status, remote_status, currency, total,
      discount, due, paid, refunded, fingerprint, created_at, paid_at, first_seen_at, last_seen_at) VALUES ('a', ?, ?, ?, ?, '1', ?, 0, 0, ?, ?, ?, 0, ?, ?, 0, 0)`)
    const day = 86_400_000
    insert.run('1', '9', 'wx_pub', 'paid', 'CNY', 1000, 1000, 0, 20 * day + 5, 21 * day + 7)
    insert.run('2', '9', 'wx_pub', 'partially_refunded', 'CNY', 800, 800, 300, 21 * day + 9, null)
    insert.run('3', null, null, 'paid', 'CNY', 500, 500, 0, 21 * day + 11, null)
    insert.run('4', '7', '支付宝', 'refunded', 'USD', 900, 900, 900, -day - 1, 3)
    insert.run('5', '9', 'wx_pub', 'pending', 'CNY', 700, 0, 0, 21 * day + 12, null)
    old.close()
    const { db } = openDatabase(file)
    const table = () => db.prepare('SELECT * FROM channel_days ORDER BY day, source_id, currency, pay_channel, status, product_type').all()
    const built = table()
    expect(built).toEqual([
      {
        day: 0,
        source_id: 'a',
        currency: 'USD',
        pay_channel: '支付宝',
        status: 'refunded',
        product_type: '7',
        orders: 1,
        paid_orders: 1,
        gross: 900,
        refunds: 900,
      },
      {
        day: 21,
        source_id: 'a',
        currency: 'CNY',
        pay_channel: '',
        status: 'paid',
        product_type: '',
        orders: 1,
        paid_orders: 1,
        gross: 500,
        refunds: 0,
      },
      {
        day: 21,
        source_id: 'a',
        currency: 'CNY',
        pay_channel: 'wx_pub',
        status: 'paid',
        product_type: '9',
        orders: 1,
        paid_orders: 1,
        gross: 1000,
        refunds: 0,
      },
      {
        day: 21,
        source_id: 'a',
        currency: 'CNY',
        pay_channel: 'wx_pub',
        status: 'partially_refunded',
        product_type: '9',
        orders: 1,
        paid_orders: 1,
        gross: 800,
        refunds: 300,
      },
    ])
    // Taken out and put back, the orders leave the table empty and then fill it the same way.
    db.exec('CREATE TEMP TABLE kept AS SELECT * FROM orders; DELETE FROM orders')
    expect(table()).toEqual([])
    const columns = (db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('kept') as string[])
      .filter((c) => c !== 'revenue_at')
      .join(', ')
    db.exec(`INSERT INTO orders (${columns}) SELECT ${columns} FROM kept`)
    expect(table()).toEqual(built)
    expect(integrityCheck(db)).toBe('ok')
    db.close()
  })

  it('counts orders per product type from the cache when upgrading to schema 8', () => {
    const { file, old } = databaseAt('v7.db', 7)
    const insert =
      old.prepare(`INSERT INTO orders (source_id, remote_id, product_type, product_name, status, remote_status, currency, total,
      discount, due, paid, refunded, fingerprint, created_at, first_seen_at, last_seen_at) VALUES ('a', ?, ?, ?, ?, '1', 'CNY', 0, 0, 0, 0, 0, 0, 0, 0, 0)`)
    insert.run('1', '9', '动态流量套餐', 'paid')
    insert.run('2', '9', '动态流量套餐', 'pending')
    insert.run('3', null, null, 'paid')
    old.close()
    const { db } = openDatabase(file)
    expect(productTypes(db)).toEqual([{ value: '9', count: 2, name: '动态流量套餐' }])
    expect(countOrders(db, { statuses: ['paid'] })).toBe(2)
    expect(countOrders(db, { productTypes: ['9'], statuses: ['pending'] })).toBe(1)
    db.close()
  })

  it('stops on a failing migration with a clear error and leaves the file as it was', () => {
    const file = path.join(dir, 'fail.db')
    const v1 = MIGRATIONS.filter((m) => m.id === 1)
    openDatabase(file, { migrations: v1 }).db.close()
    closeCleanly(file)
    const before = snapshot(file)
    const broken: Migration[] = [
      ...v1,
      { id: 2, name: 'adds a table', sql: 'CREATE TABLE extra (x INTEGER)' },
      { id: 3, name: 'is broken', sql: 'ALTER TABLE no_such_table ADD COLUMN y INTEGER' },
    ]
    let error: unknown
    try {
      openDatabase(file, { migrations: broken, backupDir: dir })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(DatabaseOpenError)
    expect((error as DatabaseOpenError).code).toBe('migration_failed')
    expect((error as Error).message).toMatch(/schema 3 \(is broken\) failed: .*no_such_table.*left as it was/)
    // Migration 2 succeeded on its own, but the run is all or nothing: the file is as it was.
    closeCleanly(file)
    expect(snapshot(file)).toBe(before)
    const db = new Database(file, { readonly: true })
    expect(db.pragma('user_version', { simple: true })).toBe(1)
    expect(() => db.prepare('SELECT * FROM extra').all()).toThrow(/no such table/)
    db.close()
    // A failing first step, likewise.
    const file2 = path.join(dir, 'fail2.db')
    openDatabase(file2, { migrations: v1 }).db.close()
    closeCleanly(file2)
    const before2 = snapshot(file2)
    expect(() => openDatabase(file2, { migrations: [...v1, broken[2]] })).toThrow(DatabaseOpenError)
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
    const v1 = MIGRATIONS.filter((m) => m.id === 1)
    const file = path.join(dir, 'old.db')
    openDatabase(file, { migrations: v1 }).db.close()
    const v2: Migration = { id: 2, name: 'test column', sql: 'ALTER TABLE settings ADD COLUMN note TEXT' }
    const { db, backups } = openDatabase(file, { migrations: [...v1, v2] })
    expect((fs.statSync(backups[0]).mode & 0o777).toString(8)).toBe('600')
    db.close()
  })

  it('creates a database only whole: a creation that fails leaves no file at the path', () => {
    const file = path.join(dir, 'never.db')
    const broken: Migration[] = [...MIGRATIONS.filter((m) => m.id === 1), { id: 2, name: 'is broken', sql: 'ALTER TABLE nothing ADD y' }]
    expect(() => openDatabase(file, { migrations: broken })).toThrow(
      /Creating .*never\.db: schema 2 \(is broken\) failed: .*No file was made/,
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
    const { file, old } = databaseAt('v10.db', 10)
    old.close()
    const before = fileState(file)
    expect(() => openDatabase(file, { readonly: true })).toThrow(
      /v10\.db holds an older OrderDesk schema \(10; this version reads \d+\).*Open it once with the OrderDesk app/,
    )
    expect(fileState(file)).toEqual(before)
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
