import path from 'node:path'
import { ensureAppBuilt } from '../src-main/web/renderer-build'

/**
 * Builds the app (main, preload, renderer) once before any test file needs it, so parallel files never
 * race to build it: the end-to-end tests serve out/renderer, the desktop shell's tests load out/main.
 */
export default function setup(): void {
  ensureAppBuilt(path.resolve(import.meta.dirname, '..'))
}
