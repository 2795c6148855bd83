import { performance } from 'node:perf_hooks'
import type { Connector, ListPage, PagesRequest, Send } from '../connectors/types'

/** Where a sync run's time went, as its listings saw it. */
export interface ListingParts {
  /** Median time of a listing's request, from the slot the sync gave it to its page read and normalized. */
  request_ms: number
  /** Listing requests in flight on average over the run: at most the concurrency (the run's cap for several sources). */
  in_flight: number
  /** Time the listings stood still because the sync had not taken their last page yet: it was waiting to write. */
  held_by_writes_s: number
  /** From the last listed page to the run's end: the last writes and the run's own bookkeeping. */
  after_last_page_s: number
}

/**
 * Watches a sync run's listings through the connectors it is given (the sync itself is not
 * touched): each request from its slot to its page, the requests in flight over time, and how
 * long a listing waited for the sync to take its pages.
 */
export class ListingProbe {
  private readonly started: number
  private inFlight = 0
  /** Integral of the requests in flight over time, request-ms. */
  private area = 0
  private changedAt: number
  private readonly durations: number[] = []
  private heldMs = 0
  private lastPageAt: number | null = null

  constructor(private readonly clock: () => number = () => performance.now()) {
    this.started = clock()
    this.changedAt = this.started
  }

  /** The connector with its listings watched. */
  watch(connector: Connector): Connector {
    return { ...connector, pages: (request) => this.pages(connector, request) }
  }

  /** The run's parts, as it ends now. */
  parts(): ListingParts {
    const now = this.clock()
    const sorted = [...this.durations].sort((a, b) => a - b)
    const median = sorted.length === 0 ? 0 : sorted[Math.floor((sorted.length - 1) / 2)]
    const area = this.area + this.inFlight * (now - this.changedAt)
    const round = (value: number, digits: number): number => Math.round(value * 10 ** digits) / 10 ** digits
    return {
      request_ms: round(median, 1),
      in_flight: now > this.started ? round(area / (now - this.started), 2) : 0,
      held_by_writes_s: round(this.heldMs / 1000, 2),
      after_last_page_s: this.lastPageAt === null ? 0 : round((now - this.lastPageAt) / 1000, 2),
    }
  }

  private async *pages(connector: Connector, request: PagesRequest): AsyncGenerator<ListPage, void, undefined> {
    const send: Send = (fn, signal) => request.send((s) => this.timed(() => fn(s)), signal)
    const inner = connector.pages({ ...request, send })
    try {
      for (;;) {
        const step = await inner.next()
        if (step.done) return
        const got = this.clock()
        this.lastPageAt = got
        yield step.value
        this.heldMs += this.clock() - got
      }
    } finally {
      await inner.return(undefined)
    }
  }

  private async timed<T>(fn: () => Promise<T>): Promise<T> {
    const start = this.clock()
    this.step(+1, start)
    try {
      return await fn()
    } finally {
      const end = this.clock()
      this.step(-1, end)
      this.durations.push(end - start)
    }
  }

  private step(by: number, at: number): void {
    this.area += this.inFlight * (at - this.changedAt)
    this.changedAt = at
    this.inFlight += by
  }
}
