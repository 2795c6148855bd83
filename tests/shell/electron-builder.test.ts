import { spawn } from 'node:child_process'
import fs from 'node:fs'
import { createRequire, isBuiltin } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureAppBuilt } from '../../src-main/web/renderer-build'
import type { OrdersPage, SyncFinished } from '../../src-preload/contract'
import { StandInApp } from './stand-in/app'

const ROOT = path.resolve(import.meta.dirname, '../..')

/** electron-builder's own asar reader (a dependency of app-builder-lib), so the archive is read as it was written. */
interface Asar {
  listPackage(archive: string, options: { isPack: boolean }): string[]
  statFile(archive: string, file: string): { unpacked?: boolean; size?: number }
  extractFile(archive: string, file: string): Buffer
  extractAll(archive: string, dest: string): void
}
const builderRequire = createRequire(createRequire(import.meta.url).resolve('electron-builder/package.json'))
const asar = createRequire(builderRequire.resolve('app-builder-lib/package.json'))('@electron/asar') as Asar

const temporary: string[] = []
function temporaryDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  temporary.push(dir)
  return dir
}

let project: string
let archive: string
let packed: Set<string>
let packagedApp: StandInApp | undefined

/** Runs `electron-builder --dir` as `npm run dist` does, with resources/electron-builder.yml, on a copy of the built app. */
function packageApp(): Promise<void> {
  project = temporaryDir('orderdesk-dist-')
  fs.cpSync(path.join(ROOT, 'out'), path.join(project, 'out'), { recursive: true })
  fs.mkdirSync(path.join(project, 'resources'))
  fs.copyFileSync(path.join(ROOT, 'resources/electron-builder.yml'), path.join(project, 'resources/electron-builder.yml'))
  // electron-builder finds the production dependencies by walking node_modules with Node's resolution
  // ("traversal") rather than `npm ls`, which reports nothing below a symlinked node_modules (as in worktrees).
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ ...pkg, packageManager: 'traversal' }))
  fs.symlinkSync(fs.realpathSync(path.join(ROOT, 'node_modules')), path.join(project, 'node_modules'), 'junction')
  // Electron's own files stand in as an empty executable: its binary cannot be downloaded here, and
  // the archive beside it is what this test reads.
  const electron = path.join(project, 'electron-dist')
  fs.mkdirSync(path.join(electron, 'resources'), { recursive: true })
  fs.writeFileSync(path.join(electron, 'electron'), '#!/bin/sh\n', { mode: 0o755 })
  const args = ['--projectDir', project, '--config', 'resources/electron-builder.yml', '--linux', 'dir']
  args.push(`-c.electronDist=${electron}`, `-c.directories.output=${path.join(project, 'dist')}`)
  const child = spawn(process.execPath, [builderRequire.resolve('electron-builder/cli.js'), ...args], { cwd: project })
  let output = ''
  child.stdout.on('data', (d: Buffer) => (output += d.toString()))
  child.stderr.on('data', (d: Buffer) => (output += d.toString()))
  return new Promise((resolve, reject) =>
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`electron-builder exited ${code}:\n${output}`)))),
  )
}

beforeAll(async () => {
  ensureAppBuilt(ROOT)
  await packageApp()
  archive = path.join(project, 'dist/linux-unpacked/resources/app.asar')
  packed = new Set(asar.listPackage(archive, { isPack: false }).map((entry) => entry.replace(/\\/g, '/').replace(/^\//, '')))
}, 180_000)

afterAll(() => {
  packagedApp?.stop()
  // The symlinked node_modules goes, not what it points to: rmSync does not follow links.
  for (const dir of temporary) fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 })
})

/** Every file under `dir`, relative to the project, with forward slashes. */
function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(path.join(project, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(project, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
}

/** The package a bare import names: `zod/v4` → zod, `@scope/name/x` → @scope/name. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/')
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]
}

/** Where Node would find `name` from inside `fromDir` (a folder in the archive), or null. */
function resolveInArchive(fromDir: string, name: string): string | null {
  for (let dir = fromDir; ; dir = path.posix.dirname(dir)) {
    const candidate = path.posix.join(dir === '.' ? '' : dir, 'node_modules', name)
    if (packed.has(`${candidate}/package.json`)) return candidate
    if (dir === '.' || dir === '') return null
  }
}

describe('npm run dist: what electron-builder packs (resources/electron-builder.yml)', () => {
  it("keeps better-sqlite3's native module outside the archive, where it can be loaded", () => {
    const native = [...packed].filter((entry) => entry.startsWith('node_modules/better-sqlite3/') && entry.endsWith('.node'))
    expect(native).toContain(`node_modules/better-sqlite3/prebuilds/${process.platform}-${process.arch}.node`)
    for (const entry of native) {
      expect(asar.statFile(archive, entry).unpacked, entry).toBe(true)
      expect(fs.existsSync(path.join(`${archive}.unpacked`, entry)), entry).toBe(true)
    }
  })

  it('packs every file the build wrote (main, workers, preload, renderer) and package.json', () => {
    const built = filesUnder('out').filter((file) => !file.endsWith('.map'))
    expect(built).toEqual(
      expect.arrayContaining(['out/main/index.js', 'out/main/syncWorker.js', 'out/preload/index.cjs', 'out/renderer/index.html']),
    )
    expect(built.filter((file) => !packed.has(file))).toEqual([])
    expect(packed.has('package.json')).toBe(true)
  })

  it('packs every package the main process imports, and the packages each of them needs', () => {
    const imported = new Set<string>()
    for (const file of filesUnder('out/main').filter((f) => f.endsWith('.js'))) {
      const code = fs.readFileSync(path.join(project, file), 'utf8')
      const specifiers = [
        ...code.matchAll(/^(?:import|export)\b[^'";]*?\bfrom\s*["']([^"']+)["']/gm),
        ...code.matchAll(/^import\s*["']([^"']+)["']/gm),
        ...code.matchAll(/\b(?:import|require)\(\s*["']([^"']+)["']\s*\)/g),
      ].map((match) => match[1])
      for (const specifier of specifiers) {
        if (!specifier.startsWith('.') && !isBuiltin(specifier) && specifier !== 'electron') imported.add(packageOf(specifier))
      }
    }
    // electron-builder packs `dependencies` only: a devDependency the bundle left external would be missing.
    const { dependencies } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>
    }
    expect(imported.size).toBeGreaterThan(0)
    expect([...imported].filter((name) => !(name in dependencies))).toEqual([])
    const missing: string[] = []
    const seen = new Set<string>()
    const visit = (name: string, fromDir: string): void => {
      const found = resolveInArchive(fromDir, name)
      if (!found) return void missing.push(`${name} (needed from ${fromDir || 'the app'})`)
      if (seen.has(found)) return
      seen.add(found)
      const manifest = JSON.parse(asar.extractFile(archive, `${found}/package.json`).toString()) as {
        dependencies?: Record<string, string>
      }
      for (const dependency of Object.keys(manifest.dependencies ?? {})) visit(dependency, found)
    }
    for (const name of imported) visit(name, '')
    expect(missing).toEqual([])
  })

  it('the packaged app, read as Electron reads its archive, starts, syncs the demo in its worker threads and lists the orders', async () => {
    // Away from the project, whose node_modules would otherwise lend the app what the archive lacks.
    const appDir = path.join(temporaryDir('orderdesk-packaged-'), 'resources', 'app')
    asar.extractAll(archive, appDir)
    const userData = path.join(project, 'user data')
    const app = (packagedApp = await StandInApp.launch(appDir, { STANDIN_USER_DATA: userData, STANDIN_DOCUMENTS: userData }))
    expect(await app.invoke('demo:start')).toMatchObject({ ok: true })
    expect(await app.event<SyncFinished>('sync:finished')).toMatchObject({ status: 'ok' })
    const page = await app.invoke<OrdersPage>('orders:list', {})
    if (!page.ok) throw new Error(page.error.message)
    expect(page.data.total).toBeGreaterThan(0)
    expect(page.data.rows.length).toBeGreaterThan(0)
  }, 60_000)
})
