import { describe, expect, it } from 'vitest'
import { startSandbox } from '../../src-main/sandboxes'

const APPKEY_BAD_BODY = { status: 400, body: { code: 400, data: null, error: 'The request body is not valid JSON.' } }

describe('a sandbox’s JSON request body', () => {
  it.each([
    {
      kind: 'pub',
      path: '/pub/order/create',
      body: '[1]',
      expected: { status: 200, body: { code: 400, message: '请求体不是有效的 JSON', data: null } },
    },
    { kind: 'appkey', path: '/Order/ak_demo_shop/Create', body: '[1]', expected: APPKEY_BAD_BODY },
    { kind: 'appkey', path: '/Order/ak_demo_shop/Create', body: 'null', expected: APPKEY_BAD_BODY },
  ] as const)(
    '$kind: a create whose body is $body, JSON but no object, is refused as a bad body',
    async ({ kind, path, body, expected }) => {
      const started = await startSandbox(kind, { orders: 1 })
      try {
        const reply = await fetch(`${started.server.url}${path}`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${started.sandbox.credentials().token}`, 'Content-Type': 'application/json' },
          body,
        })
        expect({ status: reply.status, body: await reply.json() }).toEqual(expected)
      } finally {
        await started.close()
      }
    },
  )
})

describe('pub’s trade numbers', () => {
  it('are one per order: an order created through the API and one added after it never share one', async () => {
    const started = await startSandbox('pub', { orders: 1 })
    try {
      const call = (path: string, init: RequestInit = {}) =>
        fetch(`${started.server.url}${path}`, {
          ...init,
          headers: { Authorization: `Bearer ${started.sandbox.credentials().token}`, 'Content-Type': 'application/json' },
        }).then((r) => r.json() as Promise<{ code: number; data: { list?: Array<{ trade_no: string }> } }>)
      const created = await call('/pub/order/create', { method: 'POST', body: JSON.stringify({ pid: 9, pm_id: 1 }) })
      expect(created.code).toBe(0)
      started.sandbox.addOrders(1)
      const listed = await call('/pub/order/list?page_no=1&page_size=10')
      const tradeNos = (listed.data.list ?? []).map((o) => o.trade_no)
      expect(tradeNos).toHaveLength(3)
      expect(new Set(tradeNos).size).toBe(3)
    } finally {
      await started.close()
    }
  })
})
