import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, type Db } from '../../src-main/db/database'
import type { SourceConfig } from '../../src-main/sources/config'
import { KeyFileSecretBox } from '../../src-main/sources/secret-box'
import { SourceStore } from '../../src-main/sources/store'

let db: Db
let store: SourceStore
beforeEach(() => {
  db = openDatabase(':memory:').db
  store = new SourceStore(db, new KeyFileSecretBox(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'orderdesk-config-')), 'key')))
})
afterEach(() => db.close())

describe('a Ping++ key saved before keys were checked', () => {
  const legacy = {
    id: 'pp',
    name: 'Ping++',
    kind: 'pingpp',
    baseUrl: 'http://127.0.0.1:9',
    timezone: 'Asia/Shanghai',
    currency: 'CNY',
    lookbackDays: 30,
    autoSyncMinutes: 10,
    fullSyncDays: 7,
    enabled: true,
    appId: 'app_1',
    secretKey: 'sk_1',
    privateKeyPem: 'pasted the public key by mistake',
  } as SourceConfig

  it('still opens, and an edit must replace it with a real key', () => {
    store.upsert(legacy, { storeSecrets: true })
    expect(store.getConfig('pp')).toMatchObject({ privateKeyPem: 'pasted the public key by mistake' })
    expect(() => store.save({ id: 'pp', kind: 'pingpp', name: 'Ping++ 2' }, false)).toThrow(/privateKeyPem/)
    const key = fs.readFileSync(new URL('../fixtures/pingpp-test-key.pem', import.meta.url), 'utf8')
    store.save({ id: 'pp', kind: 'pingpp', name: 'Ping++ 2', privateKeyPem: key }, false)
    expect(store.getConfig('pp')).toMatchObject({ name: 'Ping++ 2', privateKeyPem: key })
  })
})
