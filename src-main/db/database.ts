import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { MIGRATIONS, type Migration } from './migrations'

export type Db = Database.Database

export class DatabaseOpenError extends Error {
  override readonly name = 'DatabaseOpenError'
  constructor(
    message: string,
    readonly code: 'newer_schema' | 'migration_failed' | 'not_a_database',
  ) {
    super(message)
  }
}

export interface OpenOptions {
  /** The migration list; tests pass their own to exercise failures. */
  migrations?: readonly Migration[]
  /** Open without migrating (a worker's second connection to an already-open file). */
  migrate?: boolean
  readonly?: boolean
  /** Where the pre-migration copy goes (default: beside the file). */
  backupDir?: string
}

export interface OpenedDatabase {
  db: Db
  /** The schema version after opening. */
  schemaVersion: number
  /** Copies made aside before migrating, if any. */
  backups: string[]
}

/**
 * Opens (creating if needed) the cache and brings its schema up to date. A database written
 * by a newer OrderDesk is refused before anything is written to it; a failing migration
 * rolls back, stops with a clear error and leaves the file as it was.
 */
export function openDatabase(file: string, options: OpenOptions = {}): OpenedDatabase {
  const migrations = options.migrations ?? MIGRATIONS
  const latest = migrations.reduce((max, m) => Math.max(max, m.id), 0)
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
  const existed = file !== ':memory:' && fs.existsSync(file) && fs.statSync(file).size > 0
  const db = new Database(file, { readonly: options.readonly ?? false, timeout: 10_000 })
  try {
    // Read the version before any pragma that writes (WAL switching writes the header).
    let version: number
    try {
      version = db.pragma('user_version', { simple: true }) as number
    } catch (error) {
      throw new DatabaseOpenError(`${file} is not an OrderDesk database: ${(error as Error).message}`, 'not_a_database')
    }
    if (version > latest) {
      throw new DatabaseOpenError(
        `${file} was written by a newer OrderDesk (schema ${version}; this version knows up to ${latest}). ` +
          'It was not touched. Update OrderDesk to open it.',
        'newer_schema',
      )
    }
    if (!options.readonly) {
      db.pragma('journal_mode = WAL')
      db.pragma('synchronous = NORMAL')
      // A sync writes a thousand orders per transaction, tens of MiB of pages; with the default
      // 4 MiB threshold every commit would copy them back into the file and wait for the disk.
      db.pragma('wal_autocheckpoint = 16384')
    }
    db.pragma('foreign_keys = ON')
    db.pragma('busy_timeout = 10000')
    // A 64 MiB page cache and memory-mapped reads: SQLite's 2 MiB default thrashes once the
    // order indexes outgrow it, which a busy shop's cache does.
    db.pragma('cache_size = -65536')
    db.pragma('mmap_size = 268435456')
    db.pragma('temp_store = MEMORY')
    const backups: string[] = []
    if (options.migrate !== false && !options.readonly) {
      const pending = [...migrations].filter((m) => m.id > version).sort((a, b) => a.id - b.id)
      if (pending.length > 0 && existed && version > 0) backups.push(copyAside(db, file, version, options.backupDir))
      // Each migration is its own (nested) transaction, and the run as a whole is one too:
      // if any step fails, the file is left exactly as it was before start-up.
      if (pending.length > 0) db.transaction(() => pending.forEach((m) => applyMigration(db, m, file)))()
      version = db.pragma('user_version', { simple: true }) as number
    }
    return { db, schemaVersion: version, backups }
  } catch (error) {
    db.close()
    throw error
  }
}

function applyMigration(db: Db, migration: Migration, file: string): void {
  try {
    db.transaction(() => {
      db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
        id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT`)
      db.exec(migration.sql)
      db.prepare('INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)').run(migration.id, migration.name, Date.now())
      db.pragma(`user_version = ${migration.id}`)
    })()
  } catch (error) {
    throw new DatabaseOpenError(
      `Updating ${file} to schema ${migration.id} (${migration.name}) failed: ${(error as Error).message}. ` +
        'The database was left as it was.',
      'migration_failed',
    )
  }
}

/** A consistent copy of the database, taken before migrating: `<name>.v<version>-<time>.bak`. */
function copyAside(db: Db, file: string, version: number, backupDir?: string): string {
  const dir = backupDir ?? path.dirname(path.resolve(file))
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  const target = path.join(dir, `${path.basename(file)}.v${version}-${stamp}.bak`)
  db.prepare('VACUUM INTO ?').run(target)
  return target
}

/** For `PRAGMA integrity_check` in tests and the CLI. */
export function integrityCheck(db: Db): string {
  return String(db.pragma('integrity_check', { simple: true }))
}
