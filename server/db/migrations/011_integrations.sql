-- Integrations (issue 12): the shop's other systems talk to Passerelle through API keys, hear from it through signed
-- webhooks and CRM connectors, and exchange customer files as CSV. integrations/ owns every table below.

-- ── API keys ───────────────────────────────────────────────────────────────────────────────────────────────────────
-- A key is `pk_<public id>_<secret>`: the public id finds the row, the secret is kept only as its SHA-256 (256 random
-- bits need no slow hash: nobody guesses them, and every API request checks one). Shown once, at creation.
CREATE TABLE api_keys (
  id           INTEGER PRIMARY KEY,
  public_id    TEXT NOT NULL UNIQUE CHECK (length(public_id) = 12),
  secret_hash  TEXT NOT NULL CHECK (length(secret_hash) = 64),
  name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
  scopes       TEXT NOT NULL CHECK (json_valid(scopes) AND json_type(scopes) = 'array'),
  created_at   INTEGER NOT NULL,
  last_used_at INTEGER,
  revoked_at   INTEGER
) STRICT;

-- The e-shop's or CRM's own id of a customer (one each): "upsert by external id" finds the customer through it.
CREATE TABLE customer_external_ids (
  external_id TEXT PRIMARY KEY CHECK (length(external_id) BETWEEN 1 AND 120),
  customer_id INTEGER NOT NULL UNIQUE REFERENCES customers (id) ON DELETE CASCADE,
  created_at  INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- What the website tells about a customer (cart abandoned, interest in an item back in stock, custom events): kept
-- for the automations, which turn an abandoned cart into a store visit (handled_at marks the ones they dealt with).
-- The sender's event id makes a retried request one event. IF NOT EXISTS: the automations branch's migration defines
-- the same table (api_key_id without its reference) so that it can run before this one lands; either order works.
CREATE TABLE IF NOT EXISTS customer_events (
  id          INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  type        TEXT NOT NULL CHECK (type IN ('cart_abandoned', 'back_in_stock_interest', 'custom')),
  name        TEXT CHECK (name IS NULL OR length(name) BETWEEN 1 AND 60),
  external_id TEXT UNIQUE CHECK (external_id IS NULL OR length(external_id) BETWEEN 1 AND 120),
  value_cents INTEGER CHECK (value_cents IS NULL OR value_cents >= 0),
  items       TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(items)),
  properties  TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(properties)),
  api_key_id  INTEGER REFERENCES api_keys (id) ON DELETE SET NULL,
  occurred_at INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  handled_at  INTEGER,
  CHECK ((type = 'custom') = (name IS NOT NULL))
) STRICT;
CREATE INDEX IF NOT EXISTS customer_events_customer ON customer_events (customer_id, occurred_at);
CREATE INDEX IF NOT EXISTS customer_events_unhandled ON customer_events (type, occurred_at) WHERE handled_at IS NULL;

-- ── webhooks (Standard Webhooks) ───────────────────────────────────────────────────────────────────────────────────
-- The secret signs every message, so it is stored as given (like the SMTP password). During a rotation the previous
-- secret signs too, until previous_until, so that receivers can switch without losing a message.
CREATE TABLE webhook_endpoints (
  id              INTEGER PRIMARY KEY,
  url             TEXT NOT NULL CHECK (length(url) BETWEEN 8 AND 2000),
  description     TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 200),
  secret          TEXT NOT NULL CHECK (secret LIKE 'whsec_%'),
  previous_secret TEXT CHECK (previous_secret IS NULL OR previous_secret LIKE 'whsec_%'),
  previous_until  INTEGER,
  event_types     TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(event_types) AND json_type(event_types) = 'array'),
  enabled         INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  disabled_reason TEXT,
  -- The first failure of the current run of failures; a success clears it. Days of failures disable the endpoint.
  failing_since   INTEGER,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL
) STRICT;

-- One message per event, signed and sent as is to every endpoint that listens (the body never changes between tries).
CREATE TABLE webhook_messages (
  id         INTEGER PRIMARY KEY,
  msg_id     TEXT NOT NULL UNIQUE,
  type       TEXT NOT NULL,
  body       TEXT NOT NULL CHECK (json_valid(body)),
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX webhook_messages_time ON webhook_messages (created_at);

CREATE TABLE webhook_deliveries (
  id              INTEGER PRIMARY KEY,
  message_id      INTEGER NOT NULL REFERENCES webhook_messages (id) ON DELETE CASCADE,
  endpoint_id     INTEGER NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
  status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  last_status     INTEGER,          -- the receiver's HTTP status, NULL when it never answered
  last_error      TEXT,
  last_attempt_at INTEGER,
  next_attempt_at INTEGER,
  created_at      INTEGER NOT NULL,
  UNIQUE (message_id, endpoint_id)
) STRICT;
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, id);

-- Every try, with what the receiver said (cut to 1,000 characters): the delivery log of the Settings screen.
CREATE TABLE webhook_attempts (
  id           INTEGER PRIMARY KEY,
  delivery_id  INTEGER NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
  attempted_at INTEGER NOT NULL,
  status       INTEGER,
  response     TEXT NOT NULL DEFAULT '' CHECK (length(response) <= 1000),
  error        TEXT,
  duration_ms  INTEGER NOT NULL
) STRICT;
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, id);

-- ── CRM connectors ─────────────────────────────────────────────────────────────────────────────────────────────────
-- One row per connected CRM. The API key is needed to call it, so it is stored as given (shown masked).
CREATE TABLE crm_connections (
  provider          TEXT PRIMARY KEY CHECK (provider IN ('klaviyo', 'brevo')),
  api_key           TEXT NOT NULL CHECK (length(api_key) BETWEEN 8 AND 500),
  base_url          TEXT NOT NULL CHECK (length(base_url) BETWEEN 8 AND 500),
  enabled           INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  last_test_at      INTEGER,
  last_test_ok      INTEGER CHECK (last_test_ok IS NULL OR last_test_ok IN (0, 1)),
  last_test_message TEXT,
  last_sync_at      INTEGER,
  last_error        TEXT,
  last_error_at     INTEGER,
  synced            INTEGER NOT NULL DEFAULT 0,
  created_at        INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL
) STRICT;

-- ── CSV imports ────────────────────────────────────────────────────────────────────────────────────────────────────
-- An uploaded file (kept in the data folder's imports/ until it is imported), its column mapping, the validation
-- report and the progress of the run. A run goes through the import.run job: a kill resumes it at next_row.
CREATE TABLE csv_imports (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind IN ('customers', 'purchases')),
  file_name   TEXT NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
  file_bytes  INTEGER NOT NULL,
  delimiter   TEXT NOT NULL CHECK (delimiter IN (',', ';', char(9))),
  has_bom     INTEGER NOT NULL CHECK (has_bom IN (0, 1)),
  encoding    TEXT NOT NULL DEFAULT 'utf-8' CHECK (encoding IN ('utf-8', 'windows-1252')),
  headers     TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(headers)),
  mapping     TEXT CHECK (mapping IS NULL OR json_valid(mapping)),
  status      TEXT NOT NULL DEFAULT 'uploaded'
                CHECK (status IN ('uploaded', 'invalid', 'valid', 'running', 'done', 'failed')),
  total_rows  INTEGER,
  next_row    INTEGER NOT NULL DEFAULT 0,
  created     INTEGER NOT NULL DEFAULT 0,
  updated     INTEGER NOT NULL DEFAULT 0,
  unchanged   INTEGER NOT NULL DEFAULT 0,
  report      TEXT CHECK (report IS NULL OR json_valid(report)),
  error       TEXT,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
) STRICT;
