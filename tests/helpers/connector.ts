import { createConnector } from '../../src-main/connectors'
import { ConnectorError, type ConnectorErrorKind } from '../../src-main/connectors/errors'
import type { Connector, ListPage, PagesRequest, Send } from '../../src-main/connectors/types'
import type { NormalizedOrder } from '../../src-main/orders/order'
import { startSandbox, type StartedSandbox } from '../../src-main/sandboxes'
import type { SandboxOptions } from '../../src-main/sandboxes/types'
import type { SourceKind } from '../../src-main/sources/config'

/** A kind's sandbox on loopback and a connector configured against it. */
export async function connectorOn(
  kind: SourceKind,
  options: SandboxOptions = {},
  extra: Record<string, unknown> = {},
  timeoutMs = 1000,
): Promise<{ started: StartedSandbox; connector: Connector }> {
  const started = await startSandbox(kind, { seed: 42, orders: 60, ...options })
  const connector = createConnector(started.sourceConfig(`t-${kind}`, kind, extra), { timeoutMs })
  return { started, connector }
}

/** Sends each request at once: the listing's own read-ahead is all the concurrency there is. */
export const sendNow: Send = (request, signal) => request(signal ?? new AbortController().signal)

/** Every page of a listing, as sync reads them (four requests at a time). */
export async function listAll(
  connector: Connector,
  request: Omit<PagesRequest, 'ahead' | 'send'> & Partial<Pick<PagesRequest, 'ahead' | 'send'>> = {},
): Promise<{ pages: ListPage[]; orders: NormalizedOrder[] }> {
  const pages: ListPage[] = []
  for await (const page of connector.pages({ ahead: 4, send: sendNow, ...request })) pages.push(page)
  return { pages, orders: pages.flatMap((p) => p.orders) }
}

/** The error kind a call fails with (the test fails if it does not fail). */
export async function failureOf(call: Promise<unknown>): Promise<{ kind: ConnectorErrorKind; message: string; retryAfterMs?: number }> {
  try {
    await call
  } catch (error) {
    if (error instanceof ConnectorError) return { kind: error.kind, message: error.message, retryAfterMs: error.details.retryAfterMs }
    throw error
  }
  throw new Error('expected the call to fail, and it succeeded')
}

export const sortById = <T extends { remote_id: string }>(rows: T[]): T[] => [...rows].sort((a, b) => (a.remote_id < b.remote_id ? -1 : 1))

export function truthOf(orders: NormalizedOrder[]) {
  return sortById(
    orders.map((o) => ({
      remote_id: o.remote_id,
      status: o.status,
      currency: o.currency,
      total: o.total,
      due: o.due,
      paid: o.paid,
      refunded: o.refunded,
      created_at: o.created_at,
      paid_at: o.paid_at,
    })),
  )
}
