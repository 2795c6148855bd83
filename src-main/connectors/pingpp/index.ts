import crypto from 'node:crypto'
import type { NormalizedOrder, OrderStatus } from '../../orders/order'
import type { SourceConfigOf } from '../../sources/config'
import { ConnectorError } from '../errors'
import type { FormField } from '../../../src-preload/shared/form-field'
import { errorForStatus, HttpClient, retryAfterMs, type HttpReply, type HttpRequest } from '../http'
import { parseFenInteger } from '../../../src-preload/shared/money'
import { decodeCursor, encodeCursor, field, isObject, normalizePage, requiredId, text } from '../normalize'
import { localAddressToward } from '../../shared/local-address'
import { noop } from '../../shared/noop'
import { parseUnixSeconds } from '../time'
import type { Connector, ConnectorFactory, ListPage, ListRequest, PagesRequest } from '../types'

/** Ping++'s documented maximum `per_page`. */
export const PINGPP_MAX_PER_PAGE = 20

export const pingppCreateForm: readonly FormField[] = [
  {
    key: 'merchant_order_no',
    type: 'string',
    required: true,
    generate: 'merchant_order_no',
    pattern: {
      regex: '^[A-Za-z0-9]{8,20}$',
      message: { zh: '8–20 位字母或数字，商户内唯一', en: '8–20 letters or digits, unique per merchant' },
    },
    label: { zh: '商户订单号', en: 'Merchant order no.' },
    help: {
      zh: '已自动生成，可改成店里自己的单号（8–20 位字母或数字，不能与已有订单重复）',
      en: 'Made for you; you may use the shop’s own number instead (8–20 letters or digits, not used before)',
    },
  },
  // Staff type yuan; Ping++ takes integer fen, which the form hands over (formSchema).
  { key: 'amount', type: 'money', required: true, min: 1, label: { zh: '金额（元）', en: 'Amount (yuan)' } },
  {
    key: 'subject',
    type: 'string',
    required: true,
    maxLength: 32,
    fromOrders: 'product_name',
    label: { zh: '商品标题', en: 'Subject' },
  },
  { key: 'body', type: 'string', required: true, maxLength: 128, label: { zh: '商品描述', en: 'Body' } },
  {
    key: 'client_ip',
    type: 'string',
    required: false,
    pattern: { regex: '^[0-9a-fA-F.:]+$', message: { zh: '应为 IP 地址', en: 'must be an IP address' } },
    label: { zh: '付款设备 IP', en: 'Payer’s device IP' },
    help: {
      zh: '付款人所用设备的网络地址；不知道可留空，提交时填本机的地址',
      en: 'The address of the device the buyer pays on; leave empty to send this computer’s address',
    },
  },
  { key: 'uid', type: 'string', required: false, maxLength: 64, label: { zh: '用户 ID', en: 'User ID' } },
  { key: 'description', type: 'string', required: false, maxLength: 255, label: { zh: '备注', en: 'Description' } },
]

/**
 * The pingpp row of src-main/orders/README.md § Status. Ping++'s documented samples send a
 * numeric `0` on orders that are unpaid, unrefunded and have no charge, the created state; so
 * 0 is pending unless money says otherwise.
 */
function pingppStatus(remote: string, amountPaid: number, amountRefunded: number): OrderStatus {
  switch (remote) {
    case 'created':
      return 'pending'
    case '0':
      return amountPaid === 0 && amountRefunded === 0 ? 'pending' : 'unknown'
    case 'paid':
      return amountRefunded > 0 && amountRefunded < amountPaid ? 'partially_refunded' : 'paid'
    case 'refunded':
      return 'refunded'
    case 'canceled':
      return 'canceled'
    default:
      return 'unknown'
  }
}

/** One Ping++ order object as a unified order (src-main/orders/README.md). Amounts are integer fen; times Unix seconds. */
export function normalizePingppRecord(raw: unknown, source: { timezone: string; currency: string }): NormalizedOrder {
  if (!isObject(raw)) throw new Error('record is not an object')
  const fen = (name: string): number => field(name, () => parseFenInteger(raw[name])) ?? 0
  const amount = fen('amount')
  const actual =
    isObject(raw) && raw.actual_amount !== undefined && raw.actual_amount !== null ? fen('actual_amount') : amount - fen('coupon_amount')
  const paid = fen('amount_paid')
  const refunded = fen('amount_refunded')
  const remoteStatus = text(raw.status) ?? ''
  const createdAt = field('created', () => parseUnixSeconds(raw.created))
  if (createdAt === null) throw new Error('created is missing')
  const charges = isObject(raw.charges) && Array.isArray(raw.charges.data) ? raw.charges.data.filter(isObject) : []
  const paidCharge = charges.find((c) => c.paid === true)
  const currency = text(raw.currency)?.toUpperCase() ?? source.currency
  return {
    remote_id: requiredId(raw.id, 'id'),
    order_no: text(raw.merchant_order_no),
    trade_no: paidCharge ? text(paidCharge.transaction_no) : null,
    status: pingppStatus(remoteStatus, paid, refunded),
    remote_status: remoteStatus,
    product_type: null,
    product_name: text(raw.subject),
    product_id: null,
    customer_id: text(raw.uid),
    customer_name: null,
    pay_channel: paidCharge ? text(paidCharge.channel) : null,
    currency,
    total: amount,
    discount: amount - actual,
    due: actual,
    paid,
    refunded,
    created_at: createdAt,
    paid_at: field('time_paid', () => parseUnixSeconds(raw.time_paid)),
    expires_at: field('time_expire', () => parseUnixSeconds(raw.time_expire)),
    updated_at: null,
    warnings: [],
    raw,
  }
}

/**
 * Signs a request as Ping++ verifies it: RSA PKCS#1 v1.5 with SHA-256 over the raw body,
 * the request URI (path with /v1 and the query exactly as sent) and the timestamp,
 * concatenated; base64 without line breaks, as Ping++ documents it.
 */
export function pingppSignature(privateKey: string | crypto.KeyObject, bodyText: string, uri: string, timestamp: string): string {
  return crypto
    .createSign('RSA-SHA256')
    .update(bodyText + uri + timestamp)
    .sign(privateKey, 'base64')
}

const DAY_SECONDS = 86_400

/** Orders a window of creation times is cut to hold (ten pages of 20), from the density seen so far. */
const WINDOW_ORDERS = 200

/** Where a windowed listing goes on: window [high - span, high) in Unix seconds, from page `page`. */
interface WindowCursor {
  high: number
  span: number
  page: number
}

function windowCursor(cursor: string | null | undefined): WindowCursor | null {
  const c = decodeCursor(cursor, { high: Number.NaN, span: Number.NaN, page: 1 })
  return Number.isInteger(c.high) && Number.isInteger(c.span) && c.span > 0 && Number.isInteger(c.page) && c.page >= 1 ? c : null
}

/**
 * Ping++ orders: the secret key as HTTP Basic, optional request signing, page/per_page ≤ 20
 * with has_more, `created[gte]` windows, cancel by PUT {status: canceled}. A listing is cut
 * into windows of creation time read side by side, each paged on its own: page numbers alone
 * give no total to fetch ahead by, and a window's pages never shift as new orders arrive.
 */
export const createPingppConnector: ConnectorFactory<SourceConfigOf<'pingpp'>> = (config, options = {}) => {
  // Parsed on first use rather than for every request it signs.
  let privateKey: crypto.KeyObject | null = null
  const http = new HttpClient({
    baseUrl: config.baseUrl,
    timeoutMs: options.timeoutMs,
    sign: ({ uri, bodyText }) => {
      const headers: Record<string, string> = { Authorization: `Basic ${Buffer.from(`${config.secretKey}:`).toString('base64')}` }
      if (config.privateKeyPem) {
        privateKey ??= crypto.createPrivateKey(config.privateKeyPem)
        const timestamp = String(Math.floor(Date.now() / 1000))
        headers['Pingplusplus-Request-Timestamp'] = timestamp
        headers['Pingplusplus-Signature'] = pingppSignature(privateKey, bodyText, uri, timestamp)
      }
      return headers
    },
  })
  const zone = { timezone: config.timezone, currency: config.currency }
  const call = async (request: HttpRequest): Promise<unknown> => unwrap(await http.send(request))
  const addressTowardApi = async (): Promise<string> => {
    try {
      return await (options.addressToward ?? localAddressToward)(config.baseUrl)
    } catch (error) {
      throw new ConnectorError('network', `cannot tell this computer's address toward the API: ${(error as Error).message}`)
    }
  }

  /** One page of the orders created in [gte, lt) (Unix seconds, either side open), and whether more follow. */
  async function listRange(
    request: Pick<ListRequest, 'filters'>,
    page: number,
    perPage: number,
    range: { gte?: number; lt?: number },
    signal?: AbortSignal,
  ): Promise<{ page: ListPage; more: boolean }> {
    const query: HttpRequest['query'] = { app: config.appId, page, per_page: perPage, ...request.filters }
    if (range.gte !== undefined) query['created[gte]'] = range.gte
    if (range.lt !== undefined) query['created[lt]'] = range.lt
    const data = await call({ method: 'GET', path: '/v1/orders', query, signal })
    if (!isObject(data) || data.object !== 'list' || !Array.isArray(data.data))
      throw new ConnectorError('malformed', 'order list reply is not a list object')
    const { orders, skipped } = normalizePage(
      data.data,
      (r) => normalizePingppRecord(r, zone),
      (r) => (isObject(r) ? r.id : undefined),
    )
    return { page: { orders, skipped, nextCursor: null }, more: data.has_more === true && data.data.length > 0 }
  }

  async function* windowedPages(request: PagesRequest): AsyncGenerator<ListPage, void, undefined> {
    const perPage = Math.min(PINGPP_MAX_PER_PAGE, request.pageSize ?? config.pageSize ?? PINGPP_MAX_PER_PAGE)
    const lower = request.since === undefined ? 0 : Math.floor(request.since / 1000)
    const upper = request.until === undefined ? undefined : Math.ceil(request.until / 1000)
    let at = windowCursor(request.cursor)
    // Orders of the first page that its first window lists again (those created in its last second).
    let seen = new Set<string>()
    if (!at) {
      const head = await request.send((s) => listRange(request, 1, perPage, { gte: lower || undefined, lt: upper }, s), request.signal)
      const seconds = head.page.orders.map((o) => Math.floor(o.created_at / 1000))
      if (!head.more) {
        yield head.page
        return
      }
      if (seconds.length === 0) {
        // Nothing on the first page could be read, so nothing tells where its orders end: the
        // windows start from the top of the range and read its records again.
        at = { high: upper ?? Math.floor(Date.now() / 1000) + DAY_SECONDS, span: DAY_SECONDS, page: 1 }
      } else {
        const newest = Math.max(...seconds)
        const oldest = Math.min(...seconds)
        seen = new Set(head.page.orders.filter((o) => Math.floor(o.created_at / 1000) === oldest).map((o) => o.remote_id))
        at = { high: oldest + 1, span: Math.max(1, Math.round((WINDOW_ORDERS * (newest - oldest + 1)) / seconds.length)), page: 1 }
      }
      yield { ...head.page, nextCursor: encodeCursor({ ...at }) }
    }

    interface Window {
      low: number
      high: number
      span: number
      first: number
      pages: Promise<Array<{ page: ListPage; more: boolean }>>
      /** Whether nothing older is left to read after it. */
      last: Promise<boolean>
    }
    const controller = new AbortController()
    const signal = request.signal ? AbortSignal.any([request.signal, controller.signal]) : controller.signal
    const fetchWindow = async (low: number, high: number, first: number): Promise<Array<{ page: ListPage; more: boolean }>> => {
      const pages: Array<{ page: ListPage; more: boolean }> = []
      for (let page = first; ; page++) {
        const got = await request.send((s) => listRange(request, page, perPage, { gte: low, lt: high }, s), signal)
        pages.push(got)
        if (!got.more) return pages
      }
    }
    // As many windows are read at once as the source has requests in flight; finished ones wait
    // for their turn to be written, a few lanes' worth at most, so one long window stops nothing.
    const lanes = Math.max(1, request.ahead)
    const windows: Window[] = []
    let reading = 0
    let next = { high: at.high, span: at.span, first: at.page }
    let planned = at.high <= lower
    const plan = (): void => {
      while (!planned && reading < lanes && windows.length < 4 * lanes) {
        const { high, span, first } = next
        const low = Math.max(lower, high - span)
        const pages = fetchWindow(low, high, first)
        const last = pages.then(async (got) => {
          const count = got.reduce((n, p) => n + p.page.orders.length + p.page.skipped.length, 0)
          // Windows not planned yet are cut to the density just seen; an empty one widens them.
          next.span =
            count === 0
              ? next.span * 4
              : Math.min(next.span * 4, Math.max(1, Math.ceil(next.span / 4), Math.round((WINDOW_ORDERS * (high - low)) / count)))
          if (low <= lower) return true
          if (count > 0 || lower > 0) return false
          // An empty window with no bound below: one order's look tells whether anything older is left.
          const older = await request.send((s) => listRange(request, 1, 1, { lt: low }, s), signal)
          const none = older.page.orders.length + older.page.skipped.length === 0
          if (none) planned = true
          return none
        })
        reading++
        last.catch(noop).finally(() => {
          reading--
          plan()
        })
        windows.push({ low, high, span, first, pages, last })
        planned ||= low <= lower
        next = { high: low, span: next.span, first: 1 }
      }
    }
    try {
      for (;;) {
        plan()
        const window = windows[0]
        if (!window) return
        const pages = await window.pages
        const last = await window.last
        windows.shift()
        const following = windows[0] ?? { high: next.high, span: next.span }
        for (const [i, { page }] of pages.entries()) {
          const nextCursor =
            i < pages.length - 1
              ? encodeCursor({ high: window.high, span: window.span, page: window.first + i + 1 })
              : last
                ? null
                : encodeCursor({ high: following.high, span: following.span, page: 1 })
          const orders = seen.size === 0 ? page.orders : page.orders.filter((o) => !seen.has(o.remote_id))
          yield { ...page, orders, nextCursor }
        }
        seen = new Set()
        if (last) return
      }
    } finally {
      controller.abort(new Error('listing ended'))
    }
  }

  const connector: Connector = {
    kind: 'pingpp',
    capabilities: {
      create: true,
      cancel: true,
      get: true,
      summary: false,
      listFilters: [
        'uid',
        'receipt_app',
        'service_app',
        'paid',
        'refunded',
        'canceled',
        'created[gt]',
        'created[gte]',
        'created[lt]',
        'created[lte]',
      ],
    },
    createForm: pingppCreateForm,

    async list(request): Promise<ListPage> {
      const { page } = decodeCursor(request.cursor, { page: 1 })
      const perPage = Math.min(PINGPP_MAX_PER_PAGE, request.pageSize ?? config.pageSize ?? PINGPP_MAX_PER_PAGE)
      const since = request.since === undefined ? undefined : Math.floor(request.since / 1000)
      const listed = await listRange(request, page, perPage, { gte: since }, request.signal)
      return { ...listed.page, nextCursor: listed.more ? encodeCursor({ page: page + 1 }) : null }
    },

    pages: windowedPages,

    pendingFilters: () => [{ paid: 'false', canceled: 0 }],

    async get(remoteId, signal) {
      return normalizePingppRecord(await call({ method: 'GET', path: `/v1/orders/${encodeURIComponent(remoteId)}`, signal }), zone)
    },

    async create(input, signal) {
      // Ping++ requires the payer's address; left empty, it is this computer's, as the API sees it send.
      const clientIp = input.client_ip ?? (await addressTowardApi())
      const body = { app: config.appId, currency: 'cny', ...input, client_ip: clientIp }
      return normalizePingppRecord(await call({ method: 'POST', path: '/v1/orders', body, signal }), zone)
    },

    async cancel(order, signal) {
      const body: Record<string, unknown> = { status: 'canceled' }
      if (order.customer_id) body.user = order.customer_id
      return normalizePingppRecord(
        await call({ method: 'PUT', path: `/v1/orders/${encodeURIComponent(order.remote_id)}`, body, signal }),
        zone,
      )
    },

    async summary() {
      throw new ConnectorError('unsupported', 'the Ping++ orders API has no summary endpoint')
    },

    async probe(signal) {
      await call({ method: 'GET', path: '/v1/orders', query: { app: config.appId, per_page: 1 }, signal })
    },
  }
  return connector
}

/** Ping++ errors: `{error: {type, message, code, param}}` with 400/401/402/403/404/429/5xx. */
function unwrap(reply: HttpReply): unknown {
  const body = reply.json
  const error = isObject(body) && isObject(body.error) ? body.error : null
  const message =
    error && typeof error.message === 'string' ? `${error.message}${error.param ? ` (${String(error.param)})` : ''}` : undefined
  if (reply.status === 403) {
    throw new ConnectorError('rate_limited', `rate limited (HTTP 403)${message ? `: ${message}` : ''}`, {
      status: 403,
      remoteMessage: message,
      retryAfterMs: retryAfterMs(reply.headers),
    })
  }
  if (reply.status === 402)
    throw new ConnectorError('invalid', `payment channel error (HTTP 402)${message ? `: ${message}` : ''}`, {
      status: 402,
      remoteMessage: message,
    })
  const byStatus = errorForStatus(reply, message, error && typeof error.code === 'string' ? error.code : undefined)
  if (byStatus) throw byStatus
  if (body === undefined) throw new ConnectorError('malformed', 'empty reply', { status: reply.status })
  return body
}
