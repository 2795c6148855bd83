import type { SourceKindInfo } from '../../src-preload/contract'
import { SECRET_KEYS, SOURCE_KINDS, sourceConfigSchema, type SourceConfig, type SourceKind } from '../sources/config'
import { createAppkeyConnector } from './appkey'
import { createCourseConnector } from './course'
import { createPingppConnector } from './pingpp'
import { createPubConnector } from './pub'
import type { Connector, ConnectorOptions } from './types'

/** The connector for a source; sync, the UI and the CLI never branch on the kind. */
export function createConnector(config: SourceConfig, options?: ConnectorOptions): Connector {
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
