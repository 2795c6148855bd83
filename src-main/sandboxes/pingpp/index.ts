import crypto from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import type { Fen, OrderStatus } from '../../orders/order'
import { chineseName, Random, recentInstant } from '../random'
import type { SandboxRequest, SandboxResponse } from '../server'
import type { KindSandbox, SandboxOptions, SandboxTruth } from '../types'
import { newestFirst } from '../listing'

interface PingppOrder {
  id: string
  created: number // Unix seconds
  status: 'created' | 'paid' | 'refunded' | 'canceled'
  uid: string
  merchant_order_no: string
  amount: Fen
  coupon_amount: Fen
  amount_paid: Fen
  amount_refunded: Fen
  subject: string
  body: string
  client_ip: string
  time_paid: number | null
  time_expire: number
  channel: string | null
  transaction_no: string | null
  charge_id: string
  hidden: boolean
}

const SUBJECTS = ['年度会员', '精选好课', '咖啡豆 500g', '云服务器续费', '线下活动门票', '打印服务', '茶叶礼盒', '数据线']
const CHANNELS = ['alipay_qr', 'wx_pub_qr', 'alipay_pc_direct', 'wx_lite', 'upacp_pc']

function render(o: PingppOrder, app: string): Record<string, unknown> {
  const actual = o.amount - o.coupon_amount
  const charge =
    o.channel === null
      ? []
      : [
          {
            id: o.charge_id,
            object: 'charge',
            created: o.time_paid ?? o.created,
            livemode: false,
            paid: o.time_paid !== null,
            refunded: o.amount_refunded > 0 && o.amount_refunded >= o.amount_paid,
            app,
            channel: o.channel,
            order_no: o.merchant_order_no,
            client_ip: o.client_ip,
            amount: actual,
            amount_settle: actual,
            currency: 'cny',
            subject: o.subject,
            body: o.body,
            time_paid: o.time_paid,
            time_expire: o.time_expire,
            transaction_no: o.transaction_no,
            amount_refunded: o.amount_refunded,
            failure_code: null,
            failure_msg: null,
            metadata: {},
            description: null,
          },
        ]
  return {
    id: o.id,
    object: 'order',
    created: o.created,
    livemode: false,
    paid: o.amount_paid > 0,
    refunded: o.amount_refunded > 0,
    status: o.status,
    app,
    uid: o.uid,
    available_balance: 0,
    merchant_order_no: o.merchant_order_no,
    amount: o.amount,
    actual_amount: actual,
    amount_refunded: o.amount_refunded,
    amount_paid: o.amount_paid,
    coupon_amount: o.coupon_amount,
    currency: 'cny',
    subject: o.subject,
    body: o.body,
    client_ip: o.client_ip,
    time_paid: o.time_paid,
    time_expire: o.time_expire,
    coupon: o.coupon_amount > 0 ? `3003${o.id.slice(4, 20)}` : null,
    description: null,
    metadata: null,
    charge_essentials: {},
    receipt_app: app,
    service_app: app,
    available_methods: [],
    charges: { object: 'list', url: '/v1/charges', has_more: false, data: charge },
  }
}

function orderId(random: Random, createdSeconds: number, n: number): string {
  const d = new Date(createdSeconds * 1000)
  const ymd = `${String(d.getUTCFullYear()).slice(2)}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`
  return `20${ymd}${String(n).padStart(7, '0')}${random.digits(4)}`.slice(0, 19)
}

function makeOrder(random: Random, n: number, createdMs: number): PingppOrder {
  const created = Math.floor(createdMs / 1000)
  const amount = random.weighted([
    [random.int(100, 9_900), 5],
    [random.int(10_000, 99_900), 4],
    [random.int(100_000, 900_000), 1],
  ] as const)
  const coupon = random.chance(0.25) ? random.int(1, Math.max(1, Math.floor(amount / 5))) : 0
  const status = random.weighted([
    ['paid', 68],
    ['created', 14],
    ['canceled', 10],
    ['refunded', 5],
    ['partial', 3],
  ] as const)
  const paidLike = status === 'paid' || status === 'refunded' || status === 'partial'
  const actual = amount - coupon
  const o: PingppOrder = {
    id: orderId(random, created, n),
    created,
    status: status === 'partial' ? 'paid' : status,
    uid: `user_${random.digits(5)}`,
    merchant_order_no: `${new Date(createdMs).toISOString().slice(0, 10).replace(/-/g, '')}${String(n).padStart(8, '0')}`,
    amount,
    coupon_amount: coupon,
    amount_paid: paidLike ? actual : 0,
    amount_refunded: status === 'refunded' ? actual : status === 'partial' ? Math.max(1, Math.floor(actual / 3)) : 0,
    subject: random.pick(SUBJECTS),
    body: `${chineseName(random)}的订单`,
    client_ip: `192.168.${random.int(0, 255)}.${random.int(1, 254)}`,
    time_paid: paidLike ? created + random.int(10, 3600) : null,
    time_expire: created + 86_400,
    channel: paidLike ? random.pick(CHANNELS) : null,
    transaction_no: paidLike ? `4200${random.digits(24)}` : null,
    charge_id: `ch_${random.hex(24)}`,
    hidden: false,
  }
  return o
}

export function generatePingppRecords(random: Random, now: number, count: number, startIndex = 0): unknown[] {
  return Array.from({ length: count }, (_, i) =>
    render(makeOrder(random, startIndex + i + 1, recentInstant(random, now, 150)), 'app_bench'),
  )
}

interface PingppSandboxOptions extends SandboxOptions {
  secretKey?: string
  appId?: string
  /** When set, a signature sent on any request is verified with it. */
  publicKeyPem?: string
  /** POST and PUT must be signed (the merchant switched signing on). */
  requireSignature?: boolean
}

/**
 * Ping++ orders (seed 002 and pingpp-notes.md) as a simulator: the secret key by HTTP Basic
 * or Bearer, request signatures verified, page/per_page 1..20 with has_more, newest first,
 * create, cancel, pay and (partial) refunds, and Ping++'s error objects and statuses.
 */
export function createPingppSandbox(options: PingppSandboxOptions = {}): KindSandbox {
  const secretKey = options.secretKey ?? 'sk_test_orderdesksandbox0000'
  const appId = options.appId ?? 'app_OrderDeskSandbox'
  const random = new Random(options.seed ?? 3)
  const now = options.now ?? Date.now()
  let maxPageSize = options.maxPageSize ?? 20
  let n = 0
  const orders: PingppOrder[] = []
  for (let i = 0; i < (options.orders ?? 300); i++) orders.push(makeOrder(random, ++n, recentInstant(random, now, 150)))
  const byId = (id: string): PingppOrder | undefined => orders.find((o) => o.id === id)
  const find = (id: string): PingppOrder => {
    const o = byId(id)
    if (!o) throw new Error(`no pingpp order ${id}`)
    return o
  }
  const listing = newestFirst(orders, (a, b) => b.created - a.created || (a.id < b.id ? 1 : -1))
  const error = (status: number, type: string, message: string, param?: string): SandboxResponse => ({
    status,
    body: { error: { type, message, code: type === 'invalid_request_error' ? 'invalid_request' : type, ...(param ? { param } : {}) } },
  })
  const pay = (o: PingppOrder, channel: string, at: number): void => {
    o.status = 'paid'
    o.amount_paid = o.amount - o.coupon_amount
    o.time_paid = Math.floor(at / 1000)
    o.channel = channel
    o.transaction_no = `4200${random.digits(24)}`
  }
  const refund = (o: PingppOrder, amount?: Fen): void => {
    const remaining = o.amount_paid - o.amount_refunded
    const value = amount ?? remaining
    o.amount_refunded += value
    if (o.amount_refunded >= o.amount_paid) o.status = 'refunded'
  }

  function authenticate(headers: IncomingHttpHeaders): boolean {
    const value = headers.authorization ?? ''
    const basic = /^Basic\s+(.+)$/i.exec(value)
    if (basic) return Buffer.from(basic[1], 'base64').toString('utf8') === `${secretKey}:`
    const bearer = /^Bearer\s+(.+)$/i.exec(value)
    return bearer !== null && bearer[1].trim() === secretKey
  }

  function signatureProblem(request: SandboxRequest): string | null {
    const signature = request.headers['pingplusplus-signature']
    const timestamp = request.headers['pingplusplus-request-timestamp']
    if (typeof signature !== 'string' || typeof timestamp !== 'string') {
      return options.requireSignature && (request.method === 'POST' || request.method === 'PUT') ? 'Request signature is required' : null
    }
    if (!options.publicKeyPem) return null
    const ok = crypto
      .createVerify('RSA-SHA256')
      .update(request.bodyText + request.uri + timestamp)
      .verify(options.publicKeyPem, signature, 'base64')
    return ok ? null : 'Signature verification failed'
  }

  function body(request: SandboxRequest): Record<string, unknown> | null {
    if (!request.bodyText) return {}
    try {
      const parsed = JSON.parse(request.bodyText) as unknown
      return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : null
    } catch {
      return null
    }
  }

  function list(request: SandboxRequest, injectBad: boolean): SandboxResponse {
    const q = request.query
    if (!q.get('app')) return error(400, 'invalid_request_error', 'Missing required param: app', 'app')
    if (q.get('app') !== appId) return error(400, 'invalid_request_error', `No such app: ${q.get('app')}`, 'app')
    const page = q.get('page') === null ? 1 : Number(q.get('page'))
    const perPage = q.get('per_page') === null ? 10 : Number(q.get('per_page'))
    if (!Number.isInteger(page) || page < 1 || page > 100_000_000) return error(400, 'invalid_request_error', 'Invalid page', 'page')
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > 20)
      return error(400, 'invalid_request_error', 'per_page must be between 1 and 20', 'per_page')
    let rows = listing.visible()
    const bool = (name: string): boolean | null => (q.get(name) === null ? null : q.get(name) === 'true' || q.get(name) === '1')
    const paid = bool('paid')
    if (paid !== null) rows = rows.filter((o) => o.amount_paid > 0 === paid)
    const refunded = bool('refunded')
    if (refunded !== null) rows = rows.filter((o) => o.amount_refunded > 0 === refunded)
    const canceled = bool('canceled')
    if (canceled !== null) rows = rows.filter((o) => (o.status === 'canceled') === canceled)
    if (q.get('uid')) rows = rows.filter((o) => o.uid === q.get('uid'))
    const bound = (name: string, test: (created: number, v: number) => boolean): void => {
      const v = q.get(`created[${name}]`)
      if (v !== null) rows = rows.filter((o) => test(o.created, Number(v)))
    }
    bound('gt', (c, v) => c > v)
    bound('gte', (c, v) => c >= v)
    bound('lt', (c, v) => c < v)
    bound('lte', (c, v) => c <= v)
    const size = Math.min(perPage, maxPageSize)
    const data: unknown[] = rows.slice((page - 1) * size, page * size).map((o) => render(o, appId))
    if (injectBad) data.push({ id: '2001709990000000000', object: 'order', created: 'yesterday', amount: 100, status: 'paid' })
    return { status: 200, body: { object: 'list', url: '/v1/orders', has_more: page * size < rows.length, data } }
  }

  return {
    kind: 'pingpp',
    prefix: '',
    credentials: () => ({ appId, secretKey }),
    handle(request, context) {
      if (!authenticate(request.headers)) return error(401, 'invalid_request_error', 'No valid API key provided')
      const problem = signatureProblem(request)
      if (problem) return error(401, 'invalid_request_error', problem)
      const m = /^\/v1\/orders(?:\/([^/]+)(?:\/(pay|order_refunds))?)?$/.exec(request.path)
      if (!m) return error(404, 'invalid_request_error', `Unrecognized request URL: ${request.method} ${request.path}`)
      const [, id, action] = m
      if (!id) {
        if (request.method === 'GET') return list(request, context.injectBadRecord)
        if (request.method !== 'POST') return error(405, 'invalid_request_error', 'Method not allowed')
        const b = body(request)
        if (!b) return error(400, 'invalid_request_error', 'Invalid JSON body')
        for (const param of ['app', 'merchant_order_no', 'amount', 'currency', 'client_ip', 'subject', 'body']) {
          if (b[param] === undefined || b[param] === '')
            return error(400, 'invalid_request_error', `Missing required param: ${param}`, param)
        }
        if (b.app !== appId) return error(400, 'invalid_request_error', `No such app: ${String(b.app)}`, 'app')
        if (!/^[A-Za-z0-9]{8,20}$/.test(String(b.merchant_order_no)))
          return error(400, 'invalid_request_error', 'merchant_order_no 应为 8-20 位字母或数字', 'merchant_order_no')
        if (orders.some((o) => o.merchant_order_no === b.merchant_order_no))
          return error(400, 'invalid_request_error', 'merchant_order_no 已存在', 'merchant_order_no')
        if (!Number.isInteger(b.amount) || (b.amount as number) <= 0)
          return error(400, 'invalid_request_error', 'amount 应为正整数(单位:分)', 'amount')
        if (b.currency !== 'cny') return error(400, 'invalid_request_error', 'currency 仅支持 cny', 'currency')
        const created = Date.now()
        const o: PingppOrder = {
          ...makeOrder(random, ++n, created),
          status: 'created',
          uid: typeof b.uid === 'string' ? b.uid : '',
          merchant_order_no: String(b.merchant_order_no),
          amount: b.amount as number,
          coupon_amount: 0,
          amount_paid: 0,
          amount_refunded: 0,
          subject: String(b.subject),
          body: String(b.body),
          client_ip: String(b.client_ip),
          time_paid: null,
          channel: null,
          transaction_no: null,
          time_expire: typeof b.time_expire === 'number' ? b.time_expire : Math.floor(created / 1000) + 86_400,
        }
        orders.push(o)
        return { status: 200, body: render(o, appId) }
      }
      const order = byId(decodeURIComponent(id))
      if (!order) return error(404, 'invalid_request_error', `No such order: ${id}`, 'id')
      if (!action && request.method === 'GET') return { status: 200, body: render(order, appId) }
      const b = body(request)
      if (!b) return error(400, 'invalid_request_error', 'Invalid JSON body')
      if (!action && request.method === 'PUT') {
        if (b.status !== 'canceled') return error(400, 'invalid_request_error', 'status 只能为 canceled', 'status')
        if (b.user !== undefined && b.user !== order.uid) return error(400, 'invalid_request_error', 'user 与订单的 uid 不一致', 'user')
        if (order.status !== 'created')
          return error(400, 'invalid_request_error', `订单状态为 ${order.status},只有未支付的订单可以取消`, 'status')
        order.status = 'canceled'
        return { status: 200, body: render(order, appId) }
      }
      if (action === 'pay' && request.method === 'POST') {
        if (order.status !== 'created') return error(400, 'invalid_request_error', '订单已支付或已取消', 'id')
        pay(order, typeof b.channel === 'string' ? b.channel : 'alipay_qr', Date.now())
        return { status: 200, body: render(order, appId) }
      }
      if (action === 'order_refunds' && request.method === 'POST') {
        if (order.amount_paid === 0 || order.status === 'refunded')
          return error(400, 'invalid_request_error', '订单未支付或已全额退款', 'id')
        const remaining = order.amount_paid - order.amount_refunded
        const amount = b.refund_amount ?? b.amount
        if (amount !== undefined && (!Number.isInteger(amount) || (amount as number) <= 0 || (amount as number) > remaining)) {
          return error(400, 'invalid_request_error', '退款金额无效', 'refund_amount')
        }
        refund(order, amount as number | undefined)
        return {
          status: 200,
          body: {
            object: 'list',
            url: `/v1/orders/${order.id}/order_refunds`,
            has_more: false,
            data: [
              {
                id: `re_${random.hex(24)}`,
                object: 'refund',
                order_no: order.merchant_order_no,
                amount: amount ?? remaining,
                succeed: true,
                status: 'succeeded',
                charge: order.charge_id,
              },
            ],
          },
        }
      }
      return error(405, 'invalid_request_error', 'Method not allowed')
    },
    truth(): SandboxTruth[] {
      return listing.visible().map((o) => {
        let status: OrderStatus = o.status === 'created' ? 'pending' : o.status
        if (o.status === 'paid' && o.amount_refunded > 0 && o.amount_refunded < o.amount_paid) status = 'partially_refunded'
        return {
          remote_id: o.id,
          status,
          currency: 'CNY',
          total: o.amount,
          due: o.amount - o.coupon_amount,
          paid: o.amount_paid,
          refunded: o.amount_refunded,
          created_at: o.created * 1000,
          paid_at: o.time_paid === null ? null : o.time_paid * 1000,
        }
      })
    },
    addOrders(count, at = Date.now()) {
      return Array.from({ length: count }, () => {
        const o = makeOrder(random, ++n, at)
        orders.push(o)
        return o.id
      })
    },
    pay(id, at = Date.now()) {
      const o = find(id)
      if (o.status !== 'created') throw new Error(`pingpp order ${id} is not pending`)
      pay(o, 'alipay_qr', at)
    },
    refund(id, amount) {
      const o = find(id)
      if (o.amount_paid === 0 || o.status === 'refunded') throw new Error(`pingpp order ${id} is not refundable`)
      refund(o, amount)
    },
    cancel(id) {
      const o = find(id)
      if (o.status !== 'created') throw new Error(`pingpp order ${id} is not pending`)
      o.status = 'canceled'
    },
    hide(id) {
      find(id).hidden = true
      listing.hidden()
    },
    setMaxPageSize(size) {
      maxPageSize = size
    },
  }
}
