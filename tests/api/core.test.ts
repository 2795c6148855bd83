import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Core } from '../../src-main/api/core'
import { DatabaseOpenError } from '../../src-main/db/database'
import { KeyFileSecretBox } from '../../src-main/sources/secret-box'
import { webExportTarget } from '../../src-main/web/downloads'
import { fileState, NOT_ORDERDESK } from '../helpers/files'

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
