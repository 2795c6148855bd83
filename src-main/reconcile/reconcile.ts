import type { ReconcileLine, ReconcileResult } from '../../src-preload/contract'
import { ConnectorError } from '../connectors/errors'
import type { Connector } from '../connectors/types'
import type { Db } from '../db/database'
import type { WriteTurn } from '../db/write-turn'
import type { SourceConfig } from '../sources/config'

/**
 * Reconciliation: what the API says beside what the cache says, per source, through the
 * figures each API offers (orders list totals and filters, course's /order/sum). Every run
 * is kept as history.
 */
export async function reconcileSource(
  db: Db,
  write: WriteTurn,
  source: SourceConfig,
  connector: Connector,
  signal?: AbortSignal,
): Promise<ReconcileResult> {
  const at = Date.now()
  let lines: ReconcileLine[] = []
  let error: string | null = null
  try {
    lines = await compare(db, source, connector, signal)
  } catch (e) {
    error = e instanceof ConnectorError || e instanceof Error ? e.message : String(e)
  }
  const matches = error === null && lines.every((l) => l.match)
  const id = await write(() =>
    Number(
      db
        .prepare('INSERT INTO reconciliations (source_id, at, matches, lines, error) VALUES (?, ?, ?, ?, ?)')
        .run(source.id, at, matches ? 1 : 0, JSON.stringify(lines), error).lastInsertRowid,
    ),
  )
  return { id, sourceId: source.id, at, matches, lines, error }
}

export function reconciliationHistory(db: Db, sourceId: string | null, limit = 50): ReconcileResult[] {
  const rows = (
    sourceId
      ? db.prepare('SELECT * FROM reconciliations WHERE source_id = ? ORDER BY at DESC, id DESC LIMIT ?').all(sourceId, limit)
      : db.prepare('SELECT * FROM reconciliations ORDER BY at DESC, id DESC LIMIT ?').all(limit)
  ) as Array<{ id: number; source_id: string; at: number; matches: number; lines: string; error: string | null }>
  return rows.map((r) => ({
    id: r.id,
    sourceId: r.source_id,
    at: r.at,
    matches: r.matches === 1,
    lines: JSON.parse(r.lines) as ReconcileLine[],
    error: r.error,
  }))
}

function line(key: string, label: string, unit: ReconcileLine['unit'], remote: number, local: number, note?: string): ReconcileLine {
  return { key, label, unit, remote, local, match: remote === local, ...(note ? { note } : {}) }
}

async function compare(db: Db, source: SourceConfig, connector: Connector, signal?: AbortSignal): Promise<ReconcileLine[]> {
  const local = (sql: string, ...params: unknown[]): number =>
    Number((db.prepare(sql).get(source.id, ...params) as { n: number | null }).n ?? 0)
  const listed = 'source_id = ? AND missing_since IS NULL'
  switch (source.kind) {
    case 'pub': {
      const total = await totalOf(connector, {}, signal)
      const lines = [line('total', 'orders', 'count', total, local(`SELECT count(*) AS n FROM orders WHERE ${listed}`))]
      for (const status of ['0', '1', '2', '3']) {
        const remote = await totalOf(connector, { status: Number(status) }, signal)
        lines.push(
          line(
            `status:${status}`,
            `status ${status}`,
            'count',
            remote,
            local(`SELECT count(*) AS n FROM orders WHERE ${listed} AND remote_status = ?`, status),
          ),
        )
      }
      return lines
    }
    case 'appkey': {
      const total = await totalOf(connector, {}, signal)
      return [line('total', 'orders', 'count', total, local(`SELECT count(*) AS n FROM orders WHERE ${listed}`))]
    }
    case 'pingpp': {
      // No totals in Ping++ lists: count through the API's own filters, page by page.
      return [
        line(
          'paid',
          'paid',
          'count',
          await countAll(connector, { paid: true }, signal),
          local(`SELECT count(*) AS n FROM orders WHERE ${listed} AND paid > 0`),
        ),
        line(
          'refunded',
          'refunded',
          'count',
          await countAll(connector, { refunded: true }, signal),
          local(`SELECT count(*) AS n FROM orders WHERE ${listed} AND refunded > 0`),
        ),
        line(
          'canceled',
          'canceled',
          'count',
          await countAll(connector, { canceled: 1 }, signal),
          local(`SELECT count(*) AS n FROM orders WHERE ${listed} AND status = 'canceled'`),
        ),
      ]
    }
    case 'course': {
      const rows = await connector.summary(signal)
      return rows.map((row) => {
        const cutoff = row.asOf ?? Date.now()
        const cached = local(
          `SELECT sum(paid) AS n FROM orders WHERE ${listed} AND product_id = ? AND status = 'paid' AND paid_at <= ?`,
          row.key,
          cutoff,
        )
        return line(`album:${row.key}`, row.label, 'fen', row.total, cached, row.asOf ? new Date(row.asOf).toISOString() : undefined)
      })
    }
  }
}

async function totalOf(connector: Connector, filters: Record<string, string | number | boolean>, signal?: AbortSignal): Promise<number> {
  const page = await connector.list({ filters, pageSize: 1, signal })
  if (page.total === undefined) return countAll(connector, filters, signal)
  return page.total
}

async function countAll(connector: Connector, filters: Record<string, string | number | boolean>, signal?: AbortSignal): Promise<number> {
  let count = 0
  let cursor: string | null = null
  do {
    const page = await connector.list({ cursor, filters, signal })
    count += page.orders.length + page.skipped.length
    cursor = page.nextCursor
  } while (cursor !== null)
  return count
}
