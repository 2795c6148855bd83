/**
 * The schema of OrderDesk's first release, written out whole: plain SQL, never assembled from
 * code, so that no later refactor can change what a database was built with. Later changes are
 * new migrations after it (migrations.ts).
 */
export const BASELINE_SQL = /* sql */ `
-- Tables

-- The remote APIs the shop sells through; a removed source whose orders were kept stays, hidden.
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

-- The unified order (money in integer fen, times in UTC epoch ms), one row per source and remote id.
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
      -- The revenue time: paid_at, or created_at when paid_at is unknown.
      revenue_at INTEGER NOT NULL GENERATED ALWAYS AS (coalesce(paid_at, created_at)) VIRTUAL,
      warnings TEXT,
      first_seen_at INTEGER NOT NULL,
      last_seen_at INTEGER NOT NULL,
      -- Set by a full sync when the API stopped listing the order. Orders are never deleted by sync.
      missing_since INTEGER,
      -- Hash of the normalized fields: tells a real change from a re-seen order.
      fingerprint INTEGER NOT NULL,
      UNIQUE (source_id, remote_id)
) STRICT;

-- Each source's sync: where an unfinished run resumes, its last success and error, its lock and back-off.
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
  , failures INTEGER NOT NULL DEFAULT 0, next_attempt_at INTEGER) STRICT;

-- The sync log: one row per run, one per source in it, and the records a run skipped.
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
      finished_at INTEGER, requests INTEGER NOT NULL DEFAULT 0, rechecked INTEGER NOT NULL DEFAULT 0, recheck_method TEXT CHECK (recheck_method IN ('listing', 'single')), notes TEXT,
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

-- App settings as JSON values, shared by the app, the web shell and the CLI.
CREATE TABLE settings (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
) STRICT;

-- Reconciliation history: the cache against the API, per source.
CREATE TABLE reconciliations (
      id INTEGER PRIMARY KEY,
      source_id TEXT NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
      at INTEGER NOT NULL,
      matches INTEGER NOT NULL,
      -- The compared lines as JSON: what the API said beside what the cache says.
      lines TEXT NOT NULL,
      error TEXT
) STRICT;

-- Each order as the API sent it, apart from the orders so that list pages stay small.
CREATE TABLE order_payloads (
      order_id INTEGER PRIMARY KEY REFERENCES orders (id) ON DELETE CASCADE,
      raw TEXT NOT NULL
) STRICT;

-- The distinct product and customer names: a keyword is matched here, then found by index.
CREATE TABLE search_names (name TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;

-- Revenue per UTC quarter hour, source and currency, kept by triggers: any zone's days are exact sums.
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

-- Order counts per source, status and product type, kept by triggers: totals never count rows.
CREATE TABLE order_counts (
      source_id TEXT NOT NULL,
      status TEXT NOT NULL,
      product_type TEXT NOT NULL,
      n INTEGER NOT NULL,
      product_name TEXT,
      PRIMARY KEY (source_id, status, product_type)
) STRICT, WITHOUT ROWID;

-- Per UTC day, kept by triggers: top products (product_days), pay channels for the settlement (channel_days), and the status breakdown and the list's money totals (order_days).
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

-- How a sync re-checked old pending orders.
CREATE TABLE order_rechecks (
      order_id INTEGER PRIMARY KEY REFERENCES orders (id) ON DELETE CASCADE,
      checks INTEGER NOT NULL
) STRICT;

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

-- The order list's saved views: the list's view state as JSON, read back keeping only what is valid.
-- A ready-made view has a preset key; its name is NULL until renamed, and the window names it
-- in the user's language. Positions are the tabs' order.
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

-- Staff's notes and tags, keyed as the API names the order and without a foreign key: they stay
-- whatever happens to the row (a full resync, a source removed with its orders kept and added
-- back). updated_at is the last change of the note or the tags.
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

-- Indexes

CREATE INDEX orders_created ON orders (created_at DESC);

CREATE INDEX orders_source_created ON orders (source_id, created_at DESC);

CREATE INDEX orders_status_created ON orders (status, created_at DESC);

CREATE INDEX skipped_records_run ON skipped_records (run_id);

CREATE INDEX reconciliations_source ON reconciliations (source_id, at DESC);

CREATE INDEX orders_due ON orders (due);

CREATE INDEX orders_order_no ON orders (order_no);

CREATE INDEX orders_created_currency ON orders (created_at, currency, status, due, product_type, source_id, paid, refunded);

CREATE INDEX orders_revenue_money ON orders (coalesce(paid_at, created_at), currency, paid, refunded, product_name, product_type, source_id, status, paid_at, created_at, due);

CREATE INDEX orders_product_name ON orders (product_name, source_id, status, created_at, due, currency, paid, refunded);

CREATE INDEX orders_customer_name ON orders (customer_name, source_id, status, created_at, due, currency, paid, refunded);

CREATE INDEX orders_without_pay_time ON orders (created_at, source_id, status, product_type, due, paid, refunded, paid_at)
  WHERE paid_at IS NULL AND (paid <> 0 OR refunded <> 0);

CREATE INDEX order_tags_tag ON order_tags (tag, source_id, remote_id);

-- Ids as staff type them: whole or by their start (lower-cased: a range of these indexes), and
-- order and trade numbers by their last six characters reversed (an end is a range of those; a
-- longer end is found by its last six and checked). Case is folded as lower() folds it.
CREATE INDEX orders_order_no_start ON orders (lower(order_no));

CREATE INDEX orders_order_no_end ON orders (substr(lower(order_no), -1, 1) || substr(lower(order_no), -2, 1) || substr(lower(order_no), -3, 1) || substr(lower(order_no), -4, 1) || substr(lower(order_no), -5, 1) || substr(lower(order_no), -6, 1));

CREATE INDEX orders_trade_no_start ON orders (lower(trade_no));

CREATE INDEX orders_trade_no_end ON orders (substr(lower(trade_no), -1, 1) || substr(lower(trade_no), -2, 1) || substr(lower(trade_no), -3, 1) || substr(lower(trade_no), -4, 1) || substr(lower(trade_no), -5, 1) || substr(lower(trade_no), -6, 1));

CREATE INDEX orders_customer_id_start ON orders (lower(customer_id));

CREATE INDEX orders_remote_id_start ON orders (lower(remote_id));

-- Triggers that keep the rollups and the names dictionary in step with the orders

CREATE TRIGGER revenue_quarters_insert AFTER INSERT ON orders BEGIN

      INSERT INTO revenue_quarters (quarter, source_id, currency, orders) VALUES (((new.created_at - ((new.created_at % 900000) + 900000) % 900000) / 900000), new.source_id, new.currency, 1)
        ON CONFLICT DO UPDATE SET orders = orders + 1;
      INSERT INTO revenue_quarters (quarter, source_id, currency, paid_orders, gross, refunds)
        SELECT ((coalesce(new.paid_at, new.created_at) - ((coalesce(new.paid_at, new.created_at) % 900000) + 900000) % 900000) / 900000), new.source_id, new.currency, new.paid > 0, new.paid, new.refunded WHERE new.paid <> 0 OR new.refunded <> 0
        ON CONFLICT DO UPDATE SET paid_orders = paid_orders + excluded.paid_orders, gross = gross + excluded.gross, refunds = refunds + excluded.refunds;
END;

CREATE TRIGGER revenue_quarters_delete AFTER DELETE ON orders BEGIN

      UPDATE revenue_quarters SET orders = orders - 1
        WHERE quarter = ((old.created_at - ((old.created_at % 900000) + 900000) % 900000) / 900000) AND source_id = old.source_id AND currency = old.currency;
      UPDATE revenue_quarters SET paid_orders = paid_orders - (old.paid > 0), gross = gross - old.paid, refunds = refunds - old.refunded
        WHERE (old.paid <> 0 OR old.refunded <> 0) AND quarter = ((coalesce(old.paid_at, old.created_at) - ((coalesce(old.paid_at, old.created_at) % 900000) + 900000) % 900000) / 900000) AND source_id = old.source_id AND currency = old.currency;
      -- Emptied quarters go, so a period without orders has no row, as before.
      DELETE FROM revenue_quarters
        WHERE quarter IN (((old.created_at - ((old.created_at % 900000) + 900000) % 900000) / 900000), ((coalesce(old.paid_at, old.created_at) - ((coalesce(old.paid_at, old.created_at) % 900000) + 900000) % 900000) / 900000)) AND source_id = old.source_id AND currency = old.currency
          AND orders = 0 AND paid_orders = 0 AND gross = 0 AND refunds = 0;
END;

CREATE TRIGGER revenue_quarters_update AFTER UPDATE OF created_at, paid_at, paid, refunded, source_id, currency ON orders
      WHEN old.created_at IS NOT new.created_at OR old.paid_at IS NOT new.paid_at OR old.paid IS NOT new.paid
        OR old.refunded IS NOT new.refunded OR old.source_id IS NOT new.source_id OR old.currency IS NOT new.currency BEGIN

      UPDATE revenue_quarters SET orders = orders - 1
        WHERE quarter = ((old.created_at - ((old.created_at % 900000) + 900000) % 900000) / 900000) AND source_id = old.source_id AND currency = old.currency;
      UPDATE revenue_quarters SET paid_orders = paid_orders - (old.paid > 0), gross = gross - old.paid, refunds = refunds - old.refunded
        WHERE (old.paid <> 0 OR old.refunded <> 0) AND quarter = ((coalesce(old.paid_at, old.created_at) - ((coalesce(old.paid_at, old.created_at) % 900000) + 900000) % 900000) / 900000) AND source_id = old.source_id AND currency = old.currency;
      -- Emptied quarters go, so a period without orders has no row, as before.
      DELETE FROM revenue_quarters
        WHERE quarter IN (((old.created_at - ((old.created_at % 900000) + 900000) % 900000) / 900000), ((coalesce(old.paid_at, old.created_at) - ((coalesce(old.paid_at, old.created_at) % 900000) + 900000) % 900000) / 900000)) AND source_id = old.source_id AND currency = old.currency
          AND orders = 0 AND paid_orders = 0 AND gross = 0 AND refunds = 0;

      INSERT INTO revenue_quarters (quarter, source_id, currency, orders) VALUES (((new.created_at - ((new.created_at % 900000) + 900000) % 900000) / 900000), new.source_id, new.currency, 1)
        ON CONFLICT DO UPDATE SET orders = orders + 1;
      INSERT INTO revenue_quarters (quarter, source_id, currency, paid_orders, gross, refunds)
        SELECT ((coalesce(new.paid_at, new.created_at) - ((coalesce(new.paid_at, new.created_at) % 900000) + 900000) % 900000) / 900000), new.source_id, new.currency, new.paid > 0, new.paid, new.refunded WHERE new.paid <> 0 OR new.refunded <> 0
        ON CONFLICT DO UPDATE SET paid_orders = paid_orders + excluded.paid_orders, gross = gross + excluded.gross, refunds = refunds + excluded.refunds;
END;

CREATE TRIGGER order_names_update AFTER UPDATE OF product_name, customer_name ON orders BEGIN
      INSERT OR IGNORE INTO search_names (name) SELECT new.product_name WHERE new.product_name IS NOT NULL
        UNION SELECT new.customer_name WHERE new.customer_name IS NOT NULL;
END;

CREATE TRIGGER order_counts_insert AFTER INSERT ON orders BEGIN
      INSERT INTO order_counts (source_id, status, product_type, n, product_name)
        VALUES (new.source_id, new.status, coalesce(new.product_type, ''), 1, new.product_name)
        ON CONFLICT DO UPDATE SET n = n + 1, product_name = coalesce(max(product_name, excluded.product_name), product_name, excluded.product_name);
END;

CREATE TRIGGER order_counts_delete AFTER DELETE ON orders BEGIN
      UPDATE order_counts SET n = n - 1
        WHERE source_id = old.source_id AND status = old.status AND product_type = coalesce(old.product_type, '');
END;

CREATE TRIGGER order_counts_update AFTER UPDATE OF status, source_id, product_type, product_name ON orders
      WHEN old.status IS NOT new.status OR old.source_id IS NOT new.source_id OR old.product_type IS NOT new.product_type
        OR old.product_name IS NOT new.product_name BEGIN
      UPDATE order_counts SET n = n - 1
        WHERE source_id = old.source_id AND status = old.status AND product_type = coalesce(old.product_type, '');
      INSERT INTO order_counts (source_id, status, product_type, n, product_name)
        VALUES (new.source_id, new.status, coalesce(new.product_type, ''), 1, new.product_name)
        ON CONFLICT DO UPDATE SET n = n + 1, product_name = coalesce(max(product_name, excluded.product_name), product_name, excluded.product_name);
END;

CREATE TRIGGER product_days_insert AFTER INSERT ON orders BEGIN
      INSERT INTO product_days (day, source_id, currency, product_name, status, product_type, orders, paid_orders, net)
        SELECT ((coalesce(new.paid_at, new.created_at) - ((coalesce(new.paid_at, new.created_at) % 86400000) + 86400000) % 86400000) / 86400000), new.source_id, new.currency, coalesce(new.product_name, ''), new.status, coalesce(new.product_type, ''), 1, new.paid > 0, new.paid - new.refunded WHERE new.paid <> 0 OR new.refunded <> 0
        ON CONFLICT DO UPDATE SET orders = orders + 1, paid_orders = paid_orders + excluded.paid_orders, net = net + excluded.net;
END;

CREATE TRIGGER product_days_delete AFTER DELETE ON orders BEGIN
      UPDATE product_days SET orders = orders - 1, paid_orders = paid_orders - (old.paid > 0), net = net - (old.paid - old.refunded) WHERE (old.paid <> 0 OR old.refunded <> 0) AND (day, source_id, currency, product_name, status, product_type) = (((coalesce(old.paid_at, old.created_at) - ((coalesce(old.paid_at, old.created_at) % 86400000) + 86400000) % 86400000) / 86400000), old.source_id, old.currency, coalesce(old.product_name, ''), old.status, coalesce(old.product_type, ''));
      DELETE FROM product_days WHERE (old.paid <> 0 OR old.refunded <> 0) AND (day, source_id, currency, product_name, status, product_type) = (((coalesce(old.paid_at, old.created_at) - ((coalesce(old.paid_at, old.created_at) % 86400000) + 86400000) % 86400000) / 86400000), old.source_id, old.currency, coalesce(old.product_name, ''), old.status, coalesce(old.product_type, '')) AND orders = 0;
END;

CREATE TRIGGER product_days_update AFTER UPDATE OF created_at, paid_at, source_id, currency, product_name, status, product_type, paid, refunded ON orders WHEN old.created_at IS NOT new.created_at OR old.paid_at IS NOT new.paid_at OR old.source_id IS NOT new.source_id OR old.currency IS NOT new.currency OR old.product_name IS NOT new.product_name OR old.status IS NOT new.status OR old.product_type IS NOT new.product_type OR old.paid IS NOT new.paid OR old.refunded IS NOT new.refunded BEGIN
      UPDATE product_days SET orders = orders - 1, paid_orders = paid_orders - (old.paid > 0), net = net - (old.paid - old.refunded) WHERE (old.paid <> 0 OR old.refunded <> 0) AND (day, source_id, currency, product_name, status, product_type) = (((coalesce(old.paid_at, old.created_at) - ((coalesce(old.paid_at, old.created_at) % 86400000) + 86400000) % 86400000) / 86400000), old.source_id, old.currency, coalesce(old.product_name, ''), old.status, coalesce(old.product_type, ''));
      DELETE FROM product_days WHERE (old.paid <> 0 OR old.refunded <> 0) AND (day, source_id, currency, product_name, status, product_type) = (((coalesce(old.paid_at, old.created_at) - ((coalesce(old.paid_at, old.created_at) % 86400000) + 86400000) % 86400000) / 86400000), old.source_id, old.currency, coalesce(old.product_name, ''), old.status, coalesce(old.product_type, '')) AND orders = 0;
      INSERT INTO product_days (day, source_id, currency, product_name, status, product_type, orders, paid_orders, net)
        SELECT ((coalesce(new.paid_at, new.created_at) - ((coalesce(new.paid_at, new.created_at) % 86400000) + 86400000) % 86400000) / 86400000), new.source_id, new.currency, coalesce(new.product_name, ''), new.status, coalesce(new.product_type, ''), 1, new.paid > 0, new.paid - new.refunded WHERE new.paid <> 0 OR new.refunded <> 0
        ON CONFLICT DO UPDATE SET orders = orders + 1, paid_orders = paid_orders + excluded.paid_orders, net = net + excluded.net;
END;

CREATE TRIGGER channel_days_insert AFTER INSERT ON orders BEGIN
      INSERT INTO channel_days (day, source_id, currency, pay_channel, status, product_type, orders, paid_orders, gross, refunds)
        SELECT ((coalesce(new.paid_at, new.created_at) - ((coalesce(new.paid_at, new.created_at) % 86400000) + 86400000) % 86400000) / 86400000), new.source_id, new.currency, coalesce(new.pay_channel, ''), new.status, coalesce(new.product_type, ''), 1, new.paid > 0, new.paid, new.refunded WHERE new.paid <> 0 OR new.refunded <> 0
        ON CONFLICT DO UPDATE SET orders = orders + 1, paid_orders = paid_orders + excluded.paid_orders, gross = gross + excluded.gross,
          refunds = refunds + excluded.refunds;
END;

CREATE TRIGGER channel_days_delete AFTER DELETE ON orders BEGIN
      UPDATE channel_days SET orders = orders - 1, paid_orders = paid_orders - (old.paid > 0), gross = gross - old.paid, refunds = refunds - old.refunded
        WHERE (old.paid <> 0 OR old.refunded <> 0) AND (day, source_id, currency, pay_channel, status, product_type) = (((coalesce(old.paid_at, old.created_at) - ((coalesce(old.paid_at, old.created_at) % 86400000) + 86400000) % 86400000) / 86400000), old.source_id, old.currency, coalesce(old.pay_channel, ''), old.status, coalesce(old.product_type, ''));
      DELETE FROM channel_days WHERE (old.paid <> 0 OR old.refunded <> 0) AND (day, source_id, currency, pay_channel, status, product_type) = (((coalesce(old.paid_at, old.created_at) - ((coalesce(old.paid_at, old.created_at) % 86400000) + 86400000) % 86400000) / 86400000), old.source_id, old.currency, coalesce(old.pay_channel, ''), old.status, coalesce(old.product_type, '')) AND orders = 0;
END;

CREATE TRIGGER channel_days_update AFTER UPDATE OF created_at, paid_at, source_id, currency, pay_channel, status, product_type, paid, refunded ON orders WHEN old.created_at IS NOT new.created_at OR old.paid_at IS NOT new.paid_at OR old.source_id IS NOT new.source_id OR old.currency IS NOT new.currency OR old.pay_channel IS NOT new.pay_channel OR old.status IS NOT new.status OR old.product_type IS NOT new.product_type OR old.paid IS NOT new.paid OR old.refunded IS NOT new.refunded BEGIN
      UPDATE channel_days SET orders = orders - 1, paid_orders = paid_orders - (old.paid > 0), gross = gross - old.paid, refunds = refunds - old.refunded
        WHERE (old.paid <> 0 OR old.refunded <> 0) AND (day, source_id, currency, pay_channel, status, product_type) = (((coalesce(old.paid_at, old.created_at) - ((coalesce(old.paid_at, old.created_at) % 86400000) + 86400000) % 86400000) / 86400000), old.source_id, old.currency, coalesce(old.pay_channel, ''), old.status, coalesce(old.product_type, ''));
      DELETE FROM channel_days WHERE (old.paid <> 0 OR old.refunded <> 0) AND (day, source_id, currency, pay_channel, status, product_type) = (((coalesce(old.paid_at, old.created_at) - ((coalesce(old.paid_at, old.created_at) % 86400000) + 86400000) % 86400000) / 86400000), old.source_id, old.currency, coalesce(old.pay_channel, ''), old.status, coalesce(old.product_type, '')) AND orders = 0;
      INSERT INTO channel_days (day, source_id, currency, pay_channel, status, product_type, orders, paid_orders, gross, refunds)
        SELECT ((coalesce(new.paid_at, new.created_at) - ((coalesce(new.paid_at, new.created_at) % 86400000) + 86400000) % 86400000) / 86400000), new.source_id, new.currency, coalesce(new.pay_channel, ''), new.status, coalesce(new.product_type, ''), 1, new.paid > 0, new.paid, new.refunded WHERE new.paid <> 0 OR new.refunded <> 0
        ON CONFLICT DO UPDATE SET orders = orders + 1, paid_orders = paid_orders + excluded.paid_orders, gross = gross + excluded.gross,
          refunds = refunds + excluded.refunds;
END;

CREATE TRIGGER order_days_insert AFTER INSERT ON orders BEGIN
      INSERT INTO order_days (created_day, revenue_day, pay_time, source_id, currency, status, product_type, orders, due, paid, refunded)
        VALUES (((new.created_at - ((new.created_at % 86400000) + 86400000) % 86400000) / 86400000), ((coalesce(new.paid_at, new.created_at) - ((coalesce(new.paid_at, new.created_at) % 86400000) + 86400000) % 86400000) / 86400000), new.paid_at IS NOT NULL, new.source_id, new.currency, new.status, coalesce(new.product_type, ''), 1, new.due, new.paid, new.refunded)
        ON CONFLICT DO UPDATE SET orders = orders + 1, due = due + excluded.due, paid = paid + excluded.paid, refunded = refunded + excluded.refunded;
END;

CREATE TRIGGER order_days_delete AFTER DELETE ON orders BEGIN
      UPDATE order_days SET orders = orders - 1, due = due - old.due, paid = paid - old.paid, refunded = refunded - old.refunded WHERE (created_day, revenue_day, pay_time, source_id, currency, status, product_type) = (((old.created_at - ((old.created_at % 86400000) + 86400000) % 86400000) / 86400000), ((coalesce(old.paid_at, old.created_at) - ((coalesce(old.paid_at, old.created_at) % 86400000) + 86400000) % 86400000) / 86400000), old.paid_at IS NOT NULL, old.source_id, old.currency, old.status, coalesce(old.product_type, ''));
      DELETE FROM order_days WHERE (created_day, revenue_day, pay_time, source_id, currency, status, product_type) = (((old.created_at - ((old.created_at % 86400000) + 86400000) % 86400000) / 86400000), ((coalesce(old.paid_at, old.created_at) - ((coalesce(old.paid_at, old.created_at) % 86400000) + 86400000) % 86400000) / 86400000), old.paid_at IS NOT NULL, old.source_id, old.currency, old.status, coalesce(old.product_type, '')) AND orders = 0;
END;

CREATE TRIGGER order_days_update AFTER UPDATE OF created_at, paid_at, source_id, currency, status, product_type, due, paid, refunded ON orders WHEN old.created_at IS NOT new.created_at OR old.paid_at IS NOT new.paid_at OR old.source_id IS NOT new.source_id OR old.currency IS NOT new.currency OR old.status IS NOT new.status OR old.product_type IS NOT new.product_type OR old.due IS NOT new.due OR old.paid IS NOT new.paid OR old.refunded IS NOT new.refunded BEGIN
      UPDATE order_days SET orders = orders - 1, due = due - old.due, paid = paid - old.paid, refunded = refunded - old.refunded WHERE (created_day, revenue_day, pay_time, source_id, currency, status, product_type) = (((old.created_at - ((old.created_at % 86400000) + 86400000) % 86400000) / 86400000), ((coalesce(old.paid_at, old.created_at) - ((coalesce(old.paid_at, old.created_at) % 86400000) + 86400000) % 86400000) / 86400000), old.paid_at IS NOT NULL, old.source_id, old.currency, old.status, coalesce(old.product_type, ''));
      DELETE FROM order_days WHERE (created_day, revenue_day, pay_time, source_id, currency, status, product_type) = (((old.created_at - ((old.created_at % 86400000) + 86400000) % 86400000) / 86400000), ((coalesce(old.paid_at, old.created_at) - ((coalesce(old.paid_at, old.created_at) % 86400000) + 86400000) % 86400000) / 86400000), old.paid_at IS NOT NULL, old.source_id, old.currency, old.status, coalesce(old.product_type, '')) AND orders = 0;
      INSERT INTO order_days (created_day, revenue_day, pay_time, source_id, currency, status, product_type, orders, due, paid, refunded)
        VALUES (((new.created_at - ((new.created_at % 86400000) + 86400000) % 86400000) / 86400000), ((coalesce(new.paid_at, new.created_at) - ((coalesce(new.paid_at, new.created_at) % 86400000) + 86400000) % 86400000) / 86400000), new.paid_at IS NOT NULL, new.source_id, new.currency, new.status, coalesce(new.product_type, ''), 1, new.due, new.paid, new.refunded)
        ON CONFLICT DO UPDATE SET orders = orders + 1, due = due + excluded.due, paid = paid + excluded.paid, refunded = refunded + excluded.refunded;
END;

CREATE TRIGGER search_names_insert AFTER INSERT ON orders BEGIN
    INSERT OR IGNORE INTO search_names (name) SELECT new.product_name WHERE new.product_name IS NOT NULL
      UNION SELECT new.customer_name WHERE new.customer_name IS NOT NULL;
END;

-- The ready-made views as src-main/saved-views/presets.ts defines them (a test holds them equal).
INSERT INTO saved_views (name, preset, position, state, created_at, updated_at)
  SELECT NULL, column1, column2, column3, now, now
  FROM (SELECT CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) AS now),
  (VALUES
    ('paidToday', 0, '{"statuses":["paid","partially_refunded"],"dateField":"paid","shortcut":"today","sort":{"key":"paid_at","order":"desc"},"columns":["orderNo","source","product","customer","status","due","paid","paidAt"],"columnsVersion":2}'),
    ('pendingOver24h', 1, '{"statuses":["pending"],"dateField":"created","shortcut":"over24h","sort":{"key":"created_at","order":"desc"},"columns":["orderNo","source","product","customer","status","due","createdAt"],"columnsVersion":2}'),
    ('refundedThisMonth', 2, '{"statuses":["refunded","partially_refunded"],"dateField":"revenue","shortcut":"thisMonth","sort":{"key":"created_at","order":"desc"},"columns":["orderNo","source","product","customer","status","paid","refunded","paidAt"],"columnsVersion":2}')
);
`
