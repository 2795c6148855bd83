import { redactSecrets } from '../shared/secrets'

/**
 * Every failure of a remote API call becomes one ConnectorError with a kind. Sync decides
 * retries by kind; the UI shows `message`, which carries the API's own words.
 */
export const CONNECTOR_ERROR_KINDS = [
  'auth',
  'not_found',
  'invalid',
  'rate_limited',
  'server',
  'network',
  'timeout',
  'malformed',
  'unsupported',
] as const
export type ConnectorErrorKind = (typeof CONNECTOR_ERROR_KINDS)[number]

/** Kinds worth retrying with backoff: the same request may well succeed later. */
const TRANSIENT: ReadonlySet<ConnectorErrorKind> = new Set(['rate_limited', 'server', 'network', 'timeout', 'malformed'])

export class ConnectorError extends Error {
  override readonly name = 'ConnectorError'
  constructor(
    readonly kind: ConnectorErrorKind,
    message: string,
    readonly details: {
      /** HTTP status when there was one. */
      status?: number
      /** The API's own error code (pub/course `code`, pingpp `error.code`). */
      remoteCode?: string | number
      /** The API's own message, untranslated. */
      remoteMessage?: string
      /** From Retry-After, for rate_limited. */
      retryAfterMs?: number
    } = {},
  ) {
    super(message)
  }

  get transient(): boolean {
    return TRANSIENT.has(this.kind)
  }

  toJSON(): { kind: ConnectorErrorKind; message: string; status?: number; remoteMessage?: string } {
    return {
      kind: this.kind,
      message: this.message,
      status: this.details.status,
      remoteMessage: this.details.remoteMessage,
    }
  }
}

/**
 * The error with every secret masked (redactSecrets) in its message, the API's own message
 * and code, its stack and its causes: what leaves a connector is stored, shown and logged.
 */
export function redactError(error: unknown, secrets: readonly string[]): unknown {
  const redact = (text: string): string => redactSecrets(text, secrets)
  if (error instanceof ConnectorError) {
    const { remoteMessage, remoteCode } = error.details
    const redacted = new ConnectorError(error.kind, redact(error.message), {
      ...error.details,
      ...(remoteMessage === undefined ? {} : { remoteMessage: redact(remoteMessage) }),
      ...(typeof remoteCode === 'string' ? { remoteCode: redact(remoteCode) } : {}),
    })
    if (error.stack) redacted.stack = redact(error.stack)
    return redacted
  }
  if (error instanceof Error) {
    error.message = redact(error.message)
    if (error.stack) error.stack = redact(error.stack)
    if (error.cause !== undefined) error.cause = redactError(error.cause, secrets)
    return error
  }
  return typeof error === 'string' ? redact(error) : error
}
