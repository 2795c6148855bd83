import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { dispatch } from '../../src-main/api/dispatch'
import { createHandlers } from '../../src-main/api/handlers'
import { tempCore } from '../helpers/core'
import { databaseText, leakScenarios, type LeakScenarios } from '../helpers/leaks'

let env: ReturnType<typeof tempCore>
let leaks: LeakScenarios
beforeEach(async () => {
  env = tempCore()
  leaks = await leakScenarios()
})
afterEach(async () => {
  await leaks.close()
  await env.dispose()
})

async function call<T>(channel: string, args?: unknown): Promise<T> {
  const reply = (await dispatch(createHandlers(env.core), channel, args)) as { ok: boolean; data?: T; error?: unknown }
  if (!reply.ok) throw new Error(`${channel}: ${JSON.stringify(reply.error)}`)
  return reply.data as T
}

function finished(): Promise<void> {
  return new Promise((resolve) => env.core.events.subscribe({ emit: (name) => name === 'sync:finished' && resolve() }))
}

describe('credentials in the app’s errors', () => {
  it('sync and connection tests failing every way leave no credential in the database, sources:list, sources:test, sync:runs or skipped records', async () => {
    for (const source of leaks.sources) await call('sources:save', { source, isNew: true })
    const done = finished()
    await call('sync:start', {})
    await done

    const views = await call<Array<{ id: string; lastError: { message: string } | null }>>('sources:list')
    const lastErrors = Object.fromEntries(views.map((v) => [v.id, v.lastError?.message ?? null]))
    expect(lastErrors['dead-appkey']).toMatch(/^cannot reach http:\/\/127\.0\.0\.1:\d+\/api\/Order\/••••/)
    expect(lastErrors['wrong-pingpp']).toMatch(/authentication failed/)
    expect(lastErrors['echo-course']).toMatch(/authentication failed .*••••/)
    leaks.expectNone(JSON.stringify(views), 'sources:list')

    const tests = []
    for (const source of leaks.sources) {
      tests.push(await call('sources:test', { id: source.id }))
      // As the dialog tests a source it has not saved: everything typed, secrets included.
      tests.push(await call('sources:test', { source: { ...source, id: `new-${String(source.id)}` } }))
    }
    expect(tests.filter((t) => (t as { ok: boolean }).ok)).toEqual([])
    leaks.expectNone(JSON.stringify(tests), 'sources:test')

    const runs = await call<Array<{ id: number; sources: unknown[] }>>('sync:runs', { limit: 10 })
    expect(runs[0].sources).toHaveLength(leaks.sources.length)
    leaks.expectNone(JSON.stringify(runs), 'sync:runs')
    const skipped = await call<unknown[]>('sync:skipped', { runId: runs[0].id })
    expect(skipped).toHaveLength(1)
    leaks.expectNone(JSON.stringify(skipped), 'sync:skipped')

    const dbPath = path.join(env.dir, 'orderdesk.db')
    const stored = databaseText(dbPath)
    expect(stored).toContain('/Order/••••')
    leaks.expectNone(stored, 'the database and its WAL')
  }, 90_000)
})
