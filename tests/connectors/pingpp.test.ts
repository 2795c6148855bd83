import crypto from 'node:crypto'
import fs from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { createConnector } from '../../src-main/connectors'
import { normalizePingppRecord, pingppSignature } from '../../src-main/connectors/pingpp'
import { startSandboxServer } from '../../src-main/sandboxes/server'
import { createPingppSandbox } from '../../src-main/sandboxes/pingpp'
import { pingppSourceSchema } from '../../src-main/sources/config'
import { startSandbox, type StartedSandbox } from '../../src-main/sandboxes'
import { connectorOn, failureOf, listAll, sortById, truthOf } from '../helpers/connector'

const fixture = (name: string): string => fs.readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')
const PRIVATE = fixture('pingpp-test-key.pem')
const PUBLIC = fixture('pingpp-test-key.pub.pem')
const SH = { timezone: 'Asia/Shanghai', currency: 'CNY' }

/** A key the sandbox does not know. */
function otherPrivateKey(): string {
  return crypto.generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  }).privateKey
}

const order = (over: Record<string, unknown> = {}) => ({
  id: '2001708140000017551',
  object: 'order',
  created: 1502695388,
  status: 'paid',
  uid: 'user_007',
  merchant_order_no: '2017081400000006',
  amount: 1000,
  actual_amount: 800,
  coupon_amount: 200,
  amount_paid: 800,
  amount_refunded: 0,
  currency: 'cny',
  subject: 'Your Subject',
  time_paid: 1502695440,
  time_expire: 1502781019,
  charges: { object: 'list', data: [{ id: 'ch_1', channel: 'alipay_qr', paid: true, transaction_no: '2017081421001004' }] },
  ...over,
})

describe('pingpp normalization', () => {
  it.each([
    ['created', 0, 0, 'pending'],
    ['paid', 800, 0, 'paid'],
    ['paid', 800, 300, 'partially_refunded'],
    ['refunded', 800, 800, 'refunded'],
    ['canceled', 0, 0, 'canceled'],
    [0, 0, 0, 'pending'],
    [0, 800, 0, 'unknown'],
    ['weird', 0, 0, 'unknown'],
  ] as const)('%s with paid %i refunded %i → %s', (status, paid, refunded, normalized) => {
    expect(normalizePingppRecord(order({ status, amount_paid: paid, amount_refunded: refunded }), SH).status).toBe(normalized)
  })

  it('reads every documented sample order as src-main/orders/README.md says: status 0 is pending, null fields are no value', () => {
    const samples = JSON.parse(fixture('pingpp-seed-002-orders.json')) as unknown[]
    const read = samples.map((raw) => normalizePingppRecord(raw, SH))
    expect(read.map((o) => [o.remote_id, o.status, o.remote_status])).toEqual([
      ['2001708140000017551', 'canceled', 'canceled'],
      ['2001708140000016421', 'pending', '0'],
      ['2001708140000015581', 'pending', '0'],
    ])
    // The canceled order's only charge was never paid: no trade number, no channel, no payment time.
    expect(read[0]).toMatchObject({ trade_no: null, pay_channel: null, paid_at: null, total: 1000, discount: 200, due: 800, paid: 0 })
    expect(read[1]).toMatchObject({ customer_id: 'user_007', total: 1000, discount: 10, due: 990, paid: 0, refunded: 0, paid_at: null })
    expect(read[1].expires_at).toBe(1502781019000)
  })

  it('keeps 19-digit ids as text, fen as integers, Unix seconds as instants, the paid charge’s trade no', () => {
    expect(normalizePingppRecord(order(), SH)).toMatchObject({
      remote_id: '2001708140000017551',
      order_no: '2017081400000006',
      trade_no: '2017081421001004',
      pay_channel: 'alipay_qr',
      currency: 'CNY',
      total: 1000,
      discount: 200,
      due: 800,
      paid: 800,
      created_at: 1502695388000,
      paid_at: 1502695440000,
      expires_at: 1502781019000,
      customer_id: 'user_007',
      product_name: 'Your Subject',
    })
    expect(() => normalizePingppRecord(order({ amount: 10.5 }), SH)).toThrow(/amount/)
    expect(() => normalizePingppRecord(order({ created: 'yesterday' }), SH)).toThrow(/created/)
  })
})

describe('pingpp signatures', () => {
  it('matches a known signature for a fixed key (RSA PKCS#1 v1.5, SHA-256, body + URI + timestamp)', () => {
    const signature = pingppSignature(
      PRIVATE,
      '{"status":"canceled"}',
      '/v1/orders/2001708140000017551?app=app_1Gqj58ynP0mHeX1q',
      '1475029155',
    )
    expect(signature).toBe(fixture('pingpp-known-signature.txt').trim())
    expect(signature).not.toMatch(/\n/)
    expect(
      crypto
        .createVerify('RSA-SHA256')
        .update('{"status":"canceled"}/v1/orders/2001708140000017551?app=app_1Gqj58ynP0mHeX1q1475029155')
        .verify(PUBLIC, signature, 'base64'),
    ).toBe(true)
  })

  let closeMe: (() => Promise<void>) | null = null
  afterEach(async () => {
    await closeMe?.()
    closeMe = null
  })

  it('signs every request so a sandbox that requires signatures accepts them, and rejects a wrong key', async () => {
    const sandbox = createPingppSandbox({ seed: 9, orders: 30, keyPair: { publicKeyPem: PUBLIC, privateKeyPem: PRIVATE } })
    const server = await startSandboxServer(sandbox)
    closeMe = () => server.close()
    const config = pingppSourceSchema.parse({
      id: 'pp',
      name: 'pp',
      kind: 'pingpp',
      baseUrl: server.url,
      ...sandbox.credentials(),
      privateKeyPem: PRIVATE,
    })
    const connector = createConnector(config)
    const page = await connector.list({ pageSize: 20 })
    expect(page.orders).toHaveLength(20)
    const created = await connector.create({
      merchant_order_no: 'OD20261123001',
      amount: 1999,
      subject: '咖啡',
      body: '一杯',
      client_ip: '127.0.0.1',
    })
    expect(created).toMatchObject({ status: 'pending', due: 1999 })
    expect((await connector.cancel(created)).status).toBe('canceled')

    const unsigned = createConnector({ ...config, privateKeyPem: undefined })
    expect((await unsigned.list({})).orders.length).toBeGreaterThan(0) // GET may go unsigned
    const refused = await failureOf(
      unsigned.create({ merchant_order_no: 'OD20261123002', amount: 1, subject: 's', body: 'b', client_ip: '127.0.0.1' }),
    )
    expect(refused).toMatchObject({ kind: 'auth' })
    expect(refused.message).toMatch(/signature is required/i)

    const forged = createConnector({ ...config, privateKeyPem: otherPrivateKey() })
    expect((await failureOf(forged.list({}))).message).toMatch(/Signature verification failed/)
  })
})

describe('pingpp signatures by default', () => {
  let started: StartedSandbox
  afterEach(() => started?.close())
  const input = (no: string, extra: Record<string, unknown> = {}) => ({
    merchant_order_no: no,
    amount: 500,
    subject: '咖啡',
    body: '一杯',
    client_ip: '127.0.0.1',
    ...extra,
  })

  it('a sandbox started with defaults refuses unsigned writes and other keys, and the source it configures signs', async () => {
    const f = await connectorOn('pingpp')
    started = f.started
    expect((await f.connector.create(input('OD20261123010'))).status).toBe('pending')
    const config = pingppSourceSchema.parse(started.sourceConfig('pp', 'pp'))
    const unsigned = await failureOf(createConnector({ ...config, privateKeyPem: undefined }).create(input('OD20261123011')))
    expect(unsigned).toMatchObject({ kind: 'auth' })
    expect(unsigned.message).toMatch(/signature is required/i)
    const forged = await failureOf(createConnector({ ...config, privateKeyPem: otherPrivateKey() }).list({}))
    expect(forged.message).toMatch(/Signature verification failed/)
  })

  it('lets unsigned writes through only when told to, and still checks a signature that is sent', async () => {
    const sandbox = createPingppSandbox({ seed: 9, orders: 5, requireSignature: false })
    const server = await startSandboxServer(sandbox)
    try {
      const config = pingppSourceSchema.parse({ id: 'pp', name: 'pp', kind: 'pingpp', baseUrl: server.url, ...sandbox.credentials() })
      expect((await createConnector({ ...config, privateKeyPem: undefined }).create(input('OD20261123012'))).status).toBe('pending')
      const forged = await failureOf(createConnector({ ...config, privateKeyPem: otherPrivateKey() }).list({}))
      expect(forged.message).toMatch(/Signature verification failed/)
    } finally {
      await server.close()
    }
  })

  it('signs a query holding reserved and non-ASCII characters as it is sent, so the sandbox verifies it', async () => {
    const f = await connectorOn('pingpp')
    started = f.started
    const uid = `!'()*~ :/?#[]@$&+,;=% 用户·Ω`
    const created = await f.connector.create(input('OD20261123013', { uid }))
    const page = await f.connector.list({ filters: { uid } })
    expect(page.orders.map((o) => [o.remote_id, o.customer_id])).toEqual([[created.remote_id, uid]])
  })
})

describe('pingpp connector', () => {
  let started: StartedSandbox
  afterEach(() => started?.close())

  it('cancels only unpaid orders, with the API’s message otherwise; a partial refund shows', async () => {
    const f = await connectorOn('pingpp')
    started = f.started
    const pending = started.sandbox.truth().find((t) => t.status === 'pending')!
    const paid = started.sandbox.truth().find((t) => t.status === 'paid')!
    expect((await f.connector.cancel({ remote_id: pending.remote_id, order_no: null, customer_id: null })).status).toBe('canceled')
    const refused = await failureOf(f.connector.cancel({ remote_id: paid.remote_id, order_no: null, customer_id: null }))
    expect(refused.kind).toBe('invalid')
    expect(refused.message).toMatch(/只有未支付的订单可以取消/)
    started.sandbox.refund(paid.remote_id, 1)
    expect((await f.connector.get(paid.remote_id)).status).toBe('partially_refunded')
    expect(
      (await failureOf(f.connector.create({ merchant_order_no: 'x', amount: 1, subject: 's', body: 'b', client_ip: '1.1.1.1' }))).message,
    ).toMatch(/merchant_order_no/)
  })

  it('asks for at most 20 per page and sends created[gte] for a window', async () => {
    const f = await connectorOn('pingpp', { orders: 80 }, {}, 1000)
    started = f.started
    const since = Date.now() - 30 * 86_400_000
    await f.connector.list({ pageSize: 100, since })
    expect(started.server.requestCounts.get('/v1/orders')).toBe(1)
  })
})

describe('a Ping++ listing whose first page holds only records it cannot read', () => {
  let started: StartedSandbox
  afterEach(() => started?.close())

  it('reads on past it, from the top of the range, and lists every order', async () => {
    const f = await connectorOn('pingpp', { orders: 30, maxPageSize: 1 })
    started = f.started
    // The corrupt row lands first in the first page: no creation time to plan the windows from.
    f.started.server.arm({ fault: { type: 'bad_record' } })
    const { pages, orders } = await listAll(f.connector, { pageSize: 1 })
    expect(pages[0].orders).toEqual([])
    expect(pages[0].skipped).toHaveLength(1)
    expect(truthOf(orders.filter((o, i, all) => all.findIndex((x) => x.remote_id === o.remote_id) === i))).toEqual(
      sortById(f.started.sandbox.truth()),
    )
  })
})

describe('pingpp create', () => {
  let started: StartedSandbox
  afterEach(() => started?.close())

  it('sends the address this computer sends from toward the API when no payer address is given', async () => {
    started = await startSandbox('pingpp', { seed: 3, orders: 5 }, { recordRequests: true })
    const config = started.sourceConfig('pp', 'pp')
    const toward: string[] = []
    const connector = createConnector(config, { addressToward: async (url) => (toward.push(url), '192.0.2.2') })
    await connector.create({ merchant_order_no: 'OD20261124000001', amount: 100, subject: 's', body: 'b' })
    expect(toward).toEqual([config.baseUrl])
    const sent = started.server.requestLog.filter((r) => r.method === 'POST').at(-1)!
    expect(JSON.parse(sent.body)).toMatchObject({ client_ip: '192.0.2.2', amount: 100 })
  })
})
