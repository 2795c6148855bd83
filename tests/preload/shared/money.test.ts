import { describe, expect, it } from 'vitest'
import { fenToYuanNumber, formatFen, parseFenInteger, parseYuanInput, parseYuanToFen } from '../../../src-preload/shared/money'

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

describe('parseYuanInput: an amount staff type in yuan', () => {
  it.each([
    ['0.07', 7],
    ['1.15', 115],
    ['8.2', 820],
    ['19.99', 1999],
    ['0.1', 10],
    ['123.45', 12345],
    ['100', 10000],
    ['5.', 500],
    ['.5', 50],
    ['1.500', 150],
    ['  12.30 ', 1230],
    ['1,234.56', 123456],
    ['¥19.99', 1999],
    ['￥8.2', 820],
    ['100元', 10000],
    ['１２．５', 1250],
    ['12。5', 1250],
    ['100000000', 10_000_000_000],
    [8.2, 820],
    [0.07, 7],
  ] as const)('%j → %i fen, exactly', (input, fen) => {
    expect(parseYuanInput(input)).toEqual({ fen })
  })

  it('gives back every amount to the fen it was written from', () => {
    for (let fen = 0; fen <= 200_000; fen++) expect(parseYuanInput(formatFen(fen))).toEqual({ fen })
  })

  it.each([
    ['', 'format'],
    ['abc', 'format'],
    ['-1', 'format'],
    ['1e3', 'format'],
    ['1,23', 'format'],
    ['1.2.3', 'format'],
    ['.', 'format'],
    ['1.234', 'decimals'],
    ['0.001', 'decimals'],
    ['100000000.01', 'too_large'],
    ['999999999999', 'too_large'],
    [Number.NaN, 'format'],
  ] as const)('%j is refused: %s', (input, problem) => {
    expect(parseYuanInput(input)).toEqual({ problem })
  })
})

describe('fenToYuanNumber', () => {
  it('writes the decimal the fen stand for, in JSON too', () => {
    expect(JSON.stringify([7, 115, 820, 1999, 10, 12345].map(fenToYuanNumber))).toBe('[0.07,1.15,8.2,19.99,0.1,123.45]')
  })
})
