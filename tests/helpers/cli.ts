import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'

export const ROOT = path.resolve(import.meta.dirname, '../..')

export interface CliRun {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

/** Runs the CLI as `npm run --silent cli -- …` does: Node 22 with the tsx loader. */
export function spawnCli(args: string[], env: NodeJS.ProcessEnv = {}): { child: ChildProcess; done: Promise<CliRun> } {
  const child = spawn(path.join(ROOT, 'node_modules/.bin/node'), ['--import', 'tsx', 'src-main/cli/main.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
  })
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
  const done = new Promise<CliRun>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })))
  return { child, done }
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return spawnCli(args, env).done
}

/**
 * Runs a command where it cannot write into `folder`. Root, whom file modes do not stop, runs it
 * in a mount namespace of its own where the folder is bound read-only over itself (writes fail
 * with EROFS, for root too); anyone else is stopped by the folder's and files' modes, which the
 * caller made read-only.
 */
export function spawnWithoutWrite(folder: string, command: string[]): Promise<CliRun> {
  const [file, ...args] =
    process.getuid?.() === 0
      ? [
          'unshare',
          '--mount',
          '--propagation',
          'private',
          'sh',
          '-c',
          'mount --bind -o ro "$1" "$1" && shift && exec "$@"',
          'sh',
          folder,
          ...command,
        ]
      : command
  const child = spawn(file, args, { cwd: ROOT, env: process.env })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  return new Promise<CliRun>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })))
}

/** The CLI, run where it cannot write into `folder` (see spawnWithoutWrite). */
export function runCliWithoutWrite(folder: string, args: string[]): Promise<CliRun> {
  return spawnWithoutWrite(folder, [path.join(ROOT, 'node_modules/.bin/node'), '--import', 'tsx', 'src-main/cli/main.ts', ...args])
}
