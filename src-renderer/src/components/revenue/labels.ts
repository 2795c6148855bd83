import type { OrderStatusValue } from '../../../../src-preload/contract'
import { ORDER_STATUS_VALUES } from '../../../../src-preload/contract-values'
import { dayOf, type InstantRange } from '../../dates'
import { money, percent } from '../../format'
import { STATUS_TAG } from '../orders/status'

// What the revenue page writes about its periods, its comparison and its deltas: pure, so the
// renderer's unit tests read the same words staff see. Sentences come from the catalogue (`t`).

export type Grain = 'day' | 'week' | 'month'
/** vue-i18n's `t`, as far as these labels use it. */
export type Translate = (key: string, named: Record<string, unknown>) => string

const DAY_MS = 86_400_000

/** A `YYYY-MM-DD` day as a count of days since 1970-01-01, and back. */
const dayNumber = (day: string): number => {
  const [y, m, d] = day.split('-').map(Number)
  return Date.UTC(y, m - 1, d) / DAY_MS
}
const dayString = (n: number): string => new Date(n * DAY_MS).toISOString().slice(0, 10)

/** The days a bar stands for, and of them the ones inside the chosen range: the days it counts. */
export interface PeriodSpan {
  first: string
  last: string
  /** The first and last day of the period inside the range. */
  inFirst: string
  inLast: string
  /** Part of the period lies outside the range, so its bar counts fewer days than the label of a whole week or month says. */
  partial: boolean
}

/** A chart period (a day, a week by its Monday, a month as `YYYY-MM`) as its days, cut to [fromDay, toDay]. */
export function periodSpan(period: string, by: Grain, fromDay: string, toDay: string): PeriodSpan {
  let first = period
  let last = period
  if (by === 'week') last = dayString(dayNumber(period) + 6)
  if (by === 'month') {
    const [y, m] = period.split('-').map(Number)
    first = `${period}-01`
    last = dayString(Date.UTC(y, m, 0) / DAY_MS)
  }
  const inFirst = first < fromDay ? fromDay : first
  const inLast = last > toDay ? toDay : last
  return { first, last, inFirst, inLast, partial: inFirst !== first || inLast !== last }
}

/** The ISO week of a day: weeks start on Monday, and week 1 holds the year's first Thursday. */
export function isoWeek(day: string): { year: number; week: number } {
  const n = dayNumber(day)
  const sinceMonday = (new Date(n * DAY_MS).getUTCDay() + 6) % 7
  const thursday = n - sinceMonday + 3
  const year = new Date(thursday * DAY_MS).getUTCFullYear()
  return { year, week: Math.floor((thursday - Date.UTC(year, 0, 1) / DAY_MS) / 7) + 1 }
}

const formats = new Map<string, Intl.DateTimeFormat>()
function formatDay(day: string, locale: string, options: Intl.DateTimeFormatOptions): string {
  const lang = locale === 'en' ? 'en' : 'zh-CN'
  const key = `${lang}${JSON.stringify(options)}`
  let format = formats.get(key)
  if (!format) formats.set(key, (format = new Intl.DateTimeFormat(lang, { timeZone: 'UTC', ...options })))
  return format.format(dayNumber(day) * DAY_MS)
}

/** "11月7日" / "Nov 7"; with the year "2026年11月7日" / "Nov 7, 2026". */
export function dayText(day: string, locale: string, withYear = false): string {
  return formatDay(day, locale, { ...(withYear ? { year: 'numeric' } : {}), month: locale === 'en' ? 'short' : 'long', day: 'numeric' })
}

/** "10月26日–11月1日" / "Oct 26 – Nov 1"; a single day as that day. */
export function spanText(first: string, last: string, locale: string, t: Translate, withYear = false): string {
  if (first === last) return dayText(first, locale, withYear)
  return t('revenuePage.dates.span', { from: dayText(first, locale, withYear), to: dayText(last, locale, withYear) })
}

/** A `YYYY-MM` month: "2026年11月" / "Nov 2026". */
function monthText(period: string, locale: string): string {
  return formatDay(`${period}-01`, locale, { year: 'numeric', month: locale === 'en' ? 'short' : 'long' })
}

/** The chosen range as the days a bar may count, `YYYY-MM-DD` in the user's zone. */
export interface DayRange {
  fromDay: string
  toDay: string
}

export function dayRange(range: InstantRange, zone: string): DayRange {
  return { fromDay: dayOf(range.from, zone), toDay: dayOf(range.to, zone) }
}

/** Days are written with their year only when the range runs over more than one year. */
const spansYears = (days: DayRange): boolean => days.fromDay.slice(0, 4) !== days.toDay.slice(0, 4)

/**
 * A period's label under its bar: a day, a month, or a week as the days its bar counts
 * ("11月7日–11月8日" for a week cut by the range), never the Monday alone.
 */
export function periodAxisLabel(period: string, by: Grain, days: DayRange, locale: string, t: Translate): string {
  if (by === 'month') return monthText(period, locale)
  if (by === 'day') return dayText(period, locale, spansYears(days))
  const span = periodSpan(period, by, days.fromDay, days.toDay)
  return spanText(span.inFirst, span.inLast, locale, t, spansYears(days))
}

/**
 * A period as the tooltip names it: the day with its weekday, the week by number with its
 * seven days, the month; and, when the range cuts the week or month, which of its days count.
 */
export function periodTitle(period: string, by: Grain, days: DayRange, locale: string, t: Translate): string[] {
  if (by === 'day')
    return [formatDay(period, locale, { year: 'numeric', month: locale === 'en' ? 'short' : 'long', day: 'numeric', weekday: 'short' })]
  const span = periodSpan(period, by, days.fromDay, days.toDay)
  const withYear = span.first.slice(0, 4) !== span.last.slice(0, 4)
  const title =
    by === 'week'
      ? t('revenuePage.dates.week', { ...isoWeek(period), span: spanText(span.first, span.last, locale, t, withYear) })
      : monthText(period, locale)
  if (!span.partial) return [title]
  return [title, t('revenuePage.dates.onlyInRange', { span: spanText(span.inFirst, span.inLast, locale, t, withYear) })]
}

/** The period the KPI cards compare with: as long as the chosen one, just before it (as main computes it). */
export function previousRange(range: InstantRange): InstantRange {
  const length = range.to - range.from + 1
  return { from: range.from - length, to: range.from - 1 }
}

/** The chosen period and the one it is compared with, as days: "11月7日–12月6日" and "10月8日–11月6日". */
export function comparedSpans(range: InstantRange, zone: string, locale: string, t: Translate): { current: string; previous: string } {
  const now = dayRange(range, zone)
  const before = dayRange(previousRange(range), zone)
  const withYear = before.fromDay.slice(0, 4) !== now.toDay.slice(0, 4)
  return {
    current: spanText(now.fromDay, now.toDay, locale, t, withYear),
    previous: spanText(before.fromDay, before.toDay, locale, t, withYear),
  }
}

export type Tone = 'good' | 'bad' | 'flat'

/**
 * A KPI's change against the previous period, in words: "较上期 +¥1,234.56（+12.3%）", "较上期
 * +5（上期为 0）" when the previous period had none, "与上期持平". Refunds going up is bad news;
 * anything else going up is good. `words` names the catalogue's sentences (its `delta`,
 * `deltaNew` and `same`): the 工作台 shows the compared figure beside the change, so its words
 * leave out "较上期".
 */
export function kpiDelta(
  key: 'gross' | 'refunds' | 'net' | 'orders' | 'avg_paid',
  now: number,
  before: number,
  currency: string,
  t: Translate,
  words: 'revenuePage.kpi' | 'home' = 'revenuePage.kpi',
): { text: string; tone: Tone } {
  const delta = now - before
  if (delta === 0) return { text: t(`${words}.same`, {}), tone: 'flat' }
  const sign = delta > 0 ? '+' : '-'
  const change = `${sign}${key === 'orders' ? String(Math.abs(delta)) : money(Math.abs(delta), currency)}`
  const text =
    before === 0
      ? t(`${words}.deltaNew`, { change })
      : t(`${words}.delta`, { change, pct: `${sign}${percent(Math.abs(delta) / Math.abs(before))}` })
  return { text, tone: (key === 'refunds' ? delta < 0 : delta > 0) ? 'good' : 'bad' }
}

/** A rate (0..1) as a percentage: "68.1%". */
export const rateText = (rate: number): string => percent(rate)

/** A rate's change in percentage points, said as such ("较上期 -2.1 个百分点"), never as a bare "pt". */
export function pointsDelta(now: number, before: number, t: Translate): { text: string; tone: Tone } {
  const points = (now - before) * 100
  if (Math.abs(points) < 0.05) return { text: t('revenuePage.kpi.rateSame', {}), tone: 'flat' }
  return {
    text: t('revenuePage.kpi.rateDelta', { n: `${points > 0 ? '+' : '-'}${Math.abs(points).toFixed(1)}` }),
    tone: points > 0 ? 'good' : 'bad',
  }
}

/**
 * Whether the paid rate means anything: with a status filter it is the share of paid orders
 * among the statuses picked, 100% when only paid ones are, so it is not shown then.
 */
export const paidRateApplies = (statuses: readonly OrderStatusValue[]): boolean => statuses.length === 0

/**
 * The CSS colour variable of a status in the charts: the colour of its tag in the order list
 * (STATUS_TAG), a lighter shade of it for a second status that shares the tag's colour.
 */
export function statusColorVar(status: OrderStatusValue): string {
  const type = STATUS_TAG[status]
  const earlier = ORDER_STATUS_VALUES.slice(0, ORDER_STATUS_VALUES.indexOf(status)).filter((s) => STATUS_TAG[s] === type).length
  return earlier === 0 ? `--el-color-${type}` : `--el-color-${type}-light-${earlier === 1 ? 3 : 5}`
}
