import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, type Db } from '../../src-main/db/database'
import { ID_GRAM_LENGTH, idGramQuery, searchOrderIds } from '../../src-main/orders/id-search'
import { countOrders, listOrderRecords } from '../../src-main/orders/queries'
import { Random } from '../../src-main/sandboxes/random'
import { addSource, order, writeOrders } from '../helpers/orders'

let db: Db

beforeEach(() => {
  db = openDatabase(':memory:').db
  addSource(db, 'a')
})

afterEach(() => db.close())

/** Orders with ids shaped like the APIs' (date-based numbers, long trade numbers, prefixed customer ids). */
function writeShopOrders(count: number, random = new Random(7), first = 0): void {
  writeOrders(
    db,
    'a',
    Array.from({ length: count }, (_, n) => {
      const i = first + n
      const day = `2026${String(random.int(7, 11)).padStart(2, '0')}${String(random.int(1, 28)).padStart(2, '0')}`
      const seq = String(random.int(0, 999_999)).padStart(6, '0')
      const digits = (k: number): string => Array.from({ length: k }, () => random.int(0, 9)).join('')
      return order({
        remote_id: i % 3 === 0 ? `${day}${seq}${digits(3)}` : String(100_000 + i),
        order_no: i % 3 === 0 ? `${day}00${seq}` : i % 3 === 1 ? `P${day}00${seq}` : `SO${digits(4)}00${seq}`,
        trade_no: random.next() < 0.7 ? `4200${digits(24)}` : null,
        customer_id: random.next() < 0.5 ? `user_${random.int(1, 5000)}` : null,
      })
    }),
  )
}

const hex = (text: string): string => Buffer.from(text).toString('hex')

/** The keyword's meaning spelled out: some id contains it, ASCII case aside. */
function scanned(keyword: string): number[] {
  const like = `%${keyword.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
  return db
    .prepare(
      `SELECT id FROM orders WHERE order_no LIKE @like ESCAPE '\\' OR trade_no LIKE @like ESCAPE '\\'
       OR customer_id LIKE @like ESCAPE '\\' OR remote_id LIKE @like ESCAPE '\\' ORDER BY id`,
    )
    .pluck()
    .all({ like }) as number[]
}

/** The orders the index itself finds for a keyword, before any LIKE check. */
function indexed(keyword: string): number[] {
  return db
    .prepare('SELECT rowid FROM order_id_grams WHERE order_id_grams MATCH ? ORDER BY rowid')
    .pluck()
    .all(idGramQuery(keyword).match) as number[]
}

describe('searching ids through the six-character gram index', () => {
  it('finds exactly the orders whose ids hold the keyword, for every length and case', () => {
    writeShopOrders(4000)
    const random = new Random(11)
    const ids = db
      .prepare('SELECT order_no, trade_no, customer_id, remote_id FROM orders ORDER BY random() LIMIT 150')
      .raw()
      .all() as Array<Array<string | null>>
    const lengths = new Set<number>()
    for (const row of ids) {
      for (const id of row) {
        if (id === null || id.length < 4) continue
        const from = random.int(0, id.length - 3)
        let keyword = id.slice(from, random.int(from + 3, id.length))
        if (random.next() < 0.3) keyword = keyword.toUpperCase()
        lengths.add(Math.min(keyword.length, ID_GRAM_LENGTH + 1))
        expect(searchOrderIds(db, keyword, 100_000), keyword).toEqual(scanned(keyword))
      }
    }
    // Prefix queries (shorter than a gram), single grams and pieces with a check all ran.
    expect([...lengths].sort()).toEqual([3, 4, 5, 6, 7])
    for (const keyword of ['0000', '4200', 'user_1', '_12', '2026091', 'nothing-like-it']) {
      expect(searchOrderIds(db, keyword, 100_000), keyword).toEqual(scanned(keyword))
    }
  })

  it('finds a keyword of up to six characters exactly by the index, and checks a longer one', () => {
    writeShopOrders(2000)
    // Up to a gram's length the index's answer is the answer: nothing is left for LIKE.
    for (const keyword of ['202', '0913', 'user_', '260901']) {
      expect(idGramQuery(keyword).exact).toBe(true)
      expect(indexed(keyword), keyword).toEqual(scanned(keyword))
    }
    // Longer: the pieces can sit apart in an order's ids (one in the order number, one in the
    // trade number), so the index finds a superset and LIKE turns the rest away.
    const keyword = '2026090'
    expect(idGramQuery(keyword)).toEqual({ match: `${hex('202609')} AND ${hex('026090')}`, exact: false })
    writeOrders(db, 'a', [order({ remote_id: 'apart', order_no: 'X202609Y', trade_no: 'Z026090W' })])
    const [apart] = db.prepare("SELECT id FROM orders WHERE remote_id = 'apart'").pluck().all() as number[]
    expect(indexed(keyword)).toContain(apart)
    expect(scanned(keyword)).not.toContain(apart)
    expect(searchOrderIds(db, keyword, 100_000)).toEqual(scanned(keyword))
    expect(countOrders(db, { keyword })).toBe(scanned(keyword).length)
    // Without a connection to keep hits (revenue, export), the filter checks in SQL alike.
    expect(listOrderRecords(db, { keyword }, 0).total).toBe(scanned(keyword).length)
    expect(idGramQuery('2026091300031').match).toBe([hex('202609'), hex('130003'), hex('300031')].join(' AND '))
    // More hits than the caller keeps: none.
    expect(searchOrderIds(db, '202', scanned('202').length - 1)).toBeNull()
    expect(searchOrderIds(db, '202', scanned('202').length)).toEqual(scanned('202'))
  })

  it('indexes any character an id may hold, and folds ASCII case only, as LIKE does', () => {
    writeOrders(db, 'a', [
      order({ remote_id: 'r-1', order_no: 'A"B C*D-(E)', trade_no: 'ÄÖü-9 x:y' }),
      order({ remote_id: 'r-2', order_no: 'NO AND OR NOT', customer_id: '客户 甲乙丙' }),
      order({ remote_id: 'r-3', order_no: `L${'0123456789'.repeat(100)}Z` }),
    ])
    const found = (keyword: string): number[] => searchOrderIds(db, keyword, 100) ?? []
    const [first, second, third] = db.prepare('SELECT id FROM orders ORDER BY id').pluck().all() as number[]
    expect(found('"b c*')).toEqual([first])
    expect(found('a"b c*d-(e)')).toEqual([first])
    expect(found('(E)')).toEqual([first])
    expect(found('ÄÖü')).toEqual([first])
    // Non-ASCII letters are matched as written (SQLite folds ASCII only).
    expect(found('äöü')).toEqual([])
    expect(found('and or')).toEqual([second])
    expect(found('户 甲乙')).toEqual([second])
    // A long id is found anywhere in its first 1,024 characters.
    expect(found('L012')).toEqual([third])
    expect(found('89Z')).toEqual([third])
    expect(found('6789012345678901')).toEqual([third])
  })

  it('keeps the index in step when ids change and orders go', () => {
    writeShopOrders(50)
    const [target] = db.prepare('SELECT id FROM orders ORDER BY id LIMIT 1').pluck().all() as number[]
    const before = db.prepare('SELECT order_no FROM orders WHERE id = ?').pluck().get(target) as string
    db.prepare("UPDATE orders SET order_no = 'RENAMED-77', trade_no = NULL WHERE id = ?").run(target)
    expect(searchOrderIds(db, 'renamed-7', 10)).toEqual([target])
    expect(indexed('ed-77')).toEqual([target])
    // The old number's grams went with it.
    expect(indexed(before)).not.toContain(target)
    // Only the customer id, or only the remote id, changes: the index follows each.
    db.prepare("UPDATE orders SET customer_id = 'cust-qq1' WHERE id = ?").run(target)
    expect(indexed('qq1')).toEqual([target])
    db.prepare("UPDATE orders SET customer_id = 'cust-zz2' WHERE id = ?").run(target)
    expect([indexed('qq1'), indexed('zz2')]).toEqual([[], [target]])
    db.prepare("UPDATE orders SET remote_id = 'remote-ww3' WHERE id = ?").run(target)
    expect(indexed('ww3')).toEqual([target])
    db.prepare('DELETE FROM orders WHERE id = ?').run(target)
    expect(indexed('renamed')).toEqual([])
    for (const keyword of ['2026', '4200', 'user']) expect(indexed(keyword), keyword).toEqual(scanned(keyword))
  })
})
