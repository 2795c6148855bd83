/** How to start one of the core's worker threads. */
export interface WorkerEntry {
  url: URL
  /** For a TypeScript entry under plain Node: the loader flags. */
  execArgv?: string[]
}

/** The core's worker threads: a sync, the sync's page writer, an export. */
export interface WorkerEntries {
  sync: WorkerEntry
  syncWriter: WorkerEntry
  export: WorkerEntry
}

/** The workers as TypeScript source, for the web shell, the benchmark and tests, under tsx. */
export const SOURCE_WORKERS: WorkerEntries = {
  sync: { url: new URL('../sync/worker.ts', import.meta.url), execArgv: ['--import', 'tsx'] },
  syncWriter: { url: new URL('../sync/write-thread.ts', import.meta.url), execArgv: ['--import', 'tsx'] },
  export: { url: new URL('../export/worker.ts', import.meta.url), execArgv: ['--import', 'tsx'] },
}
