import type { ConnectionTest } from '../../src-preload/contract'
import { ConnectorError } from '../connectors/errors'
import type { Connector } from '../connectors/types'

/** A test's wait for the server: a silent one is said within 5 s (a sync's requests wait longer). */
export const CONNECTION_TEST_TIMEOUT_MS = 4000

/** Whether the server answered the test, whatever it said (a TLS handshake is an answer too). */
export function answered(verdict: ConnectionTest): boolean {
  return verdict.kind !== 'network' && verdict.kind !== 'timeout'
}

/**
 * "Test connection": one cheap authenticated call, and a plain verdict: reachable and
 * authenticated, wrong token, wrong app key (the path does not exist), unreachable, TLS.
 */
export async function testConnection(connector: Connector): Promise<ConnectionTest> {
  try {
    await connector.probe()
    return { ok: true, kind: 'ok', message: 'reachable and authenticated' }
  } catch (error) {
    if (error instanceof ConnectorError) {
      const tls = error.kind === 'network' && error.details.remoteCode === 'TLS'
      const { remoteMessage } = error.details
      return { ok: false, kind: tls ? 'tls' : error.kind, message: error.message, ...(remoteMessage ? { remoteMessage } : {}) }
    }
    return { ok: false, kind: 'internal', message: (error as Error).message }
  }
}
