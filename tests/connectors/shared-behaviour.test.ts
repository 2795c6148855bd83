import { afterEach, describe, expect, it } from 'vitest'
import type { StartedSandbox } from '../../src-main/sandboxes'
import { connectorOn, failureOf, listAll, sortById, truthOf } from '../helpers/connector'
import { KINDS } from '../helpers/sandbox-sync'

const running: StartedSandbox[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()))
})

async function on(kind: (typeof KINDS)[number], options = {}, extra = {}, timeoutMs = 1000) {
  const fixture = await connectorOn(kind, options, extra, timeoutMs)
  running.push(fixture.started)
  return fixture
}

/** What every connector must do the same way, whatever its API looks like. */
describe.each(KINDS)('%s connector against its sandbox', (kind) => {
  it('lists every order exactly as the sandbox holds it, across pages', async () => {
    const { started, connector } = await on(kind, { orders: 57 })
    const { pages, orders } = await listAll(connector, { pageSize: 10 })
    expect(pages.length).toBeGreaterThanOrEqual(6)
    expect(truthOf(orders)).toEqual(sortById(started.sandbox.truth()))
    expect(new Set(orders.map((o) => o.remote_id)).size).toBe(57)
  })

  it('handles paging edges: empty, exactly one page, a short last page, a server that caps the page size', async () => {
    const empty = await on(kind, { orders: 0 })
    const none = await listAll(empty.connector, { pageSize: 10 })
    expect(none.orders).toEqual([])
    expect(none.pages.at(-1)!.nextCursor).toBeNull()

    const exact = await on(kind, { orders: 10 })
    const one = await listAll(exact.connector, { pageSize: 10 })
    expect(one.orders).toHaveLength(10)
    // A second, empty page is allowed where the API cannot say "last" (course: in each of its two halves).
    expect(one.pages.length).toBeLessThanOrEqual(kind === 'course' ? 4 : 2)

    const short = await on(kind, { orders: 23 })
    const three = await listAll(short.connector, { pageSize: 10 })
    expect(three.orders).toHaveLength(23)

    const capped = await on(kind, { orders: 35, maxPageSize: 7 })
    const all = await listAll(capped.connector, { pageSize: 20 })
    expect(truthOf(all.orders)).toEqual(sortById(capped.started.sandbox.truth()))
  })

  it('gets one order, and says not found for an unknown one', async () => {
    const { started, connector } = await on(kind)
    const [first] = started.sandbox.truth()
    const { orders } = await listAll(connector)
    const cached = orders.find((o) => o.remote_id === first.remote_id)!
    const got = await connector.get(first.remote_id, undefined, { order_no: cached.order_no })
    expect(truthOf([got])).toEqual([first])
    const missing = kind === 'pub' ? connector.get('999999', undefined, { order_no: 'NOPE' }) : connector.get('999999')
    expect((await failureOf(missing)).kind).toBe('not_found')
  })

  it('reports a wrong credential as an authentication error with the API’s words', async () => {
    const key = kind === 'pingpp' ? 'secretKey' : 'token'
    const { connector } = await on(kind, {}, { [key]: 'definitely-wrong' })
    const failure = await failureOf(connector.list({}))
    expect(failure.kind).toBe('auth')
    expect(failure.message.length).toBeGreaterThan(10)
    expect((await failureOf(connector.probe())).kind).toBe('auth')
  })

  it('maps 429 (with Retry-After), 5xx, timeouts, malformed, truncated and dropped replies to typed errors', async () => {
    const { started, connector } = await on(kind, {}, {}, 300)
    const arm = (fault: Parameters<typeof started.server.arm>[0]['fault']) => started.server.arm({ fault })
    arm({ type: 'status', status: 429, retryAfterSeconds: 7, body: { error: 'slow down' } })
    expect(await failureOf(connector.list({}))).toMatchObject({ kind: 'rate_limited', retryAfterMs: 7000 })
    arm({ type: 'status', status: 502 })
    expect((await failureOf(connector.list({}))).kind).toBe('server')
    arm({ type: 'timeout' })
    expect((await failureOf(connector.list({}))).kind).toBe('timeout')
    arm({ type: 'malformed' })
    expect((await failureOf(connector.list({}))).kind).toBe('malformed')
    arm({ type: 'truncated' })
    expect((await failureOf(connector.list({}))).kind).toBe('malformed')
    arm({ type: 'drop' })
    expect((await failureOf(connector.list({}))).kind).toBe('network')
    // After the faults, the same call works.
    expect((await connector.list({})).orders.length).toBeGreaterThan(0)
  })

  it('skips a bad record with its reason and raw payload, keeping the rest of the page', async () => {
    const { started, connector } = await on(kind, { orders: 15 })
    started.server.arm({ fault: { type: 'bad_record' } })
    const page = await connector.list({ pageSize: 10 })
    expect(page.skipped).toHaveLength(1)
    expect(page.skipped[0].reason).toMatch(/id|amount|date|time|created|total_fee|price/i)
    expect(page.skipped[0].raw).toBeTruthy()
    expect(page.orders.length).toBeGreaterThanOrEqual(9)
  })

  it('narrows an incremental window to recent orders without losing any of them', async () => {
    const { started, connector } = await on(kind, { orders: 200 })
    const since = Date.now() - 20 * 86_400_000
    const { orders } = await listAll(connector, { since, pageSize: 10 })
    const recent = started.sandbox.truth().filter((t) => t.created_at >= since)
    const got = new Set(orders.map((o) => o.remote_id))
    for (const r of recent) expect(got.has(r.remote_id)).toBe(true)
    expect(orders.length).toBeLessThan(200)
  })

  it('reports unreachable hosts as network errors', async () => {
    const { started, connector } = await on(kind)
    await started.close()
    running.splice(running.indexOf(started), 1)
    expect((await failureOf(connector.probe())).kind).toBe('network')
  })
})
