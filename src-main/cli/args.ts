import { parseArgs, type ParseArgsOptionsConfig } from 'node:util'
import { ORDER_STATUS_VALUES, orderFilterSchema, type OrderFilter, type OrderStatusValue } from '../../src-preload/contract'
import { instantOfDate, isValidTimeZone } from '../../src-preload/shared/timezone'

/** Bad usage: exit status 2 with this message. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}

export const FILTER_OPTIONS = {
  source: { type: 'string', multiple: true },
  status: { type: 'string', multiple: true },
  from: { type: 'string' },
  to: { type: 'string' },
  q: { type: 'string' },
  tz: { type: 'string' },
} as const

export interface FilterValues {
  source?: string[]
  status?: string[]
  from?: string
  to?: string
  q?: string
  tz?: string
}

export function parse<O extends ParseArgsOptionsConfig>(args: string[], options: O) {
  try {
    const all = { ...options, json: { type: 'boolean' } } as O & { json: { type: 'boolean' } }
    return parseArgs({ args, options: all, strict: true, allowPositionals: false })
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
}

export function zoneOf(values: { tz?: string }): string {
  const tz = values.tz ?? 'Asia/Shanghai'
  if (!isValidTimeZone(tz)) throw new UsageError(`--tz: "${tz}" is not a known IANA time zone`)
  return tz
}

/** The spec's filters: --from/--to are inclusive days of creation in --tz. */
export function filterFrom(values: FilterValues): OrderFilter {
  const tz = zoneOf(values)
  const filter: OrderFilter = {}
  if (values.source?.length) filter.sources = values.source
  if (values.status?.length) {
    const bad = values.status.filter((s) => !(ORDER_STATUS_VALUES as readonly string[]).includes(s))
    if (bad.length) throw new UsageError(`--status: unknown status ${bad.join(', ')}; one of ${ORDER_STATUS_VALUES.join(', ')}`)
    filter.statuses = values.status as OrderStatusValue[]
  }
  const day = (flag: string, value: string): number => {
    try {
      return instantOfDate(value, tz)
    } catch {
      throw new UsageError(`${flag}: "${value}" is not a date (YYYY-MM-DD)`)
    }
  }
  if (values.from) filter.createdFrom = day('--from', values.from)
  if (values.to) {
    day('--to', values.to)
    // The end of the day: the start of the next local day, minus one millisecond.
    const [y, m, d] = values.to.split('-').map(Number)
    const next = new Date(Date.UTC(y, m - 1, d + 1))
    const nextDay = `${next.getUTCFullYear()}-${String(next.getUTCMonth() + 1).padStart(2, '0')}-${String(next.getUTCDate()).padStart(2, '0')}`
    filter.createdTo = instantOfDate(nextDay, tz) - 1
  }
  if (filter.createdFrom !== undefined && filter.createdTo !== undefined && filter.createdFrom > filter.createdTo) {
    throw new UsageError('--from is after --to')
  }
  if (values.q) filter.keyword = values.q
  // The window's filter schema, so the CLI searches by the same rules (the keyword's above all).
  const parsed = orderFilterSchema.safeParse(filter)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const key = String(issue.path[0] ?? '')
    throw new UsageError(`${FILTER_FLAGS[key] ?? key}: ${issue.message}`)
  }
  return parsed.data
}

const FILTER_FLAGS: Record<string, string> = {
  sources: '--source',
  statuses: '--status',
  createdFrom: '--from',
  createdTo: '--to',
  keyword: '--q',
}

/**
 * The period of a report: --from and --to, both required, as inclusive days in --tz, checked as
 * the filters' days are (a real date, --from not after --to).
 */
export function periodFrom(values: FilterValues): { from: number; to: number } {
  const from = values.from ?? ''
  const to = values.to ?? ''
  if (!from) throw new UsageError('--from is required')
  if (!to) throw new UsageError('--to is required')
  const days = filterFrom({ from, to, tz: values.tz })
  return { from: days.createdFrom!, to: days.createdTo! }
}
