import { BASELINE_SQL } from './baseline'

/**
 * The schema's history: the baseline, then an ordered list of changes compiled into the app. Each
 * entry runs once, inside its own transaction, and is recorded; `PRAGMA user_version` is the
 * highest applied id. Never edit an entry that has shipped: add a new one, as plain SQL.
 */
export interface Migration {
  id: number
  name: string
  sql: string
}

/** Milliseconds in a quarter hour: the grain of revenue_quarters. */
export const QUARTER_MS = 900_000

/** Milliseconds in a UTC day: the grain of order_days, product_days and channel_days. */
export const DAY_MS = 86_400_000

/** The baseline's id; the development builds before it numbered their steps from 1. */
export const BASELINE_ID = 100

/** The name of the development builds' first step, by which their databases are recognised. */
export const DEVELOPMENT_FIRST_STEP = 'sources, orders, sync state and sync log'

export const MIGRATIONS: readonly Migration[] = [
  { id: BASELINE_ID, name: 'the schema of OrderDesk 0.1', sql: BASELINE_SQL },
  {
    id: 101,
    name: 'new orders rolled up per write, not per row',
    // OrderWriter sums a transaction's new orders per rollup key (orders/rollups.ts); updates
    // and deletes keep their triggers.
    sql: /* sql */ `
DROP TRIGGER revenue_quarters_insert;
DROP TRIGGER order_counts_insert;
DROP TRIGGER product_days_insert;
DROP TRIGGER channel_days_insert;
DROP TRIGGER order_days_insert;
DROP TRIGGER search_names_insert;
`,
  },
]
