/**
 * The orders as a workbook: the same rows, filter and order as the CSV (order-rows.ts), each
 * cell typed (xlsx.ts), labelled in zh-CN or en, with the zone of its times in the header.
 */
import type { OrderStatusValue } from '../../src-preload/contract'
import {
  COLUMN_LABELS,
  STATUS_LABELS,
  WORKBOOK_WORDS,
  zonedLabel,
  type ExportFormat,
  type ExportHeader,
} from '../../src-preload/export-labels'
import { payChannelDetail } from '../../src-preload/pay-channels'
import type { Db } from '../db/database'
import { DEFAULT_EXPORT_COLUMNS, exportOrdersCsv, MONEY, TIME, type ExportColumn, type ExportOptions, type ExportResult } from './csv'
import { orderRows, writeAside } from './order-rows'
import { exportSettlement, settlementSheet } from './settlement-sheet'
import { WorkbookStream, type CellType, type SheetColumn, type SheetRow, type WorkbookOptions } from './xlsx'

export interface WorkbookExportOptions extends Omit<ExportOptions, 'encoding'>, WorkbookOptions {}

/** Columns wide enough to read their usual values (a 19-digit id, a 28-character trade number). */
const WIDTHS: Partial<Record<ExportColumn, number>> = {
  source_id: 12,
  source_name: 14,
  remote_id: 24,
  order_no: 22,
  trade_no: 32,
  status: 12,
  remote_status: 14,
  product_type: 14,
  product_name: 32,
  product_id: 14,
  customer_id: 16,
  customer_name: 18,
  pay_channel: 12,
  currency: 8,
  note: 40,
  tags: 20,
}

/** Text columns whose values repeat across orders: shared strings (ids stay in their cells). */
const REPEATS = new Set<ExportColumn>([
  'source_id',
  'source_name',
  'status',
  'remote_status',
  'product_type',
  'product_name',
  'product_id',
  'customer_name',
  'pay_channel',
  'currency',
  'tags',
])

/** Writes the filtered orders as an .xlsx, written aside and renamed once whole (as the CSV). */
export async function exportOrdersXlsx(db: Db, file: string, options: WorkbookExportOptions): Promise<ExportResult> {
  const columns = options.columns ?? DEFAULT_EXPORT_COLUMNS
  const header: ExportHeader = options.header ?? 'zh-CN'
  const words = WORKBOOK_WORDS[header === 'en' ? 'en' : 'zh-CN']
  // The totals need each row's currency: read beside the columns even when it is not one of them.
  const source = orderRows(db, options.filter, columns, [], options.ids)
  const typeOf = (c: ExportColumn): CellType => (MONEY.has(c) ? 'money' : TIME.has(c) ? 'time' : 'text')
  const sheetColumns: SheetColumn[] = columns.map((c) => {
    const label = header === 'keys' ? c : COLUMN_LABELS[header][c]
    return {
      // Field keys stay keys, for a program that imports them.
      header: TIME.has(c) && header !== 'keys' ? zonedLabel(label, header, options.tz) : label,
      type: typeOf(c),
      width: WIDTHS[c],
      repeats: REPEATS.has(c),
    }
  })
  const statusText = (v: unknown): string => (header === 'keys' ? String(v) : (STATUS_LABELS[header][v as OrderStatusValue] ?? String(v)))
  const value = (c: ExportColumn): ((v: unknown) => string | number | null) => {
    if (c === 'source_name') return (v) => source.sourceName(v as string)
    if (c === 'status') return statusText
    // The group staff read, with the code as the API gave it: 微信（wx_pub）.
    if (c === 'pay_channel' && header !== 'keys') return (v) => payChannelDetail(v as string | null, header)
    if (MONEY.has(c) || TIME.has(c)) return (v) => (v === null || v === undefined ? null : (v as number))
    return (v) => (v === null || v === undefined ? null : String(v))
  }
  const cells = columns.map((c) => ({ index: source.at(c), value: value(c) }))
  const currencyAt = source.at('currency')
  // The currency rides as one column past the last, read by the totals and never written.
  function* rows(): Generator<SheetRow> {
    for (const row of source.rows) {
      const out: Array<string | number | null> = Array.from({ length: cells.length + 1 })
      for (let i = 0; i < cells.length; i++) out[i] = cells[i].value(row[cells[i].index])
      out[cells.length] = row[currencyAt] as string
      yield out
    }
  }

  const workbook = new WorkbookStream(options)
  try {
    const writing = writeAside(db, file, workbook.output, [], options.signal)
    const producing = (async () => {
      await workbook.addSheets({
        name: words.orders,
        columns: sheetColumns,
        rows: rows(),
        tz: options.tz,
        totals: {
          label: (currency) => (currency === null ? words.total : words.totalOf(currency)),
          currencyColumn: columns.includes('currency') ? columns.indexOf('currency') : cells.length,
        },
        onProgress: options.onProgress,
      })
      // For people, the period's settlement (对账单) follows the orders; a workbook of keys is for a program.
      // A selection picked by hand is no period: its settlement would count orders it does not hold.
      if (header !== 'keys' && !options.ids) {
        const settlement = exportSettlement(db, options.filter, options.tz)
        if (settlement) await workbook.addSheets(settlementSheet(settlement, header))
      }
      workbook.end()
    })()
    // The file's error comes first: a cancel is told as the abort it is, not as the sheet it stopped.
    const [written, produced] = await Promise.allSettled([writing, producing])
    if (written.status === 'rejected') throw written.reason
    if (produced.status === 'rejected') throw produced.reason
  } finally {
    source.close()
  }
  options.onProgress?.(source.count())
  return { rows: source.count(), file, totals: source.totals }
}

export type OrdersExportOptions = WorkbookExportOptions & Pick<ExportOptions, 'encoding'> & { format: ExportFormat }

/** An export in the format asked for: the workbook for people, the CSV for machines. */
export function exportOrders(db: Db, file: string, options: OrdersExportOptions): Promise<ExportResult> {
  const { format, ...rest } = options
  return format === 'xlsx' ? exportOrdersXlsx(db, file, rest) : exportOrdersCsv(db, file, rest)
}
