import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, type Db } from '../../src-main/db/database'
import { KeyFileSecretBox } from '../../src-main/sources/secret-box'
import { SourceStore } from '../../src-main/sources/store'

let db: Db
let store: SourceStore
beforeEach(() => {
  db = openDatabase(':memory:').db
  store = new SourceStore(db, new KeyFileSecretBox(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'orderdesk-store-')), 'key')))
  store.save({ id: 'shop', name: '代理商城', kind: 'pub', baseUrl: 'http://127.0.0.1:9', token: 'secret-token', pageSize: 50, fullSyncDays: 3 }, true)
  store.setEnabled('shop', false)
})
afterEach(() => db.close())

describe('saving an edited source', () => {
  it('keeps what the edit left out: secrets, enabled, page size, full-sync interval', () => {
    store.save({ id: 'shop', name: '代理商城（新）', kind: 'pub', baseUrl: 'http://127.0.0.1:10', timezone: 'Asia/Shanghai', lookbackDays: 14 }, false)
    expect(store.getConfig('shop')).toMatchObject({ name: '代理商城（新）', baseUrl: 'http://127.0.0.1:10', lookbackDays: 14, token: 'secret-token', enabled: false, pageSize: 50, fullSyncDays: 3 })
  })

  it('clears an optional setting sent blank, and refuses a bad one by name without changing the stored source', () => {
    store.save({ id: 'shop', name: '代理商城', kind: 'pub', baseUrl: 'http://127.0.0.1:9', pageSize: null }, false)
    expect(store.getConfig('shop').pageSize).toBeUndefined()
    expect(() => store.save({ id: 'shop', name: '代理商城', kind: 'pub', baseUrl: 'not a url' }, false)).toThrow(/baseUrl/)
    expect(store.getConfig('shop')).toMatchObject({ baseUrl: 'http://127.0.0.1:9', token: 'secret-token', enabled: false })
  })

  it('keeps an edited demo source marked as demo, so removing the demo still removes it', () => {
    store.upsert({ ...store.getConfig('shop'), id: 'demo-shop' }, { storeSecrets: true, isDemo: true })
    store.save({ id: 'demo-shop', name: '演示·改名', kind: 'pub', baseUrl: 'http://127.0.0.1:9' }, false)
    expect(store.view('demo-shop')).toMatchObject({ name: '演示·改名', isDemo: true })
    expect(store.view('shop').isDemo).toBe(false)
  })
})
