import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { integrityCheck, openDatabase } from '../../src-main/db/database'
import { startSandbox, type StartedSandbox } from '../../src-main/sandboxes'
import { spawnCli } from '../helpers/cli'
import { cachedTruth, sortedTruth } from '../helpers/sandbox-sync'

let dir: string
let sandboxes: StartedSandbox[] = []

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orderdesk-kill-'))
  // About 8,000 orders over the four kinds with small pages, each read as the app reads it
  // (pages side by side: Ping++'s windows, pub's and appkey's numbered pages, course read ahead),
  // so every kill lands mid-sync.
  sandboxes = await Promise.all([
    startSandbox('pingpp', { seed: 91, orders: 2500 }, { latencyMs: 4 }),
    startSandbox('appkey', { seed: 92, orders: 2500, maxPageSize: 50 }, { latencyMs: 4 }),
    startSandbox('pub', { seed: 93, orders: 1500, maxPageSize: 50 }, { latencyMs: 4 }),
    startSandbox('course', { seed: 94, orders: 1500, maxPageSize: 25 }, { latencyMs: 4 }),
  ])
  const sources = sandboxes.map((s, i) => ({ ...s.sourceConfig(`k${i}`, `kill ${i}`) }))
  fs.writeFileSync(path.join(dir, 'sources.json'), JSON.stringify({ sources }))
})
afterAll(async () => {
  await Promise.all(sandboxes.map((s) => s.close()))
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('a CLI sync killed with SIGKILL at random moments', () => {
  it('resumes every time and ends with exactly the sandbox: no loss, no duplicate, integrity ok', async () => {
    const db = path.join(dir, 'kill.db')
    const args = ['sync', '--config', path.join(dir, 'sources.json'), '--db', db, '--json']
    let kills = 0
    let attempts = 0
    const counts: number[] = []
    while (kills < 20 && attempts < 60) {
      attempts++
      const { child, done } = spawnCli(args)
      // Wait until the sync is visibly under way, then kill after a random moment.
      await new Promise<void>((resolve) => {
        const onData = (d: Buffer): void => {
          if (d.toString().includes('page')) {
            child.stderr!.off('data', onData)
            resolve()
          }
        }
        child.stderr!.on('data', onData)
        child.on('close', () => resolve())
      })
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 400)))
      const alive = child.exitCode === null && child.signalCode === null
      if (alive) child.kill('SIGKILL')
      const run = await done
      if (alive && run.signal === 'SIGKILL') kills++
      const check = openDatabase(db, { migrate: false }).db
      counts.push((check.prepare('SELECT count(*) AS n FROM orders').get() as { n: number }).n)
      check.close()
      if (!alive) break // it finished before we could kill it: the cache is complete
    }
    expect(kills).toBeGreaterThanOrEqual(20)
    // Progress is never lost between kills.
    for (let i = 1; i < counts.length; i++) expect(counts[i]).toBeGreaterThanOrEqual(counts[i - 1])

    const final = await spawnCli(args).done
    expect(final.code, final.stderr).toBe(0)
    const result = JSON.parse(final.stdout) as { status: string; sources: Array<{ error: string | null }> }
    expect(result.status).toBe('ok')

    const check = openDatabase(db, { migrate: false }).db
    expect(integrityCheck(check)).toBe('ok')
    const dupes = check.prepare('SELECT source_id, remote_id, count(*) n FROM orders GROUP BY source_id, remote_id HAVING n > 1').all()
    expect(dupes).toEqual([])
    sandboxes.forEach((s, i) => expect(cachedTruth(check, `k${i}`)).toEqual(sortedTruth(s)))
    const interrupted = check.prepare("SELECT count(*) AS n FROM sync_runs WHERE status = 'interrupted'").get() as { n: number }
    expect(interrupted.n).toBeGreaterThanOrEqual(20)
    check.close()
  }, 300_000)
})
