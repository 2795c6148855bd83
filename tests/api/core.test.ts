import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Core } from '../../src-main/api/core'
import { DatabaseOpenError, openDatabase } from '../../src-main/db/database'
import { startSandbox } from '../../src-main/sandboxes'
import type { SandboxOptions } from '../../src-main/sandboxes/types'
import { KeyFileSecretBox } from '../../src-main/sources/secret-box'
import { webExportTarget } from '../../src-main/web/downloads'
import { fileState, NOT_ORDERDESK } from '../helpers/files'
import { databaseText, writeUnredactedLog } from '../helpers/leaks'

let dir: string
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orderdesk-core-'))
})
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

describe('Core', () => {
  it.each(NOT_ORDERDESK)(
    'refuses $name as its database, as the shells create it, changing no byte and making no file beside it',
    ({ make }) => {
      const folder = path.join(dir, 'data')
      fs.mkdirSync(folder)
      const dbPath = path.join(folder, 'theirs.db')
      make(dbPath)
      const before = fileState(dbPath)
      let error: unknown
      try {
        new Core({
          dbPath,
          secrets: new KeyFileSecretBox(path.join(dir, 'test.key')),
          shell: 'web',
          version: '0.0.0-test',
          chooseExportTarget: webExportTarget(path.join(dir, 'exports')),
        })
      } catch (e) {
        error = e
      }
      expect(fileState(dbPath)).toEqual(before)
      expect(error).toBeInstanceOf(DatabaseOpenError)
      expect((error as DatabaseOpenError).code).toBe('not_a_database')
    },
  )
})

function startCore(dbPath: string): Core {
  return new Core({
    dbPath,
    secrets: new KeyFileSecretBox(path.join(dir, 'test.key')),
    shell: 'web',
    version: '0.0.0-test',
    chooseExportTarget: webExportTarget(path.join(dir, 'exports')),
  })
}

describe('stored credentials at start-up', () => {
  describe('sealed before they named their source', () => {
    let dbPath: string
    let legacy: Buffer
    let core: Core
    beforeEach(() => {
      dbPath = path.join(dir, 'old.db')
      // A database as an OrderDesk before this made it: the secrets sealed alone.
      legacy = new KeyFileSecretBox(path.join(dir, 'test.key')).seal(JSON.stringify({ token: 'old-token' }))
      const db = openDatabase(dbPath).db
      insertLegacy(db, 'shop', '商城', legacy)
      db.close()
      core = startCore(dbPath)
    })
    afterEach(() => core.close())

    /** A source row holding `credentials` as they are, written as an older version wrote it. */
    function insertLegacy(db: ReturnType<typeof openDatabase>['db'], id: string, name: string, credentials: Buffer): void {
      db.prepare(
        `INSERT INTO sources (id, name, kind, base_url, settings, credentials, enabled, is_demo, created_at, updated_at)
         VALUES (?, ?, 'pub', 'http://127.0.0.1:9', '{}', ?, 1, 0, 0, 0)`,
      ).run(id, name, credentials)
    }

    const restart = async (): Promise<void> => {
      await core.close()
      core = startCore(dbPath)
    }

    it('are taken at the first start, and on the next', async () => {
      expect(core.sources.getConfig('shop')).toMatchObject({ token: 'old-token' })
      await restart()
      expect(core.sources.getConfig('shop')).toMatchObject({ token: 'old-token' })
    })

    it('are sealed again at the first start, naming their source', () => {
      const resealed = core.db.prepare("SELECT credentials FROM sources WHERE id = 'shop'").get() as { credentials: Buffer }
      expect(resealed.credentials.equals(legacy)).toBe(false)
    })

    it('are refused when put back in a row after the first start, then and on the next start', async () => {
      // A blob from before, put in a row after the first start, names no source: not taken, then or on the next start.
      await core.write(() => insertLegacy(core.db, 'copy', '副本', legacy))
      expect(() => core.sources.getConfig('copy')).toThrow(
        'source "copy": its stored credentials were sealed without naming their source; enter them again by editing the source',
      )
      await restart()
      expect(() => core.sources.getConfig('copy')).toThrow(/source "copy": its stored credentials were sealed without naming their source/)
    })
  })

  it('a source pointed at another host in the database alone is refused by name, and nothing is sent there', async () => {
    const vendor = await startSandbox('course', { seed: 51, orders: 5, token: 'app-entered-token' } as SandboxOptions)
    const elsewhere = await startSandbox('course', { seed: 52, orders: 5 }, { recordRequests: true })
    const core = startCore(path.join(dir, 'moved.db'))
    try {
      core.sources.save({ ...vendor.sourceConfig('shop', '商城') }, true)
      core.db.prepare("UPDATE sources SET base_url = ? WHERE id = 'shop'").run(elsewhere.server.url)
      const finished = new Promise<void>((resolve) => core.events.subscribe({ emit: (name) => name === 'sync:finished' && resolve() }))
      let refused: unknown = null
      try {
        core.sync.start({ sources: ['shop'], trigger: 'scheduled' })
        await finished
      } catch (error) {
        refused = error
      }
      expect(elsewhere.server.requestLog).toEqual([])
      expect(refused).toMatchObject({
        message: 'source "shop": its stored credentials were sealed for another source or address; enter them again by editing the source',
      })
    } finally {
      await core.close()
      await vendor.close()
      await elsewhere.close()
    }
  })
})

describe('sync-log rows written before credentials were masked', () => {
  it('are scrubbed when the core starts: no credential is left in the database file or its WAL', async () => {
    const dbPath = path.join(dir, 'leaked.db')
    const shop = { appKey: 'ak live/秘钥+"9Z', token: 'tok-en/12345+W' }
    const first = startCore(dbPath)
    first.sources.save({ id: 'shop', name: '商城', kind: 'appkey', baseUrl: 'http://127.0.0.1:9/api', ...shop }, true)
    await first.close()
    // An older version's writes, on a connection of its own: copied into the file, and still in the WAL.
    const older = openDatabase(dbPath).db
    writeUnredactedLog(older, 'shop', shop)
    older.pragma('wal_checkpoint(PASSIVE)')
    const forms = [shop.appKey, shop.token].flatMap((s) => [
      s,
      encodeURIComponent(s),
      encodeURIComponent(s).replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()),
      JSON.stringify(s).slice(1, -1),
    ])
    const held = (): string[] => {
      const text = databaseText(dbPath)
      return forms.filter((form) => text.includes(form))
    }
    expect(held()).toEqual(expect.arrayContaining([shop.appKey, encodeURIComponent(shop.appKey), forms[2], forms[3], shop.token]))

    const core = startCore(dbPath)
    try {
      expect(held()).toEqual([])
      expect(databaseText(dbPath)).toContain('/Order/••••+\\"9Z/list')
    } finally {
      older.close()
      await core.close()
    }
    expect(held()).toEqual([])
  })
})
