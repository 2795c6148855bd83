import { ConnectorError } from '../connectors/errors'

export interface RequestPolicy {
  /** Requests one source keeps in flight at most; the gate lowers it while the API pushes back. */
  concurrency: number
  /** Attempts per request, the first included. */
  attempts: number
  baseDelayMs: number
  maxDelayMs: number
  /** The longest Retry-After honoured; beyond it the source is reported rate-limited and tried later. */
  maxRetryAfterMs: number
}

export const DEFAULT_REQUEST_POLICY: RequestPolicy = {
  concurrency: 4,
  attempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 5 * 60_000,
}

/** Requests in flight across every source of a run: a sync of many sources must not flood the machine or the network. */
export const DEFAULT_MAX_IN_FLIGHT = 16

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error)
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(signal!.reason as Error)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

/** A count of free slots with a queue of waiters, in order; a waiter whose signal aborts leaves the queue. */
export class Slots {
  private readonly waiters: Array<() => void> = []
  private used = 0

  constructor(private size: number) {}

  resize(size: number): void {
    this.size = size
    this.wake()
  }

  /** Resolves with the slot's release once one is free. */
  take(signal?: AbortSignal): Promise<() => void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason as Error)
      const grant = (): void => {
        signal?.removeEventListener('abort', onAbort)
        this.used++
        let held = true
        resolve(() => {
          if (!held) return
          held = false
          this.used--
          this.wake()
        })
      }
      const onAbort = (): void => {
        const at = this.waiters.indexOf(grant)
        if (at !== -1) this.waiters.splice(at, 1)
        reject(signal!.reason as Error)
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      this.waiters.push(grant)
      this.wake()
    })
  }

  private wake(): void {
    while (this.used < this.size && this.waiters.length > 0) this.waiters.shift()!()
  }
}

/** Why a request failed in a way that says the API wants fewer requests: 429 (or Ping++'s 403) and 503. */
function pushesBack(error: ConnectorError): boolean {
  return error.kind === 'rate_limited' || error.details.status === 503
}

/**
 * One source's requests: at most `concurrency` in flight, within the run's global cap, each
 * retried on transient failures with exponential backoff and full jitter. When the API pushes
 * back (429, 503) the source halves its concurrency and pauses for Retry-After (or the backoff),
 * then earns its concurrency back one request at a time: additive increase, multiplicative
 * decrease, as TCP does. No fixed spacing between requests: a healthy API is asked at full speed.
 */
export class SourceGate {
  /** Requests sent (retries included): what the vendor sees. */
  requests = 0
  private readonly own: Slots
  private limit: number
  private successes = 0
  private pausedUntil = 0
  /** Counts slow-downs: a reply to a request sent before the last one neither slows down again nor earns back. */
  private epoch = 0
  /** Set once the API asked for a wait past the cap: every request of the source ends with it, sent or not. */
  private readonly closing = new AbortController()

  constructor(
    private readonly global: Slots,
    private readonly policy: RequestPolicy,
    private readonly options: { signal?: AbortSignal; random?: () => number; now?: () => number } = {},
  ) {
    this.limit = Math.max(1, policy.concurrency)
    this.own = new Slots(this.limit)
  }

  /** The concurrency the source is allowed right now. */
  get concurrency(): number {
    return this.limit
  }

  /** Runs one request; `signal` (besides the run's) drops it if it has not been sent yet. */
  async send<T>(request: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const stop = AbortSignal.any([this.closing.signal, ...[signal, this.options.signal].filter((s): s is AbortSignal => s !== undefined)])
    const random = this.options.random ?? Math.random
    for (let attempt = 1; ; attempt++) {
      const release = await this.acquire(stop)
      const sentIn = this.epoch
      let delay: number
      try {
        this.requests++
        const result = await request(stop)
        if (sentIn === this.epoch) this.succeeded()
        return result
      } catch (error) {
        if (this.closing.signal.aborted) throw this.closing.signal.reason
        if (!(error instanceof ConnectorError) || !error.transient || stop.aborted) throw error
        const retryAfter = error.details.retryAfterMs
        if (retryAfter !== undefined && retryAfter > this.policy.maxRetryAfterMs) throw this.close(error, retryAfter)
        if (attempt >= this.policy.attempts) throw error
        const backoff = Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** (attempt - 1))
        delay = Math.max(Math.round(backoff / 2 + random() * (backoff / 2)), retryAfter ?? 0)
        if (pushesBack(error)) this.slowDown(delay, sentIn === this.epoch)
      } finally {
        release()
      }
      await sleep(delay, stop)
    }
  }

  /**
   * The API asked for a wait longer than the cap: the source is reported rate-limited and tried
   * after it, and nothing more is sent meanwhile (pages asked ahead, other windows, re-checks).
   */
  private close(error: ConnectorError, retryAfter: number): ConnectorError {
    const wait = Math.ceil(retryAfter / 1000)
    const closed = new ConnectorError(
      'rate_limited',
      `${error.message}; the API asks to wait ${wait} s, so the source is tried later`,
      error.details,
    )
    this.closing.abort(closed)
    return closed
  }

  /** A slot of the source's and one of the run's, taken once no pause holds the source. */
  private async acquire(signal: AbortSignal): Promise<() => void> {
    for (;;) {
      await this.waitForPause(signal)
      const releaseOwn = await this.own.take(signal)
      let releaseGlobal: () => void
      try {
        releaseGlobal = await this.global.take(signal)
      } catch (error) {
        releaseOwn()
        throw error
      }
      const release = (): void => {
        releaseGlobal()
        releaseOwn()
      }
      // A pause begun while this request waited for its slots holds it too.
      if (this.now() >= this.pausedUntil) return release
      release()
    }
  }

  private now(): number {
    return (this.options.now ?? Date.now)()
  }

  private async waitForPause(signal: AbortSignal): Promise<void> {
    for (let wait = this.pausedUntil - this.now(); wait > 0; wait = this.pausedUntil - this.now()) await sleep(wait, signal)
  }

  /** Halves the concurrency once per burst of push-backs (`halve`: the request went out after the last slow-down) and pauses. */
  private slowDown(delay: number, halve: boolean): void {
    if (halve) {
      this.limit = Math.max(1, Math.floor(this.limit / 2))
      this.own.resize(this.limit)
      this.successes = 0
      this.epoch++
    }
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + delay)
  }

  private succeeded(): void {
    if (this.limit >= this.policy.concurrency) return
    // One more request in flight after a round of successes at the current concurrency.
    if (++this.successes >= this.limit) {
      this.limit++
      this.successes = 0
      this.own.resize(this.limit)
    }
  }
}
