import type { ErrorCode, ErrorData } from '../../src-preload/contract'

/** An error meant for the user: its code and message cross to the renderer as they are. */
export class AppError extends Error {
  override readonly name = 'AppError'
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message)
  }

  toData(): ErrorData {
    return { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}) }
  }
}
