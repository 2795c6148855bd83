import { afterEach, describe, expect, it } from 'vitest'
import { createConnector } from '../../src-main/connectors'
import { ConnectorError } from '../../src-main/connectors/errors'
import { startSandbox, type StartedSandbox } from '../../src-main/sandboxes'
import type { SourceKind } from '../../src-main/sources/config'
import { deadPort, echoingReply } from '../helpers/leaks'
import { KINDS } from '../helpers/sandbox-sync'

/** Credentials with characters a URL must encode, so both spellings are looked for. */
const SECRETS: Record<SourceKind, Record<string, string>> = {
  pub: { token: 'pub tok/en+7Q1x' },
  appkey: { appKey: 'ak live/秘钥+9Z', token: 'ak-token 3F/2x' },
  pingpp: { secretKey: 'sk_test_bad key/5W' },
  course: { token: 'course tok/6Y+e' },
}

/** Every spelling of a secret an error could carry: as typed, and URL-encoded. */
function spellings(secret: string): string[] {
  return [secret, encodeURIComponent(secret), encodeURI(secret), encodeURIComponent(secret).toLowerCase()]
}

function expectNoSecret(text: string | undefined, kind: SourceKind): void {
  for (const secret of Object.values(SECRETS[kind])) for (const form of spellings(secret)) expect(text ?? '').not.toContain(form)
}

async function errorOf(call: Promise<unknown>): Promise<ConnectorError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  )
  if (!(error instanceof ConnectorError)) throw new Error(`expected a ConnectorError, got ${String(error)}`)
  return error
}

const running: StartedSandbox[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()))
})

async function sandboxFor(kind: SourceKind): Promise<StartedSandbox> {
  const started = await startSandbox(kind, { seed: 3, orders: 12 })
  running.push(started)
  return started
}

describe.each(KINDS)('%s connector errors keep its credentials masked', (kind) => {
  it('an API that quotes the credential back: message and the API’s own words are masked, the kind stays', async () => {
    const started = await sandboxFor(kind)
    const config = started.sourceConfig('s', kind, SECRETS[kind])
    started.server.arm({ fault: { type: 'status', ...echoingReply(kind, SECRETS[kind]) } })
    const error = await errorOf(createConnector(config, { timeoutMs: 1000 }).probe())
    expect(error.kind).toBe('auth')
    expectNoSecret(error.message, kind)
    expectNoSecret(error.details.remoteMessage, kind)
    expectNoSecret(JSON.stringify(error.toJSON()), kind)
    // The mask keeps the last four characters, so the user can tell which key was used.
    const quoted = kind === 'pingpp' ? SECRETS.pingpp.secretKey : SECRETS[kind].token
    expect(error.message).toContain(`••••${quoted.slice(-4)}`)
  })
})

describe('appkey connector, whose app key sits in the URL path', () => {
  it('an unreachable host: the network error names the address without the app key', async () => {
    const port = await deadPort()
    const started = await sandboxFor('appkey')
    const config = started.sourceConfig('s', 'appkey', { ...SECRETS.appkey, baseUrl: `http://127.0.0.1:${port}/api` })
    const error = await errorOf(createConnector(config, { timeoutMs: 1000 }).list({}))
    expect(error.kind).toBe('network')
    expect(error.message).toContain(`127.0.0.1:${port}/api/Order/••••`)
    expectNoSecret(error.message, 'appkey')
    expectNoSecret(error.stack, 'appkey')
  })

  it('a timeout names the address without the app key', async () => {
    const started = await sandboxFor('appkey')
    started.server.arm({ fault: { type: 'timeout' } })
    const error = await errorOf(createConnector(started.sourceConfig('s', 'appkey', SECRETS.appkey), { timeoutMs: 200 }).list({}))
    expect(error.kind).toBe('timeout')
    expect(error.message).toContain('/Order/••••')
    expectNoSecret(error.message, 'appkey')
  })

  it('a skipped record that carries the credentials is kept with them masked: reason, id and raw payload', async () => {
    const started = await sandboxFor('appkey')
    const { appKey, token } = SECRETS.appkey
    const broken = { id: `${appKey}-1`, appKey, productName: `bought with ${token}`, amount: 'free', createDate: '2026-01-02 03:04:05' }
    started.server.arm({ fault: { type: 'status', status: 200, body: { code: 200, error: '', data: { total: 1, data: [broken] } } } })
    const page = await createConnector(started.sourceConfig('s', 'appkey', SECRETS.appkey)).list({})
    expect(page.orders).toEqual([])
    expect(page.skipped).toHaveLength(1)
    expectNoSecret(JSON.stringify(page.skipped), 'appkey')
    expect(page.skipped[0]).toMatchObject({ remote_id: `••••${appKey.slice(-4)}-1`, raw: { appKey: `••••${appKey.slice(-4)}` } })
    expect(page.skipped[0].reason).toMatch(/amount/)
  })
})
