// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { ORDER_STATUS_VALUES } from '../../../../src-preload/contract-values'
import { STATUS_TAG } from '../../../../src-renderer/src/components/orders/status'
import {
  comparedSpans,
  isoWeek,
  kpiDelta,
  paidRateApplies,
  periodAxisLabel,
  periodTitle,
  pointsDelta,
  rateText,
  statusColorVar,
  type Translate,
} from '../../../../src-renderer/src/components/revenue/labels'
import { daysRange } from '../../../../src-renderer/src/dates'
import { i18n } from '../../../../src-renderer/src/i18n'

const TZ = 'Asia/Shanghai'
const words =
  (locale: 'zh-CN' | 'en'): Translate =>
  (key, named) =>
    i18n.global.t(key, named, { locale })
const zh = words('zh-CN')
const en = words('en')
/** November 2026 ("本月" on a day in it): its first week starts on Monday 26 October, its first day is a Sunday. */
const NOVEMBER = { fromDay: '2026-11-01', toDay: '2026-11-30' }

describe('the revenue chart’s period labels', () => {
  it('labels a week under its bar by the days the bar counts, never by its Monday alone', () => {
    expect(periodAxisLabel('2026-10-26', 'week', NOVEMBER, 'zh-CN', zh)).toBe('11月1日')
    expect(periodAxisLabel('2026-11-02', 'week', NOVEMBER, 'zh-CN', zh)).toBe('11月2日–11月8日')
    expect(periodAxisLabel('2026-11-30', 'week', NOVEMBER, 'zh-CN', zh)).toBe('11月30日')
    expect(periodAxisLabel('2026-10-26', 'week', { fromDay: '2026-10-08', toDay: '2026-11-06' }, 'en', en)).toBe('Oct 26 – Nov 1')
  })

  it('names a week in its tooltip by number and its seven days, and says which of them a range cut off', () => {
    expect(periodTitle('2026-10-26', 'week', NOVEMBER, 'zh-CN', zh)).toEqual([
      '2026年第44周（10月26日–11月1日）',
      '只计入所选范围内的 11月1日',
    ])
    expect(periodTitle('2026-11-02', 'week', NOVEMBER, 'zh-CN', zh)).toEqual(['2026年第45周（11月2日–11月8日）'])
    expect(periodTitle('2026-10-26', 'week', NOVEMBER, 'en', en)).toEqual([
      'Week 44 of 2026 (Oct 26 – Nov 1)',
      'Counts only Nov 1, inside the chosen range',
    ])
  })

  it('names a month, and the days of it a range holds when it holds only part of it', () => {
    const days = { fromDay: '2026-10-08', toDay: '2026-11-06' }
    expect(periodAxisLabel('2026-10', 'month', days, 'zh-CN', zh)).toBe('2026年10月')
    expect(periodAxisLabel('2026-10', 'month', days, 'en', en)).toBe('Oct 2026')
    expect(periodTitle('2026-10', 'month', days, 'zh-CN', zh)).toEqual(['2026年10月', '只计入所选范围内的 10月8日–10月31日'])
    expect(periodTitle('2026-11', 'month', { fromDay: '2026-11-01', toDay: '2026-11-30' }, 'zh-CN', zh)).toEqual(['2026年11月'])
  })

  it('writes a day as staff write it, with its year only when the range runs over two years', () => {
    expect(periodAxisLabel('2026-11-07', 'day', NOVEMBER, 'zh-CN', zh)).toBe('11月7日')
    expect(periodAxisLabel('2026-11-07', 'day', NOVEMBER, 'en', en)).toBe('Nov 7')
    const newYear = { fromDay: '2025-12-01', toDay: '2026-01-31' }
    expect(periodAxisLabel('2025-12-31', 'day', newYear, 'zh-CN', zh)).toBe('2025年12月31日')
    expect(periodAxisLabel('2025-12-31', 'day', newYear, 'en', en)).toBe('Dec 31, 2025')
    expect(periodTitle('2026-11-07', 'day', NOVEMBER, 'zh-CN', zh)).toEqual(['2026年11月7日周六'])
  })

  it('numbers weeks as ISO 8601 does across a new year', () => {
    expect(isoWeek('2026-10-26')).toEqual({ year: 2026, week: 44 })
    expect(isoWeek('2025-12-29')).toEqual({ year: 2026, week: 1 })
    expect(isoWeek('2027-01-01')).toEqual({ year: 2026, week: 53 })
    expect(isoWeek('2027-01-04')).toEqual({ year: 2027, week: 1 })
  })
})

describe('the KPI cards’ comparison', () => {
  it('names the period compared with: as long as the chosen one, just before it', () => {
    expect(comparedSpans(daysRange('2026-11-01', '2026-11-30', TZ), TZ, 'zh-CN', zh)).toEqual({
      current: '11月1日–11月30日',
      previous: '10月2日–10月31日',
    })
    expect(comparedSpans(daysRange('2027-01-01', '2027-01-31', TZ), TZ, 'en', en)).toEqual({
      current: 'Jan 1, 2027 – Jan 31, 2027',
      previous: 'Dec 1, 2026 – Dec 31, 2026',
    })
  })

  it('says a change as money against the previous period, with its percentage', () => {
    expect(kpiDelta('gross', 32_443_795, 22_581_412, 'CNY', zh)).toEqual({ text: '较上期 +¥98,623.83（+43.7%）', tone: 'good' })
    expect(kpiDelta('gross', 32_443_795, 22_581_412, 'CNY', en)).toEqual({ text: '+¥98,623.83 (+43.7%) vs\u00a0previous', tone: 'good' })
    expect(kpiDelta('net', 900_000, 1_000_000, 'USD', zh)).toEqual({ text: '较上期 -USD\u00a01,000.00（-10.0%）', tone: 'bad' })
    expect(kpiDelta('orders', 288, 278, 'CNY', zh)).toEqual({ text: '较上期 +10（+3.6%）', tone: 'good' })
  })

  it('writes a large change’s percentage with thousands separators, in either language', () => {
    // The 工作台's today against yesterday: ¥6,794.59 after ¥544.02.
    expect(kpiDelta('net', 679_459, 54_402, 'CNY', zh)).toEqual({ text: '较上期 +¥6,250.57（+1,149.0%）', tone: 'good' })
    expect(kpiDelta('net', 679_459, 54_402, 'CNY', en)).toEqual({ text: '+¥6,250.57 (+1,149.0%) vs\u00a0previous', tone: 'good' })
    expect(kpiDelta('orders', 230, 2, 'CNY', zh)).toEqual({ text: '较上期 +228（+11,400.0%）', tone: 'good' })
  })

  it('leaves "vs previous" out on the 工作台, which shows the compared figure beside the change', () => {
    expect(kpiDelta('net', 679_459, 54_402, 'CNY', zh, 'home')).toEqual({ text: '+¥6,250.57（+1,149.0%）', tone: 'good' })
    expect(kpiDelta('net', 679_459, 54_402, 'CNY', en, 'home')).toEqual({ text: '+¥6,250.57 (+1,149.0%)', tone: 'good' })
    expect(kpiDelta('refunds', 0, 31_065, 'CNY', zh, 'home')).toEqual({ text: '-¥310.65（-100.0%）', tone: 'good' })
    expect(kpiDelta('orders', 7, 0, 'CNY', zh, 'home')).toEqual({ text: '+7（对比期为 0）', tone: 'good' })
    expect(kpiDelta('orders', 7, 0, 'CNY', en, 'home')).toEqual({ text: '+7 (was\u00a00)', tone: 'good' })
    expect(kpiDelta('net', 5_000, 5_000, 'CNY', en, 'home')).toEqual({ text: 'Unchanged', tone: 'flat' })
  })

  it('counts more refunds as bad news', () => {
    expect(kpiDelta('refunds', 2_630_652, 2_139_289, 'CNY', zh)).toEqual({ text: '较上期 +¥4,913.63（+23.0%）', tone: 'bad' })
  })

  it('says "unchanged" and leaves out a percentage of nothing', () => {
    expect(kpiDelta('net', 5_000, 5_000, 'CNY', zh)).toEqual({ text: '与上期持平', tone: 'flat' })
    expect(kpiDelta('net', 50_000, 0, 'CNY', zh)).toEqual({ text: '较上期 +¥500.00（上期为 0）', tone: 'good' })
  })

  it('says a rate’s change in percentage points, in words', () => {
    expect(pointsDelta(0.681, 0.702, zh)).toEqual({ text: '支付率较上期 -2.1 个百分点', tone: 'bad' })
    expect(pointsDelta(0.681, 0.702, en)).toEqual({ text: 'Paid rate -2.1 percentage\u00a0points vs\u00a0previous', tone: 'bad' })
    expect(pointsDelta(0.5, 0.4996, zh)).toEqual({ text: '支付率与上期持平', tone: 'flat' })
  })

  it('writes a paid rate rounded as the decimal it stands for, not its binary float times 100', () => {
    // 0.6805 × 100 is 68.04999… as a float: rounded from that, it would read 68.0%.
    expect(rateText(0.6805)).toBe('68.1%')
    expect(rateText(1)).toBe('100.0%')
  })

  it('shows no paid rate while a status filter decides which orders count', () => {
    expect(paidRateApplies([])).toBe(true)
    expect(paidRateApplies(['paid'])).toBe(false)
    expect(paidRateApplies(['pending', 'paid'])).toBe(false)
  })
})

describe('the status chart’s colours', () => {
  it('gives each status the colour of its tag in the order list, and no two statuses the same', () => {
    for (const status of ORDER_STATUS_VALUES)
      expect(statusColorVar(status)).toMatch(new RegExp(`^--el-color-${STATUS_TAG[status]}(-light-\\d)?$`))
    expect(statusColorVar('paid')).toBe('--el-color-success')
    expect(statusColorVar('pending')).toBe('--el-color-warning')
    expect(new Set(ORDER_STATUS_VALUES.map(statusColorVar)).size).toBe(ORDER_STATUS_VALUES.length)
  })
})
