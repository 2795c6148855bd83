/**
 * The schema's history: an ordered list compiled into the app. Each entry runs once, inside
 * its own transaction, and is recorded; `PRAGMA user_version` is the highest applied id.
 * Never edit an entry that has shipped: add a new one.
 */
export interface Migration {
  id: number
  name: string
  sql: string
}

/** Milliseconds in a quarter hour: the grain of revenue_quarters. */
export const QUARTER_MS = 900_000

/** Milliseconds in a UTC day: the grain of status_days, product_days and channel_days. */
export const DAY_MS = 86_400_000

export const MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: 'sources, orders, sync state and sync log',
    sql: /* sql */ `
      CREATE TABLE sources (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('pub', 'appkey', 'pingpp', 'course')),
        base_url TEXT NOT NULL,
        -- Non-secret settings as JSON (timezone, currency, lookbackDays, pageSize, appId, ...).
        settings TEXT NOT NULL DEFAULT '{}',
        -- Secrets, sealed by the shell's secret store; never sent to the renderer.
        credentials BLOB,
        enabled INTEGER NOT NULL DEFAULT 1,
        is_demo INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        -- A removed source whose cached orders were kept stays here, hidden.
        removed_at INTEGER
      ) STRICT;

      CREATE TABLE orders (
        id INTEGER PRIMARY KEY,
        source_id TEXT NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
        remote_id TEXT NOT NULL,
        order_no TEXT,
        trade_no TEXT,
        status TEXT NOT NULL CHECK (status IN ('pending', 'paid', 'partially_refunded', 'refunded', 'canceled', 'failed', 'unknown')),
        remote_status TEXT NOT NULL,
        product_type TEXT,
        product_name TEXT,
        product_id TEXT,
        customer_id TEXT,
        customer_name TEXT,
        pay_channel TEXT,
        currency TEXT NOT NULL,
        -- Money in integer fen.
        total INTEGER NOT NULL,
        discount INTEGER NOT NULL,
        due INTEGER NOT NULL,
        paid INTEGER NOT NULL,
        refunded INTEGER NOT NULL,
        -- Times as UTC epoch milliseconds.
        created_at INTEGER NOT NULL,
        paid_at INTEGER,
        expires_at INTEGER,
        updated_at INTEGER,
        -- orders.md § Revenue: paid_at, or created_at when paid_at is unknown.
        revenue_at INTEGER NOT NULL GENERATED ALWAYS AS (coalesce(paid_at, created_at)) VIRTUAL,
        warnings TEXT,
        raw TEXT NOT NULL,
        first_seen_at INTEGER NOT NULL,
        last_seen_at INTEGER NOT NULL,
        -- Set by a full sync when the API stopped listing the order. Orders are never deleted by sync.
        missing_since INTEGER,
        -- Hash of the normalized fields: tells a real change from a re-seen order.
        fingerprint INTEGER NOT NULL,
        UNIQUE (source_id, remote_id)
      ) STRICT;
      CREATE INDEX orders_created ON orders (created_at DESC);
      CREATE INDEX orders_source_created ON orders (source_id, created_at DESC);
      CREATE INDEX orders_status_created ON orders (status, created_at DESC);
      CREATE INDEX orders_revenue ON orders (revenue_at);

      CREATE TABLE sync_state (
        source_id TEXT PRIMARY KEY REFERENCES sources (id) ON DELETE CASCADE,
        -- The unfinished run, if any: where the next page starts, so a killed sync resumes there.
        run_mode TEXT CHECK (run_mode IN ('full', 'incremental')),
        run_cursor TEXT,
        run_since INTEGER,
        run_started_at INTEGER,
        last_success_at INTEGER,
        last_full_at INTEGER,
        -- {kind, message} as JSON, like sync_run_sources.error.
        last_error TEXT,
        last_error_at INTEGER,
        -- The database lock that keeps two syncs of one source apart, across processes.
        lock_owner TEXT,
        lock_expires_at INTEGER
      ) STRICT;

      CREATE TABLE sync_runs (
        id INTEGER PRIMARY KEY,
        trigger TEXT NOT NULL CHECK (trigger IN ('manual', 'scheduled', 'startup', 'cli')),
        full INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL CHECK (status IN ('running', 'ok', 'partial', 'failed', 'canceled', 'interrupted')),
        started_at INTEGER NOT NULL,
        finished_at INTEGER,
        -- host:pid:nonce of the process running it, to tell a live run from one that was killed.
        owner TEXT
      ) STRICT;

      CREATE TABLE sync_run_sources (
        run_id INTEGER NOT NULL REFERENCES sync_runs (id) ON DELETE CASCADE,
        source_id TEXT NOT NULL,
        fetched INTEGER NOT NULL DEFAULT 0,
        inserted INTEGER NOT NULL DEFAULT 0,
        updated INTEGER NOT NULL DEFAULT 0,
        unchanged INTEGER NOT NULL DEFAULT 0,
        skipped INTEGER NOT NULL DEFAULT 0,
        flagged_missing INTEGER NOT NULL DEFAULT 0,
        -- {kind, message} as JSON: the kind is shown in the user's language, the message as the API said it.
        error TEXT,
        started_at INTEGER NOT NULL,
        finished_at INTEGER,
        PRIMARY KEY (run_id, source_id)
      ) STRICT;

      CREATE TABLE skipped_records (
        id INTEGER PRIMARY KEY,
        run_id INTEGER REFERENCES sync_runs (id) ON DELETE CASCADE,
        source_id TEXT NOT NULL,
        remote_id TEXT,
        reason TEXT NOT NULL,
        raw TEXT NOT NULL,
        at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX skipped_records_run ON skipped_records (run_id);

      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    id: 2,
    name: 'reconciliation history',
    sql: /* sql */ `
      CREATE TABLE reconciliations (
        id INTEGER PRIMARY KEY,
        source_id TEXT NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
        at INTEGER NOT NULL,
        matches INTEGER NOT NULL,
        -- The compared lines as JSON: what the API said beside what the cache says.
        lines TEXT NOT NULL,
        error TEXT
      ) STRICT;
      CREATE INDEX reconciliations_source ON reconciliations (source_id, at DESC);
    `,
  },
  {
    id: 3,
    name: 'raw payloads apart from orders; covering indexes for revenue and sorting',
    sql: /* sql */ `
      -- The raw payload is most of an order's bytes: kept in a table of its own, the order
      -- rows stay small, so list, count and revenue scans read a fraction of the pages.
      CREATE TABLE order_payloads (
        order_id INTEGER PRIMARY KEY REFERENCES orders (id) ON DELETE CASCADE,
        raw TEXT NOT NULL
      ) STRICT;
      INSERT INTO order_payloads (order_id, raw) SELECT id, raw FROM orders;
      ALTER TABLE orders DROP COLUMN raw;
      -- Revenue and KPIs read only these columns: answered from the index alone.
      DROP INDEX orders_revenue;
      CREATE INDEX orders_revenue_money ON orders (revenue_at, currency, paid, refunded);
      CREATE INDEX orders_created_currency ON orders (created_at, currency);
      CREATE INDEX orders_due ON orders (due);
    `,
  },
  {
    id: 4,
    name: 'order counts per source and status, kept by triggers',
    sql: /* sql */ `
      -- Exact totals for the common list filters (none, sources, statuses) without counting
      -- a million rows on every page: triggers keep these in step with every write.
      CREATE TABLE order_counts (
        source_id TEXT NOT NULL,
        status TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (source_id, status)
      ) STRICT, WITHOUT ROWID;
      INSERT INTO order_counts (source_id, status, n) SELECT source_id, status, count(*) FROM orders GROUP BY source_id, status;
      CREATE TRIGGER order_counts_insert AFTER INSERT ON orders BEGIN
        INSERT INTO order_counts (source_id, status, n) VALUES (new.source_id, new.status, 1)
          ON CONFLICT (source_id, status) DO UPDATE SET n = n + 1;
      END;
      CREATE TRIGGER order_counts_delete AFTER DELETE ON orders BEGIN
        UPDATE order_counts SET n = n - 1 WHERE source_id = old.source_id AND status = old.status;
      END;
      CREATE TRIGGER order_counts_update AFTER UPDATE OF status, source_id ON orders
        WHEN old.status IS NOT new.status OR old.source_id IS NOT new.source_id BEGIN
        UPDATE order_counts SET n = n - 1 WHERE source_id = old.source_id AND status = old.status;
        INSERT INTO order_counts (source_id, status, n) VALUES (new.source_id, new.status, 1)
          ON CONFLICT (source_id, status) DO UPDATE SET n = n + 1;
      END;
    `,
  },
  {
    id: 5,
    name: 'keyword search index: trigrams, plus a dictionary of names for two-character queries',
    sql: /* sql */ `
      -- Substrings of three characters and more: an FTS5 trigram index over the searched
      -- fields (order no, trade no, product, customer name and id, remote id), kept by triggers.
      CREATE VIRTUAL TABLE order_search USING fts5(doc, tokenize = 'trigram', content = '', contentless_delete = 1);
      INSERT INTO order_search (rowid, doc) SELECT id, DOC_PLAIN FROM orders;
      -- Shorter queries (two Chinese characters: "会员", "王五") cannot use trigrams: they are
      -- matched against the distinct product and customer names, then found by index.
      CREATE TABLE search_names (name TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;
      INSERT OR IGNORE INTO search_names (name)
        SELECT product_name FROM orders WHERE product_name IS NOT NULL
        UNION SELECT customer_name FROM orders WHERE customer_name IS NOT NULL;
      CREATE INDEX orders_product_name ON orders (product_name);
      CREATE INDEX orders_customer_name ON orders (customer_name);
      CREATE INDEX orders_order_no ON orders (order_no);
      CREATE TRIGGER order_search_insert AFTER INSERT ON orders BEGIN
        INSERT INTO order_search (rowid, doc) VALUES (new.id, DOC_NEW);
        INSERT OR IGNORE INTO search_names (name) SELECT new.product_name WHERE new.product_name IS NOT NULL
          UNION SELECT new.customer_name WHERE new.customer_name IS NOT NULL;
      END;
      CREATE TRIGGER order_search_update AFTER UPDATE OF order_no, trade_no, product_name, customer_name, customer_id ON orders BEGIN
        DELETE FROM order_search WHERE rowid = old.id;
        INSERT INTO order_search (rowid, doc) VALUES (new.id, DOC_NEW);
        INSERT OR IGNORE INTO search_names (name) SELECT new.product_name WHERE new.product_name IS NOT NULL
          UNION SELECT new.customer_name WHERE new.customer_name IS NOT NULL;
      END;
      CREATE TRIGGER order_search_delete AFTER DELETE ON orders BEGIN
        DELETE FROM order_search WHERE rowid = old.id;
      END;
    `
      .replaceAll('DOC_PLAIN', searchDoc(''))
      .replaceAll('DOC_NEW', searchDoc('new.')),
  },
  {
    id: 6,
    name: 'revenue per quarter hour, source and currency, kept by triggers',
    sql: /* sql */ `
      -- Revenue charts add up whole years: reading a million orders each time cannot be instant.
      -- Money and counts are kept per UTC quarter hour instead. Every zone in use is offset from
      -- UTC by whole quarter hours and changes offset on a quarter hour, so any zone's days are
      -- exact sums of these rows. Orders count on their creation time, money on their revenue
      -- time (orders.md § Revenue), each in its own quarter.
      CREATE TABLE revenue_quarters (
        quarter INTEGER NOT NULL,
        source_id TEXT NOT NULL,
        currency TEXT NOT NULL,
        orders INTEGER NOT NULL DEFAULT 0,
        paid_orders INTEGER NOT NULL DEFAULT 0,
        gross INTEGER NOT NULL DEFAULT 0,
        refunds INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (quarter, source_id, currency)
      ) STRICT, WITHOUT ROWID;
      INSERT INTO revenue_quarters (quarter, source_id, currency, orders, paid_orders, gross, refunds)
        SELECT quarter, source_id, currency, sum(orders), sum(paid_orders), sum(gross), sum(refunds) FROM (
          SELECT CREATED_Q('') AS quarter, source_id, currency, 1 AS orders, 0 AS paid_orders, 0 AS gross, 0 AS refunds FROM orders
          UNION ALL
          SELECT REVENUE_Q(''), source_id, currency, 0, paid > 0, paid, refunded FROM orders WHERE paid <> 0 OR refunded <> 0
        ) GROUP BY quarter, source_id, currency;
      CREATE TRIGGER revenue_quarters_insert AFTER INSERT ON orders BEGIN
        ADD_NEW
      END;
      CREATE TRIGGER revenue_quarters_delete AFTER DELETE ON orders BEGIN
        SUBTRACT_OLD
      END;
      CREATE TRIGGER revenue_quarters_update AFTER UPDATE OF created_at, paid_at, paid, refunded, source_id, currency ON orders
        WHEN old.created_at IS NOT new.created_at OR old.paid_at IS NOT new.paid_at OR old.paid IS NOT new.paid
          OR old.refunded IS NOT new.refunded OR old.source_id IS NOT new.source_id OR old.currency IS NOT new.currency BEGIN
        SUBTRACT_OLD
        ADD_NEW
      END;
    `
      .replaceAll('ADD_NEW', addToQuarters())
      .replaceAll('SUBTRACT_OLD', subtractFromQuarters())
      .replaceAll("CREATED_Q('')", createdQuarter(''))
      .replaceAll("REVENUE_Q('')", revenueQuarter('')),
  },
  {
    id: 7,
    name: 'keyword search: trigrams over ids only; name and revenue indexes carrying what their queries read',
    sql: /* sql */ `
      -- Names are matched in the name dictionary for every keyword length (a few thousand
      -- distinct strings), so the trigram index keeps only the ids: smaller, cheaper to write,
      -- and a popular product name no longer turns into a long trigram scan.
      DROP TRIGGER order_search_insert;
      DROP TRIGGER order_search_update;
      DROP TRIGGER order_search_delete;
      DROP TABLE order_search;
      CREATE VIRTUAL TABLE order_search USING fts5(doc, tokenize = 'trigram', content = '', contentless_delete = 1);
      INSERT INTO order_search (rowid, doc) SELECT id, IDS_PLAIN FROM orders;
      CREATE TRIGGER order_search_insert AFTER INSERT ON orders BEGIN
        INSERT INTO order_search (rowid, doc) VALUES (new.id, IDS_NEW);
        INSERT OR IGNORE INTO search_names (name) SELECT new.product_name WHERE new.product_name IS NOT NULL
          UNION SELECT new.customer_name WHERE new.customer_name IS NOT NULL;
      END;
      CREATE TRIGGER order_search_update AFTER UPDATE OF order_no, trade_no, customer_id, remote_id ON orders BEGIN
        DELETE FROM order_search WHERE rowid = old.id;
        INSERT INTO order_search (rowid, doc) VALUES (new.id, IDS_NEW);
      END;
      CREATE TRIGGER order_names_update AFTER UPDATE OF product_name, customer_name ON orders BEGIN
        INSERT OR IGNORE INTO search_names (name) SELECT new.product_name WHERE new.product_name IS NOT NULL
          UNION SELECT new.customer_name WHERE new.customer_name IS NOT NULL;
      END;
      CREATE TRIGGER order_search_delete AFTER DELETE ON orders BEGIN
        DELETE FROM order_search WHERE rowid = old.id;
      END;
      -- A keyword with other filters (source, status, dates, amount) is answered from these
      -- indexes alone: no order row is read for the ones the other filters turn away.
      DROP INDEX orders_product_name;
      DROP INDEX orders_customer_name;
      CREATE INDEX orders_product_name ON orders (product_name, source_id, status, created_at, due);
      CREATE INDEX orders_customer_name ON orders (customer_name, source_id, status, created_at, due);
      -- The revenue page's status breakdown and top products, read from indexes alone.
      DROP INDEX orders_created_currency;
      CREATE INDEX orders_created_currency ON orders (created_at, currency, status, due);
      DROP INDEX orders_revenue_money;
      CREATE INDEX orders_revenue_money ON orders (revenue_at, currency, paid, refunded, product_name);
    `
      .replaceAll('IDS_PLAIN', idsDoc(''))
      .replaceAll('IDS_NEW', idsDoc('new.')),
  },
  {
    id: 8,
    name: 'order counts per source, status and product type',
    sql: /* sql */ `
      -- The product-type filter lists every type with its count when the list opens: counted
      -- from a million orders that took seconds. The counts table gains the product type (''
      -- for none) and a product name to show beside it, kept by the same triggers.
      DROP TRIGGER order_counts_insert;
      DROP TRIGGER order_counts_delete;
      DROP TRIGGER order_counts_update;
      DROP TABLE order_counts;
      CREATE TABLE order_counts (
        source_id TEXT NOT NULL,
        status TEXT NOT NULL,
        product_type TEXT NOT NULL,
        n INTEGER NOT NULL,
        product_name TEXT,
        PRIMARY KEY (source_id, status, product_type)
      ) STRICT, WITHOUT ROWID;
      INSERT INTO order_counts (source_id, status, product_type, n, product_name)
        SELECT source_id, status, coalesce(product_type, ''), count(*), max(product_name) FROM orders
        GROUP BY source_id, status, coalesce(product_type, '');
      CREATE TRIGGER order_counts_insert AFTER INSERT ON orders BEGIN
        COUNT_NEW
      END;
      CREATE TRIGGER order_counts_delete AFTER DELETE ON orders BEGIN
        COUNT_OLD
      END;
      CREATE TRIGGER order_counts_update AFTER UPDATE OF status, source_id, product_type, product_name ON orders
        WHEN old.status IS NOT new.status OR old.source_id IS NOT new.source_id OR old.product_type IS NOT new.product_type
          OR old.product_name IS NOT new.product_name BEGIN
        COUNT_OLD
        COUNT_NEW
      END;
    `
      .replaceAll(
        'COUNT_NEW',
        `INSERT INTO order_counts (source_id, status, product_type, n, product_name)
          VALUES (new.source_id, new.status, coalesce(new.product_type, ''), 1, new.product_name)
          ON CONFLICT DO UPDATE SET n = n + 1, product_name = coalesce(max(product_name, excluded.product_name), product_name, excluded.product_name);`,
      )
      .replaceAll(
        'COUNT_OLD',
        `UPDATE order_counts SET n = n - 1
          WHERE source_id = old.source_id AND status = old.status AND product_type = coalesce(old.product_type, '');`,
      ),
  },
  {
    id: 9,
    name: 'revenue indexes carrying the product type and source',
    sql: /* sql */ `
      -- The revenue chart split by product type (or filtered by it, or by a source beside
      -- another filter) adds up orders by day: without these columns every order of the period
      -- was read from the table, 0.5-0.7 s a month at a million orders.
      DROP INDEX orders_created_currency;
      CREATE INDEX orders_created_currency ON orders (created_at, currency, status, due, product_type, source_id);
      -- Indexed as the expression, not as the virtual column revenue_at: SQLite never reads a
      -- virtual column from an index when the table has other columns after it, so the old
      -- index on revenue_at read every row of the period (top products too). Queries name
      -- coalesce(o.paid_at, o.created_at) (REVENUE_TIME in src-main/orders/filter.ts).
      DROP INDEX orders_revenue_money;
      CREATE INDEX orders_revenue_money ON orders (coalesce(paid_at, created_at), currency, paid, refunded, product_name, product_type, source_id, paid_at, created_at);
    `,
  },
  {
    id: 10,
    name: 'keyword search over ids: six-character grams instead of trigrams',
    sql: /* sql */ `
      -- Ids are mostly digits, and there are only a thousand digit trigrams: each trigram's list
      -- held tens of thousands of orders ("202" two in three), so an order number walked lists
      -- of hundreds of kilobytes, 35-120 ms whenever they were not in memory. Every position of
      -- every id now yields the (up to) six characters from there as one token, hex-encoded so
      -- any character survives the tokenizer. A keyword of up to six characters is a prefix of
      -- the token at each place it occurs, so a prefix query finds exactly its orders; a longer
      -- one is found through its six-character pieces, which few orders share, and checked.
      -- Without positions (detail = none) the index is also smaller than the trigram one.
      -- Case is folded as SQLite's lower() and LIKE fold it: ASCII letters only.
      DROP TRIGGER order_search_insert;
      DROP TRIGGER order_search_update;
      DROP TRIGGER order_search_delete;
      DROP TABLE order_search;
      -- The positions a gram can start at: the first 1,024 characters of each id.
      CREATE TABLE id_gram_positions (p INTEGER PRIMARY KEY) STRICT;
      WITH RECURSIVE n(p) AS (SELECT 1 UNION ALL SELECT p + 1 FROM n WHERE p < 1024)
        INSERT INTO id_gram_positions (p) SELECT p FROM n;
      CREATE VIRTUAL TABLE order_id_grams USING fts5(grams, tokenize = 'ascii', detail = none, content = '', contentless_delete = 1);
      INSERT INTO order_id_grams (rowid, grams) SELECT id, GRAMS_PLAIN FROM orders;
      CREATE TRIGGER order_id_grams_insert AFTER INSERT ON orders BEGIN
        INSERT INTO order_id_grams (rowid, grams) VALUES (new.id, GRAMS_NEW);
        INSERT OR IGNORE INTO search_names (name) SELECT new.product_name WHERE new.product_name IS NOT NULL
          UNION SELECT new.customer_name WHERE new.customer_name IS NOT NULL;
      END;
      CREATE TRIGGER order_id_grams_update AFTER UPDATE OF order_no, trade_no, customer_id, remote_id ON orders BEGIN
        DELETE FROM order_id_grams WHERE rowid = old.id;
        INSERT INTO order_id_grams (rowid, grams) VALUES (new.id, GRAMS_NEW);
      END;
      CREATE TRIGGER order_id_grams_delete AFTER DELETE ON orders BEGIN
        DELETE FROM order_id_grams WHERE rowid = old.id;
      END;
    `
      .replaceAll('GRAMS_PLAIN', idGrams(''))
      .replaceAll('GRAMS_NEW', idGrams('new.')),
  },
  {
    id: 11,
    name: 'status breakdown and top products per UTC day, kept by triggers; the status in the revenue index',
    sql: /* sql */ `
      -- The revenue page's status breakdown and top products added up every order of the
      -- period on the main process: 0.1-0.2 s for a month and 0.6-1.1 s for a year at a million
      -- orders. They are kept per UTC day instead (a product or status mix per quarter hour
      -- would hold almost a row per order); a period in any zone is then its whole UTC days
      -- from these tables and the hours left at either end from the orders, through the
      -- covering indexes. Orders count on their creation day; products' money on the revenue
      -- day, for orders with money paid or refunded, as the revenue charts count them. A
      -- missing product type or name is ''.
      CREATE TABLE status_days (
        day INTEGER NOT NULL,
        source_id TEXT NOT NULL,
        currency TEXT NOT NULL,
        status TEXT NOT NULL,
        product_type TEXT NOT NULL,
        orders INTEGER NOT NULL,
        due INTEGER NOT NULL,
        PRIMARY KEY (day, source_id, currency, status, product_type)
      ) STRICT, WITHOUT ROWID;
      INSERT INTO status_days (day, source_id, currency, status, product_type, orders, due)
        SELECT CREATED_DAY(''), source_id, currency, status, coalesce(product_type, ''), count(*), sum(due) FROM orders
        GROUP BY 1, 2, 3, 4, 5;
      CREATE TABLE product_days (
        day INTEGER NOT NULL,
        source_id TEXT NOT NULL,
        currency TEXT NOT NULL,
        product_name TEXT NOT NULL,
        status TEXT NOT NULL,
        product_type TEXT NOT NULL,
        orders INTEGER NOT NULL,
        paid_orders INTEGER NOT NULL,
        net INTEGER NOT NULL,
        PRIMARY KEY (day, source_id, currency, product_name, status, product_type)
      ) STRICT, WITHOUT ROWID;
      INSERT INTO product_days (day, source_id, currency, product_name, status, product_type, orders, paid_orders, net)
        SELECT REVENUE_DAY(''), source_id, currency, coalesce(product_name, ''), status, coalesce(product_type, ''), count(*),
               sum(paid > 0), sum(paid - refunded)
        FROM orders WHERE paid <> 0 OR refunded <> 0 GROUP BY 1, 2, 3, 4, 5, 6;
      STATUS_TRIGGERS
      PRODUCT_TRIGGERS
      -- A period's revenue filtered by status was read through the status index, every order
      -- row of the status (4 s for a year at a million orders): with the status in the revenue
      -- index too, both revenue indexes hold every column a filtered period reads.
      DROP INDEX orders_revenue_money;
      CREATE INDEX orders_revenue_money ON orders (coalesce(paid_at, created_at), currency, paid, refunded, product_name, product_type, source_id, status, paid_at, created_at);
    `
      .replace(
        'STATUS_TRIGGERS',
        triggersKeeping(
          'status_days',
          ['created_at', 'source_id', 'currency', 'status', 'product_type', 'due'],
          addToStatusDays(),
          subtractFromStatusDays(),
        ),
      )
      .replace(
        'PRODUCT_TRIGGERS',
        triggersKeeping(
          'product_days',
          ['created_at', 'paid_at', 'source_id', 'currency', 'product_name', 'status', 'product_type', 'paid', 'refunded'],
          addToProductDays(),
          subtractFromProductDays(),
        ),
      )
      .replaceAll("CREATED_DAY('')", utcDay('created_at'))
      .replaceAll("REVENUE_DAY('')", utcDay('coalesce(paid_at, created_at)')),
  },
  {
    id: 12,
    name: 'a failing source backs off; how a sync re-checked old pending orders, and what it noticed',
    sql: /* sql */ `
      -- A source whose sync failed is tried again at growing intervals, not every tick.
      ALTER TABLE sync_state ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE sync_state ADD COLUMN next_attempt_at INTEGER;
      -- Requests sent (what the vendor sees), orders re-checked and how ('listing', 'single').
      ALTER TABLE sync_run_sources ADD COLUMN requests INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE sync_run_sources ADD COLUMN rechecked INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE sync_run_sources ADD COLUMN recheck_method TEXT CHECK (recheck_method IN ('listing', 'single'));
      -- What the sync noticed about the API, as a JSON array of codes (e.g. "not_newest_first").
      ALTER TABLE sync_run_sources ADD COLUMN notes TEXT;
      -- Old pending orders re-checked one by one (APIs that cannot list by status): how many
      -- times in a row each was found unchanged, which sets when it is due again.
      CREATE TABLE order_rechecks (
        order_id INTEGER PRIMARY KEY REFERENCES orders (id) ON DELETE CASCADE,
        checks INTEGER NOT NULL
      ) STRICT;
    `,
  },
  {
    id: 13,
    name: 'money per UTC day, source and pay channel, kept by triggers, for the settlement report',
    sql: /* sql */ `
      -- The settlement report adds up a period's money by source and pay channel. The channel is
      -- in no index, so each order's row was read for it: seconds for a month at a million
      -- orders. Kept per UTC day as product_days is (schema 11): a period in any zone is its
      -- whole UTC days from here and the hours left at either end from the orders. Money falls
      -- on the revenue day, for orders with money paid or refunded; the status and product type
      -- are kept so the revenue page's filters apply. A missing channel or product type is ''.
      CREATE TABLE channel_days (
        day INTEGER NOT NULL,
        source_id TEXT NOT NULL,
        currency TEXT NOT NULL,
        pay_channel TEXT NOT NULL,
        status TEXT NOT NULL,
        product_type TEXT NOT NULL,
        orders INTEGER NOT NULL,
        paid_orders INTEGER NOT NULL,
        gross INTEGER NOT NULL,
        refunds INTEGER NOT NULL,
        PRIMARY KEY (day, source_id, currency, pay_channel, status, product_type)
      ) STRICT, WITHOUT ROWID;
      INSERT INTO channel_days (day, source_id, currency, pay_channel, status, product_type, orders, paid_orders, gross, refunds)
        SELECT REVENUE_DAY(''), source_id, currency, coalesce(pay_channel, ''), status, coalesce(product_type, ''), count(*), sum(paid > 0),
               sum(paid), sum(refunded)
        FROM orders WHERE paid <> 0 OR refunded <> 0 GROUP BY 1, 2, 3, 4, 5, 6;
      CHANNEL_TRIGGERS
    `
      .replace(
        'CHANNEL_TRIGGERS',
        triggersKeeping(
          'channel_days',
          ['created_at', 'paid_at', 'source_id', 'currency', 'pay_channel', 'status', 'product_type', 'paid', 'refunded'],
          addToChannelDays(),
          subtractFromChannelDays(),
        ),
      )
      .replaceAll("REVENUE_DAY('')", utcDay('coalesce(paid_at, created_at)')),
  },
  {
    id: 14,
    name: "the list's money totals per UTC day, kept by triggers; the orders without a pay time",
    sql: /* sql */ `
      -- The list shows what its filter adds up to (due, paid, refunded per currency) on every
      -- filter change: adding up a month took seconds at a million orders. The sums are kept
      -- per UTC creation day and revenue day (orders are paid within hours, so few pairs), and
      -- whether the API gave a pay time: then the revenue day is the payment's, so a pay-time
      -- range reads the same rows. A period in the user's zone is its whole UTC days from here
      -- and the hours at either end from the orders, as the revenue page's day tables.
      CREATE TABLE order_days (
        created_day INTEGER NOT NULL,
        revenue_day INTEGER NOT NULL,
        pay_time INTEGER NOT NULL,
        source_id TEXT NOT NULL,
        currency TEXT NOT NULL,
        status TEXT NOT NULL,
        product_type TEXT NOT NULL,
        orders INTEGER NOT NULL,
        due INTEGER NOT NULL,
        paid INTEGER NOT NULL,
        refunded INTEGER NOT NULL,
        PRIMARY KEY (created_day, revenue_day, pay_time, source_id, currency, status, product_type)
      ) STRICT, WITHOUT ROWID;
      INSERT INTO order_days (created_day, revenue_day, pay_time, source_id, currency, status, product_type, orders, due, paid, refunded)
        SELECT CREATED_DAY(''), REVENUE_DAY(''), paid_at IS NOT NULL, source_id, currency, status, coalesce(product_type, ''),
               count(*), sum(due), sum(paid), sum(refunded)
        FROM orders GROUP BY 1, 2, 3, 4, 5, 6, 7;
      ORDER_DAYS_TRIGGERS
      -- The hours at either end are added up from the creation and revenue indexes alone: with
      -- money and the amount due in them too (for a day of orders, row reads took 0.1-0.2 s).
      DROP INDEX orders_created_currency;
      CREATE INDEX orders_created_currency ON orders (created_at, currency, status, due, product_type, source_id, paid, refunded);
      DROP INDEX orders_revenue_money;
      CREATE INDEX orders_revenue_money ON orders (coalesce(paid_at, created_at), currency, paid, refunded, product_name, product_type, source_id, status, paid_at, created_at, due);
      -- A keyword's name parts are added up from their name indexes alone, with the money in them
      -- (a name most orders hold read their rows: most of a second at a million orders).
      DROP INDEX orders_product_name;
      CREATE INDEX orders_product_name ON orders (product_name, source_id, status, created_at, due, currency, paid, refunded);
      DROP INDEX orders_customer_name;
      CREATE INDEX orders_customer_name ON orders (customer_name, source_id, status, created_at, due, currency, paid, refunded);
      -- A pay-time range leaves out the orders whose API gives no pay time (pub's): the list says
      -- how many of them took money in the range's days. Counted from this index alone.
      CREATE INDEX orders_without_pay_time ON orders (created_at, source_id, status, product_type, due, paid, refunded, paid_at)
        WHERE paid_at IS NULL AND (paid <> 0 OR refunded <> 0);
    `
      .replace(
        'ORDER_DAYS_TRIGGERS',
        triggersKeeping(
          'order_days',
          ['created_at', 'paid_at', 'source_id', 'currency', 'status', 'product_type', 'due', 'paid', 'refunded'],
          addToOrderDays(),
          subtractFromOrderDays(),
        ),
      )
      .replaceAll("CREATED_DAY('')", utcDay('created_at'))
      .replaceAll("REVENUE_DAY('')", utcDay('coalesce(paid_at, created_at)')),
  },
  {
    id: 15,
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

/** The UTC quarter hour of an order's creation; floor division, also before 1970. */
function createdQuarter(row: '' | 'new.' | 'old.'): string {
  return floorDivSql(`${row}created_at`, QUARTER_MS)
}

/** The UTC quarter hour of an order's revenue time (paid_at, else created_at). */
function revenueQuarter(row: '' | 'new.' | 'old.'): string {
  return floorDivSql(`coalesce(${row}paid_at, ${row}created_at)`, QUARTER_MS)
}

/** `instant` (epoch ms) divided by `unit` as SQL, rounded down also before 1970 (SQL's / truncates). */
function floorDivSql(instant: string, unit: number): string {
  return `((${instant} - ((${instant} % ${unit}) + ${unit}) % ${unit}) / ${unit})`
}

function addToQuarters(): string {
  return `
        INSERT INTO revenue_quarters (quarter, source_id, currency, orders) VALUES (${createdQuarter('new.')}, new.source_id, new.currency, 1)
          ON CONFLICT DO UPDATE SET orders = orders + 1;
        INSERT INTO revenue_quarters (quarter, source_id, currency, paid_orders, gross, refunds)
          SELECT ${revenueQuarter('new.')}, new.source_id, new.currency, new.paid > 0, new.paid, new.refunded WHERE new.paid <> 0 OR new.refunded <> 0
          ON CONFLICT DO UPDATE SET paid_orders = paid_orders + excluded.paid_orders, gross = gross + excluded.gross, refunds = refunds + excluded.refunds;`
}

function subtractFromQuarters(): string {
  return `
        UPDATE revenue_quarters SET orders = orders - 1
          WHERE quarter = ${createdQuarter('old.')} AND source_id = old.source_id AND currency = old.currency;
        UPDATE revenue_quarters SET paid_orders = paid_orders - (old.paid > 0), gross = gross - old.paid, refunds = refunds - old.refunded
          WHERE (old.paid <> 0 OR old.refunded <> 0) AND quarter = ${revenueQuarter('old.')} AND source_id = old.source_id AND currency = old.currency;
        -- Emptied quarters go, so a period without orders has no row, as before.
        DELETE FROM revenue_quarters
          WHERE quarter IN (${createdQuarter('old.')}, ${revenueQuarter('old.')}) AND source_id = old.source_id AND currency = old.currency
            AND orders = 0 AND paid_orders = 0 AND gross = 0 AND refunds = 0;`
}

/** The UTC day of an instant (epoch ms) as SQL. */
function utcDay(instant: string): string {
  return floorDivSql(instant, DAY_MS)
}

function statusDayKey(row: 'new.' | 'old.'): string {
  return `${utcDay(`${row}created_at`)}, ${row}source_id, ${row}currency, ${row}status, coalesce(${row}product_type, '')`
}

function addToStatusDays(): string {
  return `
        INSERT INTO status_days (day, source_id, currency, status, product_type, orders, due) VALUES (${statusDayKey('new.')}, 1, new.due)
          ON CONFLICT DO UPDATE SET orders = orders + 1, due = due + excluded.due;`
}

function subtractFromStatusDays(): string {
  const key = `(day, source_id, currency, status, product_type) = (${statusDayKey('old.')})`
  return `
        UPDATE status_days SET orders = orders - 1, due = due - old.due WHERE ${key};
        DELETE FROM status_days WHERE ${key} AND orders = 0;`
}

function productDayKey(row: 'new.' | 'old.'): string {
  return `${utcDay(`coalesce(${row}paid_at, ${row}created_at)`)}, ${row}source_id, ${row}currency, coalesce(${row}product_name, ''), ${row}status, coalesce(${row}product_type, '')`
}

/** Only orders with money paid or refunded count. */
function addToProductDays(): string {
  return `
        INSERT INTO product_days (day, source_id, currency, product_name, status, product_type, orders, paid_orders, net)
          SELECT ${productDayKey('new.')}, 1, new.paid > 0, new.paid - new.refunded WHERE new.paid <> 0 OR new.refunded <> 0
          ON CONFLICT DO UPDATE SET orders = orders + 1, paid_orders = paid_orders + excluded.paid_orders, net = net + excluded.net;`
}

function subtractFromProductDays(): string {
  const key = `(old.paid <> 0 OR old.refunded <> 0) AND (day, source_id, currency, product_name, status, product_type) = (${productDayKey('old.')})`
  return `
        UPDATE product_days SET orders = orders - 1, paid_orders = paid_orders - (old.paid > 0), net = net - (old.paid - old.refunded) WHERE ${key};
        DELETE FROM product_days WHERE ${key} AND orders = 0;`
}

function channelDayKey(row: 'new.' | 'old.'): string {
  return `${utcDay(`coalesce(${row}paid_at, ${row}created_at)`)}, ${row}source_id, ${row}currency, coalesce(${row}pay_channel, ''), ${row}status, coalesce(${row}product_type, '')`
}

/** Only orders with money paid or refunded count. */
function addToChannelDays(): string {
  return `
        INSERT INTO channel_days (day, source_id, currency, pay_channel, status, product_type, orders, paid_orders, gross, refunds)
          SELECT ${channelDayKey('new.')}, 1, new.paid > 0, new.paid, new.refunded WHERE new.paid <> 0 OR new.refunded <> 0
          ON CONFLICT DO UPDATE SET orders = orders + 1, paid_orders = paid_orders + excluded.paid_orders, gross = gross + excluded.gross,
            refunds = refunds + excluded.refunds;`
}

function subtractFromChannelDays(): string {
  const key = `(old.paid <> 0 OR old.refunded <> 0) AND (day, source_id, currency, pay_channel, status, product_type) = (${channelDayKey('old.')})`
  return `
        UPDATE channel_days SET orders = orders - 1, paid_orders = paid_orders - (old.paid > 0), gross = gross - old.paid, refunds = refunds - old.refunded
          WHERE ${key};
        DELETE FROM channel_days WHERE ${key} AND orders = 0;`
}

function orderDayKey(row: 'new.' | 'old.'): string {
  return `${utcDay(`${row}created_at`)}, ${utcDay(`coalesce(${row}paid_at, ${row}created_at)`)}, ${row}paid_at IS NOT NULL, ${row}source_id, ${row}currency, ${row}status, coalesce(${row}product_type, '')`
}

function addToOrderDays(): string {
  return `
        INSERT INTO order_days (created_day, revenue_day, pay_time, source_id, currency, status, product_type, orders, due, paid, refunded)
          VALUES (${orderDayKey('new.')}, 1, new.due, new.paid, new.refunded)
          ON CONFLICT DO UPDATE SET orders = orders + 1, due = due + excluded.due, paid = paid + excluded.paid, refunded = refunded + excluded.refunded;`
}

function subtractFromOrderDays(): string {
  const key = `(created_day, revenue_day, pay_time, source_id, currency, status, product_type) = (${orderDayKey('old.')})`
  return `
        UPDATE order_days SET orders = orders - 1, due = due - old.due, paid = paid - old.paid, refunded = refunded - old.refunded WHERE ${key};
        DELETE FROM order_days WHERE ${key} AND orders = 0;`
}

/**
 * The triggers that keep a table of sums in step with the orders (schema 11): `add` counts a
 * new order in, `subtract` an old one out, and an update of any of `columns` moves the order
 * from its old row to its new one.
 */
function triggersKeeping(table: string, columns: readonly string[], add: string, subtract: string): string {
  const changed = columns.map((c) => `old.${c} IS NOT new.${c}`).join(' OR ')
  return `
      CREATE TRIGGER ${table}_insert AFTER INSERT ON orders BEGIN ${add}
      END;
      CREATE TRIGGER ${table}_delete AFTER DELETE ON orders BEGIN ${subtract}
      END;
      CREATE TRIGGER ${table}_update AFTER UPDATE OF ${columns.join(', ')} ON orders WHEN ${changed} BEGIN ${subtract} ${add}
      END;`
}

/**
 * An order's id grams as SQL (schema 10): for each position of each id, the six characters from
 * there (fewer at the end), lower-cased, hex-encoded, separated by spaces.
 */
function idGrams(row: '' | 'new.'): string {
  const ids = ['order_no', 'trade_no', 'customer_id', 'remote_id'].map((c) => `SELECT ${row}${c} AS id`).join(' UNION ALL ')
  return `(SELECT group_concat(hex(lower(substr(ids.id, p.p, 6))), ' ') FROM (${ids}) AS ids JOIN id_gram_positions AS p ON p.p <= length(ids.id))`
}

/** The ids searched by trigram, as SQL: joined by a separator no query contains. */
function idsDoc(row: '' | 'new.'): string {
  return ['order_no', 'trade_no', 'customer_id']
    .map((c) => `coalesce(${row}${c}, '')`)
    .concat(`${row}remote_id`)
    .join(' || char(1) || ')
}

/** The searched text of an order as SQL (schema 5 and 6): its fields joined by a separator no query contains. */
function searchDoc(row: '' | 'new.'): string {
  return ['order_no', 'trade_no', 'product_name', 'customer_name', 'customer_id']
    .map((c) => `coalesce(${row}${c}, '')`)
    .concat(`${row}remote_id`)
    .join(' || char(1) || ')
}
