import type { OrderFilter, SettlementFigures, SettlementLine, SettlementReport } from '../../src-preload/contract'
import { PAY_CHANNEL_GROUPS, payChannelGroup } from '../../src-preload/pay-channels'
import { formatFen } from '../../src-preload/shared/money'
import type { Db } from '../db/database'
import { csvField, neutraliseFormula } from '../export/csv'
import { periodIndex, REVENUE_TIME } from '../orders/filter'
import { fromDaysAndOrders } from './dashboard'
import { todayIn } from './revenue'

export type { SettlementFigures, SettlementLine, SettlementReport }

export interface SettlementQuery {
  /** The revenue page's filters (sources, statuses, product types …), as orderFilterSql reads them. */
  filter: OrderFilter
  from: number
  to: number
  tz: string
}

interface CodeRow {
  source_id: string
  currency: string
  code: string | null
  paid_orders: number
  gross: number
  refunds: number
}

/**
 * Money by source × pay channel for [from, to], by revenue time (paid_at, else created_at) as
 * the revenue page counts it (src-main/orders/README.md § Revenue): the same orders, so each currency's total
 * line equals the page's gross, refunds, net and paid orders to the fen. Whole UTC days come
 * from channel_days when it answers the filter, the hours at either end (or all
 * of it) from the orders; both add up per source, currency and channel code as stored, and the
 * codes are grouped here, by the rules the list and the drawer use.
 */
export function settlementReport(db: Db, query: SettlementQuery): SettlementReport {
  const rows = fromDaysAndOrders<CodeRow>(db, query.filter, query.from, query.to, {
    days: (where) =>
      `SELECT o.source_id AS source_id, o.currency AS currency, o.pay_channel AS code, sum(o.paid_orders) AS paid_orders,
              sum(o.gross) AS gross, sum(o.refunds) AS refunds
       FROM channel_days o ${where} GROUP BY o.source_id, o.currency, o.pay_channel`,
    // Through the revenue-time index; each order's channel is read from its row.
    orders: (and) =>
      `SELECT o.source_id AS source_id, o.currency AS currency, o.pay_channel AS code, sum(o.paid > 0) AS paid_orders,
              sum(o.paid) AS gross, sum(o.refunded) AS refunds
       FROM orders o ${periodIndex(query.filter, 'revenue')} ${and} ${REVENUE_TIME} BETWEEN @kFrom AND @kTo AND (o.paid <> 0 OR o.refunded <> 0)
       GROUP BY o.source_id, o.currency, o.pay_channel`,
  })
  return {
    tz: query.tz,
    from: query.from,
    to: query.to,
    // The day each instant falls on in the zone.
    fromDay: todayIn(query.tz, query.from),
    toDay: todayIn(query.tz, query.to),
    lines: settlementLines(rows, sourceNames(db)),
  }
}

/** The CSV's columns: field keys, as every CSV OrderDesk writes (the machine format). */
export const SETTLEMENT_CSV_COLUMNS = [
  'kind',
  'source_id',
  'source_name',
  'channel',
  'channel_codes',
  'currency',
  'paid_orders',
  'gross',
  'refunds',
  'net',
] as const

/**
 * The report as CSV: one row per line, in its order; money as plain decimals, codes joined by
 * "|"; UTF-8 with BOM and CRLF as the order export writes, text neutralised as there.
 */
export function settlementCsv(report: SettlementReport): string {
  const text = (value: string | null): string => csvField(neutraliseFormula(value ?? ''))
  const rows = report.lines.map((l) =>
    [
      l.kind,
      text(l.source_id),
      text(l.source_name),
      l.channel ?? '',
      text(l.codes.join('|')),
      text(l.currency),
      String(l.paid_orders),
      formatFen(l.gross_minor),
      formatFen(l.refunds_minor),
      formatFen(l.net_minor),
    ].join(','),
  )
  return `\uFEFF${[SETTLEMENT_CSV_COLUMNS.join(','), ...rows].join('\r\n')}\r\n`
}

/** The report's lines from the sums per source, currency and code (see SettlementReport.lines). */
function settlementLines(rows: CodeRow[], names: Map<string, string>): SettlementLine[] {
  const channels = new Map<string, SettlementLine>()
  for (const row of rows) {
    const channel = payChannelGroup(row.code)
    const key = `${row.source_id}\u0000${row.currency}\u0000${channel}`
    let line = channels.get(key)
    if (!line) {
      line = {
        ...emptyLine('channel', row.currency),
        source_id: row.source_id,
        source_name: names.get(row.source_id) ?? row.source_id,
        channel,
      }
      channels.set(key, line)
    }
    add(line, {
      currency: row.currency,
      paid_orders: row.paid_orders,
      gross_minor: row.gross,
      refunds_minor: row.refunds,
      net_minor: row.gross - row.refunds,
    })
    if (row.code !== null && row.code.trim() !== '' && !line.codes.includes(row.code)) line.codes.push(row.code)
  }
  const order = new Map(PAY_CHANNEL_GROUPS.map((g, i) => [g, i]))
  const sorted = [...channels.values()].sort(
    (a, b) =>
      NAMES.compare(a.source_name!, b.source_name!) ||
      compare(a.source_id!, b.source_id!) ||
      compare(a.currency, b.currency) ||
      order.get(a.channel!)! - order.get(b.channel!)!,
  )
  const lines: SettlementLine[] = []
  const totals = new Map<string, SettlementLine>()
  let sourceTotal = null as SettlementLine | null
  for (const line of sorted) {
    if (!sourceTotal || sourceTotal.source_id !== line.source_id || sourceTotal.currency !== line.currency) {
      if (sourceTotal) lines.push(sourceTotal)
      sourceTotal = { ...emptyLine('source', line.currency), source_id: line.source_id, source_name: line.source_name }
    }
    line.codes.sort(compare)
    lines.push(line)
    add(sourceTotal, line)
    const total = totals.get(line.currency) ?? emptyLine('total', line.currency)
    add(total, line)
    totals.set(line.currency, total)
  }
  if (sourceTotal) lines.push(sourceTotal)
  return lines.concat([...totals.values()].sort((a, b) => compare(a.currency, b.currency)))
}

function emptyLine(kind: SettlementLine['kind'], currency: string): SettlementLine {
  return {
    kind,
    source_id: null,
    source_name: null,
    channel: null,
    codes: [],
    currency,
    paid_orders: 0,
    gross_minor: 0,
    refunds_minor: 0,
    net_minor: 0,
  }
}

function add(into: SettlementFigures, from: SettlementFigures): void {
  into.paid_orders += from.paid_orders
  into.gross_minor += from.gross_minor
  into.refunds_minor += from.refunds_minor
  into.net_minor += from.net_minor
}

function sourceNames(db: Db): Map<string, string> {
  const rows = db.prepare('SELECT id, name FROM sources').all() as Array<{ id: string; name: string }>
  return new Map(rows.map((r) => [r.id, r.name]))
}

/** Source names as staff read them: Chinese by pinyin. */
const NAMES = new Intl.Collator('zh-CN')

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
