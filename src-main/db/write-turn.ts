/**
 * Runs `fn`, synchronous writes on a connection, once no other writer of this app is in the
 * middle of writing the file (the app's running sync); resolves to what `fn` returns.
 */
export type WriteTurn = <T>(fn: () => T) => Promise<T>

/** For a connection that nothing else of its process writes beside (the CLI, a test). */
export const writeNow: WriteTurn = async (fn) => fn()
