import type { NormalizedOrder, OrderStatus } from '../../orders/order'
import type { SourceConfigOf } from '../../sources/config'
import { startOfDay } from '../../../src-preload/shared/timezone'
import { ConnectorError } from '../errors'
import type { FormField } from '../../../src-preload/shared/form-field'
import { errorForStatus, HttpClient, type HttpReply, type HttpRequest } from '../http'
import { decodeCursor, encodeCursor, field, isObject, normalizePage, requiredId, text, yuan } from '../normalize'
import { NewestFirstCheck, numberedPages } from '../paging'
import { parseApiTime } from '../time'
import type { Connector, ConnectorFactory, ListPage, ListRequest, SummaryRow } from '../types'

const STATUS: Record<string, OrderStatus> = { '0': 'pending', '2': 'paid', '4': 'failed' }
const SERVICER: Record<string, string> = { '1': 'wechat', '2': 'alipay' }
const DAY_MS = 86_400_000

/** Error codes this platform uses for a bad or expired login. */
const AUTH_CODES = new Set([1, 401, 403])
const NOT_FOUND_CODES = new Set([2, 404])

export const courseCreateForm: readonly FormField[] = [
  {
    key: 'album_id',
    type: 'string',
    required: true,
    fromOrders: 'product_id',
    pattern: { regex: '^\\d+$', message: { zh: '课程编号只能是数字', en: 'The course id is a number' } },
    label: { zh: '专辑（课程）编号', en: 'Album (course) id' },
    help: {
      zh: '要购买的课程，可从已有订单的课程中选；免费课程会自动完成支付',
      en: 'The course to buy; pick one the shop’s orders show. A free course is paid at once',
    },
  },
]

/** One course record (`data.items[]`, every value a string) as a unified order (src-main/orders/README.md). */
export function normalizeCourseRecord(raw: unknown, source: { timezone: string; currency: string }): NormalizedOrder {
  if (!isObject(raw)) throw new Error('record is not an object')
  const warnings: string[] = []
  const payStatus = text(raw.pay_status) ?? ''
  const status = STATUS[payStatus] ?? 'unknown'
  const price = yuan(raw.price, 'price', warnings)
  const amount = yuan(raw.amount, 'amount', warnings)
  const createdAt = field('add_time', () => parseApiTime(raw.add_time, source.timezone))
  if (createdAt === null) throw new Error('add_time is missing')
  // pay_time is filled even for unpaid orders; it means something only when pay_status is 2.
  const paidAt = payStatus === '2' ? field('pay_time', () => parseApiTime(raw.pay_time, source.timezone)) : null
  const servicer = text(raw.servicer)
  const album = text(raw.album_id)
  return {
    remote_id: requiredId(raw.id, 'id'),
    order_no: text(raw.trade_no),
    trade_no: text(raw.third_trade_no),
    status,
    remote_status: payStatus,
    product_type: album,
    product_name: text(raw.title) ?? text(raw.name),
    product_id: album,
    customer_id: text(raw.user_id),
    customer_name: text(raw.user_name),
    pay_channel: servicer ? (SERVICER[servicer] ?? servicer) : null,
    currency: source.currency,
    total: price,
    discount: price - amount,
    due: amount,
    paid: payStatus === '2' ? amount : 0,
    refunded: 0,
    created_at: createdAt,
    paid_at: paidAt,
    expires_at: null,
    updated_at: null,
    warnings,
    raw,
  }
}

/**
 * The course platform's order API: `{code: 0, data: {count, ts, items}}`
 * where count is the size of that reply, so paging ends at a short or empty page (read
 * ahead several at a time, as nothing tells how many there are); errors are HTTP 200 with a
 * non-zero code and err_desc; time_para windows in China days (see listingParts).
 */
export const createCourseConnector: ConnectorFactory<SourceConfigOf<'course'>> = (config, options = {}) => {
  const http = new HttpClient({ baseUrl: config.baseUrl, timeoutMs: options.timeoutMs })
  const zone = { timezone: config.timezone, currency: config.currency }
  const now = options.now ?? Date.now

  async function items(request: HttpRequest): Promise<unknown[]> {
    const data = unwrap(await http.send({ ...request, headers: { Authorization: `Bearer ${config.token}` } }))
    if (!isObject(data) || !Array.isArray(data.items)) throw new ConnectorError('malformed', 'reply has no data.items array')
    return data.items
  }

  /** The narrowest documented time_para that still covers everything since `since`. */
  function timePara(since: number | undefined): number | undefined {
    if (since === undefined) return undefined
    const today = startOfDay(now(), config.timezone)
    if (since >= today) return 0
    if (since >= today - 6 * DAY_MS) return -7
    if (since >= today - 29 * DAY_MS) return -30
    return undefined
  }

  /**
   * What a listing reads, part by part: the whole list as its two documented halves, the last
   * 30 days (-30) and everything before (30); or the narrowest range that covers a window, and
   * past what any covers, the older half read newest first up to the window's start. New orders
   * only ever enter the recent half, which every incremental sync reads again: the older half,
   * most of a shop's orders, never shifts while it is read side by side.
   */
  function listingParts(since: number | undefined): Array<{ para: number; cut?: number }> {
    if (since === undefined) return [{ para: -30 }, { para: 30 }]
    const para = timePara(since)
    return para === undefined ? [{ para: -30 }, { para: 30, cut: since }] : [{ para }]
  }

  /** Page `page` of the list; its cursor is the caller's to make (see isShort). */
  async function fetchPage(
    request: Pick<ListRequest, 'filters' | 'pageSize'>,
    para: number | undefined,
    page: number,
    signal?: AbortSignal,
  ): Promise<ListPage> {
    const records = await items({
      method: 'GET',
      path: '/order/list',
      query: { time_para: para, ...request.filters, page, page_size: request.pageSize ?? config.pageSize ?? 50 },
      signal,
    })
    const { orders, skipped } = normalizePage(
      records,
      (r) => normalizeCourseRecord(r, zone),
      (r) => (isObject(r) ? r.id : undefined),
    )
    return { orders, skipped, nextCursor: null }
  }

  const connector: Connector = {
    kind: 'course',
    capabilities: { create: true, cancel: false, get: true, summary: true, listFilters: ['album_id', 'time_para'] },
    createForm: courseCreateForm,

    async list(request): Promise<ListPage> {
      const { page, served } = decodeCursor(request.cursor, { page: 1, served: 0 })
      const pageSize = request.pageSize ?? config.pageSize ?? 50
      const listed = await fetchPage(request, timePara(request.since), page, request.signal)
      const longest = Math.max(served, recordsOf(listed))
      return {
        ...listed,
        nextCursor: isShort(recordsOf(listed), pageSize, longest) ? null : encodeCursor({ page: page + 1, served: longest }),
      }
    },

    async *pages(request) {
      const pageSize = request.pageSize ?? config.pageSize ?? 50
      const parts = listingParts(request.since)
      const at = decodeCursor(request.cursor, { para: Number.NaN, page: 1, served: 0 })
      // A cursor of another plan (an older version's, or a window planned on another day) starts over.
      const from = Math.max(
        0,
        parts.findIndex((part) => part.para === at.para),
      )
      // The longest page served so far tells a server's cap on the page size, in every part.
      let longest = at.para === parts[from].para ? at.served : 0
      for (let i = from; i < parts.length; i++) {
        const { para, cut } = parts[i]
        const first = i === from && at.para === para ? at.page : 1
        const following = parts[i + 1]
        const order = new NewestFirstCheck(cut === undefined ? undefined : () => request.onNote?.('not_newest_first'))
        let page = first - 1
        const pages = numberedPages({
          first,
          ahead: request.ahead,
          speculate: true,
          send: request.send,
          fetch: async (n, signal) => ({ page: await fetchPage(request, para, n, signal) }),
          inOrder: (listed) => {
            page++
            longest = Math.max(longest, recordsOf(listed))
            const next = isShort(recordsOf(listed), pageSize, longest) ? null : encodeCursor({ para, page: page + 1, served: longest })
            return order.window({ ...listed, nextCursor: next }, cut)
          },
          signal: request.signal,
        })
        for await (const listed of pages) {
          // The last page of a part leads to the first of the next.
          yield listed.nextCursor === null && following
            ? { ...listed, nextCursor: encodeCursor({ para: following.para, page: 1, served: longest }) }
            : listed
        }
      }
    },

    pendingFilters: () => null,

    async get(remoteId, signal) {
      const [record] = await items({ method: 'GET', path: '/order/get', query: { id: remoteId }, signal })
      if (!record) throw new ConnectorError('not_found', `order ${remoteId} not found`)
      return normalizeCourseRecord(record, zone)
    },

    async create(input, signal) {
      const [created] = await items({
        method: 'GET',
        path: '/order/create',
        query: { album_id: input.album_id === undefined ? undefined : String(input.album_id) },
        signal,
      })
      if (!isObject(created) || text(created.id) === null) throw new ConnectorError('malformed', 'create reply has no order id')
      // The create reply is short ({id, name, amount, trade_no, status}): read the whole order.
      return connector.get(String(created.id), signal)
    },

    async cancel() {
      throw new ConnectorError('unsupported', 'this API (course) has no way to cancel orders')
    },

    async summary(signal): Promise<SummaryRow[]> {
      const rows = await items({ method: 'GET', path: '/order/sum', signal })
      return rows.map((row) => {
        if (!isObject(row)) throw new ConnectorError('malformed', 'summary item is not an object')
        const warnings: string[] = []
        return {
          key: requiredId(row.album_id, 'album_id'),
          label: text(row.title) ?? String(row.album_id),
          total: yuan(row.total, 'total', warnings),
          currency: config.currency,
          asOf: parseApiTime(row.timestamp, config.timezone),
        }
      })
    },

    async probe(signal) {
      await items({ method: 'GET', path: '/order/list', query: { page: 1, page_size: 1 }, signal })
    },
  }
  return connector
}

/**
 * `count` is only a reply's own size, so a short page is the last. But the server may cap the
 * page size below what was asked: a page as long as the longest served so far is not short,
 * and an empty page ends the list in any case.
 */
function isShort(records: number, pageSize: number, longest: number): boolean {
  return records === 0 || records < Math.min(pageSize, longest)
}

/** Records a reply held: every one is an order or a skipped record. */
function recordsOf(page: ListPage): number {
  return page.orders.length + page.skipped.length
}

/** `{code: 0, data}` or `{code: <non-zero>, err_desc}`, both with HTTP 200. */
function unwrap(reply: HttpReply): unknown {
  const body = reply.json
  const message = isObject(body) && typeof body.err_desc === 'string' ? body.err_desc : undefined
  const code = isObject(body) ? Number(body.code) : Number.NaN
  const byStatus = errorForStatus(reply, message, Number.isNaN(code) ? undefined : code)
  if (byStatus) throw byStatus
  if (!isObject(body) || Number.isNaN(code))
    throw new ConnectorError('malformed', 'reply is not a {code, data} envelope', { status: reply.status })
  if (code === 0) return body.data
  const details = { status: reply.status, remoteCode: code, remoteMessage: message }
  const said = message ? `: ${message}` : ''
  if (AUTH_CODES.has(code)) throw new ConnectorError('auth', `authentication failed (code ${code})${said}`, details)
  if (NOT_FOUND_CODES.has(code)) throw new ConnectorError('not_found', `not found (code ${code})${said}`, details)
  if (code >= 500) throw new ConnectorError('server', `server error (code ${code})${said}`, details)
  throw new ConnectorError('invalid', `request rejected (code ${code})${said}`, details)
}
