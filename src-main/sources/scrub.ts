import { secretValues } from '../connectors'
import type { Db } from '../db/database'
import { redactSecrets, redactValue, secretSearchForms } from '../shared/secrets'
import type { SourceStore } from './store'

/** Where sync and reconciliation keep what a connector said; `json` columns hold JSON text. */
const LOG_COLUMNS: ReadonlyArray<{ table: string; columns: ReadonlyArray<{ name: string; json: boolean }> }> = [
  { table: 'sync_state', columns: [{ name: 'last_error', json: true }] },
  { table: 'sync_run_sources', columns: [{ name: 'error', json: true }] },
  {
    table: 'skipped_records',
    columns: [
      { name: 'reason', json: false },
      { name: 'raw', json: true },
      { name: 'remote_id', json: false },
    ],
  },
  { table: 'reconciliations', columns: [{ name: 'error', json: false }] },
]

/**
 * Masks the stored sources' credentials in the sync log, the sync state and the
 * reconciliation history, where versions that did not yet redact connector errors and
 * skipped records wrote them (an appkey network error quotes the URL, app key included). For
 * start-up, on the core's connection before any sync runs. SQLite picks the rows that hold a
 * secret in some form (LIKE ignores the case of URL-encoding's hex digits), so a large
 * skipped_records table costs one scan and only those rows are read and written; their old
 * text is zeroed (secure_delete) and cut from the WAL. Returns the rows changed.
 */
export function scrubStoredSecrets(db: Db, sources: SourceStore): number {
  const secrets = sources.ids().flatMap((id) => {
    try {
      return secretValues(sources.getConfig(id))
    } catch {
      // Not stored, or refused: nothing of this source's is known to look for.
      return []
    }
  })
  const forms = secretSearchForms(secrets)
  if (forms.length === 0) return 0
  const patterns = forms.map((form) => `%${form.replace(/[\\%_]/g, '\\$&')}%`)
  const params = Object.fromEntries(patterns.map((pattern, i) => [`p${i}`, pattern]))
  const secureDelete = db.pragma('secure_delete', { simple: true }) as number
  db.pragma('secure_delete = ON')
  let changed: number
  try {
    changed = db.transaction(() => {
      let rows = 0
      for (const { table, columns } of LOG_COLUMNS) {
        const holds = columns.flatMap(({ name }) => patterns.map((_, i) => `${name} LIKE @p${i} ESCAPE '\\'`)).join(' OR ')
        const names = columns.map((c) => c.name)
        const found = db.prepare(`SELECT rowid AS row_id, ${names.join(', ')} FROM ${table} WHERE ${holds}`).all(params) as Array<
          Record<string, string | null> & { row_id: number }
        >
        for (const row of found) {
          const masked = columns.map(({ name, json }) => {
            const text = row[name]
            return text === null ? null : json ? redactJsonText(text, secrets) : redactSecrets(text, secrets)
          })
          if (masked.every((text, i) => text === row[names[i]])) continue
          db.prepare(`UPDATE ${table} SET ${names.map((n) => `${n} = ?`).join(', ')} WHERE rowid = ?`).run(...masked, row.row_id)
          rows++
        }
      }
      return rows
    })()
  } finally {
    db.pragma(`secure_delete = ${secureDelete}`)
  }
  // The rows' earlier text is still in older frames of the WAL until it is copied back and cut.
  if (changed > 0) db.pragma('wal_checkpoint(TRUNCATE)')
  return changed
}

/** JSON text with its strings masked, as connectors mask the values before they are stored. */
function redactJsonText(text: string, secrets: readonly string[]): string {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return redactSecrets(text, secrets)
  }
  return JSON.stringify(redactValue(value, secrets))
}
