/**
 * The four sandboxes in a process of their own, for the HTTP benchmarks: a real API runs on
 * another machine, so its work must not share the event loop (or the core) of the sync being
 * measured, nor of the baseline it is compared with. Driven over the fork IPC channel (with
 * the 'advanced' serialization: a lasting fault's `times` is Infinity).
 */
import { startSandbox, type StartedSandbox } from '../sandboxes'
import type { ArmedFault } from '../sandboxes/server'
import type { SourceKind } from '../sources/config'

export interface HostedSandbox {
  kind: SourceKind
  url: string
  credentials: Record<string, string>
}

/** How the host starts its sandboxes: passed as JSON in its first argument. */
export interface HostOptions {
  /** Orders each kind's sandbox holds. */
  perKind: number
  /** What every request waits before it is answered, as a remote API's round trip. */
  latencyMs?: number
  /** Keep every request for a replay (memory grows with them). */
  recordRequests?: boolean
}

/** Requests served so far by one sandbox, by path (a request answered with an injected fault counts too). */
export type RequestCounts = Record<string, number>

export type HostCommand =
  | { type: 'requestLog'; kind: SourceKind }
  | { type: 'counts' }
  /** Arms the fault on every sandbox, each counting its own requests. */
  | { type: 'arm'; fault: ArmedFault }
  | { type: 'clearFaults' }
export type HostRequest = (HostCommand & { id: number }) | { type: 'close' }

export type HostReply =
  | { type: 'ready'; sandboxes: HostedSandbox[] }
  | { type: 'requestLog'; id: number; log: StartedSandbox['server']['requestLog'] }
  | { type: 'counts'; id: number; counts: Record<SourceKind, RequestCounts> }
  | { type: 'done'; id: number }
  | { type: 'error'; id?: number; message: string }

const KINDS: readonly SourceKind[] = ['pub', 'appkey', 'pingpp', 'course']

function parseHostOptions(arg: string | undefined): HostOptions {
  let parsed: unknown
  try {
    parsed = JSON.parse(arg ?? '')
  } catch {
    throw new Error(`sandbox-host: its argument must be JSON options, got "${arg}"`)
  }
  const o = parsed as Partial<HostOptions> | null
  if (!o || !Number.isInteger(o.perKind) || o.perKind! < 1)
    throw new Error(`sandbox-host: orders per kind must be a positive whole number, got ${JSON.stringify(o?.perKind)}`)
  if (o.latencyMs !== undefined && !(Number.isFinite(o.latencyMs) && o.latencyMs >= 0))
    throw new Error(`sandbox-host: latency must be a number of ms ≥ 0, got ${JSON.stringify(o.latencyMs)}`)
  return { perKind: o.perKind!, latencyMs: o.latencyMs, recordRequests: o.recordRequests === true }
}

async function main(): Promise<void> {
  const options = parseHostOptions(process.argv[2])
  const started = await Promise.all(
    KINDS.map((kind, i) =>
      startSandbox(
        kind,
        { seed: 900 + i, orders: options.perKind },
        { recordRequests: options.recordRequests, latencyMs: options.latencyMs },
      ),
    ),
  )
  const send = (reply: HostReply): void => void process.send?.(reply)
  process.on('message', (request: HostRequest) => {
    if (request.type === 'close') {
      void Promise.all(started.map((s) => s.close())).then(() => process.exit(0))
      return
    }
    switch (request.type) {
      case 'requestLog': {
        const s = started.find((x) => x.kind === request.kind)
        send(
          s
            ? { type: 'requestLog', id: request.id, log: s.server.requestLog }
            : { type: 'error', id: request.id, message: `no sandbox of kind ${request.kind}` },
        )
        return
      }
      case 'counts': {
        const counts = Object.fromEntries(started.map((s) => [s.kind, Object.fromEntries(s.server.requestCounts)]))
        send({ type: 'counts', id: request.id, counts: counts as Record<SourceKind, RequestCounts> })
        return
      }
      case 'arm':
        for (const s of started) s.server.arm(request.fault)
        send({ type: 'done', id: request.id })
        return
      case 'clearFaults':
        for (const s of started) s.server.clearFaults()
        send({ type: 'done', id: request.id })
        return
    }
  })
  process.on('disconnect', () => process.exit(0))
  send({
    type: 'ready',
    sandboxes: started.map((s) => ({ kind: s.kind, url: s.server.url, credentials: s.sandbox.credentials() as Record<string, string> })),
  })
}

main().catch((error: unknown) => {
  process.send?.({ type: 'error', message: (error as Error).message } satisfies HostReply)
  process.exit(1)
})
