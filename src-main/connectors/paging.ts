import { noop } from '../shared/noop'
import type { ListPage, Send } from './types'

/**
 * Watches the creation times a listing actually returns. The documents of pub and appkey do not
 * say their lists are newest first: a window may stop early only once the pages have shown a
 * newer-to-older step and never an older-to-newer one.
 */
export class NewestFirstCheck {
  private last: number | null = null
  private descended = false
  private ascended = false
  /** The previous page's orders: new orders push some of them onto the next page, listed again. */
  private previous = new Set<string>()

  constructor(private readonly onNotNewestFirst?: () => void) {}

  /** Takes a page's orders, in the order the API listed them. */
  see(orders: ReadonlyArray<{ remote_id: string; created_at: number }>): void {
    for (const { remote_id, created_at } of orders) {
      if (this.previous.has(remote_id)) continue
      // In whole seconds: an API may sort by a finer time than some of its records show.
      const second = Math.floor(created_at / 1000)
      if (this.last !== null && second > this.last && !this.ascended) {
        this.ascended = true
        this.onNotNewestFirst?.()
      }
      if (this.last !== null && second < this.last) this.descended = true
      this.last = second
    }
    this.previous = new Set(orders.map((o) => o.remote_id))
  }

  /**
   * Sees `page` and gives it back, as the last one when it reaches past the start of a window
   * (`since`): it holds an order a whole second older, in a list known by now to be newest first,
   * so every later page is older still.
   */
  window(page: ListPage, since: number | undefined): ListPage {
    this.see(page.orders)
    if (since === undefined || !this.descended || this.ascended) return page
    const start = Math.floor(since / 1000)
    return page.orders.some((o) => Math.floor(o.created_at / 1000) < start) ? { ...page, nextCursor: null } : page
  }
}

export interface NumberedReply {
  /** The page, its nextCursor pointing at the page after it (null when the reply says it is the last). */
  page: ListPage
  /** The number of the list's last page, when the reply tells it. */
  lastPage?: number
}

export interface NumberedPagesOptions {
  /** The number of the first page to read. */
  first: number
  /** Requests the source keeps in flight (its `send` holds the rest). */
  ahead: number
  /**
   * Ask for further pages before a reply says how many there are: for APIs that never say (course),
   * whose end is a short or empty page. Otherwise only pages a reply has told of are asked for.
   */
  speculate: boolean
  send: Send
  /** One request for page `n`. */
  fetch: (n: number, signal: AbortSignal) => Promise<NumberedReply>
  /** Sees every page in order, and may end the listing there by giving it back without a next cursor. */
  inOrder?: (page: ListPage) => ListPage
  signal?: AbortSignal
}

/** A page asked for: its reply, and the order in which its latest attempt went out. */
interface Flight {
  reply: Promise<NumberedReply>
  readonly sent: number
  drop: AbortController
}

/**
 * The pages of a list addressed by number, in order, several fetched at once. Whatever is still
 * in flight when the listing ends (its last page, a failure, the reader stopping) is dropped:
 * requests not sent yet are never sent, and no rejection goes unhandled.
 *
 * Pages read side by side may see the list at different moments. New orders enter a newest-first
 * list at its head and push the rest down: a page read later than the page after it has lost its
 * last orders to that page's place, where nobody reads them any more. Where the API says a total,
 * a page whose total is below its predecessor's was read before it, and is read again, once.
 * Where it does not (course), the pages after one whose last attempt went out late (a retry) are
 * asked for again if their requests went out before it (so a retry costs a few requests, not
 * the rest of the list). That narrows, but cannot close, the gap there: course reads its older
 * half, where no order arrives, apart from its recent one (see its listingParts).
 */
export async function* numberedPages(options: NumberedPagesOptions): AsyncGenerator<ListPage, void, undefined> {
  const controller = new AbortController()
  const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal
  const flights = new Map<number, Flight>()
  let attempts = 0
  const request = (n: number): Flight => {
    const drop = new AbortController()
    let sentAs = Number.POSITIVE_INFINITY
    const reply = options.send(
      async (s) => {
        sentAs = ++attempts
        return options.fetch(n, s)
      },
      AbortSignal.any([signal, drop.signal]),
    )
    reply.catch(noop) // awaited in its turn; a failure after the listing ended is nobody's
    return {
      reply,
      drop,
      get sent() {
        return sentAs
      },
    }
  }
  let lastPage: number | undefined
  let launched = options.first - 1
  const launch = (upTo: number): void => {
    while (launched < upTo && (lastPage === undefined || launched < lastPage)) {
      const n = ++launched
      flights.set(n, request(n))
    }
  }
  let previousTotal: number | undefined
  try {
    for (let n = options.first; ; n++) {
      // Nothing is read ahead of the first reply: a source that fails at once (a wrong token) costs one request.
      // A list of known length is asked for further ahead (the source's gate holds what it cannot send
      // yet), so one slow reply does not stop the others; past an unknown end, asking is waste.
      const ahead = Math.max(1, options.ahead)
      launch(n === options.first ? n : lastPage !== undefined ? n + 2 * ahead - 1 : options.speculate ? n + ahead - 1 : n)
      const flight = flights.get(n)!
      let reply = await flight.reply
      flights.delete(n)
      const total = reply.page.total
      if (total !== undefined && previousTotal !== undefined && total < previousTotal) reply = await request(n).reply
      if (total === undefined) {
        for (const [m, later] of flights) {
          if (later.sent >= flight.sent) continue
          later.drop.abort(new Error('read again after the page ahead of it'))
          flights.set(m, request(m))
        }
      }
      previousTotal = reply.page.total
      if (reply.lastPage !== undefined) lastPage = reply.lastPage
      const page = options.inOrder ? options.inOrder(reply.page) : reply.page
      const last = page.nextCursor === null || (lastPage !== undefined && n >= lastPage)
      yield last ? { ...page, nextCursor: null } : page
      if (last) return
    }
  } finally {
    controller.abort(new Error('listing ended'))
  }
}
