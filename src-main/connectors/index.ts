import type { SourceKindInfo } from '../../src-preload/contract'
import { SECRET_KEYS, SOURCE_KINDS, sourceConfigSchema, type SourceConfig, type SourceKind } from '../sources/config'
import { redactSecrets, redactValue } from '../shared/secrets'
import { createAppkeyConnector } from './appkey'
import { createCourseConnector } from './course'
import { redactError } from './errors'
import { createPingppConnector } from './pingpp'
import { createPubConnector } from './pub'
import type { Connector, ConnectorOptions, SkippedRecord } from './types'

/** The connector for a source; sync, the UI and the CLI never branch on the kind. */
export function createConnector(config: SourceConfig, options?: ConnectorOptions): Connector {
  return redacting(connectorOfKind(config, options), secretValues(config))
}

function connectorOfKind(config: SourceConfig, options?: ConnectorOptions): Connector {
  switch (config.kind) {
    case 'pub':
      return createPubConnector(config, options)
    case 'appkey':
      return createAppkeyConnector(config, options)
    case 'pingpp':
      return createPingppConnector(config, options)
    case 'course':
      return createCourseConnector(config, options)
  }
}

/** The values of a source's credentials (SECRET_KEYS of its kind). */
export function secretValues(config: SourceConfig): string[] {
  const values = config as unknown as Record<string, unknown>
  return SECRET_KEYS[config.kind].map((key) => values[key]).filter((v): v is string => typeof v === 'string' && v !== '')
}

/**
 * Masks the source's secrets in every error and skipped record that leaves the connector:
 * network errors quote the URL, which carries the app key, and an API may echo a token back.
 * They end up in the database, the sync log, the page and the CLI's output.
 */
function redacting(connector: Connector, secrets: readonly string[]): Connector {
  const guard = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work()
    } catch (error) {
      throw redactError(error, secrets)
    }
  }
  const redactSkipped = (record: SkippedRecord): SkippedRecord => ({
    ...record,
    reason: redactSecrets(record.reason, secrets),
    raw: redactValue(record.raw, secrets),
    ...(record.remote_id === undefined ? {} : { remote_id: redactSecrets(record.remote_id, secrets) }),
  })
  return {
    kind: connector.kind,
    capabilities: connector.capabilities,
    createForm: connector.createForm,
    list: async (request) => {
      const page = await guard(() => connector.list(request))
      return page.skipped.length ? { ...page, skipped: page.skipped.map(redactSkipped) } : page
    },
    async *pages(request) {
      try {
        for await (const page of connector.pages(request))
          yield page.skipped.length ? { ...page, skipped: page.skipped.map(redactSkipped) } : page
      } catch (error) {
        throw redactError(error, secrets)
      }
    },
    pendingFilters: (remoteStatuses) => connector.pendingFilters(remoteStatuses),
    get: (remoteId, signal, hint) => guard(() => connector.get(remoteId, signal, hint)),
    create: (input, signal) => guard(() => connector.create(input, signal)),
    cancel: (order, signal) => guard(() => connector.cancel(order, signal)),
    summary: (signal) => guard(() => connector.summary(signal)),
    probe: (signal) => guard(() => connector.probe(signal)),
  }
}

/** A config that only serves to read a kind's static description; it is never used to call anything. */
function describeOnly(kind: SourceKind): SourceConfig {
  const credentials: Record<SourceKind, Record<string, string>> = {
    pub: { token: 'x' },
    appkey: { appKey: 'x', token: 'x' },
    pingpp: { appId: 'x', secretKey: 'x' },
    course: { token: 'x' },
  }
  return sourceConfigSchema.parse({ id: `describe-${kind}`, name: kind, kind, baseUrl: 'http://127.0.0.1:9', ...credentials[kind] })
}

/** What each kind can do and its create form, for the renderer and for validation in main. */
export function connectorKinds(): SourceKindInfo[] {
  return SOURCE_KINDS.map((kind) => {
    const connector = createConnector(describeOnly(kind))
    const { create, cancel, get, summary, listFilters } = connector.capabilities
    return {
      kind,
      capabilities: { create, cancel, get, summary, listFilters },
      createForm: connector.createForm,
      secretKeys: SECRET_KEYS[kind],
    }
  })
}
