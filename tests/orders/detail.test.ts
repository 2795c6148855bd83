import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, type Db } from '../../src-main/db/database'
import { getOrderDetail, orderIdOf } from '../../src-main/orders/detail'
import { addSource, order, writeOrders } from '../helpers/orders'

let db: Db
beforeEach(() => {
  db = openDatabase(':memory:').db
  addSource(db, 'pay', 'pingpp')
  addSource(db, 'shop', 'pub')
})
afterEach(() => db.close())

/** A Ping++ order's charges as its API lists them: a paid charge with one refund done and one asked for. */
const pingppRaw = {
  id: '2001708140000017551',
  charges: {
    object: 'list',
    data: [
      {
        id: 'ch_1',
        paid: true,
        time_paid: 1_762_000_000,
        refunds: {
          object: 'list',
          data: [
            { id: 're_2', amount: 300, status: 'pending', succeed: false, created: 1_762_009_000, time_succeed: null },
            { id: 're_1', amount: 500, status: 'succeeded', succeed: true, created: 1_762_003_000, time_succeed: 1_762_003_600 },
          ],
        },
      },
      // A charge without refunds carries `refunds: null`, as Ping++'s documented samples show.
      { id: 'ch_2', paid: false, refunds: null },
    ],
  },
}

describe('an order detail', () => {
  it('lists the refunds of a Ping++ order with the times Ping++ gives, in epoch ms', () => {
    writeOrders(db, 'pay', [order({ remote_id: '2001708140000017551', status: 'partially_refunded', refunded: 500, raw: pingppRaw })])
    const detail = getOrderDetail(db, orderIdOf(db, 'pay', '2001708140000017551'), [])
    expect(detail.refunds).toEqual([
      { id: 're_2', amount: 300, status: 'pending', succeeded_at: null, created_at: 1_762_009_000_000 },
      { id: 're_1', amount: 500, status: 'succeeded', succeeded_at: 1_762_003_600_000, created_at: 1_762_003_000_000 },
    ])
  })

  it('shows a Ping++ order whose list of charges holds an entry that is not a charge, passing over that entry', () => {
    const raw = { ...pingppRaw, charges: { object: 'list', data: [null, 'ch_x', ...pingppRaw.charges.data] } }
    writeOrders(db, 'pay', [order({ remote_id: '2001708140000017551', raw })])
    const detail = getOrderDetail(db, orderIdOf(db, 'pay', '2001708140000017551'), [])
    expect(detail.charges.map((c) => c.id)).toEqual(['ch_1', 'ch_2'])
    expect(detail.refunds.map((r) => r.id)).toEqual(['re_2', 're_1'])
  })

  it('lists no refunds for a kind whose API gives none, even when its payload has a field of that name', () => {
    writeOrders(db, 'shop', [
      order({ remote_id: '7', status: 'refunded', refunded: 1000, raw: { id: 7, status: 3, charges: pingppRaw.charges } }),
    ])
    expect(getOrderDetail(db, orderIdOf(db, 'shop', '7'), []).refunds).toEqual([])
  })
})
