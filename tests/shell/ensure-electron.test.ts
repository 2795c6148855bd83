import { spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const ROOT = path.resolve(import.meta.dirname, '../..')
const SCRIPT = path.join(ROOT, 'src-main/shell/ensure-electron.ts')
const VERSION = '45.4.1'
const EXECUTABLE = { darwin: 'Electron.app/Contents/MacOS/Electron', win32: 'electron.exe' }[process.platform as string] ?? 'electron'

const temporary: string[] = []
// A symlink in there goes, not what it points to: rmSync does not follow links.
afterAll(() => temporary.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })))

/** A project folder whose node_modules/electron is laid out as npm installs it (no binary yet). */
function project(): { dir: string; electron: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orderdesk-ensure-electron-'))
  temporary.push(dir)
  const electron = path.join(dir, 'node_modules', 'electron')
  fs.mkdirSync(electron, { recursive: true })
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'app', devDependencies: { electron: VERSION } }))
  fs.writeFileSync(path.join(electron, 'package.json'), JSON.stringify({ name: 'electron', version: VERSION }))
  return { dir, electron }
}

/** What install.js leaves behind after a download: the unpacked binary, its version, and path.txt. */
function unpack(electron: string, version = VERSION): void {
  fs.mkdirSync(path.dirname(path.join(electron, 'dist', EXECUTABLE)), { recursive: true })
  fs.writeFileSync(path.join(electron, 'dist', EXECUTABLE), '')
  fs.writeFileSync(path.join(electron, 'dist', 'version'), `v${version}`)
  fs.writeFileSync(path.join(electron, 'path.txt'), EXECUTABLE)
}

/** An install.js that records it ran and then succeeds (unpacking) or fails like the real one offline. */
function standInInstaller(electron: string, outcome: 'unpacks' | 'fails'): string {
  const ran = path.join(electron, 'installer-ran')
  const body =
    outcome === 'unpacks'
      ? `const fs = require('fs'), path = require('path')
         fs.mkdirSync(path.dirname(path.join(__dirname, 'dist', ${JSON.stringify(EXECUTABLE)})), { recursive: true })
         fs.writeFileSync(path.join(__dirname, 'dist', ${JSON.stringify(EXECUTABLE)}), '')
         fs.writeFileSync(path.join(__dirname, 'dist', 'version'), 'v${VERSION}')
         fs.writeFileSync(path.join(__dirname, 'path.txt'), ${JSON.stringify(EXECUTABLE)})`
      : `console.error(new TypeError('fetch failed').stack); process.exit(1)`
  fs.writeFileSync(path.join(electron, 'install.js'), `require('fs').writeFileSync(${JSON.stringify(ran)}, '')\n${body}\n`)
  return ran
}

/** Runs the pre-start step as `npm start` does: Node 22 with tsx, in the project's folder. */
function prestart(cwd: string, env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stderr: string }> {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/electron_(mirror|custom_dir|custom_filename)/i.test(key)),
  )
  const child = spawn(path.join(ROOT, 'node_modules/.bin/node'), ['--import', import.meta.resolve('tsx'), SCRIPT], {
    cwd,
    env: { ...clean, ELECTRON_INSTALL_PLATFORM: '', npm_config_platform: '', ...env },
  })
  let stderr = ''
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  child.stdout.on('data', (d: Buffer) => (stderr += d.toString()))
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })))
}

/** A loopback port nothing listens on: connecting to it is refused at once, like a blocked download. */
async function closedPort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

describe('npm start: Electron binary first (src-main/shell/ensure-electron.ts)', () => {
  it('runs before `npm start` and `npm start` still starts electron-vite', () => {
    const { scripts } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    expect(scripts.prestart).toBe('node --import tsx src-main/shell/ensure-electron.ts')
    expect(scripts.start).toBe('electron-vite dev')
  })

  it('does nothing when the binary of this version is unpacked', async () => {
    const { dir, electron } = project()
    unpack(electron)
    const ran = standInInstaller(electron, 'fails')
    const { code, stderr } = await prestart(dir)
    expect(code).toBe(0)
    expect(stderr).toBe('')
    expect(fs.existsSync(ran)).toBe(false)
  })

  it('downloads again when the unpacked binary is of another version', async () => {
    const { dir, electron } = project()
    unpack(electron, '44.0.0')
    const ran = standInInstaller(electron, 'unpacks')
    const { code } = await prestart(dir)
    expect(code).toBe(0)
    expect(fs.existsSync(ran)).toBe(true)
  })

  it('downloads a missing binary through the package installer, then lets the start go on', async () => {
    const { dir, electron } = project()
    const ran = standInInstaller(electron, 'unpacks')
    const { code, stderr } = await prestart(dir)
    expect(fs.existsSync(ran)).toBe(true)
    expect(code).toBe(0)
    expect(stderr).toMatch(/^OrderDesk: first start, downloading Electron 45\.4\.1 .*about 100 MB, once/)
    expect(fs.readFileSync(path.join(electron, 'path.txt'), 'utf8')).toBe(EXECUTABLE)
  })

  it('with the real installer and no way to download: one line naming ELECTRON_MIRROR, no stack trace, exit 1', async () => {
    const { dir, electron } = project()
    // The package's own install.js and @electron/get, as npm installs them, against a refused connection.
    const real = path.dirname(fs.realpathSync(path.join(ROOT, 'node_modules/electron/package.json')))
    for (const file of ['install.js', 'package.json', 'checksums.json']) fs.copyFileSync(path.join(real, file), path.join(electron, file))
    fs.mkdirSync(path.join(dir, 'node_modules/@electron'))
    fs.symlinkSync(fs.realpathSync(path.join(ROOT, 'node_modules/@electron/get')), path.join(dir, 'node_modules/@electron/get'), 'junction')
    const mirror = `http://127.0.0.1:${await closedPort()}/`
    const { code, stderr } = await prestart(dir, { ELECTRON_MIRROR: mirror, electron_config_cache: path.join(dir, 'cache') })

    expect(code).toBe(1)
    const lines = stderr.trim().split('\n')
    expect(lines).toHaveLength(2) // "downloading …", then what went wrong and what to do
    expect(lines[1]).toContain('the first start downloads Electron')
    expect(lines[1]).toContain(`from ${mirror} failed (TypeError: fetch failed)`)
    expect(lines[1]).toContain('set ELECTRON_MIRROR to a mirror (e.g. https://npmmirror.com/mirrors/electron/)')
    expect(stderr).not.toMatch(/^\s+at /m)
    expect(fs.existsSync(path.join(electron, 'path.txt'))).toBe(false)
  })

  it('names the installer failure and the mirror to use when no mirror is set', async () => {
    const { dir, electron } = project()
    standInInstaller(electron, 'fails')
    const { code, stderr } = await prestart(dir)
    expect(code).toBe(1)
    expect(stderr.trim().split('\n')[1]).toBe(
      'OrderDesk: the first start downloads Electron (about 100 MB, into node_modules/electron/dist), and the download failed ' +
        '(TypeError: fetch failed). Check the connection, or set ELECTRON_MIRROR to a mirror (e.g. https://npmmirror.com/mirrors/electron/) ' +
        'and run npm start again.',
    )
    expect(stderr).not.toMatch(/^\s+at /m)
  })
})
