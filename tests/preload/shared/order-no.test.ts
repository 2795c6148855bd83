import { describe, expect, it } from 'vitest'
import { newMerchantOrderNo } from '../../../src-preload/shared/order-no'
import { pingppCreateForm } from '../../../src-main/connectors/pingpp'

const pingppRule = new RegExp(pingppCreateForm.find((f) => f.key === 'merchant_order_no')!.pattern!.regex)

describe('newMerchantOrderNo', () => {
  it('is 20 letters and digits, as Ping++ takes a merchant order number', () => {
    for (let i = 0; i < 200; i++) {
      const no = newMerchantOrderNo(Date.now(), 'Asia/Shanghai')
      expect(no).toMatch(/^[A-Z0-9]{20}$/)
      expect(no).toMatch(pingppRule)
    }
  })

  it('starts with the shop’s date and time to the second, in its zone', () => {
    // 2026-11-23 16:05:09 UTC is 2026-11-24 00:05:09 in Shanghai.
    const at = Date.UTC(2026, 10, 23, 16, 5, 9)
    expect(newMerchantOrderNo(at, 'Asia/Shanghai').slice(0, 14)).toBe('OD261124000509')
    expect(newMerchantOrderNo(at, 'UTC').slice(0, 14)).toBe('OD261123160509')
  })

  it('ends in six characters drawn at random, none of them I or O', () => {
    const words = (n: number) => Uint32Array.from({ length: n }, (_, i) => [0, 9, 10, 17, 33, 34][i])
    expect(newMerchantOrderNo(Date.UTC(2026, 0, 1), 'UTC', words).slice(14)).toBe('09AHZ0')
  })

  it('differs from one made in the same second', () => {
    const at = Date.now()
    // 34⁶ tails: a hundred made at once collide about once in 300,000 runs.
    const made = new Set(Array.from({ length: 100 }, () => newMerchantOrderNo(at, 'Asia/Shanghai')))
    expect(made.size).toBe(100)
  })
})
