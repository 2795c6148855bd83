import crypto from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import type { Fen, OrderStatus } from '../../orders/order'
import { generateRecords, jsonObject, sandboxBase } from '../base'
import { chineseName, type Random } from '../random'
import { bearerToken, type SandboxRequest, type SandboxResponse } from '../server'
import type { KindSandbox, SandboxOptions } from '../types'

/** A refund of one charge (Ping++'s `refund` object), made by an order refund. */
interface PingppChargeRefund {
  id: string
  created: number
  amount: Fen
  description: string
  transaction_no: string
  funding_source: string | null
  metadata: Record<string, unknown>
}

/** One payment attempt of an order (Ping++'s `charge` object): `pay` opens it, the buyer pays it. */
interface PingppCharge {
  id: string
  created: number
  channel: string
  /** The charge's own order number; the merchant order number unless `pay` named another. */
  order_no: string
  amount: Fen
  time_paid: number | null
  time_expire: number
  transaction_no: string | null
  refunds: PingppChargeRefund[]
}

/** Ping++'s `order_refund` object (pingpp-go's OrderRefund): what `POST …/order_refunds` answers with. */
interface PingppOrderRefund {
  id: string
  created: number
  charge: string
  charge_amount: Fen
  charge_refund: string
  description: string
  metadata: Record<string, unknown> | null
  refund_mode: string
}

interface PingppOrder {
  id: string
  created: number // Unix seconds
  status: 'created' | 'paid' | 'refunded' | 'canceled'
  /** While created, the status reads `0`, as on seed 002's samples of orders without a charge. */
  numericCreated: boolean
  uid: string | null
  receipt_app: string
  service_app: string
  merchant_order_no: string
  amount: Fen
  coupon_amount: Fen
  coupon: string | null
  amount_paid: Fen
  amount_refunded: Fen
  subject: string
  body: string
  client_ip: string
  time_paid: number | null
  time_expire: number
  description: string | null
  metadata: Record<string, unknown> | null
  charges: PingppCharge[]
  refunds: PingppOrderRefund[]
  hidden: boolean
  /** A corrupt row the backend holds and lists: it takes its slot in every page. */
  broken?: boolean
}

const SUBJECTS = ['年度会员', '精选好课', '咖啡豆 500g', '云服务器续费', '线下活动门票', '打印服务', '茶叶礼盒', '数据线']
const CHANNELS = ['alipay_qr', 'wx_pub_qr', 'alipay_pc_direct', 'wx_lite', 'upacp_pc']
/** Channels `pay` accepts: the ones Ping++'s server SDKs carry extra parameters for, and alipay_qr (seed 002). */
const KNOWN_CHANNELS: ReadonlySet<string> = new Set([
  ...CHANNELS,
  'alipay',
  'alipay_wap',
  'alipay_scan',
  'alipay_lite',
  'applepay_upacp',
  'bfb_wap',
  'cb_alipay',
  'cb_wx',
  'cb_wx_pub',
  'cb_wx_pub_qr',
  'cb_wx_pub_scan',
  'cmb_wallet',
  'isv_qr',
  'isv_scan',
  'isv_wap',
  'jdpay_wap',
  'qpay',
  'upacp',
  'upacp_wap',
  'wx',
  'wx_pub',
  'wx_pub_scan',
  'wx_wap',
  'yeepay_wap',
])

const pad2 = (n: number): string => String(n).padStart(2, '0')

/** yymmdd and hhmmss in China time, as Ping++'s numbered ids carry them. */
function chinaClock(seconds: number): { ymd: string; hms: string } {
  const d = new Date((seconds + 8 * 3600) * 1000)
  return {
    ymd: `${String(d.getUTCFullYear()).slice(2)}${pad2(d.getUTCMonth() + 1)}${pad2(d.getUTCDate())}`,
    hms: `${pad2(d.getUTCHours())}${pad2(d.getUTCMinutes())}${pad2(d.getUTCSeconds())}`,
  }
}

/**
 * 19 digits: a prefix, yymmdd, nine digits of a running number and a final 1, like every
 * documented order id (2001708140000017551). Orders take `200`; order refunds `210`, as
 * pingpp-go's example pairs order 2011609290000001291 with refund 2111609290000001601.
 */
function numberedId(prefix: '200' | '210', seconds: number, n: number): string {
  return `${prefix}${chinaClock(seconds).ymd}${String(n).padStart(9, '0')}1`
}

function sum<T>(items: readonly T[], value: (item: T) => number): number {
  let total = 0
  for (const item of items) total += value(item)
  return total
}

function renderChargeRefund(r: PingppChargeRefund, c: PingppCharge): Record<string, unknown> {
  return {
    id: r.id,
    object: 'refund',
    order_no: r.id.slice(3),
    amount: r.amount,
    created: r.created,
    succeed: true,
    status: 'succeeded',
    time_succeed: r.created,
    description: r.description,
    failure_code: null,
    failure_msg: null,
    metadata: r.metadata,
    charge: c.id,
    charge_order_no: c.order_no,
    transaction_no: r.transaction_no,
    funding_source: r.funding_source,
    extra: {},
  }
}

function renderCharge(c: PingppCharge, o: PingppOrder): Record<string, unknown> {
  return {
    id: c.id,
    object: 'charge',
    created: c.created,
    livemode: false,
    paid: c.time_paid !== null,
    refunded: c.refunds.length > 0,
    reversed: false,
    app: o.receipt_app,
    channel: c.channel,
    order_no: c.order_no,
    client_ip: o.client_ip,
    amount: c.amount,
    amount_settle: c.amount,
    currency: 'cny',
    subject: o.subject,
    body: o.body,
    extra: {},
    time_paid: c.time_paid,
    time_expire: c.time_expire,
    time_settle: null,
    transaction_no: c.transaction_no,
    // Seed 002 shows `refunds: null` on a charge that has none.
    refunds:
      c.refunds.length === 0
        ? null
        : {
            object: 'list',
            url: `/v1/charges/${c.id}/refunds`,
            has_more: false,
            data: [...c.refunds].reverse().map((r) => renderChargeRefund(r, c)),
          },
    amount_refunded: sum(c.refunds, (r) => r.amount),
    failure_code: null,
    failure_msg: null,
    metadata: {},
    // Test mode's credential as seed 002 shows it: a mock payment page, never opened here.
    credential: { object: 'credential', [c.channel]: `http://sissi.pingxx.com/mock.php?ch_id=${c.id}&channel=${c.channel}` },
    description: null,
  }
}

function renderOrderRefund(r: PingppOrderRefund, o: PingppOrder, app: string): Record<string, unknown> {
  return {
    id: r.id,
    object: 'order_refund',
    order: o.id,
    app,
    uid: o.uid,
    merchant_order_no: o.merchant_order_no,
    coupon: null,
    amount: r.charge_amount,
    coupon_amount: 0,
    balance_amount: 0,
    charge_amount: r.charge_amount,
    balance_transaction: null,
    charge_refund: r.charge_refund,
    created: r.created,
    status: 'succeeded',
    time_succeed: r.created,
    description: r.description,
    metadata: r.metadata,
    extra: {},
    refund_mode: r.refund_mode,
  }
}

function render(o: PingppOrder, app: string): Record<string, unknown> {
  if (o.broken) return { id: o.id, object: 'order', created: 'yesterday', amount: 100, status: 'paid', app }
  return {
    id: o.id,
    object: 'order',
    created: o.created,
    livemode: false,
    paid: o.amount_paid > 0,
    refunded: o.refunds.length > 0,
    status: o.status === 'created' && o.numericCreated ? 0 : o.status,
    app,
    uid: o.uid,
    available_balance: 0,
    merchant_order_no: o.merchant_order_no,
    amount: o.amount,
    actual_amount: o.amount - o.coupon_amount,
    amount_refunded: o.amount_refunded,
    amount_paid: o.amount_paid,
    coupon_amount: o.coupon_amount,
    currency: 'cny',
    subject: o.subject,
    body: o.body,
    client_ip: o.client_ip,
    time_paid: o.time_paid,
    time_expire: o.time_expire,
    coupon: o.coupon,
    description: o.description,
    metadata: o.metadata,
    charge_essentials: {},
    receipt_app: o.receipt_app,
    service_app: o.service_app,
    available_methods: [],
    charges: { object: 'list', url: '/v1/charges', has_more: false, data: [...o.charges].reverse().map((c) => renderCharge(c, o)) },
  }
}

/** The sub-apps of an app: an order may be collected by one (`receipt_app`) and served by one (`service_app`). */
function subAppsOf(app: string): string[] {
  return [`${app}Sub01`, `${app}Sub02`]
}

function newCharge(random: Random, o: PingppOrder, channel: string, amount: Fen, at: number): PingppCharge {
  return {
    id: `ch_${random.alnum(24)}`,
    created: at,
    channel,
    order_no: o.merchant_order_no,
    amount,
    time_paid: null,
    time_expire: o.time_expire,
    transaction_no: null,
    refunds: [],
  }
}

/** The buyer paid the charge: the order counts the money and is paid once it has it all. */
function payCharge(random: Random, o: PingppOrder, c: PingppCharge, at: number): void {
  c.time_paid = at
  c.transaction_no = `4200${random.digits(24)}`
  o.amount_paid += c.amount
  if (o.amount_paid >= o.amount - o.coupon_amount) {
    o.status = 'paid'
    o.time_paid = at
  }
}

/** Refunds part of a paid charge: a charge refund on the charge, and the order refund that made it. */
function refundCharge(
  random: Random,
  o: PingppOrder,
  c: PingppCharge,
  amount: Fen,
  at: number,
  n: number,
  request: { description: string; metadata?: Record<string, unknown> | null; refund_mode?: string; funding_source?: string | null },
): PingppOrderRefund {
  const chargeRefund: PingppChargeRefund = {
    id: `re_${random.alnum(24)}`,
    created: at,
    amount,
    description: request.description,
    transaction_no: `5030${random.digits(24)}`,
    funding_source: request.funding_source ?? null,
    metadata: request.metadata ?? {},
  }
  c.refunds.push(chargeRefund)
  const orderRefund: PingppOrderRefund = {
    id: numberedId('210', at, n),
    created: at,
    charge: c.id,
    charge_amount: amount,
    charge_refund: chargeRefund.id,
    description: request.description,
    metadata: request.metadata ?? null,
    refund_mode: request.refund_mode ?? 'to_source',
  }
  o.refunds.push(orderRefund)
  o.amount_refunded += amount
  if (o.amount_refunded >= o.amount_paid) o.status = 'refunded'
  return orderRefund
}

const refundableOf = (c: PingppCharge): Fen => (c.time_paid === null ? 0 : c.amount - sum(c.refunds, (r) => r.amount))

/** An order created at `createdMs`; what happened to it since (a charge, a payment, a refund) happened by `nowMs`. */
function makeOrder(random: Random, n: number, createdMs: number, app: string, nowMs: number): PingppOrder {
  const created = Math.floor(createdMs / 1000)
  const by = (at: number): number => Math.min(at, Math.max(Math.floor(nowMs / 1000), created))
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
  const [sub1, sub2] = subAppsOf(app)
  const clock = chinaClock(created)
  const o: PingppOrder = {
    id: numberedId('200', created, n),
    created,
    status: 'created',
    numericCreated: false,
    uid: random.chance(0.9) ? `user_${random.digits(5)}` : null,
    receipt_app: random.weighted([
      [app, 7],
      [sub1, 2],
      [sub2, 1],
    ] as const),
    service_app: random.weighted([
      [app, 7],
      [sub1, 1],
      [sub2, 2],
    ] as const),
    merchant_order_no: `${new Date(createdMs).toISOString().slice(0, 10).replace(/-/g, '')}${String(n).padStart(8, '0')}`,
    amount,
    coupon_amount: coupon,
    coupon: coupon > 0 ? `3003${clock.ymd}${clock.hms}${String(n).padStart(8, '0')}` : null,
    amount_paid: 0,
    amount_refunded: 0,
    subject: random.pick(SUBJECTS),
    body: `${chineseName(random)}的订单`,
    client_ip: `192.168.${random.int(0, 255)}.${random.int(1, 254)}`,
    time_paid: null,
    time_expire: created + 86_400,
    description: null,
    metadata: null,
    charges: [],
    refunds: [],
    hidden: false,
  }
  const actual = amount - coupon
  const opened = by(created + random.int(5, 600))
  if (status === 'paid' || status === 'refunded' || status === 'partial') {
    const charge = newCharge(random, o, random.pick(CHANNELS), actual, opened)
    o.charges.push(charge)
    payCharge(random, o, charge, by(opened + random.int(5, 3000)))
    if (status !== 'paid') {
      const value = status === 'refunded' ? actual : Math.max(1, Math.floor(actual / 3))
      refundCharge(random, o, charge, value, by(charge.time_paid! + random.int(60, 86_400)), n, { description: '用户申请退款' })
      if (status === 'partial') o.status = 'paid'
    }
  } else {
    // Some buyers chose a channel (pay opened a charge) and never paid, as on seed 002's canceled sample.
    if (random.chance(0.35)) o.charges.push(newCharge(random, o, random.pick(CHANNELS), actual, opened))
    if (status === 'canceled') o.status = 'canceled'
    else o.numericCreated = o.charges.length === 0 && random.chance(0.5)
  }
  return o
}

export function generatePingppRecords(random: Random, now: number, count: number, startIndex = 0): unknown[] {
  const app = 'app_bench'
  return generateRecords<PingppOrder>(
    (r, n, createdAt, at) => makeOrder(r, n, createdAt, app, at),
    (o) => render(o, app),
    random,
    now,
    count,
    startIndex,
  )
}

export interface PingppKeyPair {
  publicKeyPem: string
  privateKeyPem: string
}

let processKeyPair: PingppKeyPair | null = null

/** One merchant key pair per process: a pair of its own for every sandbox would only slow down starting many. */
function defaultKeyPair(): PingppKeyPair {
  if (!processKeyPair) {
    const { publicKey, privateKey } = crypto.generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    })
    processKeyPair = { publicKeyPem: publicKey, privateKeyPem: privateKey }
  }
  return processKeyPair
}

export interface PingppSandboxOptions extends SandboxOptions {
  secretKey?: string
  appId?: string
  /**
   * The merchant's RSA key pair: every signature sent is verified with the public key, and
   * credentials() hand out the private one so that every source configured here signs.
   * Default: a pair generated for this process.
   */
  keyPair?: PingppKeyPair
  /**
   * POST and PUT must be signed, as when the merchant has switched signing on (default
   * true). False lets unsigned writes through; a signature that is sent is still verified.
   */
  requireSignature?: boolean
}

/**
 * Ping++ orders (seed 002, pingpp-notes.md, and the official server SDKs) as a simulator:
 * the secret key by HTTP Basic or Bearer, request signatures verified (and required on
 * writes), page/per_page 1..20 with has_more, newest first, the list's filters, create,
 * cancel, pay (a charge the buyer then pays), order refunds of a charge's amount, the
 * order's refunds and charges, and Ping++'s error objects and statuses.
 */
export function createPingppSandbox(options: PingppSandboxOptions = {}): KindSandbox {
  const secretKey = options.secretKey ?? 'sk_test_orderdesksandbox0000'
  const appId = options.appId ?? 'app_OrderDeskSandbox'
  const apps = new Set([appId, ...subAppsOf(appId)])
  const keyPair = options.keyPair ?? defaultKeyPair()
  const publicKey = crypto.createPublicKey(keyPair.publicKeyPem)
  const requireSignature = options.requireSignature ?? true
  const base = sandboxBase(
    // Ping++ documents newest first, so it lists that way whatever a test asks.
    { ...options, listOrder: 'newest-first' },
    {
      kind: 'pingpp',
      seed: 3,
      maxPageSize: 20,
      make: (r, n, createdAt, at) => makeOrder(r, n, createdAt, appId, at),
      createdOf: (o) => o.created,
      truthOf: (o) => {
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
      },
    },
  )
  const { random, orders, listing, byId, find, nextNumber } = base
  const error = (status: number, type: string, message: string, param?: string): SandboxResponse => ({
    status,
    body: { error: { type, message, code: type === 'invalid_request_error' ? 'invalid_request' : type, ...(param ? { param } : {}) } },
  })
  const invalid = (message: string, param?: string): SandboxResponse => error(400, 'invalid_request_error', message, param)
  const seconds = (ms: number): number => Math.floor(ms / 1000)

  /** The buyer pays the order's open charge, or one for what is still due when pay opened none. */
  const buyerPays = (o: PingppOrder, at: number): void => {
    const due = o.amount - o.coupon_amount - o.amount_paid
    let charge = [...o.charges].reverse().find((c) => c.time_paid === null && c.amount === due)
    if (!charge) {
      charge = newCharge(random, o, 'alipay_qr', due, at)
      o.charges.push(charge)
    }
    payCharge(random, o, charge, at)
  }

  function authenticate(headers: IncomingHttpHeaders): boolean {
    const basic = /^Basic\s+(.+)$/i.exec(headers.authorization ?? '')
    if (basic) return Buffer.from(basic[1], 'base64').toString('utf8') === `${secretKey}:`
    return bearerToken(headers) === secretKey
  }

  function signatureProblem(request: SandboxRequest): string | null {
    const signature = request.headers['pingplusplus-signature']
    const timestamp = request.headers['pingplusplus-request-timestamp']
    if (typeof signature !== 'string' || typeof timestamp !== 'string') {
      return requireSignature && (request.method === 'POST' || request.method === 'PUT') ? 'Request signature is required' : null
    }
    const ok = crypto
      .createVerify('RSA-SHA256')
      .update(request.bodyText + request.uri + timestamp)
      .verify(publicKey, signature, 'base64')
    return ok ? null : 'Signature verification failed'
  }

  /** `page` and `per_page` as every Ping++ list reads them; an error reply when out of range. */
  function paging(q: URLSearchParams): { page: number; perPage: number } | SandboxResponse {
    const page = q.get('page') === null ? 1 : Number(q.get('page'))
    const perPage = q.get('per_page') === null ? 10 : Number(q.get('per_page'))
    if (!Number.isInteger(page) || page < 1 || page > 100_000_000) return invalid('Invalid page', 'page')
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > 20) return invalid('per_page must be between 1 and 20', 'per_page')
    return { page, perPage }
  }

  /** A page of a list object, newest first. */
  function listReply<T>(rows: readonly T[], url: string, q: URLSearchParams, draw: (row: T) => unknown, cap = 20): SandboxResponse {
    const p = paging(q)
    if ('status' in p) return p
    const size = Math.min(p.perPage, cap)
    const data = rows.slice((p.page - 1) * size, p.page * size).map(draw)
    return { status: 200, body: { object: 'list', url, has_more: p.page * size < rows.length, data } }
  }

  function list(request: SandboxRequest, injectBad: boolean): SandboxResponse {
    const q = request.query
    if (!q.get('app')) return invalid('Missing required param: app', 'app')
    if (q.get('app') !== appId) return invalid(`No such app: ${q.get('app')}`, 'app')
    let rows = listing.visible()
    const bool = (name: string): boolean | null => (q.get(name) === null ? null : q.get(name) === 'true' || q.get(name) === '1')
    const paid = bool('paid')
    if (paid !== null) rows = rows.filter((o) => o.amount_paid > 0 === paid)
    const refunded = bool('refunded')
    if (refunded !== null) rows = rows.filter((o) => o.refunds.length > 0 === refunded)
    const canceled = bool('canceled')
    if (canceled !== null) rows = rows.filter((o) => (o.status === 'canceled') === canceled)
    for (const name of ['uid', 'receipt_app', 'service_app'] as const) {
      const wanted = q.get(name)
      if (wanted) rows = rows.filter((o) => o[name] === wanted)
    }
    const bound = (name: string, test: (created: number, v: number) => boolean): void => {
      const v = q.get(`created[${name}]`)
      if (v !== null) rows = rows.filter((o) => test(o.created, Number(v)))
    }
    bound('gt', (c, v) => c > v)
    bound('gte', (c, v) => c >= v)
    bound('lt', (c, v) => c < v)
    bound('lte', (c, v) => c <= v)
    const reply = listReply(rows, '/v1/orders', q, (o) => render(o, appId), base.maxPageSize())
    const first = (reply.body as { data?: Array<{ id?: unknown }> }).data?.[0]
    const beside = injectBad && reply.status === 200 ? rows.find((o) => o.id === first?.id) : undefined
    if (beside) {
      // An id of the documented form no real order has (its year 9x), listed just before the row it copies.
      base.keepBroken(beside, `2009${beside.id.slice(4)}`)
      return list(request, false)
    }
    return reply
  }

  function create(request: SandboxRequest): SandboxResponse {
    const b = jsonObject(request.bodyText)
    if (!b) return invalid('Invalid JSON body')
    for (const param of ['app', 'merchant_order_no', 'amount', 'currency', 'client_ip', 'subject', 'body']) {
      if (b[param] === undefined || b[param] === '') return invalid(`Missing required param: ${param}`, param)
    }
    if (b.app !== appId) return invalid(`No such app: ${String(b.app)}`, 'app')
    for (const param of ['receipt_app', 'service_app']) {
      if (b[param] !== undefined && !apps.has(String(b[param]))) return invalid(`No such app: ${String(b[param])}`, param)
    }
    if (!/^[A-Za-z0-9]{8,20}$/.test(String(b.merchant_order_no)))
      return invalid('merchant_order_no 应为 8-20 位字母或数字', 'merchant_order_no')
    if (orders.some((o) => o.merchant_order_no === b.merchant_order_no)) return invalid('merchant_order_no 已存在', 'merchant_order_no')
    if (!Number.isInteger(b.amount) || (b.amount as number) <= 0) return invalid('amount 应为正整数(单位:分)', 'amount')
    if (b.currency !== 'cny') return invalid('currency 仅支持 cny', 'currency')
    const createdMs = Date.now()
    const created = seconds(createdMs)
    const o: PingppOrder = {
      ...makeOrder(random, nextNumber(), createdMs, appId, createdMs),
      status: 'created',
      numericCreated: false,
      uid: typeof b.uid === 'string' && b.uid !== '' ? b.uid : null,
      receipt_app: typeof b.receipt_app === 'string' ? b.receipt_app : appId,
      service_app: typeof b.service_app === 'string' ? b.service_app : appId,
      merchant_order_no: String(b.merchant_order_no),
      amount: b.amount as number,
      coupon_amount: 0,
      coupon: null,
      amount_paid: 0,
      amount_refunded: 0,
      subject: String(b.subject),
      body: String(b.body),
      client_ip: String(b.client_ip),
      time_paid: null,
      time_expire: typeof b.time_expire === 'number' ? b.time_expire : created + 86_400,
      description: typeof b.description === 'string' ? b.description : null,
      metadata: typeof b.metadata === 'object' && b.metadata !== null ? (b.metadata as Record<string, unknown>) : null,
      charges: [],
      refunds: [],
    }
    orders.push(o)
    return { status: 200, body: render(o, appId) }
  }

  /** `POST /v1/orders/{id}/pay`: opens a charge on the channel for what is due; the buyer pays it later. */
  function pay(order: PingppOrder, b: Record<string, unknown>): SandboxResponse {
    if (order.status !== 'created') return invalid('订单已支付或已取消', 'id')
    const due = order.amount - order.coupon_amount - order.amount_paid
    if (b.balance_amount !== undefined && b.balance_amount !== 0) return invalid('用户余额不足', 'balance_amount')
    if (b.charge_amount === undefined) return invalid('Missing required param: charge_amount', 'charge_amount')
    if (!Number.isInteger(b.charge_amount) || b.charge_amount !== due)
      return invalid(`charge_amount 应等于应付金额 ${due}`, 'charge_amount')
    if (b.channel === undefined || b.channel === '') return invalid('Missing required param: channel', 'channel')
    if (typeof b.channel !== 'string' || !KNOWN_CHANNELS.has(b.channel)) return invalid(`不支持的支付渠道: ${String(b.channel)}`, 'channel')
    if (b.time_expire !== undefined && !Number.isInteger(b.time_expire)) return invalid('time_expire 应为 Unix 时间戳', 'time_expire')
    if (b.charge_order_no !== undefined && !/^[A-Za-z0-9]{8,20}$/.test(String(b.charge_order_no)))
      return invalid('charge_order_no 应为 8-20 位字母或数字', 'charge_order_no')
    const charge = newCharge(random, order, b.channel, due, seconds(Date.now()))
    if (typeof b.time_expire === 'number') charge.time_expire = b.time_expire
    if (typeof b.charge_order_no === 'string') charge.order_no = b.charge_order_no
    order.charges.push(charge)
    return { status: 200, body: render(order, appId) }
  }

  /** `POST /v1/orders/{id}/order_refunds`: refunds `charge_amount` (default: all that is left) of a paid charge. */
  function refund(order: PingppOrder, b: Record<string, unknown>): SandboxResponse {
    const paidCharges = order.charges.filter((c) => refundableOf(c) > 0)
    if (paidCharges.length === 0) return invalid('订单未支付或已全额退款', 'id')
    if (typeof b.description !== 'string' || b.description === '') return invalid('Missing required param: description', 'description')
    let charge = paidCharges[0]
    if (b.charge !== undefined) {
      const named = order.charges.find((c) => c.id === b.charge)
      if (!named) return invalid(`No such charge: ${String(b.charge)}`, 'charge')
      if (refundableOf(named) === 0) return invalid('该 charge 未支付或已全额退款', 'charge')
      charge = named
    }
    const refundable = refundableOf(charge)
    const amount = b.charge_amount ?? refundable
    if (!Number.isInteger(amount) || (amount as number) <= 0) return invalid('charge_amount 应为正整数(单位:分)', 'charge_amount')
    if ((amount as number) > refundable) return invalid(`charge_amount 超过可退金额 ${refundable}`, 'charge_amount')
    if (b.refund_mode !== undefined && b.refund_mode !== 'to_source' && b.refund_mode !== 'to_balance')
      return invalid(`refund_mode 无效: ${String(b.refund_mode)}`, 'refund_mode')
    const made = refundCharge(random, order, charge, amount as number, seconds(Date.now()), nextNumber(), {
      description: b.description,
      metadata: typeof b.metadata === 'object' && b.metadata !== null ? (b.metadata as Record<string, unknown>) : null,
      refund_mode: typeof b.refund_mode === 'string' ? b.refund_mode : undefined,
      funding_source: typeof b.funding_source === 'string' ? b.funding_source : null,
    })
    return {
      status: 200,
      body: { object: 'list', url: `/v1/orders/${order.id}/order_refunds`, has_more: false, data: [renderOrderRefund(made, order, appId)] },
    }
  }

  function decoded(segment: string): string | null {
    try {
      return decodeURIComponent(segment)
    } catch {
      return null
    }
  }

  return {
    ...base.controls,
    prefix: '',
    credentials: () => ({ appId, secretKey, privateKeyPem: keyPair.privateKeyPem }),
    errorBody: (status, message) =>
      error(status, status === 402 ? 'channel_error' : status >= 500 ? 'api_error' : 'invalid_request_error', message).body,
    handle(request, context) {
      if (!authenticate(request.headers)) return error(401, 'invalid_request_error', 'No valid API key provided')
      const problem = signatureProblem(request)
      if (problem) return error(401, 'invalid_request_error', problem)
      const m = /^\/v1\/orders(?:\/([^/]+)(?:\/(pay|order_refunds|charges)(?:\/([^/]+))?)?)?$/.exec(request.path)
      const notFound = error(404, 'invalid_request_error', `Unrecognized request URL: ${request.method} ${request.path}`)
      if (!m) return notFound
      const [, rawId, action, rawSub] = m
      const method = request.method
      if (!rawId) {
        if (method === 'GET') return list(request, context.injectBadRecord)
        if (method === 'POST') return create(request)
        return error(405, 'invalid_request_error', 'Method not allowed')
      }
      const id = decoded(rawId)
      const order = id === null ? undefined : byId(id)
      if (!order) return error(404, 'invalid_request_error', `No such order: ${id ?? rawId}`, 'id')
      const sub = rawSub === undefined ? undefined : decoded(rawSub)

      if (action === 'charges' && method === 'GET') {
        const charges = [...order.charges].reverse()
        if (sub === undefined) return listReply(charges, `/v1/orders/${order.id}/charges`, request.query, (c) => renderCharge(c, order))
        const charge = charges.find((c) => c.id === sub)
        return charge
          ? { status: 200, body: renderCharge(charge, order) }
          : error(404, 'invalid_request_error', `No such charge: ${sub ?? rawSub}`, 'id')
      }
      if (action === 'order_refunds' && method === 'GET') {
        const refunds = [...order.refunds].reverse()
        if (sub === undefined)
          return listReply(refunds, `/v1/orders/${order.id}/order_refunds`, request.query, (r) => renderOrderRefund(r, order, appId))
        // By its own id, or by its charge refund's (pingpp-java's example looks one up by a re_ id).
        const found = refunds.find((r) => r.id === sub || r.charge_refund === sub)
        return found
          ? { status: 200, body: renderOrderRefund(found, order, appId) }
          : error(404, 'invalid_request_error', `No such order_refund: ${sub ?? rawSub}`, 'id')
      }
      const notAllowed = error(405, 'invalid_request_error', 'Method not allowed')
      if (sub !== undefined) return action === 'pay' ? notFound : notAllowed
      if (action === 'charges') return notAllowed
      if (!action && method === 'GET') return { status: 200, body: render(order, appId) }
      if (method !== 'POST' && method !== 'PUT') return notAllowed
      const b = jsonObject(request.bodyText)
      if (!b) return invalid('Invalid JSON body')
      if (!action && method === 'PUT') {
        if (b.status !== 'canceled') return invalid('status 只能为 canceled', 'status')
        if (b.user !== undefined && b.user !== order.uid) return invalid('user 与订单的 uid 不一致', 'user')
        if (order.status !== 'created') return invalid(`订单状态为 ${order.status},只有未支付的订单可以取消`, 'status')
        order.status = 'canceled'
        return { status: 200, body: render(order, appId) }
      }
      if (action === 'pay' && method === 'POST') return pay(order, b)
      if (action === 'order_refunds' && method === 'POST') return refund(order, b)
      return notAllowed
    },
    pay(id, at = Date.now()) {
      const o = find(id)
      if (o.status !== 'created') throw new Error(`pingpp order ${id} is not pending`)
      buyerPays(o, seconds(at))
    },
    refund(id, amount) {
      const o = find(id)
      const charge = o.charges.find((c) => refundableOf(c) > 0)
      if (!charge) throw new Error(`pingpp order ${id} is not refundable`)
      const value = amount ?? refundableOf(charge)
      if (value <= 0 || value > refundableOf(charge)) throw new Error(`pingpp order ${id} cannot refund ${value}`)
      refundCharge(random, o, charge, value, seconds(Date.now()), nextNumber(), { description: '用户申请退款' })
    },
    cancel(id) {
      const o = find(id)
      if (o.status !== 'created') throw new Error(`pingpp order ${id} is not pending`)
      o.status = 'canceled'
    },
  }
}
