import type { z } from 'zod'
import type { SourceView } from '../../src-preload/contract'
import type { Db } from '../db/database'
import { AppError } from '../shared/app-error'
import { forgetSourceAnnotations } from '../notes/notes'
import { maskSecret } from '../shared/secrets'
import { SECRET_KEYS, sourceConfigSchema, storedSourceConfigSchema, type SourceConfig, type SourceKind } from './config'
import { ENV_REF, parseSources } from './file'
import type { SecretBox } from './secret-box'
import { canonicalAddress, openCredentials, sealCredentials, type OpenedCredentials } from './sealed'

/** A stored source as its row has it: settings, and the secrets that could be unsealed. */
type StoredSource = Record<string, unknown> & { id: string; kind: SourceKind; baseUrl: string }

interface SourceRow {
  id: string
  name: string
  kind: SourceKind
  base_url: string
  settings: string
  credentials: Buffer | null
  enabled: number
  is_demo: number
}

/** The configured sources, in the database; secrets sealed by a SecretBox. */
export class SourceStore {
  constructor(
    private readonly db: Db,
    private readonly secrets?: SecretBox,
  ) {}

  /** Sources as the renderer sees them: secrets masked, never in full. */
  listViews(): SourceView[] {
    const rows = this.db
      .prepare(
        `SELECT s.*, st.last_success_at, st.last_error, coalesce(st.failures, 0) AS failures, st.next_attempt_at,
                (SELECT coalesce(sum(c.n), 0) FROM order_counts c WHERE c.source_id = s.id) AS order_count
         FROM sources s LEFT JOIN sync_state st ON st.source_id = s.id
         WHERE s.removed_at IS NULL ORDER BY s.created_at, s.id`,
      )
      .all() as Array<
      SourceRow & {
        last_success_at: number | null
        last_error: string | null
        failures: number
        next_attempt_at: number | null
        order_count: number
      }
    >
    return rows.map((row) => {
      const settings = JSON.parse(row.settings) as Record<string, unknown>
      const { secrets } = this.openSecrets(row)
      return {
        id: row.id,
        name: row.name,
        kind: row.kind,
        baseUrl: row.base_url,
        enabled: row.enabled === 1,
        isDemo: row.is_demo === 1,
        timezone: String(settings.timezone ?? 'Asia/Shanghai'),
        currency: String(settings.currency ?? 'CNY'),
        lookbackDays: Number(settings.lookbackDays ?? 30),
        autoSyncMinutes: Number(settings.autoSyncMinutes ?? 10),
        fullSyncDays: Number(settings.fullSyncDays ?? 7),
        pageSize: typeof settings.pageSize === 'number' ? settings.pageSize : null,
        appId: typeof settings.appId === 'string' ? settings.appId : null,
        lastSuccessAt: row.last_success_at,
        lastError: row.last_error ? (JSON.parse(row.last_error) as SourceView['lastError']) : null,
        failures: row.failures,
        nextAttemptAt: row.next_attempt_at,
        orderCount: row.order_count,
        maskedSecrets: Object.fromEntries(Object.entries(secrets).map(([k, v]) => [k, maskSecret(String(v))])),
      }
    })
  }

  view(id: string): SourceView {
    const view = this.listViews().find((v) => v.id === id)
    if (!view) throw new AppError('not_found', `no source with id "${id}"`)
    return view
  }

  /**
   * Inserts or updates a source from a validated config. Secrets are sealed and stored only
   * when `storeSecrets` is set (the app); the CLI keeps them in its sources file. Without
   * them, stored secrets stay only while the kind and the address do (as on save): a sources
   * file that moves a source elsewhere clears them, so the app asks for them again rather
   * than send them to the file's host.
   */
  upsert(config: SourceConfig, options: { storeSecrets: boolean; isDemo?: boolean }): void {
    const secretKeys = SECRET_KEYS[config.kind]
    const settings: Record<string, unknown> = {}
    const secrets: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(config)) {
      if (['id', 'name', 'kind', 'baseUrl', 'enabled'].includes(key)) continue
      if (secretKeys.includes(key)) secrets[key] = value
      else settings[key] = value
    }
    let sealed: Buffer | null = null
    if (options.storeSecrets) {
      if (!this.secrets) throw new Error('no secret store configured')
      sealed = sealCredentials(this.secrets, config, secrets)
    }
    const write = this.db.transaction(() => {
      const before = this.db.prepare('SELECT kind, base_url FROM sources WHERE id = ?').get(config.id) as
        Pick<SourceRow, 'kind' | 'base_url'> | undefined
      const keep = !options.storeSecrets && before?.kind === config.kind && sameAddress(before.base_url, config.baseUrl)
      const now = Date.now()
      this.db
        .prepare(
          `INSERT INTO sources (id, name, kind, base_url, settings, credentials, enabled, is_demo, created_at, updated_at)
           VALUES (@id, @name, @kind, @base_url, @settings, @credentials, @enabled, @is_demo, @now, @now)
           ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, base_url = excluded.base_url,
             settings = excluded.settings,
             credentials = CASE WHEN @keep_credentials THEN sources.credentials ELSE excluded.credentials END,
             enabled = excluded.enabled, is_demo = excluded.is_demo, updated_at = excluded.updated_at, removed_at = NULL`,
        )
        .run({
          id: config.id,
          name: config.name,
          kind: config.kind,
          base_url: config.baseUrl,
          settings: JSON.stringify(settings),
          credentials: sealed,
          enabled: config.enabled ? 1 : 0,
          is_demo: options.isDemo ? 1 : 0,
          now,
          keep_credentials: keep ? 1 : 0,
        })
    })
    // Immediate: another process (the CLI beside the app) must not move the row between the read and the write.
    write.immediate()
  }

  /** Saves a source edited in the app (see `resolve`). Errors name the key. */
  save(input: Record<string, unknown>, isNew: boolean): SourceConfig {
    const id = typeof input.id === 'string' ? input.id : ''
    const exists = this.exists(id)
    if (isNew && exists) throw new AppError('conflict', `a source with id "${id}" already exists`, 'id')
    if (!isNew && !exists) throw new AppError('not_found', `no source with id "${id}"`, 'id')
    const config = this.resolve(input, isNew ? null : this.read(id).source)
    // An edited demo source stays a demo source, so removing the demo still removes it.
    const row = isNew ? undefined : (this.db.prepare('SELECT is_demo FROM sources WHERE id = ?').get(id) as { is_demo: number })
    const isDemo = row?.is_demo === 1
    this.upsert(config, { storeSecrets: true, isDemo })
    return config
  }

  /**
   * The config "Test connection" tries for a source as the dialog has it: for a saved source
   * of the same kind, what it leaves blank is filled in as on save (see `resolve`).
   */
  configToTest(input: Record<string, unknown>): SourceConfig {
    const id = typeof input.id === 'string' ? input.id : ''
    const stored = this.exists(id) ? this.read(id).source : null
    return this.resolve(input, stored?.kind === input.kind ? stored : null)
  }

  /**
   * A source as edited, validated. On edit (`stored` given), a setting left out keeps its
   * stored value (a dialog that does not show `enabled` or `pageSize` must not reset them),
   * and so does a blank secret while the address stays the same, so the renderer never needs
   * to hold one in full. At a new address a blank secret is refused by name: it was given for
   * the old host, and is never sent to another (nor after a sources file moves the source, see
   * upsert, or its row is changed in the database alone, see sealed.ts).
   */
  private resolve(input: Record<string, unknown>, stored: StoredSource | null): SourceConfig {
    const merged: Record<string, unknown> = { ...input }
    const reenter: string[] = []
    if (stored) {
      const kept: Record<string, unknown> = stored
      if (stored.kind !== input.kind) throw new AppError('invalid_argument', 'kind: the kind of a source cannot change', 'kind')
      const moved = 'baseUrl' in input && !sameAddress(input.baseUrl, stored.baseUrl)
      const secretKeys = SECRET_KEYS[stored.kind]
      for (const key of secretKeys) {
        if (!blank(merged[key]) || kept[key] === undefined) continue
        if (moved) reenter.push(key)
        else merged[key] = kept[key]
      }
      for (const [key, value] of Object.entries(kept)) if (!(key in input) && !secretKeys.includes(key)) merged[key] = value
    }
    for (const [k, v] of Object.entries(merged)) if (blank(v)) delete merged[k]
    const again = (key: string): AppError => new AppError('invalid_argument', `${key}: enter the ${key} again: the address changed`, key)
    const parsed = sourceConfigSchema.safeParse(merged)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      const key = issue.path.join('.') || (issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : '')
      if (reenter.includes(key)) throw again(key)
      throw new AppError('invalid_argument', `${key ? `${key}: ` : ''}${issue.message}`, key || undefined)
    }
    // An optional secret (the Ping++ private key) passes the schema when left out, but is asked for again too.
    if (reenter.length > 0) throw again(reenter[0])
    return parsed.data
  }

  setEnabled(id: string, enabled: boolean): void {
    if (!this.exists(id)) throw new AppError('not_found', `no source with id "${id}"`)
    this.db.prepare('UPDATE sources SET enabled = ?, updated_at = ? WHERE id = ?').run(enabled ? 1 : 0, Date.now(), id)
  }

  /**
   * Removes a source; its cached orders are deleted, or kept with the source hidden. With no
   * orders there is nothing to keep, so the source goes entirely either way.
   */
  remove(id: string, keepOrders: boolean): number {
    if (!this.exists(id)) throw new AppError('not_found', `no source with id "${id}"`)
    return this.db.transaction(() => {
      const hasOrders = this.db.prepare('SELECT 1 FROM orders WHERE source_id = ? LIMIT 1').get(id) !== undefined
      if (keepOrders && hasOrders) {
        this.db.prepare('UPDATE sources SET removed_at = ?, enabled = 0, credentials = NULL WHERE id = ?').run(Date.now(), id)
        return 0
      }
      const deleted = this.db.prepare('DELETE FROM orders WHERE source_id = ?').run(id).changes
      // The orders go, and staff's notes and tags on them with them (kept orders keep theirs).
      forgetSourceAnnotations(this.db, id)
      this.db.prepare('DELETE FROM skipped_records WHERE source_id = ?').run(id)
      this.db.prepare('DELETE FROM sources WHERE id = ?').run(id)
      return deleted
    })()
  }

  /**
   * The sources file (README.md § The CLI), secrets left out: each becomes a `${NAME}`
   * reference to an environment variable (see envNames), so the file still validates. A
   * source whose secrets are not stored gets references for those its kind requires.
   */
  exportFile(): string {
    const stored = this.ids().map((id) => this.read(id))
    const names = envNames(stored.map(({ source }) => source))
    const sources = stored.map(({ source, problem }) => {
      const secretKeys = SECRET_KEYS[source.kind]
      const present = problem ? requiredSecretKeys(source.kind) : secretKeys.filter((key) => source[key] !== undefined)
      const settings = Object.fromEntries(Object.entries(source).filter(([key]) => !secretKeys.includes(key)))
      const refs = Object.fromEntries(present.map((key) => [key, `\${${names(source.id, key)}}`]))
      return storedSourceConfigSchema.parse({ ...settings, ...refs })
    })
    return `${JSON.stringify({ sources }, null, 2)}\n`
  }

  /**
   * Imports a sources file from the page. A secret given as `${NAME}` comes from the
   * environment, or, for a source that already exists here, keeps its stored value. NAME must
   * be the variable exportFile writes for that source and key (ORDERDESK_SHOP_TOKEN for
   * source shop's token): the file's author chooses the address the secret is sent to, and
   * must not be able to have the server's other variables (a GITHUB_TOKEN) sent there. The
   * operator's own sources file (`--config`) is read by loadSourcesFile, with no such rule.
   * Nothing is saved unless the whole file validates.
   */
  importFile(text: string, env: NodeJS.ProcessEnv = process.env): string[] {
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch (error) {
      throw new AppError('invalid_argument', `the sources file is not valid JSON: ${(error as Error).message}`)
    }
    const entries = (json as { sources?: unknown }).sources
    // Only the variables named as they must be are read; every other name reads as unset.
    const readable: NodeJS.ProcessEnv = {}
    if (Array.isArray(entries)) {
      const sources = (entries as unknown[]).filter(isNamedSource)
      const names = envNames(sources)
      for (const entry of sources) {
        for (const key of SECRET_KEYS[entry.kind]) {
          const ref = typeof entry[key] === 'string' ? ENV_REF.exec(entry[key]) : null
          if (!ref) continue
          const name = names(entry.id, key)
          if (ref[1] !== name) {
            throw new AppError(
              'invalid_argument',
              `sources file: source "${entry.id}": key "${key}": ${ref[0]} is not this credential's environment variable: a file imported here may only name \${${name}}`,
              key,
            )
          }
          readable[name] = env[name]
        }
      }
      for (const entry of entries as Array<Record<string, unknown>>) {
        if (!entry || typeof entry !== 'object' || typeof entry.id !== 'string' || !this.exists(entry.id)) continue
        const stored = this.read(entry.id).source
        const kept = stored as unknown as Record<string, unknown>
        // As on save: a stored secret stands in only while the kind and the address stay the same.
        const changed = entry.kind !== stored.kind ? 'kind' : sameAddress(entry.baseUrl, stored.baseUrl) ? null : 'address'
        for (const key of SECRET_KEYS[stored.kind]) {
          const value = entry[key]
          const ref = typeof value === 'string' ? ENV_REF.exec(value) : null
          if (!ref || readable[ref[1]]) continue
          if (changed && kept[key] !== undefined) {
            throw new AppError(
              'invalid_argument',
              `sources file: source "${entry.id}": key "${key}": enter the ${key} again: the ${changed} changed (environment variable ${ref[1]} is not set)`,
              key,
            )
          }
          entry[key] = kept[key]
        }
      }
    }
    let configs: SourceConfig[]
    try {
      configs = parseSources(json, 'sources file', readable)
    } catch (error) {
      throw new AppError('invalid_argument', (error as Error).message)
    }
    this.db.transaction(() => configs.forEach((c) => this.upsert(c, { storeSecrets: true })))()
    return configs.map((c) => c.id)
  }

  /**
   * The full config of a stored source, secrets unsealed: for connectors in main only. A
   * source whose secrets are not stored, or cannot be used, is refused by name: they must be
   * entered again.
   */
  getConfig(id: string): SourceConfig {
    const { source, problem } = this.read(id)
    if (problem) throw new AppError('invalid_argument', `source "${id}": ${problem}; enter them again by editing the source`)
    return storedSourceConfigSchema.parse(source)
  }

  /** A stored source, with its secrets where they can be unsealed, and otherwise why not. */
  private read(id: string): { source: StoredSource; problem: string | null } {
    const row = this.db.prepare('SELECT * FROM sources WHERE id = ? AND removed_at IS NULL').get(id) as SourceRow | undefined
    if (!row) throw new AppError('not_found', `no source with id "${id}"`)
    const { secrets, problem } = this.openSecrets(row)
    return {
      source: {
        ...(JSON.parse(row.settings) as Record<string, unknown>),
        ...secrets,
        id: row.id,
        name: row.name,
        kind: row.kind,
        baseUrl: row.base_url,
        enabled: row.enabled === 1,
      },
      problem,
    }
  }

  ids(): string[] {
    return (this.db.prepare('SELECT id FROM sources WHERE removed_at IS NULL ORDER BY created_at, id').all() as Array<{ id: string }>).map(
      (r) => r.id,
    )
  }

  private exists(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM sources WHERE id = ? AND removed_at IS NULL').get(id) !== undefined
  }

  /**
   * Seals with their source the credentials stored before they named it (see sealed.ts),
   * taking them as their rows have them this once: for start-up, before anything reads them.
   * Once every stored credential names its source, the database is marked so, and one that
   * does not (a blob from before, put back in a row) is refused from then on. The mark stays
   * off while a blob cannot be opened here: it may be another shell's (the desktop app's
   * keychain beside the web shell's key file), still to be sealed when that one starts. The
   * mark is in the database, so whoever can write it can clear it: it stops a blob from
   * before being replayed unnoticed, not one who also knows to clear the mark.
   */
  bindLegacyCredentials(): number {
    const box = this.secrets
    if (!box) return 0
    return this.db.transaction(() => {
      if (this.db.prepare('SELECT 1 FROM settings WHERE key = ?').get(LEGACY_CLOSED) !== undefined) return 0
      const rows = this.db.prepare('SELECT * FROM sources WHERE credentials IS NOT NULL').all() as SourceRow[]
      const reseal = this.db.prepare('UPDATE sources SET credentials = ? WHERE id = ?')
      let bound = 0
      let unopened = 0
      for (const row of rows) {
        const opened = openCredentials(box, row.credentials!, ownerOf(row))
        if ('problem' in opened) unopened += opened.unopened ? 1 : 0
        else if (opened.legacy) bound += reseal.run(sealCredentials(box, ownerOf(row), opened.secrets), row.id).changes
      }
      if (unopened === 0) this.db.prepare("INSERT INTO settings (key, value) VALUES (?, 'true')").run(LEGACY_CLOSED)
      return bound
    })()
  }

  private openSecrets(row: SourceRow): { secrets: Record<string, unknown>; problem: string | null } {
    if (!row.credentials) return { secrets: {}, problem: 'no credentials are stored for it' }
    if (!this.secrets) throw new AppError('internal', 'credentials are stored but no secret store is available')
    const opened: OpenedCredentials = openCredentials(this.secrets, row.credentials, ownerOf(row))
    if ('problem' in opened) return { secrets: {}, problem: opened.problem }
    // Unbound ones are taken only by bindLegacyCredentials, at start-up.
    if (opened.legacy) return { secrets: {}, problem: 'its stored credentials were sealed without naming their source' }
    return { secrets: opened.secrets, problem: null }
  }
}

/** The settings key that says every stored credential names its source (see bindLegacyCredentials). */
const LEGACY_CLOSED = 'credentialsBound'

function ownerOf(row: SourceRow): { id: string; kind: string; baseUrl: string } {
  return { id: row.id, kind: row.kind, baseUrl: row.base_url }
}

function blank(value: unknown): boolean {
  return value === undefined || value === null || value === ''
}

/** Whether two base URLs name the same place, written alike or not (see canonicalAddress). */
function sameAddress(a: unknown, b: unknown): boolean {
  return canonicalAddress(a) === canonicalAddress(b)
}

/**
 * The environment variable each credential of these sources is exported as, and the only one
 * an imported file may name for it: ORDERDESK_SHOP_TOKEN for source shop's token. The prefix
 * keeps a file's author, who picks the ids, from naming another program's variable (source
 * "github" would read GITHUB_TOKEN). Ids that read alike (pay-a, payA) would share a name,
 * and the file, read back, would give one source the other's secret: of the credentials whose
 * names are equal, the first by id and key keeps it and the others get _2, _3, …, which no
 * other name ends with (each ends with its key's letters). The same sources give the same
 * names anywhere.
 */
function envNames(sources: ReadonlyArray<{ id: string; kind: SourceKind }>): (id: string, key: string) => string {
  const pairs = sources.flatMap(({ id, kind }) => SECRET_KEYS[kind].map((key) => [id, key] as const))
  pairs.sort(([a, k], [b, l]) => (a === b ? (k < l ? -1 : k > l ? 1 : 0) : a < b ? -1 : 1))
  const seen = new Map<string, number>()
  const names = new Map<string, string>()
  for (const [id, key] of pairs) {
    const pair = JSON.stringify([id, key])
    if (names.has(pair)) continue
    const base = `ORDERDESK_${id}_${key}`
      .replace(/[^A-Za-z0-9]+/g, '_')
      .replace(/([a-z])([A-Z])/g, '$1_$2')
      .toUpperCase()
    const n = (seen.get(base) ?? 0) + 1
    seen.set(base, n)
    names.set(pair, n === 1 ? base : `${base}_${n}`)
  }
  return (id, key) => {
    const name = names.get(JSON.stringify([id, key]))
    if (name === undefined) throw new Error(`no environment variable name for source "${id}" key "${key}"`)
    return name
  }
}

/** A file's entry with an id and a known kind: one whose credentials have a variable name. */
function isNamedSource(entry: unknown): entry is Record<string, unknown> & { id: string; kind: SourceKind } {
  if (!entry || typeof entry !== 'object') return false
  const { id, kind } = entry as Record<string, unknown>
  return typeof id === 'string' && typeof kind === 'string' && Object.hasOwn(SECRET_KEYS, kind)
}

/** The secrets a kind cannot do without (Ping++'s private key is optional). */
function requiredSecretKeys(kind: SourceKind): string[] {
  const shape = sourceConfigSchema.options.find((o) => o.shape.kind.value === kind)!.shape as Record<string, z.ZodType>
  return SECRET_KEYS[kind].filter((key) => !shape[key].safeParse(undefined).success)
}
