import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Args, OrderFilter } from '../../src-preload/contract'
import { openDatabase, type Db } from '../../src-main/db/database'
import { statusCounts } from '../../src-main/orders/detail'
import { countOrders, listOrders, productTypes, sourceProductTypes } from '../../src-main/orders/queries'
import { Random } from '../../src-main/sandboxes/random'
import { addSource, churnOrders, order, writeOrders } from '../helpers/orders'
import { plansOf, readsOf } from '../helpers/plans'

let db: Db
beforeEach(() => {
  db = openDatabase(':memory:').db
  addSource(db, 'a')
  addSource(db, 'b')
})
afterEach(() => db.close())

const counted = (where = ''): number => (db.prepare(`SELECT count(*) AS n FROM orders ${where}`).get() as { n: number }).n

describe('order counts kept by triggers', () => {
  it('stay exact through inserts, status changes and cascading deletes', () => {
    const statuses = ['paid', 'pending', 'refunded', 'canceled'] as const
    writeOrders(
      db,
      'a',
      Array.from({ length: 40 }, (_, i) => order({ remote_id: String(i), status: statuses[i % 4] })),
    )
    writeOrders(
      db,
      'b',
      Array.from({ length: 25 }, (_, i) => order({ remote_id: String(i), status: statuses[i % 3] })),
    )
    // Re-seen with a new status: an update, not a new row.
    writeOrders(
      db,
      'a',
      Array.from({ length: 10 }, (_, i) => order({ remote_id: String(i), status: 'refunded' })),
    )
    expect(countOrders(db, {})).toBe(counted())
    expect(countOrders(db, { sources: ['a'] })).toBe(counted("WHERE source_id = 'a'"))
    expect(countOrders(db, { statuses: ['refunded', 'paid'] })).toBe(counted("WHERE status IN ('refunded', 'paid')"))
    expect(countOrders(db, { sources: ['b'], statuses: ['pending'] })).toBe(counted("WHERE source_id = 'b' AND status = 'pending'"))
    expect(statusCounts(db, { sources: ['a'] }).refunded).toBe(counted("WHERE source_id = 'a' AND status = 'refunded'"))
    // A filter the counters cannot answer is counted.
    expect(countOrders(db, { keyword: 'NO-1' })).toBe(counted("WHERE order_no LIKE 'NO-1%'"))
    // Product types, with their changes: counted per type, listed with a name for each.
    writeOrders(
      db,
      'b',
      Array.from({ length: 25 }, (_, i) =>
        order({
          remote_id: String(i),
          status: statuses[i % 3],
          product_type: i % 5 ? '9' : null,
          product_name: i % 2 ? '静态IP续费' : '动态流量套餐',
        }),
      ),
    )
    writeOrders(db, 'a', [order({ remote_id: '3', status: 'paid', product_type: '12', product_name: '年度会员' })])
    expect(countOrders(db, { productTypes: ['9'] })).toBe(counted("WHERE product_type = '9'"))
    expect(countOrders(db, { productTypes: ['12'], sources: ['a'] })).toBe(1)
    expect(statusCounts(db, { productTypes: ['9'] }).pending).toBe(counted("WHERE product_type = '9' AND status = 'pending'"))
    expect(productTypes(db)).toEqual(
      db
        .prepare(
          'SELECT product_type AS value, count(*) AS count FROM orders WHERE product_type IS NOT NULL GROUP BY product_type ORDER BY count DESC',
        )
        .all()
        .map((r) => ({
          ...(r as object),
          name: expect.any(String),
        })),
    )
    expect(productTypes(db).find((p) => p.value === '12')?.name).toBe('年度会员')
    db.prepare("DELETE FROM sources WHERE id = 'a'").run()
    expect(countOrders(db, {})).toBe(counted())
    expect(countOrders(db, {})).toBe(25)
    expect(productTypes(db).map((p) => p.value)).toEqual(['9'])
  })

  it('plan: counts a date range of sources, statuses and product types from the day sums, as counting the orders would', () => {
    db.prepare("UPDATE sources SET id = 'shop' WHERE id = 'a'").run()
    churnOrders(db, 21)
    const cn = (iso: string): number => Date.parse(`${iso}+08:00`)
    const [from, to] = [cn('2025-06-01T00:00:00'), cn('2025-06-30T23:59:59.999')]
    const when = { created: 'created_at', paid: 'paid_at', revenue: 'coalesce(paid_at, created_at)' }
    for (const [field, column] of Object.entries(when)) {
      const filter: OrderFilter = { sources: ['shop'], productTypes: ['9', '7'], [`${field}From`]: from, [`${field}To`]: to }
      const inRange = `source_id = 'shop' AND product_type IN ('9', '7') AND ${column} BETWEEN ${from} AND ${to}`
      const plans = plansOf(db, () => {
        expect(countOrders(db, filter)).toBe(counted(`WHERE ${inRange}`))
        expect(statusCounts(db, filter).paid).toBe(counted(`WHERE ${inRange} AND status = 'paid'`))
        expect(countOrders(db, { ...filter, statuses: ['paid', 'refunded'] })).toBe(
          counted(`WHERE ${inRange} AND status IN ('paid', 'refunded')`),
        )
      })
      expect(readsOf(plans, 'order_days').length, field).toBeGreaterThan(0)
      // The hours at either end of the zone's days, and nothing more, from the covering indexes.
      for (const plan of readsOf(plans, 'orders'))
        expect(plan).toMatch(/^SEARCH o USING COVERING INDEX orders_(created_currency|revenue_money) /)
    }
  })

  it('plan: reads a pay-time range’s page from the revenue index’s range, not by walking every order from the newest', () => {
    db.prepare("UPDATE sources SET id = 'shop' WHERE id = 'a'").run()
    churnOrders(db, 22)
    const [from, to] = [Date.parse('2025-06-01T00:00:00+08:00'), Date.parse('2025-06-30T23:59:59.999+08:00')]
    const args = { filter: { paidFrom: from, paidTo: to }, sort: { key: 'created_at', order: 'desc' }, page: 1, pageSize: 20 } as const
    let ids: number[] = []
    const plans = plansOf(db, () => (ids = listOrders(db, args).rows.map((r) => r.id)))
    const expected = db
      .prepare('SELECT id FROM orders WHERE paid_at BETWEEN ? AND ? ORDER BY created_at DESC, id DESC LIMIT 20')
      .all(from, to)
      .map((r) => (r as { id: number }).id)
    expect(ids).toEqual(expected)
    const page = plans.filter((p) => p.sql.startsWith('WITH page') && /^(SCAN|SEARCH) o\b/.test(p.plan)).map((p) => p.plan)
    expect(page[0]).toMatch(/^SEARCH o USING COVERING INDEX orders_revenue_money \(<expr>>\? AND <expr><\?\)/)
  })

  it('pages deep with the same rows as a plain OFFSET query', () => {
    writeOrders(
      db,
      'a',
      Array.from({ length: 230 }, (_, i) =>
        order({ remote_id: String(i), created_at: Date.UTC(2026, 0, 1) + (i % 17) * 1000, due: (i * 7919) % 1000 }),
      ),
    )
    for (const sort of [
      { key: 'created_at', order: 'desc' },
      { key: 'due', order: 'asc' },
      { key: 'source_name', order: 'asc' },
    ] as const) {
      const page = listOrders(db, { filter: {}, sort, page: 3, pageSize: 50 })
      const column = sort.key === 'source_name' ? 's.name' : `o.${sort.key}`
      const plain = db
        .prepare(
          `SELECT o.id FROM orders o JOIN sources s ON s.id = o.source_id ORDER BY ${column} ${sort.order}, o.id ${sort.order} LIMIT 50 OFFSET 100`,
        )
        .all() as Array<{ id: number }>
      expect(page.rows.map((r) => r.id)).toEqual(plain.map((r) => r.id))
      expect(page.total).toBe(230)
    }
  })

  it('finds keywords: a piece of a product or customer name, the start or the end of an id', () => {
    writeOrders(db, 'a', [
      order({
        remote_id: '2001708140000017551',
        order_no: 'P2026112400000294',
        product_name: '年度会员',
        customer_name: '王小二',
        trade_no: '4200001234',
      }),
      order({ remote_id: '2', order_no: 'SO9', product_name: '动态流量套餐 10GB', customer_name: '欧阳娜', customer_id: 'user_007' }),
      order({ remote_id: '3', order_no: 'X"1', product_name: 'Python 数据分析实战', customer_name: null }),
    ])
    const ids = (keyword: string): string[] =>
      listOrders(db, { filter: { keyword }, sort: { key: 'created_at', order: 'desc' }, page: 1, pageSize: 50 })
        .rows.map((r) => r.remote_id)
        .sort()
    expect(ids('会员')).toEqual(['2001708140000017551'])
    expect(ids('欧阳')).toEqual(['2'])
    expect(ids('小二')).toEqual(['2001708140000017551'])
    expect(ids('流量套')).toEqual(['2'])
    expect(ids('p20261124')).toEqual(['2001708140000017551']) // an order number's start, any case
    expect(ids('0294')).toEqual(['2001708140000017551']) // an order number's last digits
    expect(ids('20261124')).toEqual([]) // not a piece from its middle
    expect(ids('001234')).toEqual(['2001708140000017551']) // a trade number's end
    expect(ids('USER_00')).toEqual(['2']) // customer id, any case
    expect(ids('python')).toEqual(['3'])
    expect(ids('2001708')).toEqual(['2001708140000017551']) // a remote id's start
    expect(ids('17551')).toEqual([]) // but not its end: only order and trade numbers' ends count
    expect(ids('SO')).toEqual(['2']) // a short order-number prefix
    expect(ids('X"1')).toEqual(['3']) // quotes cannot break the query
    expect(ids('不存在的')).toEqual([])
    expect(countOrders(db, { keyword: '会员' })).toBe(1)
    // Changing a searched field moves the order in the index.
    writeOrders(db, 'a', [
      order({ remote_id: '2', order_no: 'SO9', product_name: '静态IP续费', customer_name: '欧阳娜', customer_id: 'user_007' }),
    ])
    expect(ids('流量套')).toEqual([])
    expect(ids('续费')).toEqual(['2'])
  })

  it('lists, counts and splits by status a keyword with other filters exactly as a plain scan does', () => {
    const random = new Random(42)
    const products = ['年度会员', '会员月卡', 'Python 数据分析实战', '动态流量套餐 10GB', '静态IP续费', null]
    const customers = ['王小二', '会员王', '欧阳娜', '李四', null]
    const statuses = ['paid', 'pending', 'refunded', 'canceled'] as const
    for (const source of ['a', 'b'])
      writeOrders(
        db,
        source,
        Array.from({ length: 300 }, (_, i) =>
          order({
            remote_id: `${source}${i}`,
            order_no: random.next() < 0.9 ? `P2026${String(random.int(1000, 1300))}${String(i).padStart(4, '0')}` : null,
            trade_no: random.next() < 0.5 ? `42000${random.int(10000, 99999)}` : null,
            customer_id: random.next() < 0.5 ? `user_${random.int(1, 50)}` : null,
            product_name: random.pick(products),
            customer_name: random.pick(customers),
            status: random.pick(statuses),
            created_at: Date.UTC(2026, 0, 1) + random.int(0, 90) * 86_400_000 + random.int(0, 3) * 1000,
            due: random.int(0, 20_000),
          }),
        ),
      )
    // The keyword's meaning, spelled out: names contain it; ids start with it from three
    // characters (order numbers below that); order and trade numbers end with it from four.
    const matches = (k: string): string => {
      const like = `'%${k}%'`
      const columns = [...k].length >= 3 ? ['order_no', 'trade_no', 'customer_id', 'remote_id'] : ['order_no']
      const ends = [...k].length >= 4 ? ['order_no', 'trade_no'].map((c) => `${c} LIKE '%${k}'`) : []
      const ids = [...columns.map((c) => `${c} LIKE '${k}%'`), ...ends].join(' OR ')
      return `(product_name LIKE ${like} OR customer_name LIKE ${like} OR ${ids})`
    }
    const filters: Array<[Record<string, unknown>, string]> = [
      [{}, '1'],
      [{ sources: ['b'] }, "source_id = 'b'"],
      [{ statuses: ['paid', 'refunded'], amountMin: 5000 }, "status IN ('paid', 'refunded') AND due >= 5000"],
      [
        { sources: ['a'], createdFrom: Date.UTC(2026, 1, 1), createdTo: Date.UTC(2026, 2, 1) },
        `source_id = 'a' AND created_at BETWEEN ${Date.UTC(2026, 1, 1)} AND ${Date.UTC(2026, 2, 1)}`,
      ],
    ]
    let seen = 0
    for (const keyword of ['会员', '王', 'Python', 'P20261', '0012', 'user_1', 'P2', '4200']) {
      for (const [filter, where] of filters) {
        const sql = `FROM orders o WHERE ${where} AND ${matches(keyword)}`
        const full = { ...filter, keyword }
        expect(countOrders(db, full)).toBe(counted(`o WHERE ${where} AND ${matches(keyword)}`))
        // The filter bar counts every status under the other filters.
        const others = where.replace("status IN ('paid', 'refunded') AND ", '')
        const byStatus = db
          .prepare(`SELECT status, count(*) AS n FROM orders o WHERE ${others} AND ${matches(keyword)} GROUP BY status`)
          .all() as Array<{ status: string; n: number }>
        const counts = statusCounts(db, full)
        for (const s of statuses) expect(counts[s]).toBe(byStatus.find((r) => r.status === s)?.n ?? 0)
        for (const sort of [
          { key: 'created_at', order: 'desc' },
          { key: 'due', order: 'asc' },
          { key: 'product_name', order: 'asc' },
        ] as const) {
          const nulls = sort.key === 'product_name' ? ' NULLS LAST' : ''
          const plain = (
            db
              .prepare(`SELECT o.id ${sql} ORDER BY o.${sort.key} ${sort.order}${nulls}, o.id ${sort.order} LIMIT 20 OFFSET 20`)
              .all() as Array<{ id: number }>
          ).map((r) => r.id)
          expect(listOrders(db, { filter: full, sort, page: 2, pageSize: 20 }).rows.map((r) => r.id)).toEqual(plain)
          seen += plain.length
        }
      }
    }
    expect(seen).toBeGreaterThan(500)
  })

  it('sees orders another connection wrote after a search it remembered', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'orderdesk-search-')), 'search.db')
    const reader = openDatabase(file).db
    const writer = openDatabase(file).db
    addSource(writer, 'a')
    writeOrders(writer, 'a', [order({ remote_id: '1', order_no: 'P2026112400000294' })])
    const search = (keyword: string) =>
      listOrders(reader, { filter: { keyword }, sort: { key: 'created_at', order: 'desc' }, page: 1, pageSize: 50 }).total
    expect(search('P202611240')).toBe(1)
    expect(search('P202611240')).toBe(1)
    writeOrders(writer, 'a', [order({ remote_id: '2', order_no: 'P2026112400000777' })])
    expect(search('P202611240')).toBe(2)
    expect(statusCounts(reader, { keyword: 'P202611240' }).paid).toBe(2)
    writeOrders(reader, 'a', [order({ remote_id: '3', order_no: 'p202611240-SO' })])
    expect(search('P202611240')).toBe(3)
    reader.close()
    writer.close()
  })

  it('plan: reads a keyword’s page along the sort index with the same rows as finding them all, and falls back when the walk does not fill it', () => {
    const random = new Random(7)
    const day = 86_400_000
    const start = Date.UTC(2025, 6, 1)
    // Date-based order numbers: a year's start is held by the orders of that year only, so
    // "P2025" is at the far end of a newest-first walk.
    writeOrders(
      db,
      'a',
      Array.from({ length: 1500 }, (_, i) => {
        const created = start + random.int(0, 300) * day + random.int(0, 2) * 1000
        return order({
          remote_id: `r${i}`,
          order_no: `P${new Date(created).getUTCFullYear()}${String(i).padStart(6, '0')}`,
          customer_name: random.pick(['会员王', '李四', null]),
          product_name: random.pick(['年度会员', '静态IP续费', null]),
          status: random.pick(['paid', 'pending', 'refunded'] as const),
          created_at: created,
          due: random.int(0, 500) * 100,
        })
      }),
    )
    const prepared: string[] = []
    const prepare = db.prepare.bind(db)
    vi.spyOn(db, 'prepare').mockImplementation(((sql: string) => (prepared.push(sql), prepare(sql))) as typeof db.prepare)
    const calls = (during: () => void): { walked: boolean; found: boolean } => {
      const from = prepared.length
      during()
      const sqls = prepared.slice(from)
      return { walked: sqls.some((sql) => sql.includes('INDEXED BY orders_')), found: sqls.some((sql) => sql.includes('MATERIALIZED')) }
    }
    const tally = { walked: 0, fellBack: 0 }
    for (const keyword of ['P2026', 'P2025', 'P20', '会员', 'P2', '0000']) {
      for (const filter of [{ keyword }, { keyword, statuses: ['paid'] }, { keyword, amountMin: 10_000 }] satisfies OrderFilter[]) {
        for (const sort of [
          { key: 'created_at', order: 'desc' },
          { key: 'created_at', order: 'asc' },
          { key: 'due', order: 'desc' },
        ] as const) {
          for (const page of [1, 2, 7]) {
            const args: Args<'orders:list'> = { filter, sort, page, pageSize: 20 }
            const found = listOrders(db, args, { keywordWalkRows: 0 }).rows.map((r) => r.id)
            let rows: number[] = []
            const always = calls(() => (rows = listOrders(db, args, { keywordWalkRows: 1_000_000 }).rows.map((r) => r.id)))
            expect(rows).toEqual(found)
            if (always.walked && !always.found) tally.walked++
            // A walk this short cannot fill some pages: those are found the other way.
            const short = calls(() => (rows = listOrders(db, args, { keywordWalkRows: 400 }).rows.map((r) => r.id)))
            expect(rows).toEqual(found)
            if (short.walked && short.found) tally.fellBack++
          }
        }
      }
    }
    expect(tally.walked).toBeGreaterThan(100)
    expect(tally.fellBack).toBeGreaterThan(0)
  })

  it('plan: counts a filter once while nothing is written', () => {
    writeOrders(
      db,
      'a',
      Array.from({ length: 30 }, (_, i) => order({ remote_id: String(i), order_no: `P2026${i}` })),
    )
    const prepared: string[] = []
    const prepare = db.prepare.bind(db)
    vi.spyOn(db, 'prepare').mockImplementation(((sql: string) => (prepared.push(sql), prepare(sql))) as typeof db.prepare)
    const counts = (): number => prepared.filter((sql) => sql.includes('count(*)')).length
    expect(countOrders(db, { keyword: 'P2026' })).toBe(30)
    expect(statusCounts(db, { keyword: 'P2026' }).paid).toBe(30)
    const asked = counts()
    expect(countOrders(db, { keyword: 'P2026' })).toBe(30)
    expect(statusCounts(db, { keyword: 'P2026', statuses: ['paid'] }).paid).toBe(30)
    expect(counts()).toBe(asked)
    writeOrders(db, 'a', [order({ remote_id: 'new', order_no: 'P2026new', status: 'pending' })])
    expect(countOrders(db, { keyword: 'P2026' })).toBe(31)
    expect(statusCounts(db, { keyword: 'P2026' }).pending).toBe(1)
    expect(counts()).toBeGreaterThan(asked)
    // What a transaction read is not kept: its writes may be rolled back.
    expect(() =>
      db.transaction(() => {
        writeOrders(db, 'a', [order({ remote_id: 'gone', order_no: 'P2026gone' })])
        expect(countOrders(db, { keyword: 'P2026' })).toBe(32)
        expect(statusCounts(db, { keyword: 'P2026' }).paid).toBe(31)
        throw new Error('rolled back')
      })(),
    ).toThrow('rolled back')
    expect(countOrders(db, { keyword: 'P2026' })).toBe(31)
    expect(statusCounts(db, { keyword: 'P2026' }).paid).toBe(30)
  })
})

describe('product types belong to their source', () => {
  // pub's "3" is a balance top-up, course's "3" an album: one code, two types.
  beforeEach(() => {
    addSource(db, 'school', 'course', '直播课')
    writeOrders(db, 'a', [
      ...Array.from({ length: 3 }, (_, i) =>
        order({ remote_id: `t${i}`, product_type: '3', product_name: '余额充值 100', due: 100 * (i + 1) }),
      ),
      ...Array.from({ length: 2 }, (_, i) => order({ remote_id: `d${i}`, product_type: '9', status: 'pending' })),
    ])
    writeOrders(
      db,
      'school',
      Array.from({ length: 4 }, (_, i) =>
        order({ remote_id: `c${i}`, product_type: '3', product_name: '雅思口语冲刺', status: i ? 'paid' : 'pending', due: 5000 }),
      ),
    )
  })

  it('counts a source’s type apart from the same code in another source, from the kept counts and by counting', () => {
    const topUps = { productTypes: [{ source: 'a', type: '3' }] }
    expect(countOrders(db, topUps)).toBe(3)
    // An amount makes it a query over the orders, not the kept counts.
    expect(countOrders(db, { ...topUps, amountMin: 0 })).toBe(3)
    expect(countOrders(db, { productTypes: [{ source: 'school', type: '3' }], amountMin: 0 })).toBe(4)
    expect(statusCounts(db, { productTypes: [{ source: 'school', type: '3' }] })).toMatchObject({ pending: 1, paid: 3 })
    expect(statusCounts(db, { ...topUps, amountMin: 0 })).toMatchObject({ pending: 0, paid: 3 })
  })

  it('lists only the orders of the source the type belongs to', () => {
    const page = listOrders(db, {
      filter: { productTypes: [{ source: 'school', type: '3' }] },
      sort: { key: 'created_at', order: 'desc' },
      page: 1,
      pageSize: 50,
    })
    expect(page.total).toBe(4)
    expect(new Set(page.rows.map((r) => `${r.source_id} ${r.product_type}`))).toEqual(new Set(['school 3']))
  })

  it('takes a bare type in every source, beside types of one source', () => {
    expect(countOrders(db, { productTypes: ['3'] })).toBe(7)
    expect(countOrders(db, { productTypes: ['9', { source: 'school', type: '3' }] })).toBe(6)
    expect(countOrders(db, { productTypes: ['9', { source: 'school', type: '3' }], amountMin: 0 })).toBe(6)
    expect(countOrders(db, { productTypes: [{ source: 'b', type: '3' }] })).toBe(0)
  })

  it('lists each source’s types as choices of their own, with the source’s name and kind', () => {
    expect(sourceProductTypes(db)).toEqual([
      { source: 'a', sourceName: 'a', kind: 'pub', type: '3', count: 3, title: '余额充值 100' },
      { source: 'a', sourceName: 'a', kind: 'pub', type: '9', count: 2, title: '动态流量套餐' },
      { source: 'school', sourceName: '直播课', kind: 'course', type: '3', count: 4, title: '雅思口语冲刺' },
    ])
  })
})
