import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { openDatabase } from '../../src-main/db/database'
import { DEVELOPMENT_FIRST_STEP, type Migration } from '../../src-main/db/migrations'

/** A file's bytes and modification time and its folder's listing: what "left as it was" compares. */
export function fileState(file: string): { bytes: string; mtimeNs: bigint; folder: string[] } {
  return {
    bytes: fs.readFileSync(file).toString('base64'),
    mtimeNs: fs.statSync(file, { bigint: true }).mtimeNs,
    folder: fs.readdirSync(path.dirname(file)).sort(),
  }
}

function sqlite(file: string, sql: string): void {
  const db = new Database(file)
  db.exec(sql)
  db.close()
}

/**
 * Files a database path may hold that are not OrderDesk databases: `make(file)` writes one. (A file
 * that is not SQLite at all is refused as it is by SQLite itself.)
 */
export const NOT_ORDERDESK: ReadonlyArray<{ name: string; make: (file: string) => void }> = [
  { name: 'an empty file', make: (file) => fs.writeFileSync(file, '') },
  {
    name: "another program's database with a table named orders",
    make: (file) => sqlite(file, "CREATE TABLE orders (id INTEGER PRIMARY KEY, item TEXT); INSERT INTO orders (item) VALUES ('pen')"),
  },
  {
    name: "another program's database in WAL mode, user_version 3",
    make: (file) =>
      sqlite(file, "PRAGMA journal_mode = WAL; CREATE TABLE notes (t TEXT); INSERT INTO notes VALUES ('x'); PRAGMA user_version = 3"),
  },
  {
    name: "another program's database with a schema_migrations table of its own",
    make: (file) =>
      sqlite(
        file,
        "CREATE TABLE schema_migrations (version TEXT PRIMARY KEY); INSERT INTO schema_migrations VALUES ('1'); PRAGMA user_version = 1",
      ),
  },
]

/**
 * A database as a development build before the baseline left it: its chain of steps numbered
 * from 1, the newest `version`, with one source in it.
 */
export function developmentBuildDatabase(file: string, version: number): void {
  const chain: Migration[] = [
    { id: 1, name: DEVELOPMENT_FIRST_STEP, sql: 'CREATE TABLE sources (id TEXT PRIMARY KEY)' },
    { id: version, name: 'a later step', sql: "INSERT INTO sources (id) VALUES ('a')" },
  ]
  openDatabase(file, { migrations: chain }).db.close()
  sqlite(file, 'PRAGMA wal_checkpoint(TRUNCATE)')
}
