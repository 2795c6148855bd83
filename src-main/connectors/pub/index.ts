import type { NormalizedOrder, OrderStatus } from '../../orders/order'
import type { SourceConfigOf } from '../../sources/config'
import { ConnectorError } from '../errors'
import type { FormField } from '../../../src-preload/shared/form-field'
import { errorForStatus, HttpClient, type HttpReply, type HttpRequest } from '../http'
import { decodeCursor, encodeCursor, field, isObject, normalizePage, requiredId, text, yuan } from '../normalize'
import { NewestFirstCheck, numberedPages, type NumberedReply } from '../paging'
import { parseApiTime } from '../time'
import type { Connector, ConnectorFactory, ListRequest } from '../types'

const STATUS: Record<string, OrderStatus> = { '0': 'pending', '1': 'paid', '2': 'canceled', '3': 'refunded' }

/** The create form: the document's body parameters of POST /pub/order/create, in words staff read (no API paths). */
export const pubCreateForm: readonly FormField[] = [
  {
    key: 'pid',
    type: 'integer',
    required: true,
    min: 1,
    fromOrders: 'product_id',
    label: { zh: '套餐 ID', en: 'Package ID' },
    help: {
      zh: '可从已有订单的套餐中选；新的套餐 ID 向代理商城的客服索取',
      en: 'Pick one the shop’s orders show; ask the vendor’s support for a new one',
    },
  },
  {
    key: 'pm_id',
    type: 'integer',
    required: true,
    min: 1,
    label: { zh: '支付方式 ID', en: 'Payment method ID' },
    help: { zh: '支付方式的编号，可向代理商城的客服询问', en: 'The payment method’s number; the vendor’s support can tell you' },
  },
  { key: 'amount', type: 'decimal', required: false, min: 0, label: { zh: '新购套餐数量', en: 'Quantity' } },
  {
    key: 'upids',
    type: 'string',
    required: false,
    maxLength: 500,
    label: { zh: '续费套餐 ID 列表', en: 'Package IDs to renew' },
    help: {
      zh: '要续费的静态 IP 的编号，用逗号隔开，如 1,2,3',
      en: 'The numbers of the static IPs to renew, separated by commas, e.g. 1,2,3',
    },
  },
  {
    key: 'region_list',
    type: 'string',
    required: false,
    maxLength: 500,
    label: { zh: '区域和数量', en: 'Regions and quantities' },
    help: { zh: '购买静态 IP 时填写区域和数量', en: 'For static IPs: region and quantity' },
  },
  { key: 'coupon_sn', type: 'string', required: false, maxLength: 64, label: { zh: '优惠券编号', en: 'Coupon code' } },
  {
    key: 'use_invitation_registration_discount',
    type: 'boolean',
    required: false,
    label: { zh: '使用邀请注册优惠', en: 'Use the invitation discount' },
  },
  {
    key: 'renew_duration',
    type: 'integer',
    required: false,
    min: 1,
    label: { zh: '续费时长', en: 'Renewal duration' },
    help: { zh: '仅静态 IP 可填', en: 'Static IPs only' },
  },
  {
    // The API takes an integer number of yuan.
    key: 'recharge_amount',
    type: 'money',
    wholeYuan: true,
    required: false,
    min: 100,
    label: { zh: '充值金额（元）', en: 'Top-up amount (yuan)' },
    help: { zh: '仅用于余额充值套餐，整元', en: 'Balance top-up packages only, in whole yuan' },
  },
]

/** One pub record (`data.list[]`) as a unified order (src-main/orders/README.md). */
export function normalizePubRecord(raw: unknown, source: { timezone: string; currency: string }): NormalizedOrder {
  if (!isObject(raw)) throw new Error('record is not an object')
  const warnings: string[] = []
  const remoteStatus = requiredId(raw.status, 'status')
  const status = STATUS[remoteStatus] ?? 'unknown'
  const total = yuan(raw.total_fee, 'total_fee', warnings)
  const due = yuan(raw.pay_fee, 'pay_fee', warnings)
  const createdAt = field('created_at', () => parseApiTime(raw.created_at, source.timezone))
  if (createdAt === null) throw new Error('created_at is missing')
  return {
    remote_id: requiredId(raw.id, 'id'),
    order_no: text(raw.trade_no),
    trade_no: null,
    status,
    remote_status: remoteStatus,
    product_type: text(raw.product_type),
    product_name: text(raw.product_name),
    product_id: text(raw.product_id),
    customer_id: null,
    customer_name: null,
    pay_channel: null,
    currency: source.currency,
    total,
    discount: total - due,
    due,
    paid: remoteStatus === '1' || remoteStatus === '3' ? due : 0,
    refunded: remoteStatus === '3' ? due : 0,
    created_at: createdAt,
    paid_at: null,
    expires_at: null,
    updated_at: null,
    warnings,
    raw,
  }
}

/**
 * The IP-proxy vendor's open API. Errors come as HTTP 200 with a non-zero
 * `code`; lists page with page_no/page_size and say total_pages, so once the first page is
 * in the others are fetched several at a time; there is no date filter, so an incremental
 * window stops at the first page wholly older, once the pages have shown they are newest first.
 */
export const createPubConnector: ConnectorFactory<SourceConfigOf<'pub'>> = (config, options = {}) => {
  const http = new HttpClient({ baseUrl: config.baseUrl, timeoutMs: options.timeoutMs })
  const zone = { timezone: config.timezone, currency: config.currency }
  const headers = { Authorization: `Bearer ${config.token}` }

  async function call(request: HttpRequest): Promise<unknown> {
    const reply = await http.send({ ...request, headers })
    return unwrap(reply)
  }

  async function listPage(
    query: Record<string, string | number | boolean | undefined>,
    signal?: AbortSignal,
  ): Promise<{ list: unknown[]; totalPages: number; total: number }> {
    const data = await call({ method: 'GET', path: '/pub/order/list', query, signal })
    if (!isObject(data) || !Array.isArray(data.list) || !isObject(data.pagination)) {
      throw new ConnectorError('malformed', 'order list reply has no data.list / data.pagination')
    }
    return { list: data.list, totalPages: Number(data.pagination.total_pages ?? 0), total: Number(data.pagination.total ?? 0) }
  }

  /** Page `page` of the list, with the cursor of the one after it. */
  async function fetchPage(request: Pick<ListRequest, 'filters' | 'pageSize'>, page: number, signal?: AbortSignal): Promise<NumberedReply> {
    const pageSize = request.pageSize ?? config.pageSize ?? 100
    const { list, totalPages, total } = await listPage({ ...request.filters, page_no: page, page_size: pageSize }, signal)
    const { orders, skipped } = normalizePage(
      list,
      (r) => normalizePubRecord(r, zone),
      (r) => (isObject(r) ? r.id : undefined),
    )
    const more = page < totalPages && list.length > 0
    return { page: { orders, skipped, nextCursor: more ? encodeCursor({ page: page + 1 }) : null, total }, lastPage: totalPages }
  }

  const connector: Connector = {
    kind: 'pub',
    capabilities: {
      create: true,
      cancel: true,
      get: true,
      summary: false,
      listFilters: ['trade_no', 'status', 'product_type'],
    },
    createForm: pubCreateForm,

    async list(request) {
      return (await fetchPage(request, decodeCursor(request.cursor, { page: 1 }).page, request.signal)).page
    },

    pages(request) {
      const order = new NewestFirstCheck(request.since === undefined ? undefined : () => request.onNote?.('not_newest_first'))
      return numberedPages({
        first: decodeCursor(request.cursor, { page: 1 }).page,
        ahead: request.ahead,
        speculate: false,
        send: request.send,
        fetch: (page, signal) => fetchPage(request, page, signal),
        inOrder: (page) => order.window(page, request.since),
        signal: request.signal,
      })
    },

    pendingFilters: () => [{ status: 0 }],

    async get(remoteId, signal, hint) {
      // The API has no get-one endpoint: the list's trade_no filter finds the order.
      if (!hint?.order_no)
        throw new ConnectorError('unsupported', 'pub can only look an order up by its trade_no, which is not known for this order')
      const { list } = await listPage({ trade_no: hint.order_no, page_no: 1, page_size: 10 }, signal)
      const raw = list.find((r) => isObject(r) && String(r.id) === remoteId)
      if (!raw) throw new ConnectorError('not_found', `order ${remoteId} (trade_no ${hint.order_no}) not found`)
      return normalizePubRecord(raw, zone)
    },

    async create(input) {
      // The form hands over integer fen; the API takes whole yuan.
      const body = input.recharge_amount === undefined ? input : { ...input, recharge_amount: (input.recharge_amount as number) / 100 }
      const data = await call({ method: 'POST', path: '/pub/order/create', body })
      return normalizePubRecord(data, zone)
    },

    async cancel(order) {
      if (!order.order_no) throw new ConnectorError('invalid', `order ${order.remote_id} has no trade_no to close`)
      await call({ method: 'POST', path: '/pub/order/close', body: { trade_no: order.order_no } })
      return connector.get(order.remote_id, undefined, { order_no: order.order_no })
    },

    async summary() {
      throw new ConnectorError('unsupported', 'the pub API has no summary endpoint')
    },

    async probe(signal) {
      await listPage({ page_no: 1, page_size: 1 }, signal)
    },
  }
  return connector
}

/** pub answers HTTP 200 with `{code, message, data}`; a non-zero code is an error whatever the HTTP status. */
function unwrap(reply: HttpReply): unknown {
  const body = reply.json
  const message = isObject(body) && typeof body.message === 'string' ? body.message : undefined
  const code = isObject(body) ? body.code : undefined
  const byStatus = errorForStatus(reply, message, code as number | undefined)
  if (byStatus) throw byStatus
  if (!isObject(body) || typeof code !== 'number')
    throw new ConnectorError('malformed', 'reply is not a {code, message, data} envelope', { status: reply.status })
  if (code === 0) return body.data
  const details = { status: reply.status, remoteCode: code, remoteMessage: message }
  const said = message ? `: ${message}` : ''
  if (code === 401 || code === 403 || /token|登录|授权|auth/i.test(message ?? ''))
    throw new ConnectorError('auth', `authentication failed (code ${code})${said}`, details)
  if (code === 404) throw new ConnectorError('not_found', `not found (code ${code})${said}`, details)
  if (code === 429) throw new ConnectorError('rate_limited', `rate limited (code ${code})${said}`, details)
  if (code >= 500) throw new ConnectorError('server', `server error (code ${code})${said}`, details)
  throw new ConnectorError('invalid', `request rejected (code ${code})${said}`, details)
}
