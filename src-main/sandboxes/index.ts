import { sourceConfigSchema, type SourceConfig, type SourceKind } from '../sources/config'
import { createAppkeySandbox } from './appkey'
import { createCourseSandbox } from './course'
import { createPingppSandbox } from './pingpp'
import { createPubSandbox } from './pub'
import { startSandboxServer, type RunningSandbox, type SandboxServerOptions } from './server'
import type { KindSandbox, SandboxOptions } from './types'

export const SANDBOX_FACTORIES: Record<SourceKind, (options?: SandboxOptions) => KindSandbox> = {
  pub: createPubSandbox,
  appkey: createAppkeySandbox,
  pingpp: createPingppSandbox,
  course: createCourseSandbox,
}

export interface StartedSandbox {
  kind: SourceKind
  sandbox: KindSandbox
  server: RunningSandbox
  /** A source config that talks to this sandbox. */
  sourceConfig(id: string, name: string, extra?: Record<string, unknown>): SourceConfig
  close(): Promise<void>
}

/** Starts one kind's sandbox on loopback: the network stand-in for tests, the demo and the benchmark. */
export async function startSandbox(
  kind: SourceKind,
  options: SandboxOptions = {},
  server: Omit<SandboxServerOptions, 'prefix'> = {},
): Promise<StartedSandbox> {
  const sandbox = SANDBOX_FACTORIES[kind](options)
  const running = await startSandboxServer(sandbox, { ...server, prefix: sandbox.prefix })
  return {
    kind,
    sandbox,
    server: running,
    sourceConfig: (id, name, extra = {}) =>
      sourceConfigSchema.parse({ id, name, kind, baseUrl: running.url, ...sandbox.credentials(), ...extra }),
    close: () => running.close(),
  }
}
