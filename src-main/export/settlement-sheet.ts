/**
 * The settlement report (对账单) as a workbook sheet: its lines as they are shown on the revenue
 * page, money as number cells exact to the fen.
 */
import type { Locale, OrderFilter } from '../../src-preload/contract'
import { SETTLEMENT_WORDS } from '../../src-preload/export-labels'
import { payChannelLabel } from '../../src-preload/pay-channels'
import type { Db } from '../db/database'
import { settlementReport, type SettlementReport } from '../revenue/settlement'
import { writeAside } from './order-rows'
import { WorkbookStream, type SheetSpec } from './xlsx'

export function settlementSheet(report: SettlementReport, locale: Locale): SheetSpec {
  const w = SETTLEMENT_WORDS[locale]
  return {
    // A sheet's name holds at most 31 characters: the period fits beside the title.
    name: `${w.title} ${report.fromDay}～${report.toDay}`.slice(0, 31),
    columns: [
      { header: w.source, type: 'text', width: 16, repeats: true },
      { header: w.channel, type: 'text', width: 12, repeats: true },
      { header: w.codes, type: 'text', width: 20 },
      { header: w.currency, type: 'text', width: 8, repeats: true },
      { header: w.paidOrders, type: 'count', width: 14 },
      { header: w.gross, type: 'money', width: 16 },
      { header: w.refunds, type: 'money', width: 16 },
      { header: w.net, type: 'money', width: 16 },
    ],
    rows: report.lines.map((line) => [
      line.kind === 'total' ? w.total : line.source_name,
      line.kind === 'channel' && line.channel ? payChannelLabel(line.channel, locale) : line.kind === 'source' ? w.subtotal : null,
      line.codes.length ? line.codes.join('、') : null,
      line.currency,
      line.paid_orders,
      line.gross_minor,
      line.refunds_minor,
      line.net_minor,
    ]),
  }
}

/** The period an export's filter names, by whichever time it filters on; else every order's revenue time. */
export function exportPeriod(db: Db, filter: OrderFilter): { from: number; to: number } | null {
  const from = filter.revenueFrom ?? filter.paidFrom ?? filter.createdFrom
  const to = filter.revenueTo ?? filter.paidTo ?? filter.createdTo
  if (from !== undefined && to !== undefined) return { from, to }
  const span = db
    .prepare('SELECT min(coalesce(paid_at, created_at)) AS first, max(coalesce(paid_at, created_at)) AS last FROM orders')
    .get() as {
    first: number | null
    last: number | null
  }
  if (span.first === null || span.last === null) return null
  return { from: from ?? span.first, to: to ?? span.last }
}

/** The settlement of an export's filter: its other filters over its period, by revenue time as the revenue page counts. */
export function exportSettlement(db: Db, filter: OrderFilter, tz: string): SettlementReport | null {
  const period = exportPeriod(db, filter)
  if (!period) return null
  const { createdFrom: _cf, createdTo: _ct, paidFrom: _pf, paidTo: _pt, revenueFrom: _rf, revenueTo: _rt, ...rest } = filter
  return settlementReport(db, { filter: rest, ...period, tz })
}

/** A workbook of the settlement report alone (the CLI's `report --out F.xlsx`). */
export async function writeSettlementXlsx(db: Db, file: string, report: SettlementReport, locale: Locale): Promise<void> {
  const workbook = new WorkbookStream()
  const writing = writeAside(db, file, workbook.output, [], undefined)
  await workbook.addSheets(settlementSheet(report, locale))
  workbook.end()
  await writing
}
