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
  {
    id: 104,
    name: 'keyword search over ids: their start and their end through B-tree indexes instead of grams',
    sql: /* sql */ `
      -- Staff type an id whole or its start, or the last digits of an order or trade number (from
      -- a receipt). Each id is indexed lower-cased (the whole id and its start are a range of it);
      -- order and trade numbers also by their last six characters reversed (an end is a range of
      -- that; a longer end is found by its last six and checked). A few B-tree entries per order
      -- where the grams wrote a search token per character of every id.
      -- Case is folded as lower() folds it: ASCII letters only. The indexes are whole, not partial
      -- on present ids: a query would then have to say so, and SQLite would read each row to check.
      DROP TRIGGER order_id_grams_insert;
      DROP TRIGGER order_id_grams_update;
      DROP TRIGGER order_id_grams_delete;
      DROP TABLE order_id_grams;
      DROP TABLE id_gram_positions;
      -- The names dictionary was kept by the grams' insert trigger.
      CREATE TRIGGER search_names_insert AFTER INSERT ON orders BEGIN
        INSERT OR IGNORE INTO search_names (name) SELECT new.product_name WHERE new.product_name IS NOT NULL
          UNION SELECT new.customer_name WHERE new.customer_name IS NOT NULL;
      END;
      CREATE INDEX orders_order_no_start ON orders (lower(order_no));
      CREATE INDEX orders_order_no_end ON orders (substr(lower(order_no), -1, 1) || substr(lower(order_no), -2, 1) || substr(lower(order_no), -3, 1) || substr(lower(order_no), -4, 1) || substr(lower(order_no), -5, 1) || substr(lower(order_no), -6, 1));
      CREATE INDEX orders_trade_no_start ON orders (lower(trade_no));
      CREATE INDEX orders_trade_no_end ON orders (substr(lower(trade_no), -1, 1) || substr(lower(trade_no), -2, 1) || substr(lower(trade_no), -3, 1) || substr(lower(trade_no), -4, 1) || substr(lower(trade_no), -5, 1) || substr(lower(trade_no), -6, 1));
      CREATE INDEX orders_customer_id_start ON orders (lower(customer_id));
      CREATE INDEX orders_remote_id_start ON orders (lower(remote_id));
    `,
  },
]
