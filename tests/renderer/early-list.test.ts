// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import type { Bridge, Envelope } from '../../src-preload/contract'
import { useOrdersStore } from '../../src-renderer/src/stores/orders'

const sent: Array<{ channel: string; args: unknown }> = []
let total = 42
const answers: Record<string, () => Envelope<unknown>> = {
  'orders:list': () => ({ ok: true, data: { total, rows: [] } }),
  'orders:statusCounts': () => ({
    ok: true,
    data: { pending: 0, paid: total, canceled: 0, refunded: 0, partially_refunded: 0, closed: 0 },
  }),
}
/** The preload's place: every call the page makes crosses it, recorded. */
const bridge: Bridge = {
  invoke: async (channel, args) => {
    sent.push({ channel, args })
    return answers[channel]() as never
  },
  on: () => () => undefined,
}
;(window as unknown as { orderdesk: Bridge }).orderdesk = bridge

describe('the route’s early ask for the list', () => {
  beforeEach(() => {
    sent.length = 0
    total = 42
    localStorage.clear()
    setActivePinia(createPinia())
  })

  it('hands the list its first page once, for the arguments it asks with', async () => {
    const orders = useOrdersStore()
    await orders.askEarly()
    expect(sent.map((s) => s.channel)).toEqual(['orders:list', 'orders:statusCounts'])
    expect(sent[0].args).toEqual(orders.listArgs())
    expect(orders.takeEarly()?.result.total).toBe(42)
    expect(orders.takeEarly()).toBeNull()
  })

  it('gives nothing once the list asks for something else', async () => {
    const orders = useOrdersStore()
    await orders.askEarly()
    orders.state.statuses = ['refunded']
    expect(orders.takeEarly()).toBeNull()
  })
})
