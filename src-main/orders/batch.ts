import type {
  BatchOrderRef,
  CancelBlock,
  CancelOutcome,
  CancelPlan,
  ErrorData,
  OrderFilter,
  SourceKindInfo,
} from '../../src-preload/contract'
import { CANCEL_CAP, SELECTION_CAP } from '../../src-preload/contract-values'
import { errorToData } from '../api/dispatch'
import type { Connector } from '../connectors/types'
import type { Db } from '../db/database'
import type { WriteTurn } from '../db/write-turn'
import type { SourceConfig } from '../sources/config'
import { cancelOrder } from './actions'
import { orderFilterSql } from './filter'

/** The orders of a filter as a selection: newest first (the export's order), at most SELECTION_CAP. */
export function selectAll(db: Db, filter: OrderFilter): { total: number; orders: Array<{ id: number; orderNo: string }> } {
  const { where, params } = orderFilterSql(filter, db)
  const total = (db.prepare(`SELECT count(*) AS n FROM orders o ${where}`).get(params) as { n: number }).n
  const orders = db
    .prepare(
      `SELECT o.id AS id, coalesce(o.order_no, o.remote_id) AS orderNo FROM orders o ${where}
       ORDER BY o.created_at DESC, o.id DESC LIMIT ${SELECTION_CAP}`,
    )
    .all(params) as Array<{ id: number; orderNo: string }>
  return { total, orders }
}

interface BatchRow {
  id: number
  source_id: string
  remote_id: string
  order_no: string | null
  status: string
  source_name: string | null
  kind: string | null
}

/** The orders of `ids` as the cache has them (a missing one is absent), in one query. */
function readRows(db: Db, ids: readonly number[]): Map<number, BatchRow> {
  const rows = db
    .prepare(
      `SELECT o.id, o.source_id, o.remote_id, o.order_no, o.status, s.name AS source_name, s.kind AS kind
       FROM orders o LEFT JOIN sources s ON s.id = o.source_id WHERE o.id IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(ids)) as BatchRow[]
  return new Map(rows.map((r) => [r.id, r]))
}

const refOf = (id: number, row: BatchRow | undefined): BatchOrderRef => ({
  id,
  orderNo: row ? (row.order_no ?? row.remote_id) : '',
  sourceName: row?.source_name ?? '',
})

/** Why an order is not canceled without asking its API (as the detail drawer decides), or null. */
function blockOf(row: BatchRow | undefined, kinds: readonly SourceKindInfo[]): CancelBlock | null {
  if (!row) return 'missing'
  if (row.kind === null) return 'no_source'
  if (!kinds.find((k) => k.kind === row.kind)?.capabilities.cancel) return 'unsupported'
  return row.status === 'pending' ? null : (row.status as CancelBlock)
}

/** What canceling these orders would do: which can be, which cannot and why. Asks no API. */
export function cancelPlan(db: Db, kinds: readonly SourceKindInfo[], ids: readonly number[]): CancelPlan {
  const rows = readRows(db, ids)
  const plan: CancelPlan = { cancelable: [], blocked: [], cap: CANCEL_CAP }
  for (const id of ids) {
    const row = rows.get(id)
    const reason = blockOf(row, kinds)
    if (reason) plan.blocked.push({ ...refOf(id, row), reason })
    else plan.cancelable.push(refOf(id, row))
  }
  return plan
}

export interface CancelManyOptions {
  db: Db
  write: WriteTurn
  kinds: readonly SourceKindInfo[]
  /** The source's config and connector. */
  connectorOf: (sourceId: string) => { config: SourceConfig; connector: Connector }
  /** Stops the run: orders not yet sent are not tried. */
  signal?: AbortSignal
  /** Each order as it is answered, with how many are answered so far. */
  onOutcome?: (outcome: CancelOutcome, answered: number) => void
}

/** Failures that say the source is not answering now: its other orders would fail alike, so they are not sent. */
const SOURCE_DOWN = new Set<ErrorData['kind']>(['network', 'timeout', 'auth', 'rate_limited'])

/**
 * Cancels orders through their APIs: checked first as the plan checks them (an order paid
 * since the plan is refused without a request), then one at a time per source, the sources
 * side by side, since a vendor sees every request. Every order gets an outcome, also those
 * never sent (stopped, or their source stopped answering), in the order asked.
 */
export async function cancelMany(ids: readonly number[], options: CancelManyOptions): Promise<CancelOutcome[]> {
  if (ids.length > CANCEL_CAP) throw new Error(`at most ${CANCEL_CAP} orders at once`)
  const rows = readRows(options.db, ids)
  const outcomes = new Map<number, CancelOutcome>()
  const settle = (outcome: CancelOutcome): void => {
    outcomes.set(outcome.id, outcome)
    options.onOutcome?.(outcome, outcomes.size)
  }
  const bySource = new Map<string, BatchRow[]>()
  for (const id of ids) {
    const row = rows.get(id)
    const reason = blockOf(row, options.kinds)
    if (reason) settle({ ...refOf(id, row), result: 'refused', reason, error: null })
    else bySource.set(row!.source_id, [...(bySource.get(row!.source_id) ?? []), row!])
  }
  await Promise.all(
    [...bySource].map(async ([sourceId, queue]) => {
      let down: ErrorData | null = null
      for (const row of queue) {
        const ref = refOf(row.id, row)
        if (options.signal?.aborted) {
          settle({ ...ref, result: 'not_tried', reason: 'stopped', error: null })
          continue
        }
        if (down) {
          settle({ ...ref, result: 'not_tried', reason: 'source_down', error: down })
          continue
        }
        try {
          const { config, connector } = options.connectorOf(sourceId)
          await cancelOrder(options.db, options.write, config, connector, row.remote_id)
          settle({ ...ref, result: 'done', reason: null, error: null })
        } catch (error) {
          const data = errorToData(error)
          if (SOURCE_DOWN.has(data.kind)) down = data
          settle({ ...ref, result: 'refused', reason: 'api', error: data })
        }
      }
    }),
  )
  return ids.map((id) => outcomes.get(id)!)
}
