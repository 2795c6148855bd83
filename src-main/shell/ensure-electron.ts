/**
 * `npm start`'s first step: makes sure Electron's binary is in node_modules/electron/dist.
 * Since Electron 42 the package downloads it on first use instead of at install time, but
 * electron-vite reads node_modules/electron/path.txt itself and stops with "Electron uninstall"
 * when the download never happened; so this runs the package's own installer first.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

/** Where a mirror for users who cannot reach GitHub (mainland China) serves Electron's releases. */
export const MIRROR_EXAMPLE = 'https://npmmirror.com/mirrors/electron/'

export interface EnsureElectronOptions {
  /** The `electron` package's folder. */
  electronDir: string
  env?: NodeJS.ProcessEnv
  /** Where the lines for the user go (default: stderr). */
  log?: (line: string) => void
}

export type EnsureElectronResult = 'installed' | 'downloaded' | 'failed'

/**
 * The executable's path inside dist/, by the rules of the package's install.js (which honours
 * the same variables), so both agree on what "installed" means.
 */
function platformPath(env: NodeJS.ProcessEnv): string {
  const platform = env.ELECTRON_INSTALL_PLATFORM || env.npm_config_platform || os.platform()
  if (platform === 'darwin' || platform === 'mas') return 'Electron.app/Contents/MacOS/Electron'
  if (platform === 'win32') return 'electron.exe'
  return 'electron'
}

/** True when dist/ holds the binary of this package's version and path.txt names it (install.js's own test). */
export function electronInstalled(electronDir: string, env: NodeJS.ProcessEnv = process.env): boolean {
  try {
    const { version } = JSON.parse(fs.readFileSync(path.join(electronDir, 'package.json'), 'utf8')) as { version: string }
    const distVersion = fs
      .readFileSync(path.join(electronDir, 'dist', 'version'), 'utf8')
      .trim()
      .replace(/^v/, '')
    const executable = fs.readFileSync(path.join(electronDir, 'path.txt'), 'utf8')
    return distVersion === version && executable === platformPath(env) && fs.existsSync(path.join(electronDir, 'dist', executable))
  } catch {
    return false
  }
}

/** Downloads the binary when it is missing; on failure says in one line what to do, without the installer's stack trace. */
export async function ensureElectron(options: EnsureElectronOptions): Promise<EnsureElectronResult> {
  const env = options.env ?? process.env
  const log = options.log ?? ((line: string) => console.error(line))
  if (electronInstalled(options.electronDir, env)) return 'installed'

  const { version } = JSON.parse(fs.readFileSync(path.join(options.electronDir, 'package.json'), 'utf8')) as { version: string }
  log(`OrderDesk: first start, downloading Electron ${version} for ${os.platform()}-${os.arch()} (about 100 MB, once)…`)
  // The package's `install-electron` command: downloads, checks and unpacks, then writes path.txt.
  const { code, stderr } = await run(process.execPath, [path.join(options.electronDir, 'install.js')], env)
  if (code === 0 && electronInstalled(options.electronDir, env)) return 'downloaded'

  // The installer prints a stack trace; its first line names the error (fetch failed, HTTP 404 …).
  const cause =
    stderr
      .split('\n')
      .find((line) => line.trim() !== '')
      ?.trim() ?? `the installer exited with ${code}`
  // The installer takes a mirror from npm's config (electron_mirror in .npmrc) before the variable.
  const mirrorInUse = env.npm_config_electron_mirror || env.ELECTRON_MIRROR
  const mirror = mirrorInUse ? ` from ${mirrorInUse}` : ''
  log(
    `OrderDesk: the first start downloads Electron (about 100 MB, into node_modules/electron/dist), and the download${mirror} failed (${cause}). ` +
      `Check the connection, or set ELECTRON_MIRROR to a mirror (e.g. ${MIRROR_EXAMPLE}) and run npm start again.`,
  )
  return 'failed'
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', (error) => resolve({ code: 1, stderr: error.message }))
    child.on('close', (code) => resolve({ code: code ?? 1, stderr }))
  })
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // npm runs scripts in the project's folder: its node_modules/electron is the one electron-vite starts.
  const electronDir = path.dirname(createRequire(path.join(process.cwd(), 'package.json')).resolve('electron/package.json'))
  const result = await ensureElectron({ electronDir })
  process.exitCode = result === 'failed' ? 1 : 0
}
