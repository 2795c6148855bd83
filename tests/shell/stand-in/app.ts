import { fork, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Envelope } from '../../../src-preload/contract'

const ROOT = path.resolve(import.meta.dirname, '../../..')

/** What the stand-in recorded (tests/shell/stand-in/run-main.mjs, snapshot()). */
export interface Recorded {
  singleInstanceLock: number
  paths: string[]
  appEvents: string[]
  quit: number
  windows: Array<{ options: unknown; url: string | null; shown: boolean }>
  channels: string[]
  menu: { template: Array<{ role: string }> } | null
  headersListener: boolean
  permissionHandler: boolean
  openExternal: string[]
  errorBoxes: Array<{ title: string; content: string }>
  saveDialogs: Array<{ defaultPath: string }>
}

/** The built main process, running under the Electron stand-in in a child Node 22. */
export class StandInApp {
  private next = 1
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>()
  private stderr = ''

  /** The address Chromium gives the page the app loads (what a frame of it reports). */
  readonly pageUrl: string

  private constructor(
    private readonly child: ChildProcess,
    appDir: string,
  ) {
    this.pageUrl = pathToFileURL(path.join(appDir, 'out/renderer/index.html')).href
    child.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()))
    child.on('message', (message: { id: number; result?: unknown; error?: string }) => {
      const waiting = this.pending.get(message.id)
      this.pending.delete(message.id)
      if (message.error !== undefined) waiting?.reject(new Error(message.error))
      else waiting?.resolve(message.result)
    })
    child.on('exit', (code) => {
      for (const waiting of this.pending.values()) waiting.reject(new Error(`the app exited (${code}): ${this.stderr}`))
      this.pending.clear()
    })
  }

  static launch(appDir: string, env: NodeJS.ProcessEnv): Promise<StandInApp> {
    const child = fork(path.join(ROOT, 'tests/shell/stand-in/run-main.mjs'), [], {
      execPath: path.join(ROOT, 'node_modules/.bin/node'),
      execArgv: [],
      cwd: appDir,
      env: { ...process.env, ...env, STANDIN_APP_DIR: appDir },
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
      serialization: 'advanced',
    })
    const app = new StandInApp(child, appDir)
    return new Promise((resolve, reject) => {
      child.once('message', () => resolve(app))
      child.once('exit', (code) => reject(new Error(`the app exited (${code}) before loading its page: ${app.stderr}`)))
    })
  }

  request<T>(op: string, payload: Record<string, unknown> = {}): Promise<T> {
    const id = this.next++
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject })
      this.child.send({ id, op, ...payload })
    })
  }

  record(): Promise<Recorded> {
    return this.request('record')
  }

  /** A call from the app's own page, in its top frame, unless `frame` says otherwise. */
  invoke<T>(channel: string, args?: unknown, frame: { url?: string; subframe?: boolean } = {}): Promise<Envelope<T>> {
    return this.request('invoke', { channel, args, frame: { url: frame.url ?? this.pageUrl, subframe: frame.subframe ?? false } })
  }

  event<T>(name: string): Promise<T> {
    return this.request('event', { name })
  }

  /** Quits the app as the window's menu or the last window closing does; resolves with the exit code. */
  quit(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => this.child.once('exit', (code) => resolve(code)))
    this.request('quit').catch(() => undefined)
    return exited
  }

  stop(): void {
    this.child.kill('SIGKILL')
  }
}
