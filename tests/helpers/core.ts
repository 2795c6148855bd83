import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach } from 'vitest'
import { Core, type CoreOptions } from '../../src-main/api/core'
import { startSandbox, type StartedSandbox } from '../../src-main/sandboxes'
import type { SourceKind } from '../../src-main/sources/config'
import { KeyFileSecretBox } from '../../src-main/sources/secret-box'
import { webExportTarget } from '../../src-main/web/downloads'

/** A Core on a fresh database in a temporary folder; `ticks(n)` resolves after n more ticks of auto-sync; `dispose()` removes it all. */
export function tempCore(options: Pick<CoreOptions, 'syncTickMs' | 'probeMs' | 'hasNetwork'> = {}): {
  core: Core
  dir: string
  ticks: (count: number) => Promise<void>
  dispose: () => Promise<void>
} {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orderdesk-core-'))
  let ticked = (): void => undefined
  const core = new Core({
    dbPath: path.join(dir, 'orderdesk.db'),
    secrets: new KeyFileSecretBox(path.join(dir, 'test.key')),
    shell: 'web',
    version: '0.0.0-test',
    chooseExportTarget: webExportTarget(path.join(dir, 'exports')),
    onSyncTick: () => ticked(),
    ...options,
  })
  return {
    core,
    dir,
    ticks: (count) =>
      new Promise((resolve) => {
        let left = count
        ticked = () => {
          if (--left === 0) resolve()
        }
      }),
    dispose: async () => {
      await core.close()
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}

/**
 * A fresh Core per test with sandboxes as its sources: `source(kind)` starts a sandbox of that
 * kind (requests recorded) and adds it as the source `s-<kind>`; everything is closed after.
 */
export function coreWithSandboxes(orders: number): {
  env: () => ReturnType<typeof tempCore>
  source: (kind: SourceKind, name?: string) => Promise<StartedSandbox>
} {
  let env: ReturnType<typeof tempCore>
  const sandboxes: StartedSandbox[] = []
  beforeEach(() => {
    env = tempCore()
  })
  afterEach(async () => {
    await Promise.all(sandboxes.splice(0).map((s) => s.close()))
    await env.dispose()
  })
  return {
    env: () => env,
    source: async (kind, name = kind) => {
      const started = await startSandbox(kind, { seed: 7, orders }, { recordRequests: true })
      sandboxes.push(started)
      env.core.sources.upsert(started.sourceConfig(`s-${kind}`, name), { storeSecrets: true })
      return started
    },
  }
}
