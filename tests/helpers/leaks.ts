import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { expect } from 'vitest'
import type { Db } from '../../src-main/db/database'
import { startSandbox, type StartedSandbox } from '../../src-main/sandboxes'
import type { SourceKind } from '../../src-main/sources/config'
import { KINDS } from './sandbox-sync'

const PEM = fs.readFileSync(path.join(import.meta.dirname, '../fixtures/pingpp-test-key.pem'), 'utf8')

/** A loopback port nothing listens on. */
export async function deadPort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

/**
 * Credentials of one source, each unique to it and with characters a URL must encode. Header
 * values stay ASCII (HTTP allows no other); the app key, sent in the path, need not.
 */
function credentials(kind: SourceKind, tag: string): Record<string, string> {
  switch (kind) {
    case 'pub':
      return { token: `pub ${tag} tok/en+Q1` }
    case 'appkey':
      return { appKey: `ak ${tag}/秘钥+Z9`, token: `ak ${tag} tok/en+W2` }
    case 'pingpp':
      return { appId: `app_${tag}`, secretKey: `sk_test ${tag}/key+E3`, privateKeyPem: PEM }
    case 'course':
      return { token: `course ${tag} tok/en+R4` }
  }
}

/** An authentication failure in each API's own envelope that quotes the credentials it was sent. */
export function echoingReply(kind: SourceKind, c: Record<string, string>): { status: number; body: unknown } {
  switch (kind) {
    case 'pub':
      return { status: 200, body: { code: 401, message: `token ${c.token} 无效或已过期`, data: null } }
    case 'appkey':
      return { status: 401, body: { code: 401, data: null, error: `invalid token ${c.token} for /Order/${encodeURIComponent(c.appKey)}` } }
    case 'pingpp':
      return { status: 401, body: { error: { type: 'invalid_request_error', message: `Invalid API key provided: ${c.secretKey}` } } }
    case 'course':
      return { status: 200, body: { code: 1, err_desc: `token ${c.token} 未登录或登录已过期` } }
  }
}

export interface LeakScenarios {
  /** Source configs as a sources file spells them, credentials included. */
  sources: Array<Record<string, unknown>>
  /** Every credential of every source. */
  secrets: string[]
  /** Fails naming the secret when `text` holds any credential, as typed or URL-encoded. */
  expectNone(text: string, where: string): void
  close(): Promise<void>
}

/**
 * Every kind three ways, each with credentials of its own: a dead port (network errors quote
 * the URL), a wrong key (the API refuses), and an API that quotes the key it was sent back in
 * its error; and an appkey page whose broken record carries the credentials (a skipped record).
 */
export async function leakScenarios(): Promise<LeakScenarios> {
  const started: StartedSandbox[] = []
  const start = async (kind: SourceKind): Promise<StartedSandbox> => {
    const s = await startSandbox(kind, { seed: 11, orders: 6 })
    started.push(s)
    return s
  }
  const sources: Array<Record<string, unknown>> = []
  const port = await deadPort()
  // Dead ports first: their retries take longest, so they start at once.
  for (const kind of KINDS) {
    const s = await start(kind)
    sources.push({ ...s.sourceConfig(`dead-${kind}`, `dead ${kind}`), ...credentials(kind, `dead-${kind}`) })
    sources[sources.length - 1].baseUrl = s.server.url.replace(/:\d+/, `:${port}`)
  }
  for (const kind of KINDS) {
    const s = await start(kind)
    sources.push({ ...s.sourceConfig(`wrong-${kind}`, `wrong ${kind}`), ...credentials(kind, `wrong-${kind}`) })
  }
  for (const kind of KINDS) {
    const s = await start(kind)
    const c = credentials(kind, `echo-${kind}`)
    s.server.arm({ fault: { type: 'status', ...echoingReply(kind, c) }, times: Infinity })
    sources.push({ ...s.sourceConfig(`echo-${kind}`, `echo ${kind}`), ...c })
  }
  const records = await start('appkey')
  const c = credentials('appkey', 'records')
  const broken = { id: `${c.appKey}-1`, appKey: c.appKey, productName: `paid with ${c.token}`, amount: 'free', createDate: '2026-01-02' }
  // A page of one, the last: the sync ends with the record skipped.
  records.server.arm({ fault: { type: 'status', status: 200, body: { code: 200, error: '', data: { total: 1, data: [broken] } } } })
  sources.push({ ...records.sourceConfig('records-appkey', 'records appkey'), ...c })
  const secrets = [
    ...new Set(sources.flatMap((s) => ['token', 'appKey', 'secretKey', 'privateKeyPem'].map((k) => s[k]).filter((v): v is string => !!v))),
  ]
  return {
    sources,
    secrets,
    expectNone(text, where) {
      for (const secret of secrets) {
        for (const form of [secret, encodeURIComponent(secret), encodeURI(secret)]) {
          expect(text.includes(form), `${where} holds ${JSON.stringify(form.slice(0, 40))}`).toBe(false)
        }
      }
    },
    close: async () => {
      await Promise.all(started.map((s) => s.close()))
    },
  }
}

/** The database file and its -wal file, as text, for a search. */
export function databaseText(dbPath: string): string {
  return [dbPath, `${dbPath}-wal`]
    .filter((f) => fs.existsSync(f))
    .map((f) => fs.readFileSync(f).toString('utf8'))
    .join('\n')
}

/**
 * Sync-log rows as versions before connectors masked credentials wrote them for an appkey
 * source: a network error quoting the URL (app key URL-encoded, in either hex case), an API
 * echoing the token, a skipped record carrying both, a failed reconciliation.
 */
export function writeUnredactedLog(db: Db, sourceId: string, c: { appKey: string; token: string }): void {
  const url = `http://127.0.0.1:9/api/Order/${encodeURIComponent(c.appKey)}/list`
  const lowerHexUrl = url.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase())
  const runId = Number(
    db.prepare("INSERT INTO sync_runs (trigger, full, status, started_at) VALUES ('scheduled', 0, 'failed', 0)").run().lastInsertRowid,
  )
  db.prepare('INSERT INTO sync_state (source_id, last_error, last_error_at) VALUES (?, ?, 0)').run(
    sourceId,
    JSON.stringify({ kind: 'network', message: `cannot reach ${url}: ECONNREFUSED` }),
  )
  db.prepare('INSERT INTO sync_run_sources (run_id, source_id, error, started_at) VALUES (?, ?, ?, 0)').run(
    runId,
    sourceId,
    JSON.stringify({ kind: 'auth', message: `authentication failed: invalid token ${c.token} for ${lowerHexUrl}` }),
  )
  db.prepare('INSERT INTO skipped_records (run_id, source_id, remote_id, reason, raw, at) VALUES (?, ?, ?, ?, ?, 0)').run(
    runId,
    sourceId,
    `${c.appKey}-1`,
    `amount "free" is not a number (order of ${c.appKey})`,
    JSON.stringify({ id: `${c.appKey}-1`, appKey: c.appKey, productName: `paid with ${c.token}`, amount: 'free' }),
  )
  // A record larger than a database page, the token at its end: its text spills onto pages of its own.
  db.prepare('INSERT INTO skipped_records (run_id, source_id, remote_id, reason, raw, at) VALUES (?, ?, ?, ?, ?, 0)').run(
    runId,
    sourceId,
    'long-1',
    'a long record',
    JSON.stringify({ id: 'long-1', note: `${'長'.repeat(6000)} paid with ${c.token}` }),
  )
  db.prepare('INSERT INTO reconciliations (source_id, at, matches, lines, error) VALUES (?, 0, 0, ?, ?)').run(
    sourceId,
    '[]',
    `cannot reach ${url}: timed out`,
  )
}
