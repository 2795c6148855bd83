import type { Fen } from '../../orders/order'
import { formatLocalInZone } from '../../../src-preload/shared/timezone'
import { bearerAuth, digitsParam, generateRecords, jsonObject, sandboxBase } from '../base'
import type { Random } from '../random'
import type { SandboxRequest, SandboxResponse } from '../server'
import type { KindSandbox, SandboxOptions } from '../types'

type Group = 'pending' | 'paid' | 'canceled' | 'refunded' | 'unknown'

/** The free-text statuses such a backend writes, in their real variety of language and case. */
const STATUS_TEXTS: Record<Group, readonly string[]> = {
  pending: ['待支付', '未支付', 'pending', 'Unpaid', 'PENDING'],
  paid: ['已支付', '已完成', 'paid', 'Completed', 'SUCCESS'],
  canceled: ['已取消', '已关闭', 'canceled', 'Cancelled', 'CLOSED'],
  refunded: ['已退款', 'Refunded'],
  unknown: ['处理中'],
}
const PRODUCTS: ReadonlyArray<{ type: string; names: readonly string[] }> = [
  { type: '会员', names: ['年度会员', '季度会员', '月度会员'] },
  { type: '课程', names: ['Python 数据分析实战', '小学奥数思维训练', '雅思口语冲刺班'] },
  { type: '实物', names: ['定制保温杯', '手工皂礼盒', '蓝牙耳机'] },
  { type: '虚拟', names: ['话费充值 100 元', '游戏点卡', '视频会员兑换码'] },
]
const PAY_TYPES = ['支付宝', '微信支付', '信用卡', '银联']

interface AppkeyOrder {
  id: number
  userId: number
  payType: string
  amount: Fen
  orderNo: string
  tradeNo: string
  group: Group
  statusText: string
  productType: string
  productId: string
  productName: string
  createdAt: number
  paidAt: number | null
  /** Null: this backend set no expiry on the order (it stays payable). */
  expireAt: number | null
  lastUpdate: number
  /** Which of the backend's date formats this record is written in. */
  style: 0 | 1 | 2 | 3
  hidden: boolean
  /** A corrupt row the backend holds and lists: it takes its slot in every page. */
  broken?: boolean
}

const ZONE = 'Asia/Shanghai'

/** The instant a faithful reader gets back from a time written in `style`. */
function written(ms: number, style: AppkeyOrder['style']): number {
  return style === 1 || style === 2 ? Math.floor(ms / 1000) * 1000 : ms
}

function renderTime(ms: number | null, style: AppkeyOrder['style'], unset: string): string {
  if (ms === null) return unset
  const local = formatLocalInZone(ms, ZONE)
  const millis = String(ms % 1000).padStart(3, '0')
  switch (style) {
    case 0:
      return `${local.replace(' ', 'T')}.${millis}${String(ms % 7).padStart(4, '0')}` // .NET's seven digits
    case 1:
      return local
    case 2:
      return `${local.replace(' ', 'T')}+08:00`
    case 3:
      return new Date(ms).toISOString()
  }
}

function render(o: AppkeyOrder): Record<string, unknown> {
  if (o.broken) return { id: '', userID: String(o.userId), amount: '12.3.4', status: '已支付', createDate: '2026-02-30T10:00:00' }
  const unset = o.id % 2 === 0 ? '' : '0001-01-01T00:00:00'
  return {
    id: o.id % 2 === 0 ? o.id : String(o.id),
    userID: String(o.userId),
    payType: o.group === 'pending' ? '' : o.payType,
    amount: o.id % 3 === 0 ? (o.amount / 100).toFixed(2) : Number((o.amount / 100).toFixed(2)),
    orderNo: o.orderNo,
    tradeNo: o.group === 'paid' || o.group === 'refunded' ? o.tradeNo : '',
    status: o.statusText,
    productType: o.productType,
    productID: o.productId,
    productName: o.productName,
    allowRefund: o.group === 'paid',
    allowRefundUntil: o.paidAt ? renderTime(o.paidAt + 7 * 86_400_000, o.style, unset) : '',
    tags: '',
    remark: '',
    description: '',
    orderPayTime: renderTime(o.paidAt, o.style, unset),
    expireTime: renderTime(o.expireAt, o.style, unset),
    createDate: renderTime(o.createdAt, o.style, unset),
    lastUpdate: renderTime(o.lastUpdate, o.style, unset),
  }
}

/** An order created at `createdAt`, and paid no later than `now` (the sandbox's present) when it is paid. */
function makeOrder(random: Random, id: number, createdAt: number, now: number): AppkeyOrder {
  const product = random.pick(PRODUCTS)
  const group = random.weighted([
    ['paid', 66],
    ['pending', 14],
    ['canceled', 12],
    ['refunded', 6],
    ['unknown', 2],
  ] as const)
  const created = createdAt + random.int(0, 999)
  const paidAt = group === 'paid' || group === 'refunded' ? Math.min(created + random.int(20, 1800) * 1000, Math.max(now, created)) : null
  return {
    id,
    userId: random.int(10_000, 99_999),
    payType: random.pick(PAY_TYPES),
    amount: random.weighted([
      [random.int(100, 9_999), 4],
      [random.int(10_000, 199_999), 5],
      [random.int(200_000, 1_500_000), 1],
    ] as const),
    orderNo: `SO${random.digits(4)}${String(id).padStart(8, '0')}`,
    tradeNo: `${random.chance(0.5) ? '2026' : '4200'}${random.digits(24)}`,
    group,
    statusText: random.pick(STATUS_TEXTS[group]),
    productType: product.type,
    productId: `${product.type === '实物' ? 'SKU' : 'P'}${random.int(100, 999)}`,
    productName: random.pick(product.names),
    createdAt: created,
    paidAt,
    expireAt: id % 2 === 0 ? created + 30 * 60_000 : null,
    lastUpdate: paidAt ?? created,
    style: random.pick([0, 0, 1, 1, 2, 3] as const),
    hidden: false,
  }
}

export function generateAppkeyRecords(random: Random, now: number, count: number, startIndex = 0): unknown[] {
  return generateRecords(makeOrder, render, random, now, count, startIndex)
}

/**
 * The app-key order service (seed 001) as a simulator: Bearer auth (401 with the envelope),
 * the app key in the path (an unknown one: 404 "AppKey not found"), skip/take with a server
 * cap, `{code: 200, data, error}` envelopes, newest first.
 */
export function createAppkeySandbox(options: SandboxOptions & { token?: string; appKey?: string } = {}): KindSandbox {
  const auth = bearerAuth('appkey', options.token)
  const appKey = options.appKey ?? 'ak_demo_shop'
  const base = sandboxBase(options, {
    kind: 'appkey',
    seed: 2,
    maxPageSize: 100,
    firstNumber: 100_001,
    make: makeOrder,
    createdOf: (o) => o.createdAt,
    truthOf: (o) => ({
      remote_id: String(o.id),
      status: o.group,
      currency: 'CNY',
      total: o.amount,
      due: o.amount,
      paid: o.group === 'paid' || o.group === 'refunded' ? o.amount : 0,
      refunded: o.group === 'refunded' ? o.amount : 0,
      created_at: written(o.createdAt, o.style),
      paid_at: o.paidAt === null ? null : written(o.paidAt, o.style),
    }),
  })
  const { random, orders, listing, find } = base
  const ok = (data: unknown): SandboxResponse => ({ status: 200, body: { code: 200, data, error: '' } })
  const fail = (status: number, error: string): SandboxResponse => ({ status, body: { code: status, data: null, error } })
  const setGroup = (o: AppkeyOrder, group: Group): void => {
    o.group = group
    o.statusText = STATUS_TEXTS[group][o.id % STATUS_TEXTS[group].length]
    o.lastUpdate = Date.now()
  }

  function list(request: SandboxRequest, injectBad: boolean): SandboxResponse {
    const q = request.query
    const skip = digitsParam(q, 'skip', 0)
    const take = digitsParam(q, 'take', 20)
    if (skip === null) return fail(400, "The value 'skip' is not valid.")
    if (take === null) return fail(400, "The value 'take' is not valid.")
    let rows = listing.visible()
    const eq = (param: string, value: (o: AppkeyOrder) => string): void => {
      const v = q.get(param)
      if (v) rows = rows.filter((o) => value(o) === v)
    }
    eq('status', (o) => o.statusText)
    eq('orderNo', (o) => o.orderNo)
    eq('tradeNo', (o) => o.tradeNo)
    eq('userId', (o) => String(o.userId))
    eq('pctType', (o) => o.productType)
    eq('pctId', (o) => o.productId)
    if (q.get('pctName')) rows = rows.filter((o) => o.productName.includes(q.get('pctName')!))
    if (injectBad && rows[skip]) {
      base.keepBroken(rows[skip], base.nextNumber())
      rows = listing.visible()
    }
    const page: unknown[] = rows.slice(skip, skip + Math.min(take, base.maxPageSize())).map(render)
    return ok({ total: rows.length % 2 === 0 ? rows.length : String(rows.length), data: page })
  }

  return {
    ...base.controls,
    prefix: '/api',
    credentials: () => ({ token: auth.token, appKey }),
    handle(request, context) {
      if (!auth.accepts(request)) return fail(401, 'Unauthorized: invalid bearer token')
      const m = /^\/Order\/([^/]+)(?:\/([^/]+))?$/.exec(request.path)
      if (!m) return fail(404, `No route for ${request.method} ${request.path}`)
      if (decodeURIComponent(m[1]) !== appKey) return fail(404, 'AppKey not found')
      const sub = m[2] ? decodeURIComponent(m[2]) : undefined
      if (!sub && request.method === 'GET') return list(request, context.injectBadRecord)
      if (sub === 'Create' && request.method === 'POST') {
        const body = jsonObject(request.bodyText)
        if (!body) return fail(400, 'The request body is not valid JSON.')
        const amount = Number(body.amount)
        if (typeof body.productName !== 'string' || body.productName.trim() === '') return fail(400, 'The productName field is required.')
        if (!Number.isFinite(amount) || amount <= 0) return fail(400, 'The field amount must be greater than 0.')
        const created = Date.now()
        const order: AppkeyOrder = {
          ...makeOrder(random, base.nextNumber(), created, created),
          amount: Math.round(amount * 100),
          productName: body.productName,
          productType: typeof body.productType === 'string' ? body.productType : '',
          productId: typeof body.productID === 'string' ? body.productID : '',
          group: 'pending',
          statusText: '待支付',
          paidAt: null,
          createdAt: created,
          lastUpdate: created,
          style: 0,
        }
        orders.push(order)
        return ok({ id: String(order.id), orderNo: order.orderNo })
      }
      if (sub && request.method === 'GET') {
        const order = base.byId(sub)
        return order ? ok(render(order)) : fail(404, `Order ${sub} not found`)
      }
      return fail(405, `Method ${request.method} not allowed`)
    },
    pay(id, at = Date.now()) {
      const o = find(id)
      if (o.group !== 'pending') throw new Error(`appkey order ${id} is not pending`)
      o.paidAt = at
      setGroup(o, 'paid')
    },
    refund(id) {
      const o = find(id)
      if (o.group !== 'paid') throw new Error(`appkey order ${id} is not paid`)
      setGroup(o, 'refunded')
    },
    cancel(id) {
      const o = find(id)
      if (o.group !== 'pending') throw new Error(`appkey order ${id} is not pending`)
      setGroup(o, 'canceled')
    },
  }
}
