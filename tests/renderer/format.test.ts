import { describe, expect, it } from 'vitest'
import { money, moneyAxis, percent } from '../../src-renderer/src/format'

describe('money on screen', () => {
  it('writes yuan with the ¥ sign, thousands separators and two decimals, exact to the fen for any amount', () => {
    expect(money(123456789012, 'CNY')).toBe('¥1,234,567,890.12')
    // The largest integer a double holds exactly: a float's yuan would end in …40.99 or so, never …40.91.
    expect(money(Number.MAX_SAFE_INTEGER, 'CNY')).toBe('¥90,071,992,547,409.91')
    expect(money(123456, 'CNY')).toBe('¥1,234.56')
    expect(money(100000, 'CNY')).toBe('¥1,000.00')
    expect(money(99999, 'CNY')).toBe('¥999.99')
    expect(money(7, 'CNY')).toBe('¥0.07')
  })

  it('writes zero as ¥0.00 and a negative amount with the minus before the sign', () => {
    expect(money(0, 'CNY')).toBe('¥0.00')
    expect(money(-1230, 'CNY')).toBe('-¥12.30')
    expect(money(-5, 'CNY')).toBe('-¥0.05')
    expect(money(-123456789012, 'CNY')).toBe('-¥1,234,567,890.12')
  })

  it('writes every other currency with its code, so no two currencies look alike', () => {
    expect(money(123456, 'USD')).toBe('USD\u00a01,234.56')
    expect(money(123456, 'HKD')).toBe('HKD\u00a01,234.56')
    expect(money(123456, 'JPY')).toBe('JPY\u00a01,234.56')
    expect(money(-123456, 'EUR')).toBe('-EUR\u00a01,234.56')
    expect(money(Number.MAX_SAFE_INTEGER, 'USD')).toBe('USD\u00a090,071,992,547,409.91')
    // The code as an API may send it, and one Intl does not take.
    expect(money(123456, 'cny')).toBe('¥1,234.56')
    expect(money(123456, 'RMB1')).toBe('RMB1\u00a01,234.56')
    expect(money(-123456, 'RMB1')).toBe('-RMB1\u00a01,234.56')
  })

  it('shortens an axis label to a few characters in the UI language', () => {
    expect(moneyAxis(12_000_000, 'CNY', 'zh-CN')).toBe('¥12万')
    expect(moneyAxis(12_000_000, 'CNY', 'en')).toBe('¥120K')
    expect(moneyAxis(120_000_000_000, 'CNY', 'zh-CN')).toBe('¥12亿')
    expect(moneyAxis(-5_000_000, 'CNY', 'zh-CN')).toBe('-¥5万')
    expect(moneyAxis(0, 'USD', 'en')).toBe('USD\u00a00')
  })
})

describe('percentages on screen', () => {
  it('write a ratio with thousands separators and one decimal, as amounts are', () => {
    expect(percent(11.49)).toBe('1,149.0%')
    expect(percent(123.4567)).toBe('12,345.7%')
    expect(percent(0.437)).toBe('43.7%')
    expect(percent(0)).toBe('0.0%')
  })
})
