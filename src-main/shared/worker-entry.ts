/** How to start one of the core's worker threads. */
export interface WorkerEntry {
  url: URL
  /** For a TypeScript entry under plain Node: the loader flags. */
  execArgv?: string[]
}
