import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

/** Builds the renderer when out/renderer is missing or older than its sources. */
export function ensureRendererBuilt(projectRoot: string): string {
  ensureBuilt(projectRoot, 'orderdesk web: building the renderer…', ['out/renderer/index.html'], ['src-renderer', 'src-preload'])
  return path.join(projectRoot, 'out', 'renderer')
}

/**
 * Builds the whole desktop app (out/main, out/preload, out/renderer) when any part is missing or
 * older than the sources; for tests that load the built main process.
 */
export function ensureAppBuilt(projectRoot: string): void {
  ensureBuilt(
    projectRoot,
    'building the desktop app…',
    ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'],
    ['src-main', 'src-renderer', 'src-preload'],
  )
}

function ensureBuilt(projectRoot: string, notice: string, outputs: string[], sourceDirs: string[]): void {
  const builtAt = Math.min(
    ...outputs.map((file) => (fs.existsSync(path.join(projectRoot, file)) ? fs.statSync(path.join(projectRoot, file)).mtimeMs : 0)),
  )
  const newestSource = Math.max(
    ...sourceDirs.map((dir) => newestMtime(path.join(projectRoot, dir))),
    fs.statSync(path.join(projectRoot, 'electron.vite.config.ts')).mtimeMs,
  )
  if (builtAt < newestSource) {
    console.error(notice)
    const bin = path.join(projectRoot, 'node_modules', '.bin', process.platform === 'win32' ? 'electron-vite.cmd' : 'electron-vite')
    const result = spawnSync(bin, ['build'], { cwd: projectRoot, stdio: ['ignore', 2, 2] })
    if (result.status !== 0) {
      throw new Error('the build failed (electron-vite build)')
    }
  }
}

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue
    newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs)
  }
  return newest
}
