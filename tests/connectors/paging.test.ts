import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { NewestFirstCheck, numberedPages, type NumberedReply } from '../../src-main/connectors/paging'
import type { ListPage, Send } from '../../src-main/connectors/types'
import { DEFAULT_REQUEST_POLICY, Slots, SourceGate } from '../../src-main/sync/request-gate'
import { order } from '../helpers/orders'
import { sendNow } from '../helpers/connector'

const SECOND = 1000

/** A page holding orders created at these seconds, in this order. */
const pageOf = (seconds: number[], nextCursor: string | null = 'more', total?: number): ListPage => ({
  orders: seconds.map((s, i) => order({ remote_id: `${s}-${i}`, created_at: s * SECOND })),
  skipped: [],
  nextCursor,
  total,
})

const collect = async (pages: AsyncGenerator<ListPage>): Promise<ListPage[]> => {
  const out: ListPage[] = []
  for await (const page of pages) out.push(page)
  return out
}

let unhandled: unknown[]
const onUnhandled = (reason: unknown): void => void unhandled.push(reason)
beforeEach(() => {
  unhandled = []
  process.on('unhandledRejection', onUnhandled)
})
afterEach(() => {
  process.off('unhandledRejection', onUnhandled)
})

describe('numbered pages', () => {
  it('asks for exactly the pages a total names, as many at once as the source sends, and yields them in order', async () => {
    const asked: number[] = []
    let inFlight = 0
    let most = 0
    const gate = new SourceGate(new Slots(100), { ...DEFAULT_REQUEST_POLICY, concurrency: 3 })
    const pages = await collect(
      numberedPages({
        first: 1,
        ahead: 3,
        speculate: false,
        send: (request, signal) => gate.send(request, signal),
        fetch: async (n): Promise<NumberedReply> => {
          asked.push(n)
          most = Math.max(most, ++inFlight)
          // Later pages answer sooner: the order must still be the list's.
          await new Promise((resolve) => setTimeout(resolve, 20 - n * 2))
          inFlight--
          return { page: pageOf([100 - n], n < 7 ? 'more' : null, 70), lastPage: 7 }
        },
      }),
    )
    expect(pages.map((p) => p.orders[0].created_at / SECOND)).toEqual([99, 98, 97, 96, 95, 94, 93])
    expect([...asked].sort()).toEqual([1, 2, 3, 4, 5, 6, 7])
    expect(most).toBe(3)
    expect(pages.at(-1)!.nextCursor).toBeNull()
  })

  it('keeps asking while one slow reply is awaited: pages run ahead of it up to twice the requests in flight', async () => {
    const release = new Map<number, () => void>()
    const asked: number[] = []
    const reader = numberedPages({
      first: 1,
      ahead: 2,
      speculate: false,
      send: sendNow,
      fetch: async (n): Promise<NumberedReply> => {
        asked.push(n)
        if (n === 2) await new Promise<void>((resolve) => release.set(2, resolve))
        return { page: pageOf([100 - n], 'more', 50), lastPage: 10 }
      },
    })
    await reader.next()
    const second = reader.next()
    await new Promise((resolve) => setTimeout(resolve, 10))
    // Page 2 is slow: 3, 4 and 5 were asked for meanwhile, no further.
    expect([...asked].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5])
    release.get(2)!()
    await second
    await reader.return(undefined)
  })

  it('reads ahead of an API that never tells its length, and drops what it asked beyond the short page', async () => {
    const sent: number[] = []
    const pages = await collect(
      numberedPages({
        first: 1,
        ahead: 4,
        speculate: true,
        send: sendNow,
        fetch: async (n, signal): Promise<NumberedReply> => {
          sent.push(n)
          // Pages past the end answer late and fail when dropped: nobody may hear about it.
          if (n > 3) {
            await new Promise((resolve, reject) => signal.addEventListener('abort', () => reject(new Error('dropped')), { once: true }))
          }
          return { page: pageOf(n === 3 ? [1] : [10 - n, 9 - n], n === 3 ? null : 'more') }
        },
      }),
    )
    expect(pages).toHaveLength(3)
    // Past an unknown end, no further ahead than the source's requests in flight.
    expect(Math.max(...sent)).toBeLessThanOrEqual(3 + 4 - 1)
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(unhandled).toEqual([])
  })

  it('reads a page again when it saw the list before the page ahead of it (new orders pushed its last ones down)', async () => {
    let reads = 0
    const pages = await collect(
      numberedPages({
        first: 1,
        ahead: 2,
        speculate: false,
        send: sendNow,
        fetch: async (n): Promise<NumberedReply> => {
          if (n === 2) reads++
          // Page 1 was read after an order arrived (total 21), page 2's first read before it (20).
          const total = n === 1 || reads > 1 ? 21 : 20
          return { page: pageOf([100 - n], n < 3 ? 'more' : null, total), lastPage: 3 }
        },
      }),
    )
    expect(pages).toHaveLength(3)
    expect(reads).toBe(2)
  })

  it('asks again, once, for pages of a list without a total that went out before a retried page ahead of them', async () => {
    const calls = new Map<number, number>()
    let failedOnce = false
    // One retry, as a source's requests get: the page's second attempt goes out after its followers.
    const retrying: Send = async (request, signal) => {
      try {
        return await sendNow(request, signal)
      } catch {
        return sendNow(request, signal)
      }
    }
    const pages = await collect(
      numberedPages({
        first: 1,
        ahead: 2,
        speculate: true,
        send: retrying,
        fetch: async (n): Promise<NumberedReply> => {
          calls.set(n, (calls.get(n) ?? 0) + 1)
          if (n === 2 && !failedOnce) {
            failedOnce = true
            await new Promise((resolve) => setTimeout(resolve, 20))
            throw new Error('503')
          }
          return { page: pageOf(n === 12 ? [1] : [100 - n, 99 - n], n === 12 ? null : 'more') }
        },
      }),
    )
    expect(pages).toHaveLength(12)
    const again = [...calls.entries()].filter(([n, c]) => n !== 2 && c > 1).map(([n]) => n)
    // Page 3 (as far ahead as pages are asked) went out before page 2's retry and is read again; nothing after it is.
    expect(again).toEqual([3])
    expect(calls.get(2)).toBe(2)
  })
})

describe('the newest-first check', () => {
  it('ends a window at the first page reaching past its start, once the list has shown it is newest first', () => {
    const check = new NewestFirstCheck()
    expect(check.window(pageOf([60, 50]), 45 * SECOND).nextCursor).toBe('more')
    expect(check.window(pageOf([48, 40]), 45 * SECOND).nextCursor).toBeNull()
  })

  it('does not take orders pushed onto the next page (listed twice) for a list that is not newest first', () => {
    const notes: string[] = []
    const check = new NewestFirstCheck(() => notes.push('not_newest_first'))
    const first = pageOf([60, 50])
    check.window(first, 10 * SECOND)
    // A new order arrived: the previous page's last order comes again at the head of this one.
    check.window({ ...pageOf([49, 48]), orders: [first.orders[1], ...pageOf([49, 48]).orders] }, 10 * SECOND)
    expect(notes).toEqual([])
  })

  it('never ends a window on a single order or a list not yet seen to descend', () => {
    const check = new NewestFirstCheck()
    expect(check.window(pageOf([10]), 45 * SECOND).nextCursor).toBe('more')
    expect(check.window(pageOf([10, 10]), 45 * SECOND).nextCursor).toBe('more')
  })

  it('reads an oldest-first list to the end and says so once', () => {
    const notes: string[] = []
    const check = new NewestFirstCheck(() => notes.push('not_newest_first'))
    expect(check.window(pageOf([10, 20]), 45 * SECOND).nextCursor).toBe('more')
    expect(check.window(pageOf([30, 40]), 45 * SECOND).nextCursor).toBe('more')
    expect(check.window(pageOf([50, 40, 30]), 45 * SECOND).nextCursor).toBe('more')
    expect(notes).toEqual(['not_newest_first'])
  })

  it('takes creation times in whole seconds: an API may sort by a finer time than it shows', () => {
    const check = new NewestFirstCheck(() => {
      throw new Error('not an ascent')
    })
    check.see([50_900, 50_000, 50_300, 49_000].map((created_at, i) => ({ remote_id: `t${i}`, created_at })))
    expect(check.window(pageOf([30, 20]), 45 * SECOND).nextCursor).toBeNull()
  })
})
