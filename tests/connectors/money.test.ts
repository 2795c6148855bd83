import { describe, expect, it } from 'vitest'
import { formatFen, parseFenInteger, parseYuanToFen } from '../../src-main/connectors/money'

describe('parseYuanToFen', () => {
  it.each([
    ['0.07', 7],
    [0.07, 7],
    ['1.15', 115],
    [1.15, 115],
    [8.2, 820],
    ['8.2', 820],
    [19.99, 1999],
    ['1234567.89', 123456789],
    ['0.00', 0],
    [0, 0],
    ['100', 10000],
    [0.1, 10],
    ['-3.50', -350],
  ] as const)('%s → %i fen', (input, fen) => {
    expect(parseYuanToFen(input)).toEqual({ fen, rounded: false })
  })

  it('rounds more than two decimals half-up and says so', () => {
    expect(parseYuanToFen('1.005')).toEqual({ fen: 101, rounded: true })
    expect(parseYuanToFen('1.004')).toEqual({ fen: 100, rounded: true })
    expect(parseYuanToFen('2.3450')).toEqual({ fen: 235, rounded: true })
    expect(parseYuanToFen('2.3400')).toEqual({ fen: 234, rounded: false })
  })

  it('treats empty and null as no value', () => {
    expect(parseYuanToFen('')).toBeNull()
    expect(parseYuanToFen(null)).toBeNull()
    expect(parseYuanToFen(undefined)).toBeNull()
  })

  it('rejects what is not a decimal', () => {
    expect(() => parseYuanToFen('abc')).toThrow(/not a decimal/)
    expect(() => parseYuanToFen('1,000.00')).toThrow()
    expect(() => parseYuanToFen({})).toThrow()
    expect(() => parseYuanToFen(Number.NaN)).toThrow()
  })
})

describe('parseFenInteger / formatFen', () => {
  it('reads integer fen and refuses fractions', () => {
    expect(parseFenInteger(800)).toBe(800)
    expect(parseFenInteger('800')).toBe(800)
    expect(() => parseFenInteger(8.5)).toThrow()
  })
  it('formats fen as a plain two-digit decimal', () => {
    expect(formatFen(1999)).toBe('19.99')
    expect(formatFen(7)).toBe('0.07')
    expect(formatFen(0)).toBe('0.00')
    expect(formatFen(-5)).toBe('-0.05')
    expect(formatFen(123456789)).toBe('1234567.89')
  })
})
