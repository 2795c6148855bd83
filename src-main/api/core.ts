import fs from 'node:fs'
import path from 'node:path'
import { openDatabase, type Db } from '../db/database'
import { SettingsStore } from '../settings/store'
import { SourceStore } from '../sources/store'
import type { SecretBox } from '../sources/secret-box'

export interface CoreOptions {
  dbPath: string
  secrets: SecretBox
  shell: 'electron' | 'web'
  version: string
}

/**
 * Everything the app does, without Electron: the database and the feature services. The
 * desktop shell and the web shell each create one and serve it through the same handlers.
 */
export class Core {
  readonly db: Db
  readonly schemaVersion: number
  readonly settings: SettingsStore
  readonly sources: SourceStore

  constructor(readonly options: CoreOptions) {
    fs.mkdirSync(path.dirname(path.resolve(options.dbPath)), { recursive: true })
    const opened = openDatabase(options.dbPath)
    this.db = opened.db
    this.schemaVersion = opened.schemaVersion
    this.settings = new SettingsStore(this.db)
    this.sources = new SourceStore(this.db, options.secrets)
  }

  close(): void {
    this.db.close()
  }
}
