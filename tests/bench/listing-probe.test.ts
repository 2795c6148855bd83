import { describe, expect, it } from 'vitest'
import { ListingProbe } from '../../src-main/bench/listing-probe'
import type { Connector, ListPage, PagesRequest, Send } from '../../src-main/connectors/types'

const page = (): ListPage => ({ orders: [], skipped: [], nextCursor: null })

function deferred<T>() {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((r) => (resolve = r))
  return { promise, resolve }
}

/** Lets every settled promise's handlers run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve))

/** A connector whose listing sends two requests at once and yields their pages in order. */
function twoAtOnce(first: Promise<ListPage>, second: Promise<ListPage>): Connector {
  return {
    kind: 'pub',
    get: async () => {
      throw new Error('not used')
    },
    async *pages(request: PagesRequest) {
      const a = request.send(() => first)
      const b = request.send(() => second)
      yield await a
      yield await b
    },
  } as unknown as Connector
}

const direct: Send = (fn) => fn(new AbortController().signal)

describe('listing probe', () => {
  it('tells what a request took, how many were in flight, how long pages waited to be taken and the time after the last', async () => {
    let now = 0
    const probe = new ListingProbe(() => now)
    const a = deferred<ListPage>()
    const b = deferred<ListPage>()
    const pages = probe.watch(twoAtOnce(a.promise, b.promise)).pages({ ahead: 2, send: direct })
    const firstStep = pages.next()
    await settle()
    now = 80
    a.resolve(page())
    b.resolve(page())
    await firstStep
    // The sync takes the next page 20 ms later (it was writing), then the end at once.
    now = 100
    await pages.next()
    await pages.next()
    now = 200
    expect(probe.parts()).toEqual({ request_ms: 80, in_flight: 0.8, held_by_writes_s: 0.02, after_last_page_s: 0.1 })
  })

  it('a watched connector keeps everything but its listings as they were', () => {
    const connector = twoAtOnce(new Promise(() => {}), new Promise(() => {}))
    expect(new ListingProbe().watch(connector).get).toBe(connector.get)
  })
})
