import { ConnectorError } from '../connectors/errors'
import { formSchema } from '../connectors/form'
import type { Connector } from '../connectors/types'
import type { Db } from '../db/database'
import type { WriteTurn } from '../db/write-turn'
import type { SourceConfig } from '../sources/config'
import { AppError } from '../shared/app-error'
import type { NormalizedOrder } from './order'
import { OrderWriter } from './writer'

/**
 * Creates an order through the source's API after checking the input against the
 * connector's create form (the same description the renderer draws), then puts the new
 * order into the cache at once.
 */
export async function createOrder(
  db: Db,
  write: WriteTurn,
  source: SourceConfig,
  connector: Connector,
  input: unknown,
): Promise<NormalizedOrder> {
  if (!connector.capabilities.create) throw new AppError('unsupported', `source "${source.id}" (${source.kind}) cannot create orders`)
  const parsed = formSchema(connector.createForm).safeParse(input)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const field = issue.path.join('.') || (issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : '')
    throw new AppError('invalid_argument', `${field ? `${field}: ` : ''}${issue.message}`, field || undefined)
  }
  const order = await connector.create(parsed.data)
  await write(() => new OrderWriter(db).upsert(source.id, [order], Date.now()))
  return order
}

/**
 * Cancels through the API where the kind allows it. The cache changes only after the API
 * said yes; on failure nothing changes locally.
 */
export async function cancelOrder(
  db: Db,
  write: WriteTurn,
  source: SourceConfig,
  connector: Connector,
  remoteId: string,
): Promise<NormalizedOrder> {
  if (!connector.capabilities.cancel) {
    throw new AppError('unsupported', `source "${source.id}" (${source.kind}): this API has no way to cancel orders`)
  }
  const row = db
    .prepare('SELECT remote_id, order_no, customer_id, status FROM orders WHERE source_id = ? AND remote_id = ?')
    .get(source.id, remoteId) as { remote_id: string; order_no: string | null; customer_id: string | null; status: string } | undefined
  let target: Pick<NormalizedOrder, 'remote_id' | 'order_no' | 'customer_id'>
  if (row) {
    if (row.status !== 'pending') throw new AppError('conflict', `order ${remoteId} is ${row.status}; only a pending order can be canceled`)
    target = row
  } else if (connector.capabilities.get) {
    target = await connector.get(remoteId, undefined, {})
  } else {
    throw new AppError('not_found', `order ${remoteId} is not in the cache of source "${source.id}"; sync first`)
  }
  let order: NormalizedOrder
  try {
    order = await connector.cancel(target)
  } catch (error) {
    if (error instanceof ConnectorError && error.kind === 'unsupported') throw new AppError('unsupported', error.message)
    throw error
  }
  await write(() => new OrderWriter(db).upsert(source.id, [order], Date.now()))
  return order
}
