import { fork, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { ArmedFault } from '../sandboxes/server'
import type { SourceKind } from '../sources/config'
import type { HostCommand, HostedSandbox, HostOptions, HostReply, HostRequest, RequestCounts } from './sandbox-host'

export type RequestLog = Extract<HostReply, { type: 'requestLog' }>['log']

type ReplyTo<C extends HostCommand['type']> = C extends 'requestLog'
  ? Extract<HostReply, { type: 'requestLog' }>
  : C extends 'counts'
    ? Extract<HostReply, { type: 'counts' }>
    : Extract<HostReply, { type: 'done' }>

/** The sandbox-host child process (sandbox-host.ts), started and waited for; each command answered by its id. */
export class SandboxHost {
  private nextId = 0
  private readonly pending = new Map<number, { resolve: (reply: HostReply) => void; reject: (error: Error) => void }>()

  private constructor(
    private readonly child: ChildProcess,
    readonly sandboxes: HostedSandbox[],
  ) {
    child.on('message', (reply: HostReply) => {
      if (reply.type === 'ready' || reply.id === undefined) return
      const waiter = this.pending.get(reply.id)
      if (!waiter) return
      this.pending.delete(reply.id)
      if (reply.type === 'error') waiter.reject(new Error(`sandbox host: ${reply.message}`))
      else waiter.resolve(reply)
    })
    child.on('exit', (code) => {
      for (const waiter of this.pending.values()) waiter.reject(new Error(`sandbox host exited with code ${code}`))
      this.pending.clear()
    })
  }

  static start(options: HostOptions): Promise<SandboxHost> {
    const child = fork(fileURLToPath(new URL('./sandbox-host.ts', import.meta.url)), [JSON.stringify(options)], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'advanced',
    })
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null): void => reject(new Error(`sandbox host exited with code ${code} before it was ready`))
      child.once('error', reject)
      child.once('exit', onExit)
      child.once('message', (reply: HostReply) => {
        child.off('exit', onExit)
        if (reply.type === 'ready') resolve(new SandboxHost(child, reply.sandboxes))
        else reject(new Error(`sandbox host: ${reply.type === 'error' ? reply.message : reply.type}`))
      })
    })
  }

  sandbox(kind: SourceKind): HostedSandbox {
    const found = this.sandboxes.find((s) => s.kind === kind)
    if (!found) throw new Error(`sandbox host: no sandbox of kind ${kind}`)
    return found
  }

  /** Every request one sandbox received, when the host records them. */
  async requestLog(kind: SourceKind): Promise<RequestLog> {
    return (await this.call({ type: 'requestLog', kind })).log
  }

  /** Requests each sandbox has served so far, by path: what the vendor sees. */
  async counts(): Promise<Record<SourceKind, RequestCounts>> {
    return (await this.call({ type: 'counts' })).counts
  }

  /** Arms `fault` on every sandbox. */
  async arm(fault: ArmedFault): Promise<void> {
    await this.call({ type: 'arm', fault })
  }

  async clearFaults(): Promise<void> {
    await this.call({ type: 'clearFaults' })
  }

  close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve()
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve())
      this.child.send({ type: 'close' } satisfies HostRequest)
    })
  }

  private call<C extends HostCommand>(command: C): Promise<ReplyTo<C['type']>> {
    const id = ++this.nextId
    return new Promise((resolve, reject) => {
      if (this.child.exitCode !== null) return reject(new Error('sandbox host has exited'))
      this.pending.set(id, { resolve: (reply) => resolve(reply as ReplyTo<C['type']>), reject })
      this.child.send({ ...command, id } satisfies HostRequest)
    })
  }
}
