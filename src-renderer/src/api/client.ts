import { isProxy, isRef, toRaw, unref } from 'vue'
import type { ArgsInput, Bridge, Channel, ErrorData, EventMap, EventName, Result } from '../../../src-preload/contract'

export class ApiError extends Error {
  override readonly name = 'ApiError'
  constructor(readonly data: ErrorData) {
    super(data.message)
  }
  get code(): ErrorData['code'] {
    return this.data.code
  }
}

/** Deeply strips Vue refs and reactive proxies so arguments cross as plain data. */
export function toPlain<T>(value: T): T {
  const raw = isRef(value) ? unref(value) : isProxy(value) ? toRaw(value) : value
  if (Array.isArray(raw)) return raw.map((v) => toPlain(v)) as T
  if (raw && typeof raw === 'object' && Object.getPrototypeOf(raw) === Object.prototype) {
    return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, toPlain(v)])) as T
  }
  return raw as T
}

export interface ApiClient {
  /**
   * Calls a channel; resolves with its result or rejects with an ApiError, already shown to the
   * user unless `quiet` (then the view says it in its own words, see errorWords).
   */
  call<C extends Channel>(channel: C, args?: ArgsInput<C>, options?: { quiet?: boolean }): Promise<Result<C>>
  on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void
}

/**
 * The renderer's one way to reach main, over whichever bridge the shell provides. `showError`
 * puts an error before the user in words; its technical message goes to the console, for support.
 */
export function createApiClient(bridge: Bridge, showError: (error: ErrorData) => void): ApiClient {
  return {
    async call(channel, args, options) {
      const envelope = await bridge.invoke(channel, toPlain(args) as never)
      if (envelope.ok) return envelope.data as never
      console.warn(`[orderdesk] ${channel}: ${envelope.error.code}: ${envelope.error.message}`)
      if (!options?.quiet) showError(envelope.error)
      throw new ApiError(envelope.error)
    },
    on: (event, listener) => bridge.on(event, listener),
  }
}
