import { beforeEach, describe, expect, it } from 'vitest'
import { ConnectorError } from '../../src-main/connectors/errors'
import { DEFAULT_REQUEST_POLICY, Slots, SourceGate, type RequestPolicy } from '../../src-main/sync/request-gate'

/** A request the test settles by hand. */
function deferred<T = string>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void
  let reject!: (e: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

const policy = (over: Partial<RequestPolicy> = {}): RequestPolicy => ({
  ...DEFAULT_REQUEST_POLICY,
  baseDelayMs: 1,
  maxDelayMs: 4,
  ...over,
})
const noJitter = (): number => 0
const rateLimited = (retryAfterMs?: number): ConnectorError =>
  new ConnectorError('rate_limited', 'rate limited (HTTP 429)', { status: 429, retryAfterMs })
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

describe('a source gate', () => {
  it("keeps at most the source's concurrency in flight", async () => {
    const gate = new SourceGate(new Slots(100), policy({ concurrency: 3 }))
    let inFlight = 0
    let most = 0
    const pending = Array.from({ length: 10 }, () => deferred())
    const runs = pending.map((d) =>
      gate.send(async () => {
        most = Math.max(most, ++inFlight)
        const v = await d.promise
        inFlight--
        return v
      }),
    )
    await tick()
    expect(inFlight).toBe(3)
    pending.forEach((d, i) => d.resolve(String(i)))
    expect(await Promise.all(runs)).toEqual(pending.map((_, i) => String(i)))
    expect(most).toBe(3)
    expect(gate.requests).toBe(10)
  })

  it("shares the run's cap with the other sources", async () => {
    const run = new Slots(5)
    const gates = [new SourceGate(run, policy({ concurrency: 4 })), new SourceGate(run, policy({ concurrency: 4 }))]
    let inFlight = 0
    const release = deferred()
    const runs = gates.flatMap((gate) =>
      Array.from({ length: 4 }, () =>
        gate.send(async () => {
          inFlight++
          await release.promise
          inFlight--
        }),
      ),
    )
    await tick()
    expect(inFlight).toBe(5)
    release.resolve('')
    await Promise.all(runs)
  })

  it('halves its concurrency when the API pushes back, waits for Retry-After, then earns it back one request at a time', async () => {
    const gate = new SourceGate(new Slots(100), policy({ concurrency: 4 }), { random: noJitter })
    let calls = 0
    const started = Date.now()
    // The first answer is a 429 asking for 50 ms.
    await gate.send(async () => {
      if (calls++ === 0) throw rateLimited(50)
      return 'ok'
    })
    expect(Date.now() - started).toBeGreaterThanOrEqual(45)
    expect(gate.concurrency).toBe(2)
    expect(gate.requests).toBe(2)
    // Two successes at 2 earn a third request in flight, three more the fourth; never more.
    const succeed = (): Promise<string> => gate.send(async () => 'ok')
    await succeed()
    await succeed()
    expect(gate.concurrency).toBe(3)
    for (let i = 0; i < 3; i++) await succeed()
    expect(gate.concurrency).toBe(4)
    for (let i = 0; i < 10; i++) await succeed()
    expect(gate.concurrency).toBe(4)
  })

  it('holds requests not yet sent while a pause lasts', async () => {
    const gate = new SourceGate(new Slots(100), policy({ concurrency: 4 }), { random: noJitter })
    const sentAt: number[] = []
    let first = true
    const t0 = Date.now()
    await Promise.all(
      Array.from({ length: 4 }, () =>
        gate.send(async () => {
          sentAt.push(Date.now() - t0)
          if (first) {
            first = false
            throw rateLimited(80)
          }
          return 'ok'
        }),
      ),
    )
    // The other three went out at once; the retry waited for the pause.
    expect(sentAt.slice(0, 4).every((t) => t < 40)).toBe(true)
    expect(sentAt[4]).toBeGreaterThanOrEqual(75)
  })

  it('reports a source whose API asks to wait longer than the cap as rate-limited at once, instead of stalling', async () => {
    const gate = new SourceGate(new Slots(100), policy({ maxRetryAfterMs: 5 * 60_000 }))
    const started = Date.now()
    const failure = await gate.send(async () => Promise.reject(rateLimited(3_600_000))).catch((e: unknown) => e)
    expect(Date.now() - started).toBeLessThan(1000)
    expect(failure).toBeInstanceOf(ConnectorError)
    expect(failure).toMatchObject({ kind: 'rate_limited', details: { retryAfterMs: 3_600_000 } })
    expect((failure as Error).message).toMatch(/3600 s/)
    expect(gate.requests).toBe(1)
  })

  it('sends nothing more once the API asked for a wait past the cap: requests waiting and later ones end with the same error', async () => {
    const gate = new SourceGate(new Slots(100), policy({ concurrency: 1, maxRetryAfterMs: 5 * 60_000 }))
    let sent = 0
    const first = gate.send(async () => {
      sent++
      throw rateLimited(3_600_000)
    })
    const waiting = gate.send(async () => void sent++)
    await expect(first).rejects.toMatchObject({ kind: 'rate_limited' })
    await expect(waiting).rejects.toMatchObject({ kind: 'rate_limited' })
    await expect(gate.send(async () => void sent++)).rejects.toMatchObject({ kind: 'rate_limited' })
    expect(sent).toBe(1)
  })

  it('halves once for a burst of push-backs to requests sent side by side, not once for each', async () => {
    const gate = new SourceGate(new Slots(100), policy({ concurrency: 4 }), { random: noJitter })
    const calls = new Map<number, number>()
    let lowest = Infinity
    await Promise.all(
      [0, 1, 2, 3].map((i) =>
        gate.send(async () => {
          calls.set(i, (calls.get(i) ?? 0) + 1)
          if (calls.get(i) === 1) throw rateLimited(10)
          lowest = Math.min(lowest, gate.concurrency)
          return 'ok'
        }),
      ),
    )
    // Four 429s to four requests in flight together: one slow-down, 4 → 2, not 4 → 2 → 1.
    expect(lowest).toBe(2)
  })

  it('retries a transient failure up to its attempts', async () => {
    const gate = new SourceGate(new Slots(100), policy({ attempts: 3 }))
    let calls = 0
    const network = await gate
      .send(async () => {
        calls++
        throw new ConnectorError('network', 'cannot reach')
      })
      .catch((e: unknown) => e)
    expect(network).toMatchObject({ kind: 'network' })
    expect(calls).toBe(3)
  })

  it('never retries an authentication failure', async () => {
    const gate = new SourceGate(new Slots(100), policy({ attempts: 3 }))
    let calls = 0
    await gate
      .send(async () => {
        calls++
        throw new ConnectorError('auth', 'authentication failed')
      })
      .catch(() => undefined)
    expect(calls).toBe(1)
  })

  describe('with one request in flight and two waiting for its slot', () => {
    let run: AbortController
    let hold: ReturnType<typeof deferred>
    let sent: number
    let first: Promise<void>
    let second: Promise<void>
    let third: Promise<void>
    let dropped: AbortController
    beforeEach(() => {
      run = new AbortController()
      const gate = new SourceGate(new Slots(100), policy({ concurrency: 1 }), { signal: run.signal })
      hold = deferred()
      sent = 0
      first = gate.send(async () => {
        sent++
        await hold.promise
      })
      dropped = new AbortController()
      second = gate.send(async () => void sent++, dropped.signal)
      third = gate.send(async () => void sent++)
    })

    it('never sends a request dropped while it waited', async () => {
      dropped.abort(new Error('not needed'))
      await expect(second).rejects.toThrow('not needed')
      hold.resolve('')
      await first
      await third
      expect(sent).toBe(2)
    })

    it('ends every waiting request on cancel, sending none of them', async () => {
      run.abort(new Error('canceled'))
      await expect(second).rejects.toThrow('canceled')
      await expect(third).rejects.toThrow('canceled')
      hold.resolve('')
      await first
      expect(sent).toBe(1)
    })
  })
})
