import { describe, expect, it } from 'vitest'
import { dispatch } from '../../src-main/api/dispatch'
import { createHandlers } from '../../src-main/api/handlers'
import type { StartedSandbox } from '../../src-main/sandboxes'
import type { SourceKind } from '../../src-main/sources/config'
import { coreWithSandboxes } from '../helpers/core'

/**
 * Creating an order as the create dialog sends it (amounts typed in yuan, a product id picked as
 * text) through the contract, against each kind's sandbox: what the API is sent, and what is cached.
 */
const { env, source: sourceOf } = coreWithSandboxes(30)

async function create(kind: SourceKind, input: Record<string, unknown>) {
  const answer = await dispatch(createHandlers(env().core), 'orders:create', { sourceId: `s-${kind}`, input })
  if (!answer.ok) throw new Error(JSON.stringify(answer.error))
  return answer.data as { id: number; total: number; due: number; raw: Record<string, unknown> }
}

/** The JSON body of the last write the sandbox received. */
function sentBody(started: StartedSandbox): Record<string, unknown> {
  const write = started.server.requestLog.filter((r) => r.method === 'POST' || r.method === 'PUT').at(-1)
  return JSON.parse(write!.body) as Record<string, unknown>
}

describe('creating an order from the form as staff fill it', () => {
  it('Ping++: the amount typed in yuan is sent as integer fen, exactly', async () => {
    const started = await sourceOf('pingpp')
    for (const [typed, fen] of [
      ['0.07', 7],
      ['1.15', 115],
      ['8.2', 820],
      ['19.99', 1999],
    ] as const) {
      const order = await create('pingpp', { merchant_order_no: `OD2026112400${fen}`, amount: typed, subject: '拿铁', body: '一杯' })
      expect(sentBody(started).amount).toBe(fen)
      expect(order.total).toBe(fen)
    }
  })

  it('Ping++: the payer’s address is the one typed, or else this computer’s address toward the API', async () => {
    const started = await sourceOf('pingpp')
    const order = await create('pingpp', { merchant_order_no: 'OD20261124000001', amount: '12345', subject: '拿铁', body: '一杯' })
    // The sandbox listens on loopback: the address this computer reaches it from is loopback's.
    expect(sentBody(started).client_ip).toBe('127.0.0.1')
    expect(order.total).toBe(1_234_500)
    await create('pingpp', { merchant_order_no: 'OD20261124000002', amount: '1', subject: '拿铁', body: '一杯', client_ip: '10.1.2.3' })
    expect(sentBody(started).client_ip).toBe('10.1.2.3')
  })

  it('appkey: the amount typed in yuan is sent as that decimal of yuan', async () => {
    const started = await sourceOf('appkey')
    for (const [typed, fen, sent] of [
      ['0.07', 7, '0.07'],
      ['1.15', 115, '1.15'],
      ['199.90', 19990, '199.9'],
    ] as const) {
      const order = await create('appkey', { productName: '年度会员', amount: typed, productID: 'P100' })
      const write = started.server.requestLog.filter((r) => r.method === 'POST').at(-1)!
      expect(write.body).toContain(`"amount":${sent}`)
      expect(order.total).toBe(fen)
    }
  })

  it('pub: a package id picked as text is sent as a number, a top-up in whole yuan as yuan', async () => {
    const started = await sourceOf('pub')
    const order = await create('pub', { pid: '3001', pm_id: 1, recharge_amount: '50' })
    expect(sentBody(started)).toEqual({ pid: 3001, pm_id: 1, recharge_amount: 50 })
    expect(order.total).toBe(5000)
  })
})
