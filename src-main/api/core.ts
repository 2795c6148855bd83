import { openDatabase, type Db } from '../db/database'
import type { WriteTurn } from '../db/write-turn'
import { Demo } from '../demo/demo'
import { SavedViewsStore } from '../saved-views/store'
import { SettingsStore } from '../settings/store'
import { SourceStore } from '../sources/store'
import { scrubStoredSecrets } from '../sources/scrub'
import type { SecretBox } from '../sources/secret-box'
import { ExportService, type ExportServiceOptions } from '../export/service'
import { Notifier } from '../notify/notifier'
import { SOURCE_WORKERS, type WorkerEntries } from '../shared/worker-entry'
import { SyncService } from '../sync/service'
import { EventHub } from './events'

export interface CoreOptions {
  dbPath: string
  secrets: SecretBox
  shell: 'electron' | 'web'
  version: string
  /** Worker entries: out/main/*.js when built; the .ts sources under tsx otherwise. */
  workers?: WorkerEntries
  /** How often auto-sync looks for due sources (default 30 s). */
  syncTickMs?: number
  /** The pause between two probes of the sources' servers (default 3 s). */
  probeMs?: number
  /** Told after each tick of auto-sync (tests await it). */
  onSyncTick?: () => void
  /** Whether this machine has a network connection (default: a network interface is up). */
  hasNetwork?: () => boolean
  /** Where an export from the UI goes: a save dialog, or the web shell's downloads. */
  chooseExportTarget: ExportServiceOptions['chooseTarget']
}

/**
 * Everything the app does, without Electron: the database and the feature services. The
 * desktop shell and the web shell each create one and serve it through the same handlers.
 */
export class Core {
  readonly db: Db
  readonly schemaVersion: number
  readonly settings: SettingsStore
  readonly views: SavedViewsStore
  readonly sources: SourceStore
  readonly sync: SyncService
  readonly exports: ExportService
  /** What syncs told the user: the bell's list, and the notifications pushed to the shells. */
  readonly notifier: Notifier
  /** Pushed events; each shell subscribes its transport. */
  readonly events = new EventHub()
  readonly demo: Demo

  constructor(readonly options: CoreOptions) {
    // Created (with its folder) only where no file exists; a file that is not ours is refused as it is.
    const opened = openDatabase(options.dbPath)
    this.db = opened.db
    this.schemaVersion = opened.schemaVersion
    this.settings = new SettingsStore(this.db)
    this.views = new SavedViewsStore(this.db)
    this.sources = new SourceStore(this.db, options.secrets)
    // No sync runs yet, so these start-up writes need no turn (see `write`).
    this.sources.bindLegacyCredentials()
    scrubStoredSecrets(this.db, this.sources)
    const workers = options.workers ?? SOURCE_WORKERS
    this.notifier = new Notifier(this.db, this.settings, this.events)
    this.sync = new SyncService({
      db: this.db,
      dbPath: options.dbPath,
      sources: this.sources,
      events: this.events,
      worker: workers.sync,
      writer: workers.syncWriter,
      tickMs: options.syncTickMs,
      probeMs: options.probeMs,
      onTick: options.onSyncTick,
      hasInterface: options.hasNetwork,
      watchRun: (ids) => this.notifier.watch(ids),
    })
    this.exports = new ExportService({
      dbPath: options.dbPath,
      events: this.events,
      worker: workers.export,
      chooseTarget: options.chooseExportTarget,
    })
    this.demo = new Demo(this)
  }

  /**
   * Runs writes on the app's connection (`db`) in a turn with a running sync's writer thread
   * (`SyncService.writeTurn`); every write of this process goes through it.
   */
  readonly write: WriteTurn = (fn) => this.sync.writeTurn(fn)

  /** Brings back the demo's sandboxes when the database holds demo sources from an earlier launch. */
  async resumeDemo(): Promise<void> {
    if (this.demo.hasDemoSources()) await this.demo.start()
  }

  async close(): Promise<void> {
    await this.sync.stop()
    await this.exports.stop()
    await this.demo.stop()
    this.db.close()
  }
}
