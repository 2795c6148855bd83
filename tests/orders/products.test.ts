import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { dispatch } from '../../src-main/api/dispatch'
import { createHandlers } from '../../src-main/api/handlers'
import { openDatabase, type Db } from '../../src-main/db/database'
import { PRODUCT_OPTIONS_MAX, PRODUCT_SCAN_ORDERS, sourceProducts } from '../../src-main/orders/products'
import { tempCore } from '../helpers/core'
import { addSource, order, writeOrders } from '../helpers/orders'

let db: Db
beforeEach(() => {
  db = openDatabase(':memory:').db
  addSource(db, 'shop')
  addSource(db, 'other')
})
afterEach(() => db.close())

const at = (day: number) => Date.UTC(2026, 10, day)

describe('sourceProducts: what a create form offers to pick', () => {
  it('lists the products of one source’s orders, each id with its name and type, most ordered first', () => {
    writeOrders(db, 'shop', [
      order({ remote_id: '1', product_id: '9001', product_name: '动态流量套餐 10G', product_type: '9' }),
      order({ remote_id: '2', product_id: '3001', product_name: '余额充值', product_type: '3' }),
      order({ remote_id: '3', product_id: '3001', product_name: '余额充值', product_type: '3' }),
      order({ remote_id: '4', product_id: null, product_name: '手写的商品', product_type: null }),
      order({ remote_id: '5', product_id: null, product_name: null, product_type: null }),
    ])
    writeOrders(db, 'other', [order({ remote_id: '1', product_id: '7', product_name: '别的店的商品', product_type: '1' })])
    expect(sourceProducts(db, 'shop')).toEqual([
      { product_id: '3001', product_name: '余额充值', product_type: '3', count: 2 },
      { product_id: '9001', product_name: '动态流量套餐 10G', product_type: '9', count: 1 },
      { product_id: null, product_name: '手写的商品', product_type: null, count: 1 },
    ])
  })

  it('looks at the newest orders only, and offers a bounded number of products', () => {
    const many = Array.from({ length: PRODUCT_SCAN_ORDERS + 300 }, (_, i) =>
      order({ remote_id: String(i), product_id: `P${i}`, product_name: `商品 ${i}`, created_at: at(1) + i * 1000 }),
    )
    writeOrders(db, 'shop', many)
    const offered = sourceProducts(db, 'shop')
    expect(offered).toHaveLength(PRODUCT_OPTIONS_MAX)
    // The 300 oldest orders are past what is looked at: none of their products is offered.
    const oldest = new Set(many.slice(0, 300).map((o) => o.product_id))
    expect(offered.filter((p) => oldest.has(p.product_id))).toEqual([])
  })
})

describe('orders:products over the contract', () => {
  let env: ReturnType<typeof tempCore>
  beforeEach(() => (env = tempCore()))
  afterEach(() => env.dispose())

  it('names a source that does not exist', async () => {
    expect(await dispatch(createHandlers(env.core), 'orders:products', { sourceId: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'not_found', message: 'no source with id "nope"' },
    })
  })
})
