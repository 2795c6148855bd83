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

export function isTransient(error: unknown): boolean {
  return error instanceof ConnectorError && error.transient
}
