import type { Fen, OrderStatus } from '../../orders/order'
import { PUB_PRODUCT_TYPES } from '../../../src-preload/product-types'
import { bearerAuth, digitsParam, generateRecords, jsonObject, sandboxBase } from '../base'
import type { Random } from '../random'
import type { SandboxResponse } from '../server'
import type { KindSandbox, SandboxOptions } from '../types'

interface PubOrder {
  id: number
  trade_no: string
  product_type: number
  product_id: number
  product_name: string
  total: Fen
  due: Fen
  status: 0 | 1 | 2 | 3
  created_at: number
  hidden: boolean
}

const PACKAGES = ['1GB', '5GB', '10GB', '50GB', '100GB', '30天', '90天', '1个月', '1年', '200个IP']

/** Fen as pub writes money: a JSON number of yuan (99.9, 0.07). */
function yuanNumber(fen: Fen): number {
  return Number((fen / 100).toFixed(2))
}

function render(o: PubOrder): Record<string, unknown> {
  return {
    id: o.id,
    trade_no: o.trade_no,
    product_id: o.product_id,
    product_name: o.product_name,
    product_type: o.product_type,
    total_fee: yuanNumber(o.total),
    pay_fee: yuanNumber(o.due),
    status: o.status,
    // The document shows UTC with Z; some replies carry +08:00. Both are instants.
    created_at:
      o.id % 3 === 0
        ? isoWithOffset(o.created_at, 8)
        : new Date(Math.floor(o.created_at / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
  }
}

function isoWithOffset(ms: number, hours: number): string {
  const local = new Date(Math.floor(ms / 1000) * 1000 + hours * 3600_000).toISOString().slice(0, 19)
  return `${local}+${String(hours).padStart(2, '0')}:00`
}

function makeOrder(random: Random, id: number, createdAt: number): PubOrder {
  const type = random.pick(PUB_PRODUCT_TYPES)
  const total = random.weighted([
    [random.int(100, 9_999), 3],
    [random.int(10_000, 99_999), 5],
    [random.int(100_000, 2_000_000), 2],
    [7, 0.2],
  ] as const)
  const discount = random.chance(0.3) ? Math.floor((total * random.int(5, 20)) / 100) : 0
  const status = random.weighted([
    [1, 70],
    [0, 12],
    [2, 12],
    [3, 6],
  ] as const) as PubOrder['status']
  return {
    id,
    trade_no: `P${new Date(createdAt).toISOString().slice(0, 10).replace(/-/g, '')}${String(id).padStart(8, '0')}`,
    product_type: type.value,
    product_id: type.value * 1000 + random.int(1, 20),
    product_name: `${type.zh} ${random.pick(PACKAGES)}`,
    total,
    due: total - discount,
    status,
    created_at: createdAt,
    hidden: false,
  }
}

/** API-shaped pub records, for the benchmark's ingest. */
export function generatePubRecords(random: Random, now: number, count: number, startIndex = 0): unknown[] {
  return generateRecords(makeOrder, render, random, now, count, startIndex)
}

const STATUS: Record<number, OrderStatus> = { 0: 'pending', 1: 'paid', 2: 'canceled', 3: 'refunded' }

/**
 * The pub API (seed 000) as a stateful simulator: Bearer auth, errors as HTTP 200 with a
 * non-zero code, page_no/page_size paging capped by the server, newest first.
 */
export function createPubSandbox(options: SandboxOptions & { token?: string } = {}): KindSandbox {
  const auth = bearerAuth('pub', options.token)
  const base = sandboxBase(options, {
    kind: 'pub',
    seed: 1,
    maxPageSize: 100,
    make: makeOrder,
    createdOf: (o) => o.created_at,
    truthOf: (o) => ({
      remote_id: String(o.id),
      status: STATUS[o.status],
      currency: 'CNY',
      total: o.total,
      due: o.due,
      paid: o.status === 1 || o.status === 3 ? o.due : 0,
      refunded: o.status === 3 ? o.due : 0,
      created_at: Math.floor(o.created_at / 1000) * 1000,
      paid_at: null,
    }),
  })
  const { orders, find } = base
  const ok = (data: unknown): SandboxResponse => ({ status: 200, body: { code: 0, message: '操作成功', data } })
  const fail = (code: number, message: string): SandboxResponse => ({ status: 200, body: { code, message, data: null } })

  return {
    ...base.controls,
    prefix: '',
    credentials: () => ({ token: auth.token }),
    handle(request, context) {
      if (!auth.accepts(request)) return fail(401, 'token 无效或已过期,请重新登录')
      if (request.path === '/pub/order/list' && request.method === 'GET') {
        const q = request.query
        const pageNo = digitsParam(q, 'page_no', 1)
        const asked = digitsParam(q, 'page_size', 10)
        if (pageNo === null || pageNo < 1) return fail(400, '参数错误:page_no')
        if (asked === null || asked < 1) return fail(400, '参数错误:page_size')
        const pageSize = Math.min(asked, base.maxPageSize())
        let rows = base.listing.visible()
        if (q.get('trade_no')) rows = rows.filter((o) => o.trade_no === q.get('trade_no'))
        if (q.get('status')) rows = rows.filter((o) => String(o.status) === q.get('status'))
        if (q.get('product_type')) rows = rows.filter((o) => String(o.product_type) === q.get('product_type'))
        const list: unknown[] = rows.slice((pageNo - 1) * pageSize, pageNo * pageSize).map(render)
        if (context.injectBadRecord)
          list.splice(Math.floor(list.length / 2), 0, {
            id: 999_999_999,
            trade_no: 'BROKEN',
            total_fee: 'abc',
            pay_fee: 1,
            status: 1,
            created_at: 'not-a-date',
          })
        return ok({
          list,
          pagination: { total: rows.length, page_no: pageNo, page_size: pageSize, total_pages: Math.ceil(rows.length / pageSize) },
        })
      }
      if (request.path === '/pub/order/create' && request.method === 'POST') {
        const body = jsonObject(request.bodyText)
        if (!body) return fail(400, '请求体不是有效的 JSON')
        const pid = Number(body.pid)
        const pm = Number(body.pm_id)
        if (!Number.isInteger(pid) || pid <= 0) return fail(422, '缺少参数:pid')
        if (!Number.isInteger(pm) || pm <= 0) return fail(422, '缺少参数:pm_id')
        if (pm > 5) return fail(422, '支付方式不存在')
        const type = PUB_PRODUCT_TYPES.find((t) => t.value === Math.floor(pid / 1000)) ?? PUB_PRODUCT_TYPES.find((t) => t.value === pid)
        if (!type) return fail(404, '套餐不存在,请联系客服获取正确的套餐ID')
        const quantity = body.amount === undefined ? 1 : Number(body.amount)
        const unit = type.value === 3 ? Number(body.recharge_amount ?? 100) * 100 : 4_990
        const total = Math.round(unit * (Number.isFinite(quantity) && quantity > 0 ? quantity : 1))
        const id = base.nextNumber()
        const order: PubOrder = {
          id,
          trade_no: `P${new Date().toISOString().slice(0, 10).replace(/-/g, '')}${String(id).padStart(8, '0')}`,
          product_type: type.value,
          product_id: pid,
          product_name: `${type.zh}`,
          total,
          due: body.coupon_sn ? Math.round(total * 0.9) : total,
          status: 0,
          created_at: Date.now(),
          hidden: false,
        }
        orders.push(order)
        return ok(render(order))
      }
      if (request.path === '/pub/order/close' && request.method === 'POST') {
        const body = jsonObject(request.bodyText)
        const tradeNo = body && typeof body.trade_no === 'string' ? body.trade_no : ''
        if (!tradeNo) return fail(422, '缺少参数:trade_no')
        const order = orders.find((o) => o.trade_no === tradeNo)
        if (!order) return fail(404, '订单不存在')
        if (order.status !== 0) return fail(409, `订单状态为${['待支付', '已支付', '已取消', '已退款'][order.status]},无法关闭`)
        order.status = 2
        return ok({})
      }
      return { status: 404, body: { code: 404, message: `接口不存在:${request.method} ${request.path}`, data: null } }
    },
    pay(id) {
      const o = find(id)
      if (o.status !== 0) throw new Error(`pub order ${id} is not pending`)
      o.status = 1
    },
    refund(id) {
      const o = find(id)
      if (o.status !== 1) throw new Error(`pub order ${id} is not paid`)
      o.status = 3
    },
    cancel(id) {
      const o = find(id)
      if (o.status !== 0) throw new Error(`pub order ${id} is not pending`)
      o.status = 2
    },
  }
}
