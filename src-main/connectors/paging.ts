import { noop } from '../shared/noop'
import type { SyncNote } from '../../src-preload/contract'
import type { ListPage, Send } from './types'

/**
 * Watches the creation times a listing actually returns. The documents of pub and appkey do not
 * say their lists are newest first: a window may stop at the first page wholly older than it
 * only once the pages have shown a newer-to-older step and never an older-to-newer one.
 */
export class NewestFirstCheck {
  private last: number | null = null
  private descended = false
  private ascended = false

  constructor(private readonly onNotNewestFirst?: () => void) {}

  /** Takes a page's orders, in the order the API listed them. */
  see(orders: ReadonlyArray<{ created_at: number }>): void {
    for (const { created_at } of orders) {
      // In whole seconds: an API may sort by a finer time than some of its records show.
      const second = Math.floor(created_at / 1000)
      if (this.last !== null && second > this.last && !this.ascended) {
        this.ascended = true
        this.onNotNewestFirst?.()
      }
      if (this.last !== null && second < this.last) this.descended = true
      this.last = second
    }
  }

  /**
   * Sees `page` and gives it back, as the last one when it ends a window starting at `since`:
   * wholly older, in a list known by now to be newest first.
   */
  window(page: ListPage, since: number | undefined): ListPage {
    this.see(page.orders)
    if (since === undefined || page.orders.length === 0 || !this.descended || this.ascended) return page
    return page.orders.every((o) => o.created_at < since) ? { ...page, nextCursor: null } : page
  }
}

/** Reports a note once per listing. */
export function noteOnce(note: SyncNote, onNote?: (note: SyncNote) => void): () => void {
  let told = false
  return () => {
    if (told) return
    told = true
    onNote?.(note)
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
  /** Pages in flight at most, the one being waited for included. */
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

/**
 * The pages of a list addressed by number, in order, with up to `ahead` of them fetched at once.
 * Whatever is still in flight when the listing ends (its last page, a failure, the reader
 * stopping) is dropped: requests not sent yet are never sent, and no rejection goes unhandled.
 *
 * Pages read side by side may see the list at different moments. New orders enter a newest-first
 * list at its head and push the rest down: a page read later than the page after it has lost its
 * last orders to that page's place, where nobody reads them any more. Such a page is read again,
 * once: a page whose total is below its predecessor's was read before it (when the API says a
 * total), or else one whose request went out before its predecessor's last attempt.
 */
export async function* numberedPages(options: NumberedPagesOptions): AsyncGenerator<ListPage, void, undefined> {
  const controller = new AbortController()
  const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal
  const inFlight = new Map<number, Promise<NumberedReply & { sent: number }>>()
  let sent = 0
  const request = (n: number): Promise<NumberedReply & { sent: number }> =>
    options.send(async (s) => {
      const order = ++sent
      return { ...(await options.fetch(n, s)), sent: order }
    }, signal)
  let lastPage: number | undefined
  let launched = options.first - 1
  const launch = (upTo: number): void => {
    while (launched < upTo && (lastPage === undefined || launched < lastPage)) {
      const n = ++launched
      const reply = request(n)
      reply.catch(noop) // awaited in its turn; a failure after the listing ended is nobody's
      inFlight.set(n, reply)
    }
  }
  let previous: (NumberedReply & { sent: number }) | null = null
  try {
    for (let n = options.first; ; n++) {
      // Nothing is read ahead of the first reply: a source that fails at once (a wrong token) costs one request.
      launch(n > options.first && (options.speculate || lastPage !== undefined) ? n + Math.max(1, options.ahead) - 1 : n)
      let reply = await inFlight.get(n)!
      inFlight.delete(n)
      if (previous && readBefore(reply, previous)) reply = await request(n)
      previous = reply
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

/** Whether `reply` saw the list before `previous` (the page ahead of it) did. */
function readBefore(reply: { page: ListPage; sent: number }, previous: { page: ListPage; sent: number }): boolean {
  if (reply.page.total !== undefined && previous.page.total !== undefined) return reply.page.total < previous.page.total
  return reply.sent < previous.sent
}
