import type { ListPage } from '../connectors/types'
import { writablePage, type WritablePage } from './page-writer'
import { noop } from '../shared/noop'
import type { PageGroups } from './page-groups'

/** With the writer free, how long fetched pages wait for the next before they are written as they are. */
export const WRITE_BATCH_MS = 250

/** Whether `promise` settles (either way) within `ms`. */
function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  return Promise.race([
    promise.then(
      () => true,
      () => true,
    ),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms))),
  ]).finally(() => clearTimeout(timer))
}

export function throwIfCanceled(signal?: AbortSignal): void {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('canceled')
}

/**
 * Reads a listing's pages in order and hands them to `groups` to write, the next page being
 * fetched while one is written (the write waits on the disk, the fetch on the network).
 * Canceled or failed, what was fetched is still written (the cursor moves past it), and the
 * listing's requests still in flight are dropped before this returns.
 */
export async function writeListing(
  open: (signal: AbortSignal) => AsyncGenerator<ListPage, void, undefined>,
  groups: PageGroups<WritablePage>,
  onPage: (page: WritablePage) => void,
  signal?: AbortSignal,
): Promise<void> {
  const done = new AbortController()
  const pages = open(signal ? AbortSignal.any([signal, done.signal]) : done.signal)
  let next = pages.next()
  next.catch(noop) // awaited on the next turn; a failure surfaces there
  try {
    for (;;) {
      throwIfCanceled(signal)
      groups.throwIfFailed()
      // With pages waiting, the wait for the next one is bounded once the writer is free: past
      // WRITE_BATCH_MS they go in, whatever their number.
      const writing = groups.inProgress
      if (groups.waiting > 0 && writing) await Promise.race([writing, next.then(noop, noop)])
      if (groups.waiting > 0 && !groups.inProgress && !(await settlesWithin(next, WRITE_BATCH_MS))) groups.flush()
      const step = await next
      if (step.done) break
      next = pages.next()
      next.catch(noop)
      const page = writablePage(step.value)
      await groups.add(page)
      onPage(page)
    }
    await groups.writeAll()
  } catch (error) {
    try {
      await groups.writeAll()
    } catch {
      // The first failure is the one to report; the unwritten pages are fetched again next time.
    }
    throw error
  } finally {
    done.abort(new Error('listing ended'))
    await pages.return(undefined).catch(noop)
  }
}
