import type { Core } from '../api/core'
import { startSandbox, type StartedSandbox } from '../sandboxes'
import { forgetSourceAnnotations } from '../notes/notes'
import { SECRET_KEYS, sourceConfigSchema, type SourceConfig, type SourceKind } from '../sources/config'

/** The demo shop: one source per API kind, each backed by its sandbox on loopback. */
const DEMO_SOURCES: ReadonlyArray<{ kind: SourceKind; id: string; name: string; seed: number; orders: number }> = [
  { kind: 'pub', id: 'demo-pub', name: '演示·代理商城', seed: 101, orders: 400 },
  { kind: 'appkey', id: 'demo-appkey', name: '演示·商城', seed: 202, orders: 400 },
  { kind: 'pingpp', id: 'demo-pingpp', name: '演示·Ping++', seed: 303, orders: 300 },
  { kind: 'course', id: 'demo-course', name: '演示·直播课', seed: 404, orders: 300 },
]

/**
 * "演示数据 Demo": starts the four sandboxes in this process and adds them as sources marked
 * as demo, so a new user sees a realistic shop at once. The sandboxes live as long as the
 * app; removing the demo deletes its sources and every order they brought.
 */
export class Demo {
  private running: StartedSandbox[] = []

  constructor(private readonly core: Core) {}

  get active(): boolean {
    return this.running.length > 0
  }

  /** Starts the sandboxes and (re)points the demo sources at them. Does not sync. */
  async start(): Promise<string[]> {
    if (!this.active) {
      this.running = await Promise.all(DEMO_SOURCES.map((d) => startSandbox(d.kind, { seed: d.seed, orders: d.orders })))
    }
    await this.core.write(() => {
      const existing = new Set(this.core.sources.ids())
      DEMO_SOURCES.forEach((d, i) => {
        const fresh = this.running[i].sourceConfig(d.id, d.name)
        // A demo source from an earlier launch keeps what the user changed (its name, switch, zone,
        // schedule); only where its sandbox listens and how to sign in are this launch's.
        const config = existing.has(d.id)
          ? sourceConfigSchema.parse({ ...this.core.sources.getConfig(d.id), ...connectionOf(fresh) })
          : fresh
        this.core.sources.upsert(config, { storeSecrets: true, isDemo: true })
      })
    })
    return DEMO_SOURCES.map((d) => d.id)
  }

  /** True when the database holds demo sources (left from an earlier launch). */
  hasDemoSources(): boolean {
    return this.core.sources.listViews().some((s) => s.isDemo)
  }

  /** Deletes the demo sources with their orders, sync state and log rows, and stops the sandboxes. */
  async remove(): Promise<number> {
    const ids = await this.core.write(
      this.core.db.transaction(() => {
        const demoIds = this.core.db.prepare('SELECT id FROM sources WHERE is_demo = 1').all() as Array<{ id: string }>
        for (const { id } of demoIds) {
          this.core.db.prepare('DELETE FROM skipped_records WHERE source_id = ?').run(id)
          this.core.db.prepare('DELETE FROM sync_run_sources WHERE source_id = ?').run(id)
          this.core.db.prepare('DELETE FROM sources WHERE id = ?').run(id) // orders and sync state cascade
          forgetSourceAnnotations(this.core.db, id)
        }
        this.core.db.prepare('DELETE FROM sync_runs WHERE id NOT IN (SELECT run_id FROM sync_run_sources)').run()
        return demoIds
      }),
    )
    await Promise.all(this.running.map((r) => r.close()))
    this.running = []
    return ids.length
  }

  async stop(): Promise<void> {
    await Promise.all(this.running.map((r) => r.close()))
    this.running = []
  }
}

/** A sandbox's address, app id and keys: what changes from one launch to the next. */
function connectionOf(config: SourceConfig): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(config).filter(([key]) => key === 'baseUrl' || key === 'appId' || SECRET_KEYS[config.kind].includes(key)),
  )
}
