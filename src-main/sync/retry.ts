import { ConnectorError } from '../connectors/errors'

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number
  baseDelayMs: number
  maxDelayMs: number
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 500, maxDelayMs: 30_000 }

/**
 * Runs `fn`, retrying transient failures (network, timeout, 5xx, 429, malformed or cut-short
 * replies) with exponential backoff and full jitter, honouring Retry-After. Authentication
 * and invalid-request errors are not retried: asking again will not change the answer.
 */
export async function withRetry<T>(
  fn: () => Promise<T>,
  policy: RetryPolicy,
  options: {
    signal?: AbortSignal
    onRetry?: (error: ConnectorError, attempt: number, delayMs: number) => void
    random?: () => number
  } = {},
): Promise<T> {
  const random = options.random ?? Math.random
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn()
    } catch (error) {
      const retryable = error instanceof ConnectorError && error.transient && !options.signal?.aborted
      if (!retryable || attempt >= policy.attempts) throw error
      const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1))
      const jittered = Math.round(backoff / 2 + random() * (backoff / 2))
      const delay = Math.min(
        Math.max(jittered, error.details.retryAfterMs ?? 0),
        Math.max(policy.maxDelayMs, error.details.retryAfterMs ?? 0),
      )
      options.onRetry?.(error, attempt, delay)
      await sleep(delay, options.signal)
    }
  }
}

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

/** Spaces a source's requests at least `minIntervalMs` apart: each source has its own. */
export class RateLimiter {
  private next = 0

  constructor(private readonly minIntervalMs: number) {}

  async wait(signal?: AbortSignal): Promise<void> {
    const now = Date.now()
    const at = Math.max(now, this.next)
    this.next = at + this.minIntervalMs
    if (at > now) await sleep(at - now, signal)
  }
}
