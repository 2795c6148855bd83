/**
 * The four sandboxes in a process of their own, for the HTTP benchmark: a real API runs on
 * another machine, so its work must not share the event loop (or the core) of the sync being
 * measured, nor of the baseline it is compared with. Driven over the fork IPC channel.
 */
import { startSandbox, type StartedSandbox } from '../sandboxes'
import type { SourceKind } from '../sources/config'

export interface HostedSandbox {
  kind: SourceKind
  url: string
  credentials: Record<string, string>
}

export type HostRequest = { type: 'requestLog'; kind: SourceKind } | { type: 'close' }
export type HostReply =
  | { type: 'ready'; sandboxes: HostedSandbox[] }
  | { type: 'requestLog'; kind: SourceKind; log: StartedSandbox['server']['requestLog'] }
  | { type: 'error'; message: string }

const KINDS: readonly SourceKind[] = ['pub', 'appkey', 'pingpp', 'course']

async function main(): Promise<void> {
  const perKind = Number(process.argv[2])
  if (!Number.isInteger(perKind) || perKind < 1)
    throw new Error(`sandbox-host: orders per kind must be a positive whole number, got "${process.argv[2]}"`)
  const started = await Promise.all(
    KINDS.map((kind, i) => startSandbox(kind, { seed: 900 + i, orders: perKind }, { recordRequests: true })),
  )
  const send = (reply: HostReply): void => void process.send?.(reply)
  process.on('message', (request: HostRequest) => {
    if (request.type === 'close') {
      void Promise.all(started.map((s) => s.close())).then(() => process.exit(0))
      return
    }
    const s = started.find((x) => x.kind === request.kind)
    send(
      s
        ? { type: 'requestLog', kind: request.kind, log: s.server.requestLog }
        : { type: 'error', message: `no sandbox of kind ${request.kind}` },
    )
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
