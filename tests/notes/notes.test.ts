import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { dispatch } from '../../src-main/api/dispatch'
import { createHandlers } from '../../src-main/api/handlers'
import { openDatabase, type Db } from '../../src-main/db/database'
import { getOrderDetail } from '../../src-main/orders/detail'
import { countOrders, listOrders } from '../../src-main/orders/queries'
import { readAnnotation, saveAnnotation, tagCounts } from '../../src-main/notes/notes'
import { SourceStore } from '../../src-main/sources/store'
import { MAX_TAGS_PER_ORDER, NOTE_MAX_CHARS, TAG_MAX_CHARS } from '../../src-preload/annotations'
import type { OrderFilter } from '../../src-preload/contract'
import { tempCore } from '../helpers/core'
import { addSource, order, writeOrders } from '../helpers/orders'
import { sandboxSource, syncOnce, syncTestBed } from '../helpers/sandbox-sync'

const key = (sourceId: string, remoteId: string) => ({ sourceId, remoteId })

describe('notes and tags through syncs and source removal', () => {
  const bed = syncTestBed('orderdesk-notes-')
  const annotatedRemote = async () => {
    const fixture = await sandboxSource(bed.db, 'pub', 'shop')
    bed.track(fixture.started)
    await syncOnce(bed.db, [fixture.config])
    const { remote_id } = bed.db.prepare("SELECT remote_id FROM orders WHERE source_id = 'shop' ORDER BY remote_id LIMIT 1").get() as {
      remote_id: string
    }
    const saved = saveAnnotation(bed.db, key('shop', remote_id), { note: '客户要求开发票', tags: ['加急', 'VIP'] }, 1_000)
    return { ...fixture, remoteId: remote_id, saved }
  }

  it('survive a full resync', async () => {
    const { config, remoteId, saved } = await annotatedRemote()
    const run = await syncOnce(bed.db, [config], { full: true })
    expect(run.status).toBe('ok')
    expect(readAnnotation(bed.db, 'shop', remoteId)).toEqual(saved)
    expect(saved).toEqual({ note: '客户要求开发票', tags: ['VIP', '加急'], updatedAt: 1_000 })
  })

  it('survive the source removed with its orders kept, added back and synced again', async () => {
    const { config, remoteId, saved } = await annotatedRemote()
    const store = new SourceStore(bed.db)
    store.remove('shop', true)
    expect(readAnnotation(bed.db, 'shop', remoteId)).toEqual(saved)
    store.upsert(config, { storeSecrets: false })
    await syncOnce(bed.db, [config], { full: true })
    const id = (bed.db.prepare("SELECT id FROM orders WHERE source_id = 'shop' AND remote_id = ?").get(remoteId) as { id: number }).id
    expect(getOrderDetail(bed.db, id, [])).toMatchObject({ note: saved.note, tags: saved.tags, note_updated_at: 1_000 })
  })

  it('go with the orders of a source removed with them, and do not come back with the source', async () => {
    const { config, remoteId } = await annotatedRemote()
    const store = new SourceStore(bed.db)
    store.remove('shop', false)
    store.upsert(config, { storeSecrets: false })
    await syncOnce(bed.db, [config])
    expect(readAnnotation(bed.db, 'shop', remoteId)).toEqual({ note: '', tags: [], updatedAt: null })
  })
})

describe('notes and tags in the list', () => {
  let db: Db
  beforeEach(() => {
    db = openDatabase(':memory:').db
    addSource(db, 'a')
    addSource(db, 'b')
    writeOrders(db, 'a', [
      order({ remote_id: '1', order_no: 'A-1001' }),
      order({ remote_id: '2', order_no: 'A-1002' }),
      // No order number: its id test is null, which must not hide its note.
      order({ remote_id: '3', order_no: null }),
    ])
    writeOrders(db, 'b', [order({ remote_id: '1', order_no: 'B-1001' })])
  })
  afterEach(() => db.close())

  const ids = (filter: OrderFilter): string[] =>
    listOrders(db, { filter, sort: { key: 'created_at', order: 'desc' }, page: 1, pageSize: 50 })
      .rows.map((r) => `${r.source_id}:${r.remote_id}`)
      .sort()

  it('the keyword finds an order by its note, from two characters, with the other fields', () => {
    saveAnnotation(db, key('a', '3'), { note: '顾客说周五前必须发货', tags: [] }, 1)
    saveAnnotation(db, key('b', '1'), { note: 'call before noon', tags: [] }, 1)
    expect(ids({ keyword: '周五' })).toEqual(['a:3'])
    expect(ids({ keyword: 'NOON' })).toEqual(['b:1'])
    // An order found by its id and by its note is listed once, and counted once.
    saveAnnotation(db, key('a', '1'), { note: '1001 是补单', tags: [] }, 1)
    expect(ids({ keyword: '1001' })).toEqual(['a:1', 'b:1'])
    expect(countOrders(db, { keyword: '1001' })).toBe(2)
    expect(ids({ keyword: '周五', sources: ['b'] })).toEqual([])
  })

  it('the tag filter lists the orders carrying any of its tags, and the rows carry their tags', () => {
    saveAnnotation(db, key('a', '1'), { note: '', tags: ['加急'] }, 1)
    saveAnnotation(db, key('a', '2'), { note: '', tags: ['VIP', '加急'] }, 1)
    saveAnnotation(db, key('b', '1'), { note: '', tags: ['VIP'] }, 1)
    expect(ids({ tags: ['加急'] })).toEqual(['a:1', 'a:2'])
    expect(ids({ tags: ['加急', 'VIP'] })).toEqual(['a:1', 'a:2', 'b:1'])
    expect(ids({ tags: ['VIP'], sources: ['a'] })).toEqual(['a:2'])
    expect(countOrders(db, { tags: ['VIP'] })).toBe(2)
    const rows = listOrders(db, { filter: {}, sort: { key: 'source_name', order: 'asc' }, page: 1, pageSize: 50 }).rows
    expect(rows.map((r) => [`${r.source_id}:${r.remote_id}`, r.tags])).toEqual([
      ['a:1', ['加急']],
      ['a:2', ['VIP', '加急']],
      ['a:3', []],
      ['b:1', ['VIP']],
    ])
    expect(tagCounts(db)).toEqual([
      { tag: 'VIP', orders: 2 },
      { tag: '加急', orders: 2 },
    ])
  })

  it('keeps the time of the last real change; clearing both forgets the order', () => {
    const first = saveAnnotation(db, key('a', '1'), { note: 'x', tags: ['t'] }, 5)
    expect(saveAnnotation(db, key('a', '1'), { note: 'x', tags: ['t'] }, 9)).toEqual(first)
    expect(saveAnnotation(db, key('a', '1'), { note: 'x', tags: [] }, 12).updatedAt).toBe(12)
    expect(saveAnnotation(db, key('a', '1'), { note: '', tags: [] }, 13)).toEqual({ note: '', tags: [], updatedAt: null })
    expect(db.prepare('SELECT count(*) AS n FROM order_notes').get()).toEqual({ n: 0 })
  })
})

describe('orders:annotate', () => {
  let env: ReturnType<typeof tempCore>
  beforeEach(() => {
    env = tempCore()
    addSource(env.core.db, 'a')
    writeOrders(env.core.db, 'a', [order({ remote_id: '1' })])
  })
  afterEach(() => env.dispose())
  const call = (args: unknown) => dispatch(createHandlers(env.core), 'orders:annotate', args)
  const id = () => (env.core.db.prepare("SELECT id FROM orders WHERE remote_id = '1'").get() as { id: number }).id

  it('saves a note and tags, trimmed and without duplicates, and answers with the order', async () => {
    const reply = await call({ id: id(), note: '  先别发货\r\n等电话  ', tags: [' 加急 ', '加急', 'VIP'] })
    expect(reply).toMatchObject({ ok: true, data: { note: '  先别发货\n等电话', tags: ['VIP', '加急'] } })
    expect(await dispatch(createHandlers(env.core), 'orders:tags', undefined)).toEqual({
      ok: true,
      data: [
        { tag: 'VIP', orders: 1 },
        { tag: '加急', orders: 1 },
      ],
    })
  })

  it('refuses too long a note, too long a tag, a comma, an empty tag and too many tags by name, and keeps what was stored', async () => {
    await call({ id: id(), note: 'kept', tags: ['kept'] })
    const refusals: Array<[unknown, RegExp]> = [
      [{ note: '字'.repeat(NOTE_MAX_CHARS + 1), tags: [] }, /note: a note may have at most 1000 characters/],
      [{ note: '', tags: ['长'.repeat(TAG_MAX_CHARS + 1)] }, /tags\.0: a tag may have at most 20 characters/],
      [{ note: '', tags: ['a,b'] }, /tags\.0: a tag may not hold a comma: "a,b"/],
      [{ note: '', tags: ['ok', '  '] }, /tags\.1: a tag must not be empty/],
      [{ note: '', tags: Array.from({ length: MAX_TAGS_PER_ORDER + 1 }, (_, i) => `t${i}`) }, /tags: at most 10 tags on an order/],
    ]
    for (const [args, message] of refusals) {
      const reply = await call({ id: id(), ...(args as object) })
      expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_argument' } })
      expect(reply.ok ? '' : reply.error.message).toMatch(message)
    }
    expect(await call({ id: 999_999, note: '', tags: [] })).toMatchObject({ ok: false, error: { code: 'not_found' } })
    expect(readAnnotation(env.core.db, 'a', '1')).toMatchObject({ note: 'kept', tags: ['kept'] })
  })

  it('refuses a bad tag in the list filter by name', async () => {
    const reply = await dispatch(createHandlers(env.core), 'orders:list', { filter: { tags: ['x，y'] } })
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_argument', field: 'filter.tags.0' } })
  })
})
