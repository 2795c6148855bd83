import type { ArgsInput, Bridge, Channel, Envelope } from '../../../src-preload/contract'

/**
 * Calls made by the page's first script, before the app's code has loaded: compiling that code
 * takes most of a launch's first half second, and the answers arrive meanwhile. The app's first
 * identical call takes its answer instead of asking again. Whatever the first screen did not take
 * is dropped once it is built, so no later call is answered from the start-up.
 */
const pending = new Map<string, Promise<Envelope<unknown>>>()

const keyOf = (channel: Channel, args: unknown): string => `${channel} ${args === undefined ? '' : JSON.stringify(args)}`

/** Asks now; the promise settles when the answer has been read. */
export function prefetch<C extends Channel>(bridge: Bridge, channel: C, args: ArgsInput<C>): Promise<Envelope<unknown>> {
  const answer = bridge.invoke(channel, args)
  pending.set(keyOf(channel, args), answer)
  return answer
}

/** Drops the answers nobody took (the first screen asked for something else). */
export function dropPrefetched(): void {
  pending.clear()
}

/** The bridge, answering each prefetched call once from its early answer. */
export function withPrefetched(bridge: Bridge): Bridge {
  return {
    invoke(channel, args) {
      const key = keyOf(channel, args)
      const early = pending.get(key)
      if (!early) return bridge.invoke(channel, args)
      pending.delete(key)
      return early as ReturnType<typeof bridge.invoke<typeof channel>>
    },
    on: (event, listener) => bridge.on(event, listener),
  }
}
