/**
 * `npm run web -- [--db D] [--config F] [--port N]`: the browser shell
 * (README.md § The browser shell). Prints one line `OrderDesk web: <url>` on stdout;
 * everything else goes to stderr.
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { Core } from '../api/core'
import { createHandlers } from '../api/handlers'
import { assertOpenable } from '../db/database'
import { KeyFileSecretBox } from '../sources/secret-box'
import { loadSourcesFile } from '../sources/file'
import { assertSafeFolder, defaultDbPath, userDataDir } from '../shared/paths'
import { webExportTarget } from './downloads'
import { ensureRendererBuilt } from './renderer-build'
import { startWebServer } from './server'

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

function main(): Promise<void> | void {
  let values: { db?: string; config?: string; port?: string; demo?: boolean; help?: boolean }
  try {
    ;({ values } = parseArgs({
      options: {
        db: { type: 'string' },
        config: { type: 'string' },
        port: { type: 'string' },
        demo: { type: 'boolean' },
        help: { type: 'boolean' },
      },
      strict: true,
    }))
  } catch (error) {
    console.error(`orderdesk web: ${(error as Error).message}`)
    process.exit(2)
  }
  if (values.help) {
    console.error('usage: npm run web -- [--db FILE] [--config SOURCES.json] [--port N] [--demo]')
    return
  }
  const port = values.port === undefined ? 0 : Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`orderdesk web: --port must be a port number, got "${values.port}"`)
    process.exit(2)
  }
  return run({ dbPath: values.db ?? defaultDbPath(), config: values.config, port, demo: values.demo ?? false })
}

async function run(options: { dbPath: string; config?: string; port: number; demo: boolean }): Promise<void> {
  const rendererDir = ensureRendererBuilt(projectRoot)
  const dbPath = path.resolve(options.dbPath)
  const dataDir = options.dbPath === defaultDbPath() ? userDataDir() : path.dirname(dbPath)
  const version = (JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version
  let core: Core
  let secrets: KeyFileSecretBox
  try {
    // A file that is not an OrderDesk database is refused before the key file is made beside it.
    assertOpenable(dbPath)
    fs.mkdirSync(dataDir, { recursive: true })
    assertSafeFolder(dataDir, 'the data folder')
    secrets = new KeyFileSecretBox(path.join(dataDir, 'orderdesk-web.key'))
    core = new Core({ dbPath, secrets, shell: 'web', version, chooseExportTarget: webExportTarget(path.join(dataDir, 'exports')) })
  } catch (error) {
    console.error(`orderdesk web: ${(error as Error).message}`)
    process.exit(1)
  }
  if (options.config) {
    try {
      const configs = loadSourcesFile(options.config)
      for (const config of configs) core.sources.upsert(config, { storeSecrets: true })
    } catch (error) {
      console.error(`orderdesk web: ${(error as Error).message}`)
      core.close()
      process.exit(2)
    }
  }
  const server = await startWebServer({
    handlers: createHandlers(core),
    rendererDir,
    port: options.port,
    download: (jobId) => core.exports.download(jobId),
  })
  core.events.subscribe(server)
  if (options.demo) {
    const ids = await core.demo.start()
    core.sync.start({ sources: ids, trigger: 'startup' })
    console.error(`orderdesk web: demo shop started (${ids.join(', ')}), syncing`)
  } else {
    await core.resumeDemo()
  }
  core.sync.startScheduler()
  console.error(`orderdesk web: database ${dbPath}; credentials sealed with ${secrets.describe().detail}`)
  console.log(`OrderDesk web: ${server.url}`)
  // The last resort once serving: a fault no request guard caught is logged and the shell stays
  // up (any web page can send this server requests). Before this, a failed start still exits.
  process.on('uncaughtException', (error) => console.error('orderdesk web: unexpected error, still serving:', error))
  process.on('unhandledRejection', (reason) => console.error('orderdesk web: unexpected error, still serving:', reason))
  const stop = (): void => {
    void server
      .close()
      .then(() => core.close())
      .then(() => process.exit(0))
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

void main()
