import { describe, expect, it } from 'vitest'
import { idealSeconds, requestsBetween, runFigures } from '../../src-main/bench/remote-sync'

const counts = (pub: Record<string, number>, course: Record<string, number> = {}) => ({ pub, appkey: {}, pingpp: {}, course })

describe('remote benchmark figures', () => {
  it('the ideal is requests × latency ÷ the source’s concurrency', () => {
    expect(idealSeconds([{ requests: 1000, concurrency: 4 }], 80)).toBe(20)
  })

  it('sources run side by side: the ideal of several is that of the slowest', () => {
    const ideal = idealSeconds(
      [
        { requests: 1000, concurrency: 4 },
        { requests: 400, concurrency: 4 },
        { requests: 200, concurrency: 2 },
      ],
      80,
      16,
    )
    expect(ideal).toBe(20)
  })

  it('the run’s cap on requests in flight bounds the ideal of several sources', () => {
    const four = Array.from({ length: 4 }, () => ({ requests: 400, concurrency: 4 }))
    // 1,600 requests, 8 at a time at most: 16 s, not the 8 s each source alone would take.
    expect(idealSeconds(four, 80, 8)).toBe(16)
  })

  it('the ratio is seconds ÷ ideal', () => {
    expect(runFigures([{ requests: 200, concurrency: 4 }], 6, 80)).toEqual({ requests: 200, seconds: 6, ideal_s: 4, ratio: 1.5 })
  })

  it('requests between two readings sum every path of a kind, and a kind not asked counts none', () => {
    const before = counts({ '/pub/order/list': 10 }, { '/order/list': 3 })
    const after = counts({ '/pub/order/list': 30, '/pub/order/close': 2 }, { '/order/list': 3 })
    expect(requestsBetween(before, after)).toEqual({ pub: 22, appkey: 0, pingpp: 0, course: 0 })
  })
})
