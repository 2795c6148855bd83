/**
 * Workbooks (.xlsx) for people: typed rows to sheets. Each cell is of its column's type, so a
 * spreadsheet never guesses: text stays text (a 19-digit id, `=1+1`), money is a number exact
 * to the fen, a time is a date cell holding the wall time of a zone.
 *
 * The sheets' XML is written here and zipped by yazl. The streaming xlsx writers on npm are far
 * from the rows per second needed (src-main/bench/README.md compares them), and write an unshared
 * text cell as a formula's cached string (t="str"), or else keep every distinct string in
 * memory until the end (shared strings): neither is what an accountant's million rows need.
 * Here text that repeats is shared up to a bound, ids and the rest written in their cells.
 */
import { Readable } from 'node:stream'
import yazl from 'yazl'
import { zoneOffsets } from '../../src-preload/shared/timezone'

/**
 * A column's type: `text` (verbatim), `money` (integer fen, shown as yuan `#,##0.00`), `count`
 * (a whole number), `time` (epoch ms, shown as the wall time of the sheet's zone).
 */
export type CellType = 'text' | 'money' | 'count' | 'time'

export interface SheetColumn {
  header: string
  type: CellType
  /** Width in characters; default from the header and the type. */
  width?: number
  /**
   * Text whose values repeat (a status, a source, a product): kept once in the shared strings,
   * each cell naming it by number. Ids, unique per row, stay in their cells.
   */
  repeats?: boolean
}

/** A value per column: text as a string, money, counts and times as numbers; null is an empty cell. */
export type SheetRow = ReadonlyArray<string | number | null>

export interface SheetTotals {
  /** The label of a totals row, per currency when the sheet holds several. */
  label: (currency: string | null) => string
  /** Which column holds each row's currency (money is only added up within one); none: one currency. */
  currencyColumn?: number
  /** Where the label goes. */
  labelColumn?: number
}

export interface SheetSpec {
  /** The sheet's name; further sheets of the same rows get ` (2)`, ` (3)`, … */
  name: string
  columns: readonly SheetColumn[]
  rows: Iterable<SheetRow>
  /** Zone of `time` cells' wall time. */
  tz?: string
  /** Totals rows under the data: sums of the money columns, per currency. */
  totals?: SheetTotals
  /** Called now and then with the rows written so far. */
  onProgress?: (rows: number) => void
}

/** Excel's and LibreOffice's rows per sheet. */
export const MAX_SHEET_ROWS = 1_048_576
/** Distinct strings kept shared, and the longest: beyond these a text is written in its cell. */
const MAX_SHARED_STRINGS = 50_000
const MAX_SHARED_CHARS = 200
/** Excel holds at most this many characters in a cell and refuses a file with more. */
const MAX_CELL_CHARS = 32_767
const CHUNK_BYTES = 1 << 16
const PROGRESS_EVERY = 5000
/** Days from Excel's day 0 (1899-12-30) to 1970-01-01. */
const EXCEL_EPOCH_DAYS = 25_569
const DAY_MS = 86_400_000

// Styles (cellXfs in styles.xml, in this order).
const STYLE = { header: 1, money: 2, time: 3, count: 4, totalLabel: 5, totalMoney: 6, totalCount: 7 } as const
const DEFAULT_WIDTH: Record<CellType, number> = { text: 16, money: 14, count: 10, time: 20 }

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
const NS_R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

/** The zip's compression: deflating is what writing a workbook waits on, and level 1 costs least. */
export const XLSX_COMPRESSION = 1

export interface WorkbookOptions {
  /** Rows per sheet, header and totals included (tests set a small one). */
  maxSheetRows?: number
  compressionLevel?: number
}

interface WrittenSheet {
  name: string
  /** Header row and data rows: the autofilter's range. */
  filterRef: string
}

/**
 * A workbook written as a stream: add sheets one after another, then `end()`. `output` is the
 * file's bytes; pipe it to a file while sheets are added (writeAside).
 */
export class WorkbookStream {
  readonly output: Readable
  private readonly zip = new yazl.ZipFile()
  private readonly sheets: WrittenSheet[] = []
  /** The shared strings, numbered in the order first written. */
  private readonly shared = new Map<string, number>()
  private readonly maxSheetRows: number
  private readonly level: number
  private failed: Error | null = null
  private ended = false
  private current: Readable | null = null
  private rejectFailure: (error: Error) => void = () => {}
  /** Rejects once the workbook fails: a sheet waiting to be written waits no longer. */
  private readonly failure = new Promise<never>((_, reject) => (this.rejectFailure = reject))

  constructor(options: WorkbookOptions = {}) {
    this.maxSheetRows = options.maxSheetRows ?? MAX_SHEET_ROWS
    if (this.maxSheetRows < 3 || this.maxSheetRows > MAX_SHEET_ROWS) throw new Error(`maxSheetRows must be 3 to ${MAX_SHEET_ROWS}`)
    this.level = options.compressionLevel ?? XLSX_COMPRESSION
    this.output = this.zip.outputStream as Readable
    this.failure.catch(() => {})
    this.output.once('end', () => (this.ended = true))
    // The file's stream closed before its end (the export was canceled): the sheets stop.
    this.output.once('close', () => this.ended || this.fail(new Error('the workbook was closed before it was written')))
    // The parts that name no sheet come first; a Default content type covers every sheet.
    this.addPart('[Content_Types].xml', CONTENT_TYPES)
    this.addPart('_rels/.rels', ROOT_RELS)
    this.addPart('docProps/app.xml', APP_PROPS)
    this.addPart('xl/styles.xml', STYLES)
  }

  /**
   * Writes the rows into one sheet, or as many as they need past the rows a sheet holds.
   * Resolves once the last of them is written, with the rows written.
   */
  async addSheets(spec: SheetSpec): Promise<{ rows: number; sheets: string[] }> {
    const iterator = spec.rows[Symbol.iterator]()
    let pending: IteratorResult<SheetRow> = iterator.next()
    let written = 0
    const names: string[] = []
    try {
      for (let part = 1; ; part++) {
        const name = sheetName(spec.name, part, this.sheets)
        const sheet = new SheetWriter(spec, this.maxSheetRows, this.shared, {
          peek: () => (pending.done ? null : pending.value),
          take: () => void (pending = iterator.next()),
        })
        const index = this.sheets.length + 1
        this.sheets.push({ name, filterRef: 'A1' })
        names.push(name)
        const done = new Promise<void>((resolve, reject) => {
          const stream = Readable.from(sheet.chunks(written, spec.onProgress))
          this.current = stream
          stream.once('end', resolve)
          stream.once('error', (error) => {
            reject(error)
            // yazl pipes entries without passing errors on: the file's stream fails here.
            this.fail(error)
          })
          this.zip.addReadStream(stream, `xl/worksheets/sheet${index}.xml`, { compressionLevel: this.level })
        })
        await Promise.race([done, this.failure])
        this.sheets[index - 1].filterRef = sheet.filterRef
        written += sheet.rows
        if (pending.done) break
      }
    } finally {
      iterator.return?.()
    }
    spec.onProgress?.(written)
    return { rows: written, sheets: names }
  }

  /** Writes the parts that list the sheets and ends the file. */
  end(): void {
    const sheets = this.sheets
    this.addPart(
      'xl/workbook.xml',
      `${XML_HEAD}<workbook xmlns="${NS}" xmlns:r="${NS_R}"><bookViews><workbookView activeTab="0"/></bookViews><sheets>${sheets
        .map((s, i) => `<sheet name="${xmlAttr(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
        .join('')}</sheets><definedNames>${sheets
        .map(
          (s, i) =>
            `<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">${xmlText(`${quoteSheet(s.name)}!${absolute(s.filterRef)}`)}</definedName>`,
        )
        .join('')}</definedNames></workbook>`,
    )
    this.addPart(
      'xl/_rels/workbook.xml.rels',
      `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets
        .map(
          (_, i) =>
            `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
        )
        .join(
          '',
        )}<Relationship Id="rId${sheets.length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
        `<Relationship Id="rId${sheets.length + 2}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    )
    let sst = `${XML_HEAD}<sst xmlns="${NS}" uniqueCount="${this.shared.size}">`
    for (const text of this.shared.keys()) sst += `<si>${inlineText(text)}</si>`
    this.addPart('xl/sharedStrings.xml', `${sst}</sst>`)
    this.zip.end()
  }

  /** Stops the file's stream with an error (the export was canceled, or a row could not be read). */
  fail(error: Error): void {
    if (this.failed) return
    this.failed = error
    this.rejectFailure(error)
    this.current?.destroy()
    if (!this.output.destroyed) this.output.destroy(error)
  }

  private addPart(name: string, xml: string): void {
    this.zip.addBuffer(Buffer.from(xml), name, { compressionLevel: this.level })
  }
}

/** One sheet's XML, streamed row by row. */
class SheetWriter {
  rows = 0
  filterRef = 'A1'
  private readonly columns: readonly SheetColumn[]
  private readonly letters: string[]
  private readonly cells: Array<(value: string | number) => string>
  /** The columns a totals row adds up: money and counts. */
  private readonly summed: number[]
  /** Their sums per currency (money in fen). */
  private readonly sums = new Map<string, number[]>()

  constructor(
    private readonly spec: SheetSpec,
    private readonly maxRows: number,
    shared: Map<string, number>,
    private readonly source: { peek: () => SheetRow | null; take: () => void },
  ) {
    this.columns = spec.columns
    this.letters = this.columns.map((_, i) => columnLetter(i))
    this.summed = this.columns.flatMap((c, i) => (c.type === 'money' || c.type === 'count' ? [i] : []))
    const offsetAt = zoneOffsets(spec.tz ?? 'UTC')
    this.cells = this.columns.map((column) => {
      switch (column.type) {
        case 'text':
          if (column.repeats)
            return (v) => {
              const text = String(v)
              let index = shared.get(text)
              if (index === undefined && shared.size < MAX_SHARED_STRINGS && text.length <= MAX_SHARED_CHARS) {
                index = shared.size
                shared.set(text, index)
              }
              return index === undefined ? `t="inlineStr"><is>${inlineText(text)}</is></c>` : `t="s"><v>${index}</v></c>`
            }
          return (v) => `t="inlineStr"><is>${inlineText(String(v))}</is></c>`
        case 'money':
          // fen / 100 is the double nearest the yuan amount, printed as its shortest decimal (0.07, 1.15, 8.2).
          return (v) => `s="${STYLE.money}"><v>${(v as number) / 100}</v></c>`
        case 'count':
          return (v) => `s="${STYLE.count}"><v>${v}</v></c>`
        case 'time':
          // The wall time in the zone as a serial day number: what a date cell holds, without a zone.
          return (v) => `s="${STYLE.time}"><v>${((v as number) + offsetAt(v as number)) / DAY_MS + EXCEL_EPOCH_DAYS}</v></c>`
      }
    })
  }

  *chunks(before: number, onProgress?: (rows: number) => void): Generator<Buffer> {
    const { columns, letters, cells, summed, spec } = this
    const currencyAt = spec.totals?.currencyColumn ?? -1
    let buffer = Buffer.allocUnsafe(CHUNK_BYTES)
    let used = buffer.write(this.head())
    let header = '<row r="1">'
    for (let i = 0; i < columns.length; i++)
      header += `<c r="${letters[i]}1" s="${STYLE.header}" t="inlineStr"><is>${inlineText(columns[i].header)}</is></c>`
    used += buffer.write(`${header}</row>`, used)
    let rowNumber = 1
    for (;;) {
      const row = this.source.peek()
      if (row === null) break
      let sums: number[] | undefined
      if (summed.length > 0 && spec.totals) {
        const currency = String(row[currencyAt] ?? '')
        sums = this.sums.get(currency)
        if (!sums) {
          // The row, and a totals row per currency with its own: past what a sheet holds, it
          // starts the next sheet.
          if (rowNumber + 1 + this.sums.size + 1 > this.maxRows) break
          sums = summed.map(() => 0)
          this.sums.set(currency, sums)
        }
      }
      if (rowNumber + 1 + (spec.totals && summed.length > 0 ? this.sums.size : 0) > this.maxRows) break
      this.source.take()
      rowNumber++
      const r = String(rowNumber)
      let line = `<row r="${r}">`
      // A cell without a reference is the one right of the cell before it (ECMA-376 §18.3.1.4):
      // only the first of a row, and one after an empty cell, name their place. A fifth of the bytes.
      let placed = false
      for (let i = 0; i < cells.length; i++) {
        const value = row[i]
        if (value === null || value === undefined) {
          placed = false
          continue
        }
        line += placed ? `<c ${cells[i](value)}` : `<c r="${letters[i]}${r}" ${cells[i](value)}`
        placed = true
      }
      line += '</row>'
      if (sums) for (let m = 0; m < summed.length; m++) sums[m] += (row[summed[m]] as number | null) ?? 0
      if (used + line.length * 3 > buffer.length) {
        yield buffer.subarray(0, used)
        buffer = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, line.length * 3))
        used = 0
      }
      used += buffer.write(line, used)
      if (++this.rows % PROGRESS_EVERY === 0) onProgress?.(before + this.rows)
    }
    this.filterRef = `A1:${letters[letters.length - 1]}${rowNumber}`
    yield buffer.subarray(0, used)
    yield Buffer.from(this.totalsRows(rowNumber) + this.tail())
  }

  private head(): string {
    const cols = this.columns
      .map((c, i) => {
        const width = c.width ?? Math.max(DEFAULT_WIDTH[c.type], displayWidth(c.header) + 4)
        return `<col min="${i + 1}" max="${i + 1}" width="${width}" customWidth="1"/>`
      })
      .join('')
    return (
      `${XML_HEAD}<worksheet xmlns="${NS}" xmlns:r="${NS_R}">` +
      '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' +
      '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>' +
      `<sheetFormatPr defaultRowHeight="15"/><cols>${cols}</cols><sheetData>`
    )
  }

  /**
   * A row per currency under the data, outside the filter's range: the label, then each money
   * and count column's SUM (SUMIF by currency when the sheet holds several), its value written beside the
   * formula so a reader that does not calculate shows the same figure.
   */
  private totalsRows(lastDataRow: number): string {
    const totals = this.spec.totals
    if (!totals || this.summed.length === 0) return ''
    const labelAt = totals.labelColumn ?? 0
    // SUMIF needs the currency among the written columns; without it the values stand alone.
    const currencyLetter = totals.currencyColumn === undefined ? undefined : this.letters[totals.currencyColumn]
    const several = this.sums.size > 1
    let xml = ''
    let rowNumber = lastDataRow
    const currencies = this.sums.size > 0 ? [...this.sums.keys()].sort() : [null]
    for (const currency of currencies) {
      rowNumber++
      const sums = currency === null ? this.summed.map(() => 0) : this.sums.get(currency)!
      xml += `<row r="${rowNumber}"><c r="${this.letters[labelAt]}${rowNumber}" s="${STYLE.totalLabel}" t="inlineStr"><is>${inlineText(
        totals.label(several ? currency : null),
      )}</is></c>`
      this.summed.forEach((column, m) => {
        const money = this.columns[column].type === 'money'
        const range = `${this.letters[column]}2:${this.letters[column]}${lastDataRow}`
        const formula =
          lastDataRow < 2 || (several && !currencyLetter)
            ? null
            : several
              ? `SUMIF($${currencyLetter}$2:$${currencyLetter}$${lastDataRow},"${String(currency).replaceAll('"', '""')}",${range})`
              : `SUM(${range})`
        const style = money ? STYLE.totalMoney : STYLE.totalCount
        xml += `<c r="${this.letters[column]}${rowNumber}" s="${style}">${formula ? `<f>${xmlText(formula)}</f>` : ''}<v>${money ? sums[m] / 100 : sums[m]}</v></c>`
      })
      xml += '</row>'
    }
    return xml
  }

  private tail(): string {
    return `</sheetData><autoFilter ref="${this.filterRef}"/></worksheet>`
  }
}

/** A, B, … Z, AA, AB, … */
export function columnLetter(index: number): string {
  let n = index + 1
  let letters = ''
  while (n > 0) {
    const rest = (n - 1) % 26
    letters = String.fromCharCode(65 + rest) + letters
    n = Math.floor((n - 1) / 26)
  }
  return letters
}

/** Characters XML 1.0 cannot hold; OOXML writes them as _xHHHH_. */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g
// eslint-disable-next-line no-control-regex
const NEEDS_WORK = /[&<>"\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|_x[0-9a-fA-F]{4}_/

/** Text as XML character data. */
export function xmlText(text: string): string {
  if (!NEEDS_WORK.test(text)) return text
  return (
    text
      // Text that reads like an escape is itself escaped, so it comes back as written.
      .replace(/_(x[0-9a-fA-F]{4}_)/g, '_x005F_$1')
      .replace(NOT_XML, (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`)
      .replaceAll('&', '&amp;')
      .replaceAll('<', '&lt;')
      .replaceAll('>', '&gt;')
      .replaceAll('"', '&quot;')
  )
}

const xmlAttr = xmlText

/** An inline string's `<t>`: spaces at either end kept, cut at Excel's limit for a cell. */
function inlineText(text: string): string {
  let value = text
  if (value.length > MAX_CELL_CHARS) {
    // Never between the halves of a surrogate pair.
    const cut = /[\ud800-\udbff]/.test(value[MAX_CELL_CHARS - 1]) ? MAX_CELL_CHARS - 1 : MAX_CELL_CHARS
    value = value.slice(0, cut)
  }
  const first = value.charCodeAt(0)
  const last = value.charCodeAt(value.length - 1)
  const spaced = first === 32 || first === 9 || first === 10 || first === 13 || last === 32 || last === 9 || last === 10 || last === 13
  return spaced ? `<t xml:space="preserve">${xmlText(value)}</t>` : `<t>${xmlText(value)}</t>`
}

/** Columns a text takes on screen: a CJK character or an emoji takes two. */
function displayWidth(text: string): number {
  let width = 0
  for (const c of text) width += (c.codePointAt(0) ?? 0) > 0x2e80 ? 2 : 1
  return width
}

/** A sheet name Excel takes: at most 31 characters, none of : \ / ? * [ ], unique in the workbook. */
function sheetName(base: string, part: number, taken: readonly WrittenSheet[]): string {
  const clean = base.replace(/[:\\/?*[\]]/g, ' ').trim() || 'Sheet'
  for (let n = part; ; n++) {
    const suffix = n === 1 ? '' : ` (${n})`
    const name = clean.slice(0, 31 - suffix.length) + suffix
    if (!taken.some((s) => s.name.toLowerCase() === name.toLowerCase())) return name
  }
}

function quoteSheet(name: string): string {
  return `'${name.replaceAll("'", "''")}'`
}

function absolute(ref: string): string {
  return ref.replace(/([A-Z]+)(\d+)/g, '$$$1$$$2')
}

const CONTENT_TYPES = `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>
</Types>`

const ROOT_RELS = `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>
</Relationships>`

const APP_PROPS = `${XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>OrderDesk</Application></Properties>`

// cellXfs in the order of STYLE: default, header, money, time, count, total label, total money, total count.
const STYLES = `${XML_HEAD}<styleSheet xmlns="${NS}">
<numFmts count="2"><numFmt numFmtId="164" formatCode="#,##0.00"/><numFmt numFmtId="165" formatCode="yyyy\\-mm\\-dd\\ hh:mm:ss"/></numFmts>
<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>
<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFF2F2F2"/><bgColor indexed="64"/></patternFill></fill></fills>
<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border><border><left/><right/><top style="thin"><color auto="1"/></top><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="8">
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/>
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="0" fontId="1" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1"/>
<xf numFmtId="164" fontId="1" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyFont="1" applyBorder="1"/>
<xf numFmtId="3" fontId="1" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyFont="1" applyBorder="1"/>
</cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>`
