-- Core entities of the appliance. Times are epoch milliseconds (UTC) in INTEGER columns, money integer cents.
-- Every table that mirrors something outside (a purchase from a POS, a pass on a phone) carries a unique key so that
-- every external write is idempotent.

CREATE TABLE settings (
  key        TEXT PRIMARY KEY,
  value      TEXT NOT NULL,              -- JSON
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE admin_sessions (
  token_hash TEXT PRIMARY KEY,           -- sha256 of the cookie value; the cookie itself is never stored
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  user_agent TEXT
) STRICT;

CREATE TABLE login_tokens (
  token_hash TEXT PRIMARY KEY,           -- sha256 of a one-time login link's token
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at    INTEGER
) STRICT;

CREATE TABLE stores (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL,
  address       TEXT NOT NULL DEFAULT '',
  postcode      TEXT NOT NULL DEFAULT '',
  city          TEXT NOT NULL DEFAULT '',
  country       TEXT NOT NULL DEFAULT 'FR',
  phone         TEXT NOT NULL DEFAULT '',
  latitude      REAL NOT NULL CHECK (latitude BETWEEN -90 AND 90),
  longitude     REAL NOT NULL CHECK (longitude BETWEEN -180 AND 180),
  geohash       TEXT NOT NULL,
  radius_m      INTEGER NOT NULL DEFAULT 200 CHECK (radius_m > 0),
  opening_hours TEXT NOT NULL DEFAULT '{}', -- JSON: { "mon": [["09:30","19:00"]], ... }
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX stores_geohash ON stores (geohash);

CREATE TABLE card_designs (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  kind       TEXT NOT NULL CHECK (kind IN ('loyalty', 'coupon', 'eventTicket', 'giftCard', 'generic')),
  version    INTEGER NOT NULL DEFAULT 1,
  design     TEXT NOT NULL,              -- JSON, platform-neutral
  is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE customers (
  id                 INTEGER PRIMARY KEY,
  external_id        TEXT UNIQUE,
  email              TEXT UNIQUE COLLATE NOCASE,
  first_name         TEXT NOT NULL DEFAULT '',
  last_name          TEXT NOT NULL DEFAULT '',
  phone              TEXT NOT NULL DEFAULT '',
  birthday           TEXT,               -- YYYY-MM-DD
  gender             TEXT CHECK (gender IN ('female', 'male', 'other')),
  city               TEXT NOT NULL DEFAULT '',
  postcode           TEXT NOT NULL DEFAULT '',
  latitude           REAL,
  longitude          REAL,
  locale             TEXT NOT NULL DEFAULT 'fr',
  preferred_store_id INTEGER REFERENCES stores (id) ON DELETE SET NULL,
  consent_marketing  INTEGER NOT NULL DEFAULT 0 CHECK (consent_marketing IN (0, 1)),
  preferences        TEXT NOT NULL DEFAULT '{}', -- JSON zero-party data: categories, channels
  points_balance     INTEGER NOT NULL DEFAULT 0, -- cache of SUM(points_ledger.delta)
  tier               TEXT NOT NULL DEFAULT 'member',
  referral_code      TEXT NOT NULL UNIQUE,
  referred_by        INTEGER REFERENCES customers (id) ON DELETE SET NULL,
  source             TEXT NOT NULL DEFAULT 'admin',
  created_at         INTEGER NOT NULL,
  updated_at         INTEGER NOT NULL
) STRICT;
CREATE INDEX customers_created_at ON customers (created_at);
CREATE INDEX customers_preferred_store ON customers (preferred_store_id);

CREATE TABLE purchases (
  id           INTEGER PRIMARY KEY,
  customer_id  INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  store_id     INTEGER REFERENCES stores (id) ON DELETE SET NULL,
  channel      TEXT NOT NULL CHECK (channel IN ('store', 'online')),
  amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0),
  item_count   INTEGER NOT NULL DEFAULT 1 CHECK (item_count >= 0),
  external_id  TEXT UNIQUE,
  purchased_at INTEGER NOT NULL
) STRICT;
CREATE INDEX purchases_customer_time ON purchases (customer_id, purchased_at);
CREATE INDEX purchases_time ON purchases (purchased_at);

CREATE TABLE points_ledger (
  id          INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  delta       INTEGER NOT NULL,
  reason      TEXT NOT NULL,             -- purchase, reward, referral, adjustment, expiry
  purchase_id INTEGER REFERENCES purchases (id) ON DELETE SET NULL,
  created_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX points_ledger_customer ON points_ledger (customer_id, created_at);

CREATE TABLE passes (
  id                   INTEGER PRIMARY KEY,
  customer_id          INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  design_id            INTEGER NOT NULL REFERENCES card_designs (id),
  platform             TEXT NOT NULL CHECK (platform IN ('apple', 'google')),
  serial               TEXT NOT NULL UNIQUE,
  pass_type_identifier TEXT NOT NULL DEFAULT '',
  auth_token           TEXT NOT NULL,    -- Apple authenticationToken, random, >= 16 characters
  download_id          TEXT NOT NULL UNIQUE, -- long random id of the public download URL
  version              INTEGER NOT NULL DEFAULT 1,
  updated_at           INTEGER NOT NULL, -- what passesUpdatedSince compares against
  created_at           INTEGER NOT NULL,
  UNIQUE (customer_id, design_id, platform)
) STRICT;
CREATE INDEX passes_updated_at ON passes (pass_type_identifier, updated_at);

CREATE TABLE devices (
  id                    INTEGER PRIMARY KEY,
  device_library_id     TEXT NOT NULL UNIQUE,
  push_token            TEXT NOT NULL,
  created_at            INTEGER NOT NULL,
  updated_at            INTEGER NOT NULL
) STRICT;

CREATE TABLE registrations (
  device_id  INTEGER NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
  pass_id    INTEGER NOT NULL REFERENCES passes (id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (device_id, pass_id)
) STRICT;
CREATE INDEX registrations_pass ON registrations (pass_id);

CREATE TABLE wallet_events (
  id          INTEGER PRIMARY KEY,
  pass_id     INTEGER REFERENCES passes (id) ON DELETE SET NULL,
  customer_id INTEGER REFERENCES customers (id) ON DELETE CASCADE,
  platform    TEXT NOT NULL CHECK (platform IN ('apple', 'google')),
  kind        TEXT NOT NULL CHECK (kind IN ('installed', 'uninstalled', 'updated', 'message')),
  detail      TEXT NOT NULL DEFAULT '{}', -- JSON
  occurred_at INTEGER NOT NULL
) STRICT;
CREATE INDEX wallet_events_customer ON wallet_events (customer_id, occurred_at);
CREATE INDEX wallet_events_kind_time ON wallet_events (kind, occurred_at);

-- Durable work: APNs pushes, Google calls, webhooks, scheduled sends. A worker claims a row by setting locked_until;
-- a crash leaves the lock to expire and the job runs again, so handlers must be idempotent (dedupe_key).
CREATE TABLE jobs (
  id           INTEGER PRIMARY KEY,
  kind         TEXT NOT NULL,
  dedupe_key   TEXT UNIQUE,
  payload      TEXT NOT NULL DEFAULT '{}', -- JSON
  status       TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
  attempts     INTEGER NOT NULL DEFAULT 0,
  run_at       INTEGER NOT NULL,
  locked_until INTEGER,
  last_error   TEXT,
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX jobs_due ON jobs (status, run_at) WHERE status = 'pending';
