import { z } from 'zod'
import { contract, type Args, type Channel, type Envelope, type ErrorData, type Result } from '../../src-preload/contract'
import { AppError } from '../shared/app-error'
import { ConnectorError } from '../connectors/errors'

/** One handler per contract channel; TypeScript rejects a missing or an extra one. */
export type Handlers = { [C in Channel]: (args: Args<C>) => Result<C> | Promise<Result<C>> }

export function isChannel(name: string): name is Channel {
  return Object.prototype.hasOwnProperty.call(contract, name)
}

/**
 * The single entry for every call, from Electron IPC and the web shell alike: validates the
 * argument against the contract's schema, runs the handler, and returns plain data. Nothing
 * thrown here crosses as an exception.
 */
export async function dispatch(handlers: Handlers, channel: string, rawArgs: unknown): Promise<Envelope<unknown>> {
  if (!isChannel(channel)) {
    return { ok: false, error: { code: 'not_found', message: `unknown channel: ${channel}` } }
  }
  const schema = contract[channel].args as z.ZodType
  const parsed = schema.safeParse(rawArgs ?? undefined)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const field = issue.path.join('.')
    return {
      ok: false,
      error: {
        code: 'invalid_argument',
        message: `${channel}: ${field ? `${field}: ` : ''}${issue.message}`,
        ...(field ? { field } : {}),
      },
    }
  }
  try {
    const handler = handlers[channel] as (args: unknown) => unknown
    const data = await handler(parsed.data)
    return { ok: true, data: toPlainData(data) }
  } catch (error) {
    return { ok: false, error: errorToData(error) }
  }
}

export function errorToData(error: unknown): ErrorData {
  if (error instanceof AppError) return error.toData()
  if (error instanceof ConnectorError) {
    const code =
      error.kind === 'network' || error.kind === 'timeout'
        ? 'offline'
        : error.kind === 'not_found'
          ? 'not_found'
          : error.kind === 'unsupported'
            ? 'unsupported'
            : 'remote'
    const remoteMessage = error.details.remoteMessage
    return { code, message: error.message, kind: error.kind, ...(remoteMessage ? { remoteMessage } : {}) }
  }
  if (error instanceof z.ZodError) {
    const issue = error.issues[0]
    return { code: 'invalid_argument', message: `${issue.path.join('.')}: ${issue.message}`, field: issue.path.join('.') }
  }
  console.error('[orderdesk] unexpected error', error)
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) }
}

/** Results cross process boundaries as JSON-compatible data only (no class instances, no functions). */
function toPlainData<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T)
}
