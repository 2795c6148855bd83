import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, type Db } from '../../src-main/db/database'
import { idSample, planIdSearch, sampleOf, searchByPlan, searchOrderIds } from '../../src-main/orders/id-search'
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

describe('searching ids through the trigram index', () => {
  it('finds exactly the orders whose ids hold the keyword, whether it asks for the whole keyword or a rarer part', () => {
    writeShopOrders(4000)
    const random = new Random(11)
    const ids = db
      .prepare('SELECT order_no, trade_no, customer_id, remote_id FROM orders ORDER BY random() LIMIT 150')
      .raw()
      .all() as Array<Array<string | null>>
    const plans = { whole: 0, part: 0 }
    for (const row of ids) {
      for (const id of row) {
        if (id === null || id.length < 4) continue
        const from = random.int(0, id.length - 3)
        let keyword = id.slice(from, random.int(from + 3, id.length))
        if (random.next() < 0.3) keyword = keyword.toUpperCase()
        const plan = planIdSearch(idSample(db), keyword)
        plans[plan.check ? 'part' : 'whole']++
        if (plan.check) expect(keyword.toLowerCase()).toContain(plan.asked.toLowerCase())
        expect(searchOrderIds(db, keyword, 100_000), keyword).toEqual(scanned(keyword))
      }
    }
    // Both ways were exercised: date-based numbers make some trigrams common.
    expect(plans.part).toBeGreaterThan(20)
    expect(plans.whole).toBeGreaterThan(20)
  })

  it('asks a long date-based number by its rarest part, and a keyword of rare trigrams whole', () => {
    // Every order number starts with a date of 2026: "202" and "026" are in all of them, so
    // asking for them would walk the whole index; the tail after the date is nearly unique.
    const orderNo = (i: number): string =>
      `2026${String((i % 12) + 1).padStart(2, '0')}${String((i % 28) + 1).padStart(2, '0')}00${String((i * 7919) % 1_000_000).padStart(6, '0')}`
    const sample = sampleOf(
      1_000_000,
      Array.from({ length: 2000 }, (_, i) => [orderNo(i)]),
    )
    // An order the sample did not draw, typed without its last four digits.
    const keyword = orderNo(5000).slice(0, 12)
    const dated = planIdSearch(sample, keyword)
    expect(dated.check).toBe(true)
    expect(keyword).toContain(dated.asked)
    expect(dated.asked.length).toBeLessThan(keyword.length)
    expect(dated.asked).not.toContain('202')
    expect(dated.cap).toBeGreaterThanOrEqual(50)
    // With a very rare trigram, the whole keyword walks little: no part is worth a check.
    expect(planIdSearch(sample, orderNo(5000).slice(0, 14)).check).toBe(false)
    expect(planIdSearch(sample, 'xqzvkw')).toEqual({ asked: 'xqzvkw', check: false, cap: 0 })
    expect(planIdSearch(sample, '202').check).toBe(false)
    expect(planIdSearch(sampleOf(0, []), keyword).check).toBe(false)
  })

  it('checks every candidate of a part, and asks for the whole keyword once a part lets through more than planned', () => {
    writeShopOrders(2000)
    const keyword = '2026090'
    const expected = scanned(keyword)
    expect(expected.length).toBeGreaterThan(10)
    const candidates = scanned('202').length
    // A generous cap: every candidate of "202" is read and checked.
    expect(searchByPlan(db, keyword, { asked: '202', check: true, cap: candidates }, 100_000)).toEqual(expected)
    // A cap the part overruns: the whole keyword is asked instead, with the same answer.
    expect(searchByPlan(db, keyword, { asked: '202', check: true, cap: 5 }, 100_000)).toEqual(expected)
    // More hits than the caller keeps: none.
    expect(searchByPlan(db, keyword, { asked: '202', check: true, cap: candidates }, expected.length - 1)).toBeNull()
    expect(searchByPlan(db, keyword, { asked: keyword, check: false, cap: 0 }, expected.length - 1)).toBeNull()
  })

  it('draws its sample again once the cache has grown or shrunk by a quarter', () => {
    expect(idSample(db).orders).toBe(0)
    expect(planIdSearch(idSample(db), '20260904')).toMatchObject({ check: false })
    writeShopOrders(400)
    const drawn = idSample(db)
    expect(drawn.orders).toBe(400)
    expect(drawn.ids.length).toBe(400)
    writeShopOrders(80, new Random(8), 400)
    expect(idSample(db)).toBe(drawn)
    writeShopOrders(40, new Random(9), 480)
    expect(idSample(db).orders).toBe(520)
    db.prepare('DELETE FROM orders WHERE id % 2 = 0').run()
    expect(idSample(db).orders).toBe(260)
  })
})
