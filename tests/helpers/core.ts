import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Core, type CoreOptions } from '../../src-main/api/core'
import { KeyFileSecretBox } from '../../src-main/sources/secret-box'
import { webExportTarget } from '../../src-main/web/downloads'

/** A Core on a fresh database in a temporary folder; `dispose()` removes it all. */
export function tempCore(options: Pick<CoreOptions, 'syncTickMs' | 'probeMs' | 'hasNetwork'> = {}): {
  core: Core
  dir: string
  dispose: () => Promise<void>
} {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orderdesk-core-'))
  const core = new Core({
    dbPath: path.join(dir, 'orderdesk.db'),
    secrets: new KeyFileSecretBox(path.join(dir, 'test.key')),
    shell: 'web',
    version: '0.0.0-test',
    chooseExportTarget: webExportTarget(path.join(dir, 'exports')),
    ...options,
  })
  return {
    core,
    dir,
    dispose: async () => {
      await core.close()
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}
