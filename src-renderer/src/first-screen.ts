import type { ArgsInput, Channel } from '../../src-preload/contract'
import { isOrdersLink, listArgsFor, loadViewState, toFilter } from './stores/orders-view'

/** The zone the user's settings named when last loaded: the list's date filters are cut in it. */
export const ZONE_STORAGE_KEY = 'orderdesk.zone'
/** The zone until the settings say otherwise. */
export const DEFAULT_ZONE = 'Asia/Shanghai'

/** The zone the first screen's dates are cut and shown in, as far as this machine knows before the settings load. */
export function rememberedZone(storage: Pick<Storage, 'getItem'>): string {
  return storage.getItem(ZONE_STORAGE_KEY) ?? DEFAULT_ZONE
}

/**
 * How long the page waits for the first screen's answers before loading the app without them
 * (a slow query must not hold the start): a little more than they take at a million orders.
 */
export const FIRST_ANSWERS_WAIT_MS = 400

export type Call = { [C in Channel]: [C, ArgsInput<C>] }[Channel]

/**
 * What the first screen will ask for, known before any of the app's code has loaded: the start-up
 * load of the app store; on the 工作台 (where a launch lands) its summary; on the order list its
 * first page and status counts for the filters kept on this machine, dates cut in the zone last seen. Each must be
 * asked exactly as the app asks it, or its early answer goes unused (tests/renderer keep them so).
 */
export function firstScreenCalls(storage: Pick<Storage, 'getItem'>, hash: string, now = Date.now()): Call[] {
  const calls: Call[] = [
    ['app:info', undefined],
    ['settings:get', undefined],
    ['sources:kinds', undefined],
    ['sources:list', undefined],
  ]
  // The router's paths: "#/orders?from=…" is a link (the revenue page's, the 工作台's), which sets other filters first.
  const [path, query = ''] = hash.replace(/^#/, '').split('?', 2)
  // A launch lands on the 工作台, which asks for its whole page in one call.
  if (path === '' || path === '/' || path === '/home') calls.push(['home:summary', undefined])
  if (path === '/orders' && !isOrdersLink(Object.fromEntries(new URLSearchParams(query)))) {
    const state = loadViewState(storage)
    let args
    try {
      args = listArgsFor(toFilter(state, rememberedZone(storage), now), state, 1)
    } catch {
      // A kept zone this runtime does not know: the list cuts its dates once the settings are in.
      return calls
    }
    calls.push(['orders:list', args], ['orders:statusCounts', { filter: args.filter }])
  }
  return calls
}

/** Settles when every answer has been read (or failed), or after `waitMs`, whichever is first. */
export function answersRead(answers: ReadonlyArray<Promise<unknown>>, waitMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, waitMs)
    void Promise.allSettled(answers).then(() => {
      clearTimeout(timer)
      resolve()
    })
  })
}
