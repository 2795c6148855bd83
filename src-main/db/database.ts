import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { DEVELOPMENT_FIRST_STEP, MIGRATIONS, type Migration } from './migrations'

// Read-only opens name the file as a URI with `immutable=1` (see openReadOnly). better-sqlite3 turns
// SQLite's URI filenames on from this variable when its native addon loads, at the first connection.
process.env.SQLITE_USE_URI = '1'

export type Db = Database.Database

export class DatabaseOpenError extends Error {
  override readonly name = 'DatabaseOpenError'
  constructor(
    message: string,
    readonly code:
      | 'newer_schema'
      | 'development_build'
      | 'migration_failed'
      | 'not_a_database'
      | 'not_found'
      | 'needs_update'
      | 'unreadable'
      | 'changed_while_read',
  ) {
    super(message)
  }
}

export interface OpenOptions {
  /** The migration list; tests pass their own to exercise failures. */
  migrations?: readonly Migration[]
  /** Open without migrating (a worker's second connection to a file the app opened): never creates one either. */
  migrate?: boolean
  /**
   * For what only reads (the CLI's orders, revenue and export; the export worker): never creates,
   * migrates, switches the journal or writes a byte, and reads a database the user cannot write.
   */
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
 * Opens the cache. Where no file exists it creates one (not for read-only or worker opens). A file
 * that is there is first looked at read-only, and only an OrderDesk database (`identify`) is opened
 * further: anything else, a database of a newer OrderDesk too, is refused without a byte changed
 * and without a -wal, -shm or -journal file made beside it. Read-write, the schema is brought up to
 * date: a failing migration rolls back, stops with a clear error and leaves the file as it was.
 */
export function openDatabase(file: string, options: OpenOptions = {}): OpenedDatabase {
  const migrations = options.migrations ?? MIGRATIONS
  const latest = latestOf(migrations)
  if (file === ':memory:') return openWritable(file, migrations, latest, options)
  if (!fs.existsSync(file)) {
    if (options.readonly || options.migrate === false) throw new DatabaseOpenError(`no OrderDesk database at ${file}`, 'not_found')
    createDatabase(file, migrations)
  }
  const { reader, version } = inspect(file, migrations, latest)
  if (options.readonly) {
    try {
      // Reading an older schema would mean migrating a copy first: every query reads tables that
      // migrations add (the counts, the revenue rollups, the id index), and for a large cache that
      // copy is slow and takes the file's size in memory. Updating is the app's job.
      if (version < latest) {
        throw new DatabaseOpenError(
          `${file} holds an older OrderDesk schema (${version}; this version reads ${latest}) and is only read here, ` +
            'so it was not updated. Open it once with the OrderDesk app (or run sync on it) to update it, then try again.',
          'needs_update',
        )
      }
      tune(reader.db)
    } catch (error) {
      reader.db.close()
      throw error
    }
    if (reader.taken) snapshots.set(reader.db, { file, taken: reader.taken })
    return { db: reader.db, schemaVersion: version, backups: [] }
  }
  reader.db.close()
  return openWritable(file, migrations, latest, options)
}

/**
 * Refuses, as openDatabase would and without writing anything, a file that this OrderDesk cannot
 * open: a shell calls it before it puts files of its own beside the database.
 */
export function assertOpenable(file: string): void {
  if (fs.existsSync(file)) inspect(file, MIGRATIONS, latestOf(MIGRATIONS)).reader.db.close()
}

/** A read-only look at an existing file: an OrderDesk database this version can open, or refused. */
function inspect(file: string, migrations: readonly Migration[], latest: number): { reader: ReadOnly; version: number } {
  const reader = openReadOnly(file)
  try {
    const version = identify(reader.db, file, migrations)
    if (version > latest) {
      throw new DatabaseOpenError(
        `${file} was written by a newer OrderDesk (schema ${version}; this version knows up to ${latest}). ` +
          'It was not touched. Update OrderDesk to open it.',
        'newer_schema',
      )
    }
    return { reader, version }
  } catch (error) {
    reader.db.close()
    throw error
  }
}

/** The page size of a new database (an older one keeps its own). */
const PAGE_SIZE = 8192
/** How much the WAL holds before a commit copies it back into the database. */
const WAL_CHECKPOINT_BYTES = 64 * 1024 * 1024

function latestOf(migrations: readonly Migration[]): number {
  return migrations.reduce((max, m) => Math.max(max, m.id), 0)
}

function openWritable(file: string, migrations: readonly Migration[], latest: number, options: OpenOptions): OpenedDatabase {
  // A path, resolved, is never taken for a URI (SQLITE_USE_URI above): a relative `file:x.db` stays a file name.
  const db = new Database(file === ':memory:' ? file : path.resolve(file), { fileMustExist: file !== ':memory:', timeout: 10_000 })
  try {
    // Read the version before any pragma that writes (WAL switching writes the header).
    let version = db.pragma('user_version', { simple: true }) as number
    if (version > latest) {
      throw new DatabaseOpenError(
        `${file} was written by a newer OrderDesk (schema ${version}; this version knows up to ${latest}). It was not touched.`,
        'newer_schema',
      )
    }
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    // A sync's transaction (up to WRITE_GROUP_ORDERS orders, sync/page-groups.ts) touches tens
    // of MiB of pages; with the default 4 MiB threshold every commit would copy them back and wait.
    db.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_BYTES / (db.pragma('page_size', { simple: true }) as number)}`)
    tune(db)
    const backups: string[] = []
    if (options.migrate !== false) {
      const pending = [...migrations].filter((m) => m.id > version).sort((a, b) => a.id - b.id)
      if (pending.length > 0 && version > 0) backups.push(copyAside(db, file, version, options.backupDir))
      migrate(db, pending, file)
      version = db.pragma('user_version', { simple: true }) as number
    }
    return { db, schemaVersion: version, backups }
  } catch (error) {
    db.close()
    throw error
  }
}

/** What every connection sets, read-only or not. */
function tune(db: Db): void {
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 10000')
  // A 64 MiB page cache and memory-mapped reads: SQLite's 2 MiB default thrashes once the
  // order indexes outgrow it, which a busy shop's cache does.
  db.pragma('cache_size = -65536')
  db.pragma('mmap_size = 268435456')
  db.pragma('temp_store = MEMORY')
}

/**
 * A new database is built whole under a name of its own beside the target and only then linked
 * into place, so whatever lies at a database's path was either made whole by OrderDesk or by
 * someone else. That is why an empty (0-byte) file there is not adopted: OrderDesk never leaves
 * one, even killed halfway, so it was made by someone else (a placeholder, another program about to
 * write it) and filling it with our tables would take it over. Mode 0600: it holds orders and
 * sealed credentials, and SQLite gives its -wal and -shm the mode of the file.
 */
function createDatabase(file: string, migrations: readonly Migration[]): void {
  const dir = path.dirname(path.resolve(file))
  fs.mkdirSync(dir, { recursive: true })
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}-${crypto.randomBytes(4).toString('hex')}.new`)
  fs.closeSync(fs.openSync(temp, 'wx', 0o600))
  try {
    const db = new Database(temp, { fileMustExist: true, timeout: 10_000 })
    try {
      // Fixed for the file's life: an order writes a row, its payload and some 20 index entries,
      // and with pages twice SQLite's default a sync's commit rewrites fewer of them.
      db.pragma(`page_size = ${PAGE_SIZE}`)
      migrate(
        db,
        [...migrations].sort((a, b) => a.id - b.id),
        file,
        true,
      )
    } finally {
      db.close()
    }
    try {
      // A link never replaces a file: two processes creating the same database at once each
      // build their own, and the first one linked is the one both use.
      fs.linkSync(temp, file)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'EEXIST') return
      // A file system without hard links (FAT on a USB stick): renamed instead, unless it appeared meanwhile.
      if (!fs.existsSync(file)) fs.renameSync(temp, file)
    }
  } finally {
    for (const leftover of [temp, `${temp}-journal`]) fs.rmSync(leftover, { force: true })
  }
}

interface Taken {
  ino: bigint
  size: bigint
  mtimeNs: bigint
}

/** The file as it was when an immutable connection opened it, checked by assertUnchangedSinceOpen. */
const snapshots = new WeakMap<Db, { file: string; taken: Taken }>()

interface ReadOnly {
  db: Db
  /** Set when the connection is immutable. */
  taken: Taken | null
}

/**
 * A connection that cannot write. Where no -wal file lies beside the database, no connection has it
 * open in WAL mode and everything committed is in the file: it is opened `immutable`, which makes
 * no -wal or -shm file (a plain read-only connection to a WAL database makes both and, unable to
 * check them back in, leaves them behind), takes no lock, and reads a file on a share the user
 * cannot write, where a plain connection fails (https://www.sqlite.org/wal.html#readonly). Where a
 * -wal lies, the newest commits may be only there: opened plainly read-only, the connection shares
 * the writer's -shm, or builds its own index in memory when that is read-only too.
 */
function openReadOnly(file: string): ReadOnly {
  const resolved = path.resolve(file)
  try {
    if (!fs.existsSync(`${resolved}-wal`)) {
      const taken = stat(resolved)
      try {
        return { db: new Database(immutableUri(resolved), { readonly: true, fileMustExist: true, timeout: 10_000 }), taken }
      } catch {
        // URIs turned off (SQLITE_USE_URI read after the addon loaded): the plain connection still reads.
      }
    }
    return { db: new Database(resolved, { readonly: true, fileMustExist: true, timeout: 10_000 }), taken: null }
  } catch (error) {
    throw new DatabaseOpenError(`cannot read ${file}: ${(error as Error).message}`, 'unreadable')
  }
}

/** SQLite's URI for a path, with %, ? and # escaped. */
function immutableUri(resolved: string): string {
  let name = resolved.replace(/[%?#]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  if (path.sep === '\\') name = name.replaceAll('\\', '/')
  // A Windows share's path (//host/share/…) goes after an empty authority; a drive letter's gets a slash before it.
  if (name.startsWith('//')) name = `//${name}`
  else if (!name.startsWith('/')) name = `/${name}`
  return `file:${name}?immutable=1`
}

function stat(file: string): Taken {
  const s = fs.statSync(file, { bigint: true })
  return { ino: s.ino, size: s.size, mtimeNs: s.mtimeNs }
}

/**
 * An immutable connection assumes nobody writes the file while it reads. Should a writer open the
 * database meanwhile and check its WAL back into the file (at a checkpoint or when it closes), what
 * was read may mix the file's old and new pages: readers call this once they have read it all, and
 * an answer from a file that changed is not given. Other connections pass.
 */
export function assertUnchangedSinceOpen(db: Db): void {
  const opened = snapshots.get(db)
  if (!opened) return
  const now = fs.existsSync(opened.file) ? stat(opened.file) : null
  if (now && now.ino === opened.taken.ino && now.size === opened.taken.size && now.mtimeNs === opened.taken.mtimeNs) return
  throw new DatabaseOpenError(
    `${opened.file} was written by another OrderDesk process while it was being read, so what was read may be mixed. Try again.`,
    'changed_while_read',
  )
}

/**
 * What makes a file an OrderDesk database: SQLite, with a user_version of at least 1 and our
 * schema_migrations table whose newest entry is that version (each migration writes both in one
 * transaction), and whose first entry, where the migration list knows it, has our name. A database
 * we create holds both from the moment it is linked into place; an empty file or a database of
 * another program's does not, and is refused as it is.
 */
function identify(db: Db, file: string, migrations: readonly Migration[]): number {
  const refuse = (why: string): DatabaseOpenError =>
    new DatabaseOpenError(
      `${file} is not an OrderDesk database (${why}). It was left as it was: choose an OrderDesk database, ` +
        'or a path where no file exists to create a new one.',
      'not_a_database',
    )
  if (fs.statSync(file).size === 0) {
    throw refuse('it is an empty file; if OrderDesk was stopped while creating it, delete it and OrderDesk will create it anew')
  }
  try {
    const version = db.pragma('user_version', { simple: true }) as number
    const columns = (db.prepare("SELECT name FROM pragma_table_info('schema_migrations') ORDER BY cid").pluck().all() as string[]).join()
    if (version < 1 || columns !== 'id,name,applied_at') throw refuse('it has no OrderDesk schema')
    const newest = db.prepare('SELECT max(id) FROM schema_migrations').pluck().get()
    const first = db.prepare('SELECT name FROM schema_migrations ORDER BY id LIMIT 1').pluck().get()
    if (newest !== version) throw refuse('it has no OrderDesk schema')
    const oldest = [...migrations].sort((a, b) => a.id - b.id)[0]
    // The development builds' chain of steps was squashed into the baseline: nothing here can update it.
    if (oldest && version < oldest.id && first === DEVELOPMENT_FIRST_STEP) {
      throw new DatabaseOpenError(
        `${file} was made by a development build of OrderDesk (schema ${version}), which this version cannot update. ` +
          'It was left as it was. Move it aside or choose another path: OrderDesk creates a new database there, ' +
          'and a sync brings the orders back once the sources are added again (or imported from a sources file).',
        'development_build',
      )
    }
    if (oldest && first !== oldest.name) throw refuse('it has no OrderDesk schema')
    return version
  } catch (error) {
    if (error instanceof DatabaseOpenError) throw error
    const code = (error as { code?: string }).code ?? ''
    if (code.startsWith('SQLITE_NOTADB') || code.startsWith('SQLITE_CORRUPT')) throw refuse((error as Error).message)
    throw new DatabaseOpenError(`cannot read ${file}: ${(error as Error).message}`, 'unreadable')
  }
}

/**
 * Runs the pending migrations. Each is its own (nested) transaction, and the run as a whole is
 * one too: if any step fails, the file is left exactly as it was before start-up.
 */
function migrate(db: Db, pending: readonly Migration[], file: string, creating = false): void {
  if (pending.length > 0) db.transaction(() => pending.forEach((m) => applyMigration(db, m, file, creating)))()
}

function applyMigration(db: Db, migration: Migration, file: string, creating: boolean): void {
  try {
    db.transaction(() => {
      db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
        id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT`)
      db.exec(migration.sql)
      db.prepare('INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)').run(migration.id, migration.name, Date.now())
      db.pragma(`user_version = ${migration.id}`)
    })()
  } catch (error) {
    const why = `schema ${migration.id} (${migration.name}) failed: ${(error as Error).message}.`
    throw new DatabaseOpenError(
      creating ? `Creating ${file}: ${why} No file was made.` : `Updating ${file} to ${why} The database was left as it was.`,
      'migration_failed',
    )
  }
}

/** A consistent copy of the database, taken before migrating: `<name>.v<version>-<time>.bak`, mode 0600 as the database. */
function copyAside(db: Db, file: string, version: number, backupDir?: string): string {
  const dir = backupDir ?? path.dirname(path.resolve(file))
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  const target = path.join(dir, `${path.basename(file)}.v${version}-${stamp}.bak`)
  // VACUUM INTO fills an empty file it is given, keeping the file's mode.
  fs.closeSync(fs.openSync(target, 'wx', 0o600))
  try {
    db.prepare('VACUUM INTO ?').run(target)
  } catch (error) {
    fs.rmSync(target, { force: true })
    throw error
  }
  return target
}

/** For `PRAGMA integrity_check` in tests and the CLI. */
export function integrityCheck(db: Db): string {
  return String(db.pragma('integrity_check', { simple: true }))
}
