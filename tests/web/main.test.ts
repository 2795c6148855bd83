import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { fileState, NOT_ORDERDESK } from '../helpers/files'
import { rawRequest } from '../helpers/raw-http'

const root = path.resolve(import.meta.dirname, '../..')
const children: ChildProcess[] = []
afterAll(() => children.forEach((c) => c.kill('SIGTERM')))

/** Starts `npm run web` as a user would and waits for its one stdout line. */
function launch(args: string[]): Promise<{ line: string; child: ChildProcess; stderr: () => string }> {
  const child = spawn(path.join(root, 'node_modules/.bin/node'), ['--import', 'tsx', 'src-main/web/main.ts', ...args], {
    cwd: root,
    env: { ...process.env, PATH: `${path.join(root, 'node_modules/.bin')}:${process.env.PATH}` },
  })
  children.push(child)
  let out = ''
  let err = ''
  child.stderr.on('data', (d: Buffer) => (err += d.toString()))
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      if (out.includes('\n')) resolve({ line: out.trim(), child, stderr: () => err })
    })
    child.on('exit', (code) => reject(new Error(`web shell exited ${code}: ${err}`)))
  })
}

describe('npm run web', () => {
  it('prints its URL on stdout; the page loads with the token and calls without it get 401', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orderdesk-web-'))
    const db = path.join(dir, 'shop.db')
    const port = 20000 + Math.floor(Math.random() * 20000)
    const { line } = await launch(['--port', String(port), '--db', db])
    expect(line).toMatch(new RegExp(`^OrderDesk web: http://127\\.0\\.0\\.1:${port}/\\?token=\\S+$`))
    const url = line.slice('OrderDesk web: '.length)
    const page = await fetch(url)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<div id="app"></div>')
    const denied = await fetch(`http://127.0.0.1:${port}/rpc/app:info`, { method: 'POST', headers: { Origin: `http://127.0.0.1:${port}` } })
    expect(denied.status).toBe(401)
    expect(fs.existsSync(db)).toBe(true)
  }, 120_000)

  it('refuses a key file other users can read, saying which, its mode and what to do, and serves nothing', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orderdesk-web-'))
    const keyFile = path.join(dir, 'orderdesk-web.key')
    fs.writeFileSync(keyFile, Buffer.alloc(32, 7).toString('base64'))
    fs.chmodSync(keyFile, 0o644)
    await expect(launch(['--db', path.join(dir, 'shop.db')])).rejects.toThrow(
      `web shell exited 1: orderdesk web: key file ${keyFile} has mode 0644: other users can read it; it must be yours and readable only by you (mode 0600). To go on, run chmod 600 ${keyFile}`,
    )
  }, 60_000)

  it('refuses a data folder others may write to, where they could swap the database or the key file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orderdesk-web-'))
    fs.chmodSync(dir, 0o777)
    await expect(launch(['--db', path.join(dir, 'shop.db')])).rejects.toThrow(
      `web shell exited 1: orderdesk web: the data folder ${dir} has mode 0777: other users can rename or replace what is in it`,
    )
    expect(fs.readdirSync(dir)).toEqual([])
  }, 60_000)

  it('stays up after requests that do not parse, to itself and to a demo sandbox', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orderdesk-web-'))
    const port = 20000 + Math.floor(Math.random() * 20000)
    const { line, child } = await launch(['--port', String(port), '--db', path.join(dir, 'shop.db'), '--demo'])
    const token = new URL(line.slice('OrderDesk web: '.length)).searchParams.get('token')!
    const origin = `http://127.0.0.1:${port}`
    const call = (channel: string): Promise<Response> =>
      fetch(`${origin}/rpc/${channel}`, { method: 'POST', headers: { Origin: origin, 'X-OrderDesk-Token': token }, body: '' })
    const host = `Host: 127.0.0.1:${port}`
    expect((await rawRequest(port, `GET /% HTTP/1.1\r\n${host}`)).status).toBe(400)
    expect((await rawRequest(port, `GET http://[ HTTP/1.1\r\n${host}`)).status).toBe(400)
    const badChannel = `POST /rpc/app%:info HTTP/1.1\r\n${host}\r\nOrigin: ${origin}\r\nX-OrderDesk-Token: ${token}\r\nContent-Length: 0`
    expect((await rawRequest(port, badChannel)).status).toBe(400)
    const sources = (await (await call('sources:list')).json()) as { data: Array<{ id: string; baseUrl: string }> }
    const sandboxPort = Number(new URL(sources.data.find((s) => s.id === 'demo-pub')!.baseUrl).port)
    expect((await rawRequest(sandboxPort, `GET //[ HTTP/1.1\r\nHost: 127.0.0.1:${sandboxPort}`)).status).toBe(400)
    expect(await (await call('app:info')).json()).toMatchObject({ ok: true, data: { shell: 'web' } })
    expect(child.exitCode).toBeNull()
  }, 120_000)

  it('exits 2 with a clear message on a bad option', async () => {
    await expect(launch(['--port', 'abc'])).rejects.toThrow(/--port must be a port number/)
  }, 60_000)

  it('exits 1 with a clear message on a --db that is not an OrderDesk database, leaving it and its folder as they were', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orderdesk-web-'))
    const db = path.join(dir, 'theirs.db')
    NOT_ORDERDESK.find((k) => k.name.includes('table named orders'))!.make(db)
    const before = fileState(db)
    const failure = await launch(['--db', db]).then(
      () => 'it started',
      (error: Error) => error.message,
    )
    expect(fileState(db)).toEqual(before)
    expect(failure).toMatch(/web shell exited 1: orderdesk web: .*theirs\.db is not an OrderDesk database/)
    fs.rmSync(dir, { recursive: true, force: true })
  }, 60_000)
})
