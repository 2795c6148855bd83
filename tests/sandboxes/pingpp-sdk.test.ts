import crypto from 'node:crypto'
import http from 'node:http'
import { createRequire } from 'node:module'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type StartedSandbox } from '../../src-main/sandboxes'

/**
 * Ping++'s own Node server SDK (npm `pingpp`) drives the sandbox: a client written by the
 * vendor keeps the simulator honest about paths, signatures, objects and errors.
 */

interface PingppList<T> {
  object: 'list'
  url: string
  has_more: boolean
  data: T[]
}
interface PingppCharge {
  id: string
  object: string
  channel: string
  amount: number
  paid: boolean
  time_paid: number | null
  transaction_no: string | null
  amount_refunded: number
  credential: Record<string, unknown>
}
interface PingppOrder {
  id: string
  object: string
  created: number
  status: string | number
  uid: string | null
  merchant_order_no: string
  amount: number
  actual_amount: number
  amount_paid: number
  amount_refunded: number
  receipt_app: string
  service_app: string
  time_paid: number | null
  charges: PingppList<PingppCharge>
}
interface PingppOrderRefund {
  id: string
  object: string
  order: string
  amount: number
  charge_amount: number
  charge_refund: string
  description: string
  status: string
}
/** The SDK's error: `type` is its class, `rawType` the API's error type. */
interface PingppSdkError {
  type: string
  rawType?: string
  message: string
  param?: string
}
type Call<T> = (...args: unknown[]) => Promise<T>
interface PingppSdk {
  setHost(host: string, port: number, protocol: string): void
  setPrivateKey(pem: string): void
  setTimeout(ms: number): void
  orders: {
    create: Call<PingppOrder>
    list: Call<PingppList<PingppOrder>>
    retrieve: Call<PingppOrder>
    cancel: Call<PingppOrder>
    pay: Call<PingppOrder>
    createRefund: Call<PingppList<PingppOrderRefund>>
    listRefunds: Call<PingppList<PingppOrderRefund>>
    retrieveRefund: Call<PingppOrderRefund>
    listCharges: Call<PingppList<PingppCharge>>
    retrieveCharge: Call<PingppCharge>
  }
}
const pingpp = createRequire(import.meta.url)('pingpp') as (secretKey: string) => PingppSdk

// The SDK writes a request once its socket connects; a socket kept alive from an earlier
// request never connects again, so with Node's default agent (keep-alive) every second call
// would wait forever. Its requests go through the global agent, so that one keeps nothing alive.
const keptAlive = http.globalAgent
beforeAll(() => {
  http.globalAgent = new http.Agent({ keepAlive: false })
})
afterAll(() => {
  http.globalAgent = keptAlive
})

let started: StartedSandbox
afterEach(() => started?.close())

/** The SDK pointed at the sandbox's loopback port, signing with the key the sandbox hands out. */
async function sdkOn(orders = 40): Promise<{ sdk: PingppSdk; app: string }> {
  started = await startSandbox('pingpp', { seed: 21, orders })
  const { secretKey, appId, privateKeyPem } = started.sandbox.credentials()
  return { sdk: configured(secretKey, privateKeyPem), app: appId }
}

function configured(secretKey: string, privateKeyPem?: string): PingppSdk {
  const sdk = pingpp(secretKey)
  sdk.setHost('127.0.0.1', started.server.port, 'http')
  if (privateKeyPem) sdk.setPrivateKey(privateKeyPem)
  sdk.setTimeout(5000)
  return sdk
}

async function sdkFailure(call: Promise<unknown>): Promise<PingppSdkError> {
  try {
    await call
  } catch (error) {
    return error as PingppSdkError
  }
  throw new Error('expected the SDK call to fail, and it succeeded')
}

const orderInput = (app: string, no: string, extra: Record<string, unknown> = {}) => ({
  app,
  merchant_order_no: no,
  amount: 1000,
  currency: 'cny',
  client_ip: '127.0.0.1',
  subject: '精品咖啡',
  body: '一杯拿铁',
  ...extra,
})

/** An order created through the SDK, paid on `channel` by the buyer. */
async function paidOrder(sdk: PingppSdk, app: string, no: string): Promise<PingppOrder> {
  const order = await sdk.orders.create(orderInput(app, no))
  await sdk.orders.pay(order.id, { channel: 'wx_pub_qr', charge_amount: order.actual_amount })
  started.sandbox.pay(order.id)
  return sdk.orders.retrieve(order.id)
}

describe('the official Ping++ SDK against the sandbox', () => {
  it('signs every call; the sandbox refuses the same write unsigned or signed with another key', async () => {
    const { sdk, app } = await sdkOn()
    expect((await sdk.orders.create(orderInput(app, 'SDK2026112301'))).object).toBe('order')
    const { secretKey } = started.sandbox.credentials()
    const unsigned = await sdkFailure(configured(secretKey).orders.create(orderInput(app, 'SDK2026112302')))
    expect(unsigned).toMatchObject({ type: 'PingppAuthenticationError', message: 'Request signature is required' })
    const { privateKey: otherKey } = crypto.generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    })
    const forged = await sdkFailure(configured(secretKey, otherKey).orders.create(orderInput(app, 'SDK2026112303')))
    expect(forged).toMatchObject({ type: 'PingppAuthenticationError', message: 'Signature verification failed' })
  })

  it('creates, retrieves and cancels an order in Ping++’s shape, with a 200yymmdd… id', async () => {
    const { sdk, app } = await sdkOn()
    const created = await sdk.orders.create(orderInput(app, 'SDK2026112304'))
    expect(created).toMatchObject({ object: 'order', status: 'created', uid: null, amount: 1000, actual_amount: 1000 })
    const day = new Date((created.created + 8 * 3600) * 1000).toISOString().slice(2, 10).replace(/-/g, '')
    expect(created.id).toMatch(new RegExp(`^200${day}\\d{10}$`))
    expect(await sdk.orders.retrieve(created.id)).toEqual(created)
    expect((await sdk.orders.cancel(created.id)).status).toBe('canceled')
    const again = await sdkFailure(sdk.orders.cancel(created.id))
    expect(again).toMatchObject({ type: 'PingppInvalidRequest', rawType: 'invalid_request_error', param: 'status' })
  })

  it('numbers every listed order 200 + yymmdd of its creation in China time + 10 digits', async () => {
    const { sdk, app } = await sdkOn()
    const { data } = await sdk.orders.list({ app, per_page: 20 })
    expect(data).toHaveLength(20)
    for (const order of data) {
      const day = new Date((order.created + 8 * 3600) * 1000).toISOString().slice(2, 10).replace(/-/g, '')
      expect(order.id).toMatch(new RegExp(`^200${day}\\d{10}$`))
    }
  })

  it('lists within a created[gte]/[lte] window and by the documented filters', async () => {
    const { sdk, app } = await sdkOn(200)
    const truth = started.sandbox.truth()
    const [gte, lte] = [truth[60].created_at / 1000, truth[20].created_at / 1000]
    const windowed = await sdk.orders.list({ app, per_page: 20, page: 2, created: { gte, lte } })
    const inWindow = truth.filter((t) => t.created_at / 1000 >= gte && t.created_at / 1000 <= lte)
    expect(windowed.data.map((o) => o.id)).toEqual(inWindow.slice(20, 40).map((t) => t.remote_id))
    expect(windowed.has_more).toBe(inWindow.length > 40)

    const every = async (filters: Record<string, unknown>): Promise<PingppOrder[]> => {
      const rows: PingppOrder[] = []
      for (let page = 1; ; page++) {
        const reply = await sdk.orders.list({ app, per_page: 20, page, ...filters })
        rows.push(...reply.data)
        if (!reply.has_more) return rows
      }
    }
    const all = await every({})
    for (const name of ['receipt_app', 'service_app'] as const) {
      const other = all.find((o) => o[name] !== app)![name]
      const filtered = await every({ [name]: other })
      expect(filtered.map((o) => o.id)).toEqual(all.filter((o) => o[name] === other).map((o) => o.id))
    }
    const uid = all.find((o) => o.uid !== null)!.uid
    expect((await every({ uid })).map((o) => o.id)).toEqual(all.filter((o) => o.uid === uid).map((o) => o.id))
    expect((await every({ paid: true })).every((o) => o.amount_paid > 0)).toBe(true)
  })

  it('pay opens a charge for charge_amount on the channel; the order is paid once the buyer pays it', async () => {
    const { sdk, app } = await sdkOn()
    const order = await sdk.orders.create(orderInput(app, 'SDK2026112305'))
    const short = await sdkFailure(sdk.orders.pay(order.id, { channel: 'alipay_qr', charge_amount: 1 }))
    expect(short).toMatchObject({ type: 'PingppInvalidRequest', param: 'charge_amount' })
    const unknown = await sdkFailure(sdk.orders.pay(order.id, { channel: 'carrier_pigeon', charge_amount: 1000 }))
    expect(unknown).toMatchObject({ type: 'PingppInvalidRequest', param: 'channel' })

    const opened = await sdk.orders.pay(order.id, { channel: 'wx_pub_qr', charge_amount: 1000 })
    expect(opened).toMatchObject({ status: 'created', amount_paid: 0, time_paid: null })
    expect(opened.charges.data).toHaveLength(1)
    expect(opened.charges.data[0]).toMatchObject({
      object: 'charge',
      channel: 'wx_pub_qr',
      amount: 1000,
      paid: false,
      transaction_no: null,
    })
    expect(opened.charges.data[0].credential).toHaveProperty('wx_pub_qr')

    started.sandbox.pay(order.id)
    const paid = await sdk.orders.retrieve(order.id)
    expect(paid).toMatchObject({ status: 'paid', amount_paid: 1000 })
    expect(paid.charges.data[0]).toMatchObject({ id: opened.charges.data[0].id, paid: true, time_paid: paid.time_paid })
    expect(paid.charges.data[0].transaction_no).toMatch(/^\d+$/)
  })

  it('refunds the charge_amount asked for, answering with order_refund objects', async () => {
    const { sdk, app } = await sdkOn()
    const order = await paidOrder(sdk, app, 'SDK2026112306')
    const reply = await sdk.orders.createRefund(order.id, { description: '部分退款', charge_amount: 300 })
    expect(reply).toMatchObject({ object: 'list', url: `/v1/orders/${order.id}/order_refunds` })
    expect(reply.data).toHaveLength(1)
    expect(reply.data[0]).toMatchObject({
      object: 'order_refund',
      order: order.id,
      amount: 300,
      charge_amount: 300,
      description: '部分退款',
      status: 'succeeded',
    })
    expect(reply.data[0].id).toMatch(/^210\d{16}$/)
    expect(reply.data[0].charge_refund).toMatch(/^re_[A-Za-z0-9]{24}$/)
    const after = await sdk.orders.retrieve(order.id)
    expect(after).toMatchObject({ status: 'paid', amount_paid: 1000, amount_refunded: 300 })
    expect(after.charges.data[0].amount_refunded).toBe(300)
    const tooMuch = await sdkFailure(sdk.orders.createRefund(order.id, { description: '再退', charge_amount: 701 }))
    expect(tooMuch).toMatchObject({ type: 'PingppInvalidRequest', param: 'charge_amount' })
  })

  it('lists and retrieves an order’s refunds and charges', async () => {
    const { sdk, app } = await sdkOn()
    const order = await paidOrder(sdk, app, 'SDK2026112307')
    const first = (await sdk.orders.createRefund(order.id, { description: '第一次', charge_amount: 100 })).data[0]
    const second = (await sdk.orders.createRefund(order.id, { description: '第二次', charge_amount: 200 })).data[0]
    const refunds = await sdk.orders.listRefunds(order.id, { page: 1, per_page: 1 })
    expect(refunds).toMatchObject({ object: 'list', url: `/v1/orders/${order.id}/order_refunds`, has_more: true })
    expect(refunds.data.map((r) => r.id)).toEqual([second.id])
    expect(await sdk.orders.retrieveRefund(order.id, first.id)).toEqual(first)

    const charges = await sdk.orders.listCharges(order.id, { page: 1, per_page: 10 })
    expect(charges).toMatchObject({ object: 'list', url: `/v1/orders/${order.id}/charges`, has_more: false })
    expect(charges.data.map((c) => c.id)).toEqual(order.charges.data.map((c) => c.id))
    const charge = await sdk.orders.retrieveCharge(order.id, charges.data[0].id)
    expect(charge).toMatchObject({ id: charges.data[0].id, object: 'charge', amount_refunded: 300 })
    const missing = await sdkFailure(sdk.orders.retrieveCharge(order.id, 'ch_000000000000000000000000'))
    expect(missing).toMatchObject({ type: 'PingppInvalidRequest', rawType: 'invalid_request_error' })
  })

  it('reports errors in Ping++’s error object: a bad request, a wrong secret key, an injected fault', async () => {
    const { sdk, app } = await sdkOn()
    const bad = await sdkFailure(sdk.orders.create(orderInput(app, 'x')))
    expect(bad).toMatchObject({ type: 'PingppInvalidRequest', rawType: 'invalid_request_error', param: 'merchant_order_no' })
    expect(bad.message).toMatch(/merchant_order_no/)
    const wrongKey = await sdkFailure(configured('sk_test_wrongwrongwrong').orders.list({ app }))
    expect(wrongKey).toMatchObject({ type: 'PingppAuthenticationError', message: 'No valid API key provided' })
    started.server.arm({ fault: { type: 'status', status: 503 } })
    const injected = await sdkFailure(sdk.orders.list({ app }))
    expect(injected).toMatchObject({ type: 'PingppAPIError', rawType: 'api_error', message: 'injected HTTP 503' })
  })
})
