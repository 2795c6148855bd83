import type { Fen } from '../../orders/order'
import { formatLocalInZone, startOfDay } from '../../../src-preload/shared/timezone'
import { bearerAuth, generateRecords, jsonObject, sandboxBase } from '../base'
import { chineseName, DAY_MS, type Random } from '../random'
import type { SandboxRequest, SandboxResponse } from '../server'
import type { KindSandbox, SandboxOptions } from '../types'

const ZONE = 'Asia/Shanghai'

interface Album {
  id: number
  title: string
  price: Fen
}

const ALBUMS: readonly Album[] = [
  { id: 1, title: '零基础学 Python 直播课', price: 19_900 },
  { id: 2, title: '测试支付', price: 1 },
  { id: 3, title: '小学奥数思维训练营', price: 59_900 },
  { id: 4, title: '雅思口语 7 分冲刺', price: 129_900 },
  { id: 5, title: '摄影入门:手机也能拍大片', price: 9_900 },
  { id: 6, title: '公开课:高效时间管理', price: 0 },
  { id: 7, title: '测试点播', price: 1_990 },
]

interface CourseOrder {
  id: number
  user_id: number
  user_name: string
  album: Album
  amount: Fen
  pay_status: 0 | 2 | 4
  servicer: 1 | 2 | null
  trade_no: string
  third_trade_no: string | null
  third_buyer_id: string | null
  add_time: number
  pay_time: number
  hidden: boolean
  /** A corrupt row the platform holds and lists: it takes its slot in every page. */
  broken?: boolean
}

const s = (v: number | string | null): string | null => (v === null ? null : String(v))
const money = (fen: Fen): string => (fen / 100).toFixed(2)
const time = (ms: number): string => formatLocalInZone(ms, ZONE)

function render(o: CourseOrder): Record<string, string | null> {
  if (o.broken)
    return {
      id: '',
      user_id: String(o.user_id),
      album_id: String(o.album.id),
      title: o.album.title,
      amount: '免费',
      pay_status: '2',
      add_time: '2026-02-30 25:00:00',
    }
  return {
    id: String(o.id),
    user_id: String(o.user_id),
    puber_id: '1',
    album_id: String(o.album.id),
    title: o.album.title,
    user_name: o.user_name,
    price: money(o.album.price),
    amount: money(o.amount),
    servicer: s(o.servicer),
    trade_no: o.trade_no,
    third_trade_no: o.third_trade_no,
    third_buyer_id: o.third_buyer_id,
    pay_status: String(o.pay_status),
    add_time: time(o.add_time),
    // As the document shows: pay_time is filled even while unpaid.
    pay_time: time(o.pay_time),
  }
}

/** An order created at `createdMs`, and paid no later than `now` (the sandbox's present) when it is paid. */
function makeOrder(random: Random, id: number, createdMs: number, now: number): CourseOrder {
  const created = Math.floor(createdMs / 1000) * 1000
  const album = random.pick(ALBUMS)
  const discounted = album.price > 0 && random.chance(0.2) ? Math.floor(album.price * 0.8) : album.price
  const payStatus =
    album.price === 0
      ? 2
      : random.weighted([
          [2, 72],
          [0, 22],
          [4, 6],
        ] as const)
  const paid = payStatus === 2
  return {
    id,
    user_id: random.int(1000, 99_999),
    user_name: chineseName(random),
    album,
    amount: discounted,
    pay_status: payStatus,
    servicer: paid && album.price > 0 ? random.pick([1, 2] as const) : null,
    trade_no: `${id}-${random.int(1000, 9999)}-${random.hex(4)}`,
    third_trade_no: paid && album.price > 0 ? `${random.pick(['4200', '2026'])}${random.digits(24)}` : null,
    third_buyer_id: paid && album.price > 0 ? `o${random.hex(27)}` : null,
    add_time: created,
    pay_time: paid ? Math.min(created + random.int(30, 1800) * 1000, Math.max(Math.floor(now / 1000) * 1000, created)) : created,
    hidden: false,
  }
}

export function generateCourseRecords(random: Random, now: number, count: number, startIndex = 0): unknown[] {
  return generateRecords(makeOrder, render, random, now, count, startIndex)
}

/**
 * The course platform (seed 003) as a simulator: every value a string, China local times
 * without offset, `count` = items in this reply, errors as HTTP 200 + code/err_desc (1: not
 * logged in, 2: no such order, 4: 缺少订购内容参数, 5: no such course), time_para windows,
 * /order/sum cut at the last full hour, and the payment callbacks.
 */
export function createCourseSandbox(options: SandboxOptions & { token?: string } = {}): KindSandbox {
  const auth = bearerAuth('course', options.token)
  const base = sandboxBase(options, {
    kind: 'course',
    seed: 4,
    maxPageSize: 50,
    make: makeOrder,
    createdOf: (o) => o.add_time,
    truthOf: (o) => ({
      remote_id: String(o.id),
      status: o.pay_status === 2 ? 'paid' : o.pay_status === 4 ? 'failed' : 'pending',
      currency: 'CNY',
      total: o.album.price,
      due: o.amount,
      paid: o.pay_status === 2 ? o.amount : 0,
      refunded: 0,
      created_at: o.add_time,
      paid_at: o.pay_status === 2 ? o.pay_time : null,
    }),
  })
  const { random, orders, listing, find } = base
  const ok = (items: unknown[]): SandboxResponse => ({
    status: 200,
    body: { code: 0, data: { count: items.length, ts: Math.floor(Date.now() / 1000), items } },
  })
  const fail = (code: number, err_desc: string): SandboxResponse => ({ status: 200, body: { code, err_desc } })
  const markPaid = (o: CourseOrder, servicer: 1 | 2, at: number, thirdTradeNo?: string): void => {
    o.pay_status = 2
    o.servicer = servicer
    o.pay_time = Math.floor(at / 1000) * 1000
    o.third_trade_no = thirdTradeNo ?? `4200${random.digits(24)}`
    o.third_buyer_id = `o${random.hex(27)}`
  }

  /** A parameter from the query, else from a JSON or a form body: the document names no method or body format. */
  function param(request: SandboxRequest, name: string): string | null {
    const fromQuery = request.query.get(name)
    if (fromQuery !== null) return fromQuery
    if (!request.bodyText) return null
    const body = jsonObject(request.bodyText)
    if (!body) return new URLSearchParams(request.bodyText).get(name)
    return body[name] === undefined ? null : String(body[name])
  }

  function list(request: SandboxRequest, injectBad: boolean): SandboxResponse {
    const page = Number(param(request, 'page') ?? 1)
    const pageSize = Number(param(request, 'page_size') ?? 20)
    if (!Number.isInteger(page) || page < 1 || !Number.isInteger(pageSize) || pageSize < 1) return fail(3, '分页参数错误')
    let rows = listing.visible()
    const album = param(request, 'album_id')
    if (album) rows = rows.filter((o) => String(o.album.id) === album)
    const tp = param(request, 'time_para')
    if (tp !== null && tp !== '') {
      const today = startOfDay(Date.now(), ZONE)
      const windows: Record<string, [number, number]> = {
        '0': [today, Infinity],
        '1': [today - DAY_MS, today],
        '-7': [today - 6 * DAY_MS, Infinity],
        '-30': [today - 29 * DAY_MS, Infinity],
        '30': [-Infinity, today - 29 * DAY_MS],
      }
      const w = windows[tp]
      if (!w) return fail(3, `time_para 参数错误:${tp}`)
      rows = rows.filter((o) => o.add_time >= w[0] && o.add_time < w[1])
    }
    const size = Math.min(pageSize, base.maxPageSize())
    const first = (page - 1) * size
    if (injectBad && rows[first]) {
      base.keepBroken(rows[first], base.nextNumber())
      return list(request, false)
    }
    return ok(rows.slice(first, first + size).map(render))
  }

  return {
    ...base.controls,
    prefix: '',
    credentials: () => ({ token: auth.token }),
    handle(request, context) {
      const path = request.path
      if (path === '/order/alipay' || path === '/orders/wxpay') {
        // Payment callbacks come from the payment platforms, not from the teacher's login.
        const order = orders.find((o) => o.trade_no === param(request, 'trade_no'))
        if (!order) return fail(2, '订单不存在')
        const result = param(request, 'result')
        if (result === '2' || result === 'SUCCESS')
          markPaid(order, path === '/order/alipay' ? 2 : 1, Date.now(), param(request, 'third_trade_no') ?? undefined)
        else order.pay_status = 4
        return { status: 200, body: { code: 0 } }
      }
      if (!auth.accepts(request)) return fail(1, '未登录或登录已过期')
      switch (path) {
        case '/order/list':
          return list(request, context.injectBadRecord)
        case '/order/get': {
          const id = param(request, 'id')
          const tradeNo = param(request, 'trade_no')
          const order = id ? base.byId(id) : tradeNo ? orders.find((o) => o.trade_no === tradeNo) : undefined
          if (!id && !tradeNo) return fail(3, '缺少参数:id 或 trade_no')
          return order ? ok([render(order)]) : fail(2, '订单不存在')
        }
        case '/order/create': {
          const albumId = param(request, 'album_id')
          if (!albumId) return fail(4, '缺少订购内容参数')
          const album = ALBUMS.find((a) => String(a.id) === albumId)
          if (!album) return fail(5, '课程不存在')
          const created = Date.now()
          const order: CourseOrder = {
            ...makeOrder(random, base.nextNumber(), created, created),
            album,
            amount: album.price,
            pay_status: album.price === 0 ? 2 : 0,
            servicer: null,
            third_trade_no: null,
            third_buyer_id: null,
            pay_time: Math.floor(created / 1000) * 1000,
          }
          orders.push(order)
          return ok([
            { id: String(order.id), name: album.title, amount: money(order.amount), trade_no: order.trade_no, status: order.pay_status },
          ])
        }
        case '/order/sum': {
          const cut = Math.floor(Date.now() / 3600_000) * 3600_000
          const items = ALBUMS.map((album) => ({
            album_id: String(album.id),
            title: album.title,
            total: money(
              orders
                .filter((o) => !o.hidden && o.album.id === album.id && o.pay_status === 2 && o.pay_time <= cut)
                .reduce((n, o) => n + o.amount, 0),
            ),
            timestamp: time(cut),
          })).filter((i) => i.total !== '0.00')
          return ok(items)
        }
        default:
          return { status: 404, body: { code: 404, err_desc: `接口不存在:${path}` } }
      }
    },
    pay(id, at = Date.now()) {
      const o = find(id)
      if (o.pay_status === 2) throw new Error(`course order ${id} is already paid`)
      markPaid(o, 2, at)
    },
    refund() {
      throw new Error('the course API has no refunds')
    },
    cancel() {
      throw new Error('the course API has no cancel')
    },
  }
}
