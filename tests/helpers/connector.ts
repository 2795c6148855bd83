import { createConnector } from '../../src-main/connectors'
import { ConnectorError, type ConnectorErrorKind } from '../../src-main/connectors/errors'
import type { Connector, ListPage, ListRequest } from '../../src-main/connectors/types'
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

/** Every page from the first, as sync would walk them. */
export async function listAll(
  connector: Connector,
  request: Omit<ListRequest, 'cursor'> = {},
): Promise<{ pages: ListPage[]; orders: NormalizedOrder[] }> {
  const pages: ListPage[] = []
  let cursor: string | null = null
  do {
    const page = await connector.list({ ...request, cursor })
    pages.push(page)
    cursor = page.nextCursor
  } while (cursor !== null && pages.length < 10_000)
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
