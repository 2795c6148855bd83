import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, type Db } from '../../src-main/db/database'
import { orderFilterSql } from '../../src-main/orders/filter'
import { idSearch, prefixEnd } from '../../src-main/orders/id-search'
import { countOrders, listOrderRecords, listOrders } from '../../src-main/orders/queries'
import { Random } from '../../src-main/sandboxes/random'
import { addSource, order, writeOrders } from '../helpers/orders'

let db: Db

beforeEach(() => {
  db = openDatabase(':memory:').db
  addSource(db, 'a')
})

afterEach(() => db.close())

/** Orders with ids shaped like the APIs' (date-based numbers, long trade numbers, prefixed customer ids). */
function writeShopOrders(count: number, random = new Random(7)): void {
  writeOrders(
    db,
    'a',
    Array.from({ length: count }, (_, i) => {
      const day = `2026${String(random.int(7, 11)).padStart(2, '0')}${String(random.int(1, 28)).padStart(2, '0')}`
      const seq = String(random.int(0, 999_999)).padStart(6, '0')
      const digits = (k: number): string => Array.from({ length: k }, () => random.int(0, 9)).join('')
      return order({
        remote_id: i % 3 === 0 ? `${day}${seq}${digits(3)}` : String(100_000 + i),
        order_no: i % 3 === 0 ? `${day}00${seq}` : i % 3 === 1 ? `P${day}00${seq}` : `SO${digits(4)}00${seq}`,
        trade_no: random.next() < 0.7 ? `4200${digits(24)}` : null,
        customer_id: random.next() < 0.5 ? `user_${random.int(1, 5000)}` : null,
        product_name: '动态流量套餐',
      })
    }),
  )
}

const IDS = ['order_no', 'trade_no', 'customer_id', 'remote_id']
const NUMBERS = ['order_no', 'trade_no']

/**
 * The keyword's meaning spelled out, without the indexes: an id starts with it, or (from four
 * characters) an order or trade number ends with it, ASCII case aside; one or two characters,
 * an order number's start.
 */
function scanned(keyword: string): number[] {
  const escaped = keyword.replace(/[\\%_]/g, (c) => `\\${c}`)
  const columns = [...keyword].length < 3 ? ['order_no'] : IDS
  const tests = columns.flatMap((c) => [
    `${c} LIKE @start ESCAPE '\\'`,
    ...([...keyword].length >= 4 && NUMBERS.includes(c) ? [`${c} LIKE @end ESCAPE '\\'`] : []),
  ])
  return db
    .prepare(`SELECT id FROM orders WHERE ${tests.join(' OR ')} ORDER BY id`)
    .pluck()
    .all({ start: `${escaped}%`, end: `%${escaped}` }) as number[]
}

/** The orders the filter finds by their ids, through the id indexes. */
function found(keyword: string): number[] {
  const { indexed, params } = idSearch(keyword)
  return db.prepare(`SELECT o.id FROM orders o WHERE ${indexed} ORDER BY o.id`).pluck().all(params) as number[]
}

/** The same, by the row-wise test a page read along the sort index applies. */
function foundRowwise(keyword: string): number[] {
  const { rowwise, params } = idSearch(keyword)
  return db.prepare(`SELECT o.id FROM orders o WHERE ${rowwise} ORDER BY o.id`).pluck().all(params) as number[]
}

const idOf = (remoteId: string): number => db.prepare('SELECT id FROM orders WHERE remote_id = ?').pluck().get(remoteId) as number

describe('searching ids by their start and their end', () => {
  it('finds exactly the orders whose ids start with the keyword, or whose order or trade numbers end with it, for every length and case', () => {
    writeShopOrders(1500)
    const random = new Random(11)
    const rows = db
      .prepare('SELECT order_no, trade_no, customer_id, remote_id FROM orders ORDER BY random() LIMIT 80')
      .raw()
      .all() as Array<Array<string | null>>
    const lengths = new Set<number>()
    for (const row of rows) {
      for (const id of row) {
        if (id === null || id.length < 4) continue
        const length = random.int(1, Math.min(id.length, 12))
        let keyword = random.next() < 0.5 ? id.slice(0, length) : id.slice(-length)
        if (random.next() < 0.3) keyword = keyword.toUpperCase()
        lengths.add(Math.min(length, 7))
        expect(found(keyword), keyword).toEqual(scanned(keyword))
        expect(foundRowwise(keyword), keyword).toEqual(scanned(keyword))
      }
    }
    // Starts of one to six characters and ends within the indexed six and beyond it all ran.
    expect([...lengths].sort()).toEqual([1, 2, 3, 4, 5, 6, 7])
  })

  it('finds a whole trade number, its start, and its last four or six digits', () => {
    writeOrders(db, 'a', [
      order({ remote_id: 'r-1', trade_no: '4200001234567890123456781234' }),
      order({ remote_id: 'r-2', trade_no: '4200001234567890123456785678' }),
    ])
    expect(found('4200001234567890123456781234')).toEqual([idOf('r-1')])
    expect(found('42000012')).toEqual([idOf('r-1'), idOf('r-2')])
    expect(found('1234')).toEqual([idOf('r-1')])
    expect(found('785678')).toEqual([idOf('r-2')])
  })

  it('finds an end longer than six characters by its last six, and turns away ids that only share those', () => {
    writeOrders(db, 'a', [
      order({ remote_id: 'r-1', order_no: 'A-20260913-000031' }),
      order({ remote_id: 'r-2', order_no: 'A-20260914-000031' }),
    ])
    expect(found('0913-000031')).toEqual([idOf('r-1')])
    expect(found('20260914-000031')).toEqual([idOf('r-2')])
  })

  it('no longer finds a piece from the middle of an id', () => {
    writeOrders(db, 'a', [order({ remote_id: 'r-1', order_no: 'P2026091300031', trade_no: '4200987654321' })])
    expect(found('P2026')).toEqual([idOf('r-1')])
    expect(found('0913')).toEqual([])
    expect(found('98765')).toEqual([])
    expect(countOrders(db, { keyword: '0913' })).toBe(0)
  })

  it('finds customer and remote ids whole or by their start, not by their end', () => {
    writeOrders(db, 'a', [order({ remote_id: '2002610220000000071', order_no: 'SO1', customer_id: 'user_10290' })])
    const id = idOf('2002610220000000071')
    expect([found('2002610220000000071'), found('200261022'), found('USER_10290'), found('user_1')]).toEqual([[id], [id], [id], [id]])
    expect([found('0071'), found('10290')]).toEqual([[], []])
  })

  it('looks for one or two characters at the start of order numbers only', () => {
    writeOrders(db, 'a', [
      order({ remote_id: 'p9', order_no: 'P9-1', trade_no: 'T1' }),
      order({ remote_id: 'q1', order_no: 'Q1-2', customer_id: 'p9' }),
    ])
    expect(found('p9')).toEqual([idOf('p9')])
    expect(found('P')).toEqual([idOf('p9')])
    // From three characters every id's start counts.
    expect(found('p9-')).toEqual([idOf('p9')])
    expect(found('q1-')).toEqual([idOf('q1')])
  })

  it('folds ASCII case only, as SQLite lower() and LIKE do', () => {
    writeOrders(db, 'a', [order({ remote_id: 'r-1', order_no: 'AbC-ÄÖü-XyZ9' })])
    expect(found('abc-äöü')).toEqual([])
    expect(found('ABC-ÄÖü')).toEqual([idOf('r-1')])
    expect(found('ÖÜ-xyz9')).toEqual([])
    expect(found('Öü-XYZ9')).toEqual([idOf('r-1')])
  })

  it('takes % _ \\ and quotes in a keyword as the characters themselves', () => {
    writeOrders(db, 'a', [
      order({ remote_id: 'r-1', order_no: `50%_off\\'"1` }),
      order({ remote_id: 'r-2', order_no: '50a_offX"1' }),
      order({ remote_id: 'r-3', order_no: '500xoff\\\'"1' }),
    ])
    expect(found('50%_')).toEqual([idOf('r-1')])
    expect(found(`_off\\'"1`)).toEqual([idOf('r-1')])
    expect(found(`\\'"1`)).toEqual([idOf('r-1'), idOf('r-3')])
    expect(foundRowwise('50%_')).toEqual([idOf('r-1')])
    expect(foundRowwise(`_off\\'"1`)).toEqual([idOf('r-1')])
  })

  it('finds an id of any characters, and a long one by its start and its end', () => {
    writeOrders(db, 'a', [
      order({ remote_id: 'r-1', customer_id: '客户 甲乙丙丁', trade_no: '交易·甲乙丙丁' }),
      order({ remote_id: 'r-2', order_no: `L${'0123456789'.repeat(100)}Z` }),
    ])
    expect(found('客户 甲')).toEqual([idOf('r-1')])
    expect(found('甲乙丙丁')).toEqual([idOf('r-1')])
    expect(found('L0123')).toEqual([idOf('r-2')])
    expect(found('56789Z')).toEqual([idOf('r-2')])
    expect(found('3456789Z')).toEqual([idOf('r-2')])
  })

  it('keeps the indexes in step when ids change and orders go', () => {
    writeShopOrders(50)
    const target = db.prepare('SELECT id FROM orders ORDER BY id LIMIT 1').pluck().get() as number
    const before = db.prepare('SELECT order_no FROM orders WHERE id = ?').pluck().get(target) as string
    db.prepare(
      "UPDATE orders SET order_no = 'RENAMED-77', trade_no = NULL, customer_id = 'cust-qq1', remote_id = 'remote-ww3' WHERE id = ?",
    ).run(target)
    expect(found('renamed')).toEqual([target])
    expect(found('ed-77')).toEqual([target])
    expect(found(before)).toEqual([])
    expect(found('cust-qq')).toEqual([target])
    expect(found('remote-w')).toEqual([target])
    db.prepare('DELETE FROM orders WHERE id = ?').run(target)
    expect(found('renamed')).toEqual([])
  })

  it('finds a keyword by ids and by product and customer names, in the list, its count and the records alike', () => {
    writeShopOrders(300)
    writeOrders(db, 'a', [order({ remote_id: 'named', product_name: '年度会员', customer_name: '王五' })])
    for (const keyword of ['会员', '王五', 'P2026', '4200', 'user_1']) {
      const expected = keyword === '会员' || keyword === '王五' ? [idOf('named')] : scanned(keyword)
      expect(countOrders(db, { keyword })).toBe(expected.length)
      expect(listOrderRecords(db, { keyword }, 0).total).toBe(expected.length)
      const page = listOrders(db, { filter: { keyword }, sort: { key: 'created_at', order: 'desc' }, page: 1, pageSize: 500 })
      expect(page.rows.map((r) => r.id).sort((a, b) => a - b)).toEqual(expected)
    }
  })
})

describe('the id search plan', () => {
  it('plan: reads every id column from its own index, as a range', () => {
    const { where, params } = orderFilterSql({ keyword: '4200123456789' })
    const plan = (db.prepare(`EXPLAIN QUERY PLAN SELECT o.id FROM orders o ${where}`).all(params) as Array<{ detail: string }>)
      .map((r) => r.detail)
      .join('\n')
    const ranges = [...IDS.map((c) => `orders_${c}_start`), ...NUMBERS.map((c) => `orders_${c}_end`)]
    for (const index of ranges) expect(plan).toMatch(new RegExp(`USING (COVERING )?INDEX ${index} \\(<expr>>\\? AND <expr><\\?\\)`))
    expect(plan).not.toMatch(/SCAN orders/)
  })

  it('plan: reads the ids part by the orders the id indexes find, not by walking a status and date index', () => {
    writeShopOrders(3000)
    // Statuses and creation days spread as a shop's are, so their index looks selective.
    db.prepare(
      `UPDATE orders SET status = CASE id % 4 WHEN 0 THEN 'paid' WHEN 1 THEN 'pending' WHEN 2 THEN 'refunded' ELSE 'canceled' END,
       created_at = ? + (id % 300) * 86400000`,
    ).run(Date.UTC(2026, 0, 1))
    db.exec('ANALYZE')
    const { keyword, params } = orderFilterSql({
      statuses: ['paid'],
      createdFrom: Date.UTC(2026, 9, 1),
      createdTo: Date.UTC(2026, 11, 1),
      keyword: 'P2026',
    })
    // The third part: after the product and customer names, before the notes.
    const idsPart = keyword![2]
    const plan = (db.prepare(`EXPLAIN QUERY PLAN SELECT o.id FROM orders o ${idsPart}`).all(params) as Array<{ detail: string }>)
      .map((r) => r.detail)
      .join('\n')
    expect(plan).toMatch(/SEARCH o USING INTEGER PRIMARY KEY \(rowid=\?\)/)
    expect(plan).not.toMatch(/orders_status_created|orders_created/)
  })
})

describe('prefixEnd', () => {
  it('is the least string above every string that starts with the text', () => {
    expect(prefixEnd('abc')).toBe('abd')
    expect(prefixEnd('a\u{10ffff}')).toBe('b')
    expect(prefixEnd('\u{10ffff}')).toBeNull()
    expect(prefixEnd('a\ud7ff')).toBe('a\ue000')
    expect(prefixEnd('9')).toBe(':')
  })
})
