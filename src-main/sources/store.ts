import type { SourceView } from '../../src-preload/contract'
import type { Db } from '../db/database'
import { AppError } from '../shared/app-error'
import { SECRET_KEYS, sourceConfigSchema, type SourceConfig, type SourceKind } from './config'
import type { SecretBox } from './secret-box'

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

  /** Sources as the renderer sees them: no secrets. */
  listViews(): SourceView[] {
    const rows = this.db
      .prepare(
        `SELECT s.*, st.last_success_at, st.last_error,
                (SELECT count(*) FROM orders o WHERE o.source_id = s.id) AS order_count
         FROM sources s LEFT JOIN sync_state st ON st.source_id = s.id
         WHERE s.removed_at IS NULL ORDER BY s.created_at, s.id`,
      )
      .all() as Array<SourceRow & { last_success_at: number | null; last_error: string | null; order_count: number }>
    return rows.map((row) => {
      const settings = JSON.parse(row.settings) as Record<string, unknown>
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
        lastSuccessAt: row.last_success_at,
        lastError: row.last_error,
        orderCount: row.order_count,
      }
    })
  }

  /**
   * Inserts or updates a source from a validated config. Secrets are sealed and stored only
   * when `storeSecrets` is set (the app); the CLI keeps them in its sources file.
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
      sealed = this.secrets.seal(JSON.stringify(secrets))
    }
    const now = Date.now()
    this.db
      .prepare(
        `INSERT INTO sources (id, name, kind, base_url, settings, credentials, enabled, is_demo, created_at, updated_at)
         VALUES (@id, @name, @kind, @base_url, @settings, @credentials, @enabled, @is_demo, @now, @now)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, base_url = excluded.base_url,
           settings = excluded.settings,
           credentials = CASE WHEN @keep_credentials THEN sources.credentials ELSE excluded.credentials END,
           enabled = excluded.enabled, updated_at = excluded.updated_at, removed_at = NULL`,
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
        keep_credentials: options.storeSecrets ? 0 : 1,
      })
  }

  /** The full config of a stored source, secrets unsealed: for connectors in main only. */
  getConfig(id: string): SourceConfig {
    const row = this.db.prepare('SELECT * FROM sources WHERE id = ? AND removed_at IS NULL').get(id) as SourceRow | undefined
    if (!row) throw new AppError('not_found', `no source with id "${id}"`)
    let secrets: Record<string, unknown> = {}
    if (row.credentials) {
      if (!this.secrets) throw new AppError('internal', 'credentials are stored but no secret store is available')
      secrets = JSON.parse(this.secrets.open(row.credentials)) as Record<string, unknown>
    }
    return sourceConfigSchema.parse({
      ...(JSON.parse(row.settings) as Record<string, unknown>),
      ...secrets,
      id: row.id,
      name: row.name,
      kind: row.kind,
      baseUrl: row.base_url,
      enabled: row.enabled === 1,
    })
  }

  ids(): string[] {
    return (this.db.prepare('SELECT id FROM sources WHERE removed_at IS NULL ORDER BY created_at, id').all() as Array<{ id: string }>).map((r) => r.id)
  }
}
