import path from 'node:path'
import { ensureRendererBuilt } from '../src-main/web/renderer-build'

/** Builds the renderer once before any test file needs it, so parallel files never race to build it. */
export default function setup(): void {
  ensureRendererBuilt(path.resolve(import.meta.dirname, '..'))
}
