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
    name: "the order list's saved views, with the ready-made ones",
    sql: /* sql */ `
      -- A view is the list's view state as JSON (filters, sort, columns), read back keeping only
      -- what is valid. A ready-made view has a preset key; its name is NULL until renamed, and
      -- the window names it in the user's language. Positions are the tabs' order.
      CREATE TABLE saved_views (
        id INTEGER PRIMARY KEY,
        name TEXT CHECK (name IS NULL OR length(name) BETWEEN 1 AND 40),
        preset TEXT UNIQUE,
        position INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (json_valid(state) AND json_type(state) = 'object'),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        CHECK (name IS NOT NULL OR preset IS NOT NULL)
      ) STRICT;
      -- The ready-made views as src-main/saved-views/presets.ts defines them (a test holds them equal).
      INSERT INTO saved_views (name, preset, position, state, created_at, updated_at)
        SELECT NULL, column1, column2, column3, now, now
        FROM (SELECT CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) AS now),
        (VALUES
          ('paidToday', 0, '{"statuses":["paid","partially_refunded"],"dateField":"paid","shortcut":"today","sort":{"key":"paid_at","order":"desc"},"columns":["orderNo","source","product","customer","status","due","paid","paidAt"],"columnsVersion":2}'),
          ('pendingOver24h', 1, '{"statuses":["pending"],"dateField":"created","shortcut":"over24h","sort":{"key":"created_at","order":"desc"},"columns":["orderNo","source","product","customer","status","due","createdAt"],"columnsVersion":2}'),
          ('refundedThisMonth', 2, '{"statuses":["refunded","partially_refunded"],"dateField":"revenue","shortcut":"thisMonth","sort":{"key":"created_at","order":"desc"},"columns":["orderNo","source","product","customer","status","paid","refunded","paidAt"],"columnsVersion":2}')
        );
    `,
  },
  {
    id: 102,
    name: 'notifications',
    sql: /* sql */ `
      -- What a sync told the user (the bell's list): the newest hundred are kept.
      CREATE TABLE notifications (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('paid', 'failing')),
        source_id TEXT NOT NULL,
        -- The source's name when told: the entry still reads right after the source is renamed or removed.
        source_name TEXT NOT NULL,
        -- Orders that became paid (kind 'paid').
        count INTEGER,
        -- {kind, message, remoteMessage?} as JSON, like sync_state.last_error (kind 'failing').
        reason TEXT,
        read INTEGER NOT NULL DEFAULT 0 CHECK (read IN (0, 1))
      ) STRICT;
    `,
  },
  {
    id: 103,
    name: "staff's notes and tags on orders, kept by the order's source and remote id",
    sql: /* sql */ `
      -- Keyed as the API names the order, not by its row, and without a foreign key: a note and
      -- its tags stay whatever happens to the row (a full resync, a source removed with its
      -- orders kept and added back). updated_at is the last change of the note or the tags; a
      -- row here exists while either is set.
      CREATE TABLE order_notes (
        source_id TEXT NOT NULL,
        remote_id TEXT NOT NULL,
        note TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (source_id, remote_id)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE order_tags (
        source_id TEXT NOT NULL,
        remote_id TEXT NOT NULL,
        tag TEXT NOT NULL,
        PRIMARY KEY (source_id, remote_id, tag)
      ) STRICT, WITHOUT ROWID;
      -- The list's tag filter finds a tag's orders from here.
      CREATE INDEX order_tags_tag ON order_tags (tag, source_id, remote_id);
    `,
  },
]
