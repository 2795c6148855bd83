/** Does nothing: an ignored outcome, an end that has nothing to end. */
export const noop = (): void => undefined
