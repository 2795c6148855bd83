import type { NormalizedOrder, OrderStatus } from '../../orders/order'
import type { SourceConfigOf } from '../../sources/config'
import { ConnectorError } from '../errors'
import type { FormField } from '../../../src-preload/shared/form-field'
import { errorForStatus, HttpClient, type HttpReply, type HttpRequest } from '../http'
import { fenToYuanNumber } from '../../../src-preload/shared/money'
import { decodeCursor, encodeCursor, field, isObject, normalizePage, requiredId, text, yuan } from '../normalize'
import { NewestFirstCheck, numberedPages } from '../paging'
import { parseApiTime } from '../time'
import type { Connector, ConnectorFactory, ListPage, ListRequest } from '../types'

const PENDING = ['待支付', '未支付', 'pending', 'unpaid']
const PAID = ['已支付', '已完成', 'paid', 'completed', 'success']
const CANCELED = ['已取消', '已关闭', 'canceled', 'cancelled', 'closed']
const REFUNDED = ['已退款', 'refunded']

/** The appkey row of src-main/orders/README.md § Status: free text, English words case-insensitive. */
export function appkeyStatus(remote: string): OrderStatus {
  const s = remote.trim().toLowerCase()
  if (PENDING.includes(s)) return 'pending'
  if (PAID.includes(s)) return 'paid'
  if (CANCELED.includes(s)) return 'canceled'
  if (REFUNDED.includes(s)) return 'refunded'
  return 'unknown'
}

export const appkeyCreateForm: readonly FormField[] = [
  {
    key: 'productName',
    type: 'string',
    required: true,
    maxLength: 200,
    fromOrders: 'product_name',
    label: { zh: '商品名称', en: 'Product name' },
    help: { zh: '可从已有订单的商品中选，也可直接填写', en: 'Pick one the shop’s orders show, or type a new one' },
  },
  {
    key: 'amount',
    type: 'money',
    required: true,
    min: 1,
    label: { zh: '金额（元）', en: 'Amount (yuan)' },
    help: { zh: '订单的总金额', en: 'The order total' },
  },
  {
    key: 'productType',
    type: 'string',
    required: false,
    maxLength: 64,
    fromOrders: 'product_type',
    label: { zh: '商品类型', en: 'Product type' },
    help: { zh: '订单中商品的类型分类', en: 'The product’s category' },
  },
  {
    key: 'productID',
    type: 'string',
    required: false,
    maxLength: 64,
    fromOrders: 'product_id',
    label: { zh: '商品 ID', en: 'Product ID' },
  },
]

/** One appkey record (`data.data[]` or `data`) as a unified order (src-main/orders/README.md). */
export function normalizeAppkeyRecord(raw: unknown, source: { timezone: string; currency: string }): NormalizedOrder {
  if (!isObject(raw)) throw new Error('record is not an object')
  const warnings: string[] = []
  const remoteStatus = text(raw.status) ?? ''
  const status = appkeyStatus(remoteStatus)
  const amount = yuan(raw.amount, 'amount', warnings)
  const time = (name: string): number | null => field(name, () => parseApiTime(raw[name], source.timezone))
  const createdAt = time('createDate')
  if (createdAt === null) throw new Error('createDate is missing')
  return {
    remote_id: requiredId(raw.id, 'id'),
    order_no: text(raw.orderNo),
    trade_no: text(raw.tradeNo),
    status,
    remote_status: remoteStatus,
    product_type: text(raw.productType),
    product_name: text(raw.productName),
    product_id: text(raw.productID),
    customer_id: text(raw.userID),
    customer_name: null,
    pay_channel: text(raw.payType),
    currency: source.currency,
    total: amount,
    discount: 0,
    due: amount,
    paid: status === 'paid' || status === 'refunded' ? amount : 0,
    refunded: status === 'refunded' ? amount : 0,
    created_at: createdAt,
    paid_at: time('orderPayTime'),
    expires_at: time('expireTime'),
    updated_at: time('lastUpdate'),
    warnings,
    raw,
  }
}

/**
 * The app-key order service (a .NET backend): `{code, data, error}` envelopes,
 * skip/take paging with a total (so once the first page is in the others are fetched several
 * at a time), the app key in the path. No cancel, no date filter: an incremental window stops
 * at the first page wholly older, once the pages have shown they are newest first.
 */
export const createAppkeyConnector: ConnectorFactory<SourceConfigOf<'appkey'>> = (config, options = {}) => {
  const http = new HttpClient({ baseUrl: config.baseUrl, timeoutMs: options.timeoutMs })
  const zone = { timezone: config.timezone, currency: config.currency }
  const base = `/Order/${encodeURIComponent(config.appKey)}`

  async function call(request: HttpRequest): Promise<unknown> {
    return unwrap(await http.send({ ...request, headers: { Authorization: `Bearer ${config.token}` } }))
  }

  async function listRaw(query: HttpRequest['query'], signal?: AbortSignal): Promise<{ records: unknown[]; total: number }> {
    const data = await call({ method: 'GET', path: base, query, signal })
    if (!isObject(data) || !Array.isArray(data.data)) throw new ConnectorError('malformed', 'order list reply has no data.data array')
    const total = Number(data.total)
    if (!Number.isFinite(total)) throw new ConnectorError('malformed', `order list total is not a number: ${JSON.stringify(data.total)}`)
    return { records: data.data, total }
  }

  /** `take` orders from `skip`, with the total the list holds. */
  async function fetchAt(request: Pick<ListRequest, 'filters' | 'pageSize'>, skip: number, signal?: AbortSignal) {
    const take = request.pageSize ?? config.pageSize ?? 100
    const { records, total } = await listRaw({ ...request.filters, skip, take }, signal)
    const { orders, skipped } = normalizePage(
      records,
      (r) => normalizeAppkeyRecord(r, zone),
      (r) => (isObject(r) ? r.id : undefined),
    )
    return { orders, skipped, records: records.length, total, take }
  }

  const connector: Connector = {
    kind: 'appkey',
    capabilities: {
      create: true,
      cancel: false,
      get: true,
      summary: false,
      listFilters: ['status', 'orderNo', 'tradeNo', 'userId', 'pctType', 'pctId', 'pctName'],
    },
    createForm: appkeyCreateForm,

    async list(request): Promise<ListPage> {
      const { skip } = decodeCursor(request.cursor, { skip: 0 })
      const { orders, skipped, records, total } = await fetchAt(request, skip, request.signal)
      // Advance by what the server actually sent: it may cap `take`.
      const next = skip + records
      return { orders, skipped, nextCursor: records > 0 && next < total ? encodeCursor({ skip: next }) : null, total }
    },

    pages(request) {
      const start = decodeCursor(request.cursor, { skip: 0 }).skip
      // The server may cap `take`: the first reply tells the page size the others are asked at.
      let size = 0
      const order = new NewestFirstCheck(request.since === undefined ? undefined : () => request.onNote?.('not_newest_first'))
      return numberedPages({
        first: 1,
        ahead: request.ahead,
        speculate: false,
        send: request.send,
        fetch: async (n, signal) => {
          const skip = start + (n - 1) * size
          const page = await fetchAt(request, skip, signal)
          if (n === 1) size = Math.max(1, Math.min(page.take, page.records))
          const next = start + n * size
          const more = page.records > 0 && next < page.total
          return {
            page: { orders: page.orders, skipped: page.skipped, nextCursor: more ? encodeCursor({ skip: next }) : null, total: page.total },
            lastPage: Math.ceil((page.total - start) / size),
          }
        },
        inOrder: (page) => order.window(page, request.since),
        signal: request.signal,
      })
    },

    pendingFilters: (remoteStatuses) => remoteStatuses.map((status) => ({ status })),

    async get(remoteId, signal) {
      const data = await call({ method: 'GET', path: `${base}/${encodeURIComponent(remoteId)}`, signal })
      return normalizeAppkeyRecord(data, zone)
    },

    async create(input) {
      // The form hands over integer fen; the API takes the amount in yuan.
      const body = { ...input, amount: fenToYuanNumber(input.amount as number) }
      const data = await call({ method: 'POST', path: `${base}/Create`, body })
      if (!isObject(data) || text(data.id) === null) throw new ConnectorError('malformed', 'create reply has no order id')
      // The reply carries only {id, orderNo}: read the whole order back.
      return connector.get(String(data.id))
    },

    async cancel() {
      throw new ConnectorError('unsupported', 'this API (appkey) has no way to cancel orders')
    },

    async summary() {
      throw new ConnectorError('unsupported', 'the appkey API has no summary endpoint')
    },

    async probe(signal) {
      await listRaw({ skip: 0, take: 1 }, signal)
    },
  }
  return connector
}

/** `{code: 200, data, error}`; the HTTP status and the envelope's code are both checked. */
function unwrap(reply: HttpReply): unknown {
  const body = reply.json
  const message = isObject(body) && typeof body.error === 'string' && body.error !== '' ? body.error : undefined
  const byStatus = errorForStatus(reply, message)
  if (byStatus) {
    // A 404 on the list path means the app key is unknown: say so, the UI shows "wrong app key".
    if (byStatus.kind === 'not_found' && /app ?key/i.test(message ?? '')) {
      throw new ConnectorError('not_found', `app key not recognised (HTTP 404)${message ? `: ${message}` : ''}`, byStatus.details)
    }
    throw byStatus
  }
  if (!isObject(body) || !('code' in body))
    throw new ConnectorError('malformed', 'reply is not a {code, data, error} envelope', { status: reply.status })
  const code = Number(body.code)
  if (code === 200 || code === 0) return body.data
  const fake: HttpReply = { ...reply, status: code >= 400 && code < 600 ? code : 400 }
  throw errorForStatus(fake, message, code) ?? new ConnectorError('invalid', `request rejected (code ${code})`)
}
