import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

/** Builds the renderer when out/renderer is missing or older than its sources. */
export function ensureRendererBuilt(projectRoot: string): string {
  const outDir = path.join(projectRoot, 'out', 'renderer')
  const index = path.join(outDir, 'index.html')
  const builtAt = fs.existsSync(index) ? fs.statSync(index).mtimeMs : 0
  const newestSource = Math.max(
    newestMtime(path.join(projectRoot, 'src-renderer')),
    newestMtime(path.join(projectRoot, 'src-preload')),
    fs.statSync(path.join(projectRoot, 'electron.vite.config.ts')).mtimeMs,
  )
  if (builtAt < newestSource) {
    console.error('orderdesk web: building the renderer…')
    const bin = path.join(projectRoot, 'node_modules', '.bin', process.platform === 'win32' ? 'electron-vite.cmd' : 'electron-vite')
    const result = spawnSync(bin, ['build'], { cwd: projectRoot, stdio: ['ignore', 2, 2] })
    if (result.status !== 0) {
      throw new Error('the renderer build failed (electron-vite build)')
    }
  }
  return outDir
}

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue
    newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs)
  }
  return newest
}
