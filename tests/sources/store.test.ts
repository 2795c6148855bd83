import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, type Db } from '../../src-main/db/database'
import { KeyFileSecretBox } from '../../src-main/sources/secret-box'
import { SourceStore } from '../../src-main/sources/store'
import { sourceConfigSchema, type SourceConfig } from '../../src-main/sources/config'
import { order, writeOrders } from '../helpers/orders'

let db: Db
let store: SourceStore
beforeEach(() => {
  db = openDatabase(':memory:').db
  store = new SourceStore(db, new KeyFileSecretBox(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'orderdesk-store-')), 'key')))
  store.save(
    { id: 'shop', name: '代理商城', kind: 'pub', baseUrl: 'http://127.0.0.1:9', token: 'secret-token', pageSize: 50, fullSyncDays: 3 },
    true,
  )
  store.setEnabled('shop', false)
})
afterEach(() => db.close())

describe('saving an edited source', () => {
  it('keeps what the edit left out: secrets, enabled, page size, full-sync interval', () => {
    store.save(
      { id: 'shop', name: '代理商城（新）', kind: 'pub', baseUrl: 'http://127.0.0.1:9', timezone: 'Asia/Shanghai', lookbackDays: 14 },
      false,
    )
    expect(store.getConfig('shop')).toMatchObject({
      name: '代理商城（新）',
      baseUrl: 'http://127.0.0.1:9',
      lookbackDays: 14,
      token: 'secret-token',
      enabled: false,
      pageSize: 50,
      fullSyncDays: 3,
    })
  })

  it('clears an optional setting sent blank, and refuses a bad one by name without changing the stored source', () => {
    store.save({ id: 'shop', name: '代理商城', kind: 'pub', baseUrl: 'http://127.0.0.1:9', pageSize: null }, false)
    expect(store.getConfig('shop').pageSize).toBeUndefined()
    expect(() => store.save({ id: 'shop', name: '代理商城', kind: 'pub', baseUrl: 'not a url' }, false)).toThrow(/baseUrl/)
    expect(store.getConfig('shop')).toMatchObject({ baseUrl: 'http://127.0.0.1:9', token: 'secret-token', enabled: false })
  })

  it('asks for the secret again when the address changes, naming it, and keeps the stored source as it was', () => {
    const moved = { id: 'shop', name: '代理商城', kind: 'pub', baseUrl: 'https://elsewhere.example.com' }
    expect(() => store.save(moved, false)).toThrow(
      expect.objectContaining({ code: 'invalid_argument', field: 'token', message: 'token: enter the token again: the address changed' }),
    )
    expect(() => store.save({ ...moved, token: '' }, false)).toThrow('token: enter the token again: the address changed')
    expect(store.getConfig('shop')).toMatchObject({ baseUrl: 'http://127.0.0.1:9', token: 'secret-token' })
    // The same address written differently (the host's case, a default port, a final slash) keeps it.
    store.save({ ...moved, baseUrl: 'HTTP://127.0.0.1:9/' }, false)
    expect(store.getConfig('shop')).toMatchObject({ token: 'secret-token' })
    store.save({ id: 'x', name: 'x', kind: 'course', baseUrl: 'https://Course.example.com', token: 'course-token' }, true)
    store.save({ id: 'x', name: 'x', kind: 'course', baseUrl: 'https://course.example.com:443/' }, false)
    expect(store.getConfig('x')).toMatchObject({ token: 'course-token' })

    store.save({ ...moved, token: 'new-token' }, false)
    expect(store.getConfig('shop')).toMatchObject({ baseUrl: 'https://elsewhere.example.com', token: 'new-token' })
  })

  it('asks for each secret left blank at a new address: the app key beside a typed token, the optional Ping++ private key', () => {
    store.save({ id: 'ak', name: '商城', kind: 'appkey', baseUrl: 'http://127.0.0.1:9/api', appKey: 'ak_shop', token: 'ak-token' }, true)
    expect(() => store.save({ id: 'ak', name: '商城', kind: 'appkey', baseUrl: 'http://127.0.0.1:10/api', token: 'typed' }, false)).toThrow(
      'appKey: enter the appKey again: the address changed',
    )
    const pem = fs.readFileSync(path.join(import.meta.dirname, '../fixtures/pingpp-test-key.pem'), 'utf8')
    const pay = { id: 'pay', name: 'Ping++', kind: 'pingpp', appId: 'app_1', secretKey: 'sk_test_1', privateKeyPem: pem }
    store.save({ ...pay, baseUrl: 'http://127.0.0.1:9' }, true)
    expect(() => store.save({ ...pay, privateKeyPem: '', baseUrl: 'http://127.0.0.1:10' }, false)).toThrow(
      'privateKeyPem: enter the privateKeyPem again: the address changed',
    )
    expect(store.getConfig('pay')).toMatchObject({ baseUrl: 'http://127.0.0.1:9', privateKeyPem: pem })
  })

  it('keeps an edited demo source marked as demo, so removing the demo still removes it', () => {
    store.upsert({ ...store.getConfig('shop'), id: 'demo-shop' }, { storeSecrets: true, isDemo: true })
    store.save({ id: 'demo-shop', name: '演示·改名', kind: 'pub', baseUrl: 'http://127.0.0.1:9' }, false)
    expect(store.view('demo-shop')).toMatchObject({ name: '演示·改名', isDemo: true })
    expect(store.view('shop').isDemo).toBe(false)
  })
})

describe('mirroring a sources file whose secrets stay in the file (the CLI)', () => {
  const fromFile = (over: Record<string, unknown>): SourceConfig =>
    sourceConfigSchema.parse({ id: 'shop', name: '代理商城', kind: 'pub', baseUrl: 'http://127.0.0.1:9', token: 'file-token', ...over })
  const credentials = (id: string): unknown =>
    (db.prepare('SELECT credentials FROM sources WHERE id = ?').get(id) as { credentials: unknown }).credentials

  it('drops the stored secrets when the file moves a source to another address or kind, and keeps them at the same address', () => {
    store.upsert(fromFile({ baseUrl: 'HTTP://127.0.0.1:9/', name: '改名' }), { storeSecrets: false })
    expect(store.getConfig('shop')).toMatchObject({ name: '改名', token: 'secret-token' })

    store.upsert(fromFile({ baseUrl: 'https://elsewhere.example.com' }), { storeSecrets: false })
    expect(credentials('shop')).toBeNull()
    expect(() => store.getConfig('shop')).toThrow(
      expect.objectContaining({ message: 'source "shop": no credentials are stored for it; enter them again by editing the source' }),
    )

    store.save({ id: 'school', name: '课程', kind: 'course', baseUrl: 'http://127.0.0.1:9', token: 'course-token' }, true)
    store.upsert(fromFile({ id: 'school', kind: 'pub' }), { storeSecrets: false })
    expect(credentials('school')).toBeNull()
  })

  it('lets the app take the secrets of a source that has none stored, asking for them by name', () => {
    store.upsert(fromFile({ id: 'cli' }), { storeSecrets: false })
    const edited = { id: 'cli', name: '代理商城', kind: 'pub', baseUrl: 'http://127.0.0.1:9' }
    expect(() => store.save(edited, false)).toThrow(/^token: /)
    store.save({ ...edited, token: 'typed-again' }, false)
    expect(store.getConfig('cli')).toMatchObject({ token: 'typed-again' })
  })
})

describe('sealed credentials and the row they are in', () => {
  const credentials = (id: string): Buffer =>
    (db.prepare('SELECT credentials FROM sources WHERE id = ?').get(id) as { credentials: Buffer }).credentials
  const refused = (id: string): string =>
    `source "${id}": its stored credentials were sealed for another source or address; enter them again by editing the source`

  it('refuses them for a row pointed at another host, or given another kind, in the database alone', () => {
    db.prepare("UPDATE sources SET base_url = 'https://evil.example' WHERE id = 'shop'").run()
    expect(() => store.getConfig('shop')).toThrow(expect.objectContaining({ code: 'invalid_argument', message: refused('shop') }))
    expect(store.view('shop').maskedSecrets).toEqual({})

    store.save({ id: 'school', name: '课程', kind: 'course', baseUrl: 'http://127.0.0.1:9', token: 'course-token' }, true)
    db.prepare("UPDATE sources SET kind = 'pub' WHERE id = 'school'").run()
    expect(() => store.getConfig('school')).toThrow(refused('school'))
  })

  it('refuses one row’s credentials copied into another', () => {
    store.save({ id: 'other', name: '别家', kind: 'pub', baseUrl: 'https://other.example', token: 'other-token' }, true)
    db.prepare("UPDATE sources SET credentials = ? WHERE id = 'other'").run(credentials('shop'))
    expect(() => store.getConfig('other')).toThrow(refused('other'))
  })
})

describe('testing a source as the dialog has it', () => {
  it('fills in blank secrets of a saved source at its own address, and refuses them for a new address', () => {
    expect(store.configToTest({ id: 'shop', name: '代理商城', kind: 'pub', baseUrl: 'http://127.0.0.1:9' })).toMatchObject({
      token: 'secret-token',
    })
    expect(() => store.configToTest({ id: 'shop', name: '代理商城', kind: 'pub', baseUrl: 'http://10.0.0.1:9' })).toThrow(
      'token: enter the token again: the address changed',
    )
    expect(() => store.configToTest({ id: 'new', name: '新', kind: 'pub', baseUrl: 'http://127.0.0.1:9' })).toThrow(/^token: /)
  })
})

describe('exporting the sources file', () => {
  const exported = (): Array<Record<string, unknown>> =>
    (JSON.parse(store.exportFile()) as { sources: Array<Record<string, unknown>> }).sources

  it('gives sources whose ids read alike variables of their own, so the file read back gives each its own secret', () => {
    store.save({ id: 'payA', name: 'A', kind: 'course', baseUrl: 'https://a.example', token: 'token-of-payA' }, true)
    store.save({ id: 'pay-a', name: 'a', kind: 'course', baseUrl: 'https://dash-a.example', token: 'token-of-pay-a' }, true)
    const text = store.exportFile()
    expect(Object.fromEntries(exported().map((s) => [s.id, s.token]))).toEqual({
      shop: '${ORDERDESK_SHOP_TOKEN}',
      payA: '${ORDERDESK_PAY_A_TOKEN_2}',
      'pay-a': '${ORDERDESK_PAY_A_TOKEN}',
    })

    const elsewhere = new SourceStore(
      openDatabase(':memory:').db,
      new KeyFileSecretBox(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'orderdesk-store-')), 'key')),
    )
    elsewhere.importFile(text, {
      ORDERDESK_SHOP_TOKEN: 'secret-token',
      ORDERDESK_PAY_A_TOKEN: 'token-of-pay-a',
      ORDERDESK_PAY_A_TOKEN_2: 'token-of-payA',
    })
    expect(elsewhere.getConfig('payA')).toMatchObject({ baseUrl: 'https://a.example', token: 'token-of-payA' })
    expect(elsewhere.getConfig('pay-a')).toMatchObject({ baseUrl: 'https://dash-a.example', token: 'token-of-pay-a' })
  })

  it('writes a source whose secrets are not stored with references for those its kind requires', () => {
    store.upsert(
      sourceConfigSchema.parse({
        id: 'pay',
        name: 'Ping++',
        kind: 'pingpp',
        baseUrl: 'https://pay.example',
        appId: 'app_1',
        secretKey: 'sk',
      }),
      { storeSecrets: false },
    )
    expect(exported().find((s) => s.id === 'pay')).toMatchObject({ appId: 'app_1', secretKey: '${ORDERDESK_PAY_SECRET_KEY}' })
    expect(exported().find((s) => s.id === 'pay')).not.toHaveProperty('privateKeyPem')
  })
})

describe('importing a sources file', () => {
  it('keeps a stored secret for an unset ${VAR} only at the same address; at a new one it is refused by name and nothing is saved', () => {
    const file = (baseUrl: string) =>
      JSON.stringify({ sources: [{ id: 'shop', name: '代理商城', kind: 'pub', baseUrl, token: '${ORDERDESK_SHOP_TOKEN}' }] })
    expect(() => store.importFile(file('https://elsewhere.example.com'), {})).toThrow(
      'sources file: source "shop": key "token": enter the token again: the address changed (environment variable ORDERDESK_SHOP_TOKEN is not set)',
    )
    expect(store.getConfig('shop')).toMatchObject({ baseUrl: 'http://127.0.0.1:9', token: 'secret-token' })
    expect(store.importFile(file('http://127.0.0.1:9'), {})).toEqual(['shop'])
    expect(store.getConfig('shop')).toMatchObject({ token: 'secret-token' })
  })

  it('reads a credential only from the variable exported for it, refusing any other by source, key and the name it must have', () => {
    const env = { GITHUB_TOKEN: 'ghp_server', ORDERDESK_SHOP_TOKEN: 'shop-env', ORDERDESK_PEEK_TOKEN: 'peek-env' }
    const file = (id: string, token: string): string =>
      JSON.stringify({ sources: [{ id, name: '共享', kind: 'course', baseUrl: 'https://attacker.example', token }] })
    const refused = (id: string, named: string, must: string): unknown =>
      expect.objectContaining({
        code: 'invalid_argument',
        field: 'token',
        message: `sources file: source "${id}": key "token": ${named} is not this credential's environment variable: a file imported here may only name ${must}`,
      })
    expect(() => store.importFile(file('peek', '${GITHUB_TOKEN}'), env)).toThrow(
      refused('peek', '${GITHUB_TOKEN}', '${ORDERDESK_PEEK_TOKEN}'),
    )
    // The id is the file author's choice: one that spells another program's variable reads it no more.
    expect(() => store.importFile(file('github', '${GITHUB_TOKEN}'), env)).toThrow(
      refused('github', '${GITHUB_TOKEN}', '${ORDERDESK_GITHUB_TOKEN}'),
    )
    expect(() => store.importFile(file('peek', '${ORDERDESK_SHOP_TOKEN}'), env)).toThrow(
      refused('peek', '${ORDERDESK_SHOP_TOKEN}', '${ORDERDESK_PEEK_TOKEN}'),
    )
    expect(store.ids()).toEqual(['shop'])

    expect(store.importFile(file('peek', '${ORDERDESK_PEEK_TOKEN}'), env)).toEqual(['peek'])
    expect(store.getConfig('peek')).toMatchObject({ token: 'peek-env' })
  })

  it('does not read the server’s environment into a field that is not a credential', () => {
    const file = JSON.stringify({
      sources: [{ id: 'peek', name: '${HOME}', kind: 'course', baseUrl: 'http://127.0.0.1:9', token: 't0ken' }],
    })
    expect(() => store.importFile(file, { HOME: '/root' })).toThrow(
      expect.objectContaining({
        code: 'invalid_argument',
        message: expect.stringMatching(/source "peek": key "name": \$\{HOME\} names an environment variable/),
      }),
    )
    expect(store.ids()).toEqual(['shop'])
  })
})

describe('listing sources', () => {
  it("counts each source's orders from the kept counts, through inserts, status changes and deletes", () => {
    store.save({ id: 'pay', name: 'Ping++', kind: 'pingpp', baseUrl: 'http://127.0.0.1:9', appId: 'app_1', secretKey: 'sk_test' }, true)
    store.save({ id: 'none', name: '课程', kind: 'course', baseUrl: 'http://127.0.0.1:9', token: 't' }, true)
    writeOrders(db, 'shop', [
      order({ remote_id: 'a' }),
      order({ remote_id: 'b', status: 'pending' }),
      order({ remote_id: 'c', status: 'refunded' }),
    ])
    writeOrders(db, 'pay', [order({ remote_id: 'x' })])
    writeOrders(db, 'shop', [order({ remote_id: 'b', status: 'paid' })])
    const counts = (): Record<string, number> => Object.fromEntries(store.listViews().map((v) => [v.id, v.orderCount]))
    expect(counts()).toEqual({ shop: 3, pay: 1, none: 0 })
    db.prepare("DELETE FROM orders WHERE source_id = 'shop' AND remote_id = 'a'").run()
    expect(counts()).toEqual({ shop: 2, pay: 1, none: 0 })
    expect(counts()).toEqual({
      none: 0,
      ...Object.fromEntries(
        (db.prepare('SELECT source_id, count(*) AS n FROM orders GROUP BY source_id').all() as Array<{ source_id: string; n: number }>).map(
          (r) => [r.source_id, r.n],
        ),
      ),
    })
  })
})

describe('removing a source', () => {
  beforeEach(() => {
    writeOrders(db, 'shop', [order({ remote_id: 'a' }), order({ remote_id: 'b', status: 'refunded' })])
    db.prepare("INSERT INTO sync_runs (id, trigger, full, status, started_at) VALUES (1, 'manual', 0, 'ok', 0)").run()
    db.prepare("INSERT INTO skipped_records (run_id, source_id, remote_id, reason, raw, at) VALUES (1, 'shop', 'z', 'bad', '{}', 0)").run()
  })
  const orders = (): number => (db.prepare("SELECT count(*) AS n FROM orders WHERE source_id = 'shop'").get() as { n: number }).n

  it('keeping its orders: the source is hidden, its keys dropped, its orders stay', () => {
    expect(store.remove('shop', true)).toBe(0)
    expect(store.ids()).toEqual([])
    expect(() => store.getConfig('shop')).toThrow(/no source with id "shop"/)
    expect(orders()).toBe(2)
    expect(db.prepare("SELECT credentials, enabled FROM sources WHERE id = 'shop'").get()).toEqual({ credentials: null, enabled: 0 })
  })

  it('with its orders: the source, its orders, their counts and its skipped records are gone', () => {
    expect(store.remove('shop', false)).toBe(2)
    expect(orders()).toBe(0)
    expect(db.prepare("SELECT count(*) AS n FROM sources WHERE id = 'shop'").get()).toEqual({ n: 0 })
    expect(db.prepare("SELECT coalesce(sum(n), 0) AS n FROM order_counts WHERE source_id = 'shop'").get()).toEqual({ n: 0 })
    expect(db.prepare("SELECT count(*) AS n FROM skipped_records WHERE source_id = 'shop'").get()).toEqual({ n: 0 })
  })

  it('refuses an unknown source by name and changes nothing', () => {
    expect(() => store.remove('nope', false)).toThrow(/no source with id "nope"/)
    expect(orders()).toBe(2)
  })
})
