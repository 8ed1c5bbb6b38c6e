-- Automations for the playbook's six lifecycle moments, the dashboard's daily figures, and A/B variants of a
-- campaign's message (issue 15). automations/ owns the automation_* tables; analytics/ owns kpi_*; campaigns/ owns
-- campaign_variants (message_sends.variant is written by its send job).

-- ── automations ────────────────────────────────────────────────────────────────────────────────────────────────────
-- What the owner changed of an automation (on/off, texts per step, timings); an automation without a row runs with
-- its defaults (automations/catalogue.ts).
CREATE TABLE automation_settings (
  key        TEXT PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 40),
  enabled    INTEGER NOT NULL CHECK (enabled IN (0, 1)),
  messages   TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(messages) AND json_type(messages) = 'array'),
  params     TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(params) AND json_type(params) = 'object'),
  updated_at INTEGER NOT NULL
) STRICT;

-- When each customer's first card went into a wallet: what the welcome answers, and the day 0 of the activation
-- sequence and of early engagement. Written once per customer (whether the welcome is on or off).
CREATE TABLE automation_activations (
  customer_id  INTEGER PRIMARY KEY REFERENCES customers (id) ON DELETE CASCADE,
  installed_at INTEGER NOT NULL
) STRICT;
CREATE INDEX automation_activations_time ON automation_activations (installed_at);
-- Customers whose card was in a wallet before this migration are past their welcome.
INSERT INTO automation_activations (customer_id, installed_at)
  SELECT customer_id, MIN(occurred_at) FROM wallet_events
  WHERE kind = 'installed' AND customer_id IS NOT NULL GROUP BY customer_id;

-- Each (customer, automation, occurrence) happens once: the key is written in the transaction that sends the message
-- (or records why it was not sent), so neither a job run twice nor a catch-up after a day off can send it again.
-- occurrence: 'once' (welcome), a step ('day3'), a year ('2026'), a tier change id, a calendar entry…
CREATE TABLE automation_occurrences (
  customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  automation  TEXT NOT NULL,
  occurrence  TEXT NOT NULL,
  outcome     TEXT NOT NULL CHECK (outcome IN ('sent', 'held', 'skipped')),
  reason      TEXT CHECK (reason IS NULL OR length(reason) <= 40),
  send_id     INTEGER REFERENCES message_sends (id) ON DELETE SET NULL,
  at          INTEGER NOT NULL,
  PRIMARY KEY (customer_id, automation, occurrence)
) STRICT, WITHOUT ROWID;
CREATE INDEX automation_occurrences_time ON automation_occurrences (automation, at);

-- How far each automation has looked: the next evaluation covers (evaluated_until, now], so a computer that was off
-- catches up (within each automation's catch-up limit) and a window is never looked at twice.
CREATE TABLE automation_cursors (
  name            TEXT PRIMARY KEY,
  evaluated_until INTEGER NOT NULL,
  position        INTEGER NOT NULL DEFAULT 0   -- a batch automation's last customer id, to resume after a kill
) STRICT;

-- The owner's calendar: seasonal dates (spring, back to school, Black Friday…) and early access for a tier and above.
CREATE TABLE automation_calendar (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
  date        TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
  time        TEXT NOT NULL DEFAULT '10:00' CHECK (time GLOB '[0-2][0-9]:[0-5][0-9]'),
  yearly      INTEGER NOT NULL DEFAULT 0 CHECK (yearly IN (0, 1)),
  category    TEXT NOT NULL CHECK (category IN ('relational', 'inspiration', 'commercial')),
  message_fr  TEXT NOT NULL CHECK (length(message_fr) BETWEEN 1 AND 240),
  message_en  TEXT NOT NULL DEFAULT '' CHECK (length(message_en) <= 240),
  min_tier    TEXT,                               -- early access: this tier and above; NULL: everyone
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
) STRICT;

-- An abandoned cart turned into the text the card shows near our stores (retail conversion), until `until`.
CREATE TABLE automation_store_texts (
  customer_id INTEGER PRIMARY KEY REFERENCES customers (id) ON DELETE CASCADE,
  event_id    INTEGER,
  text_fr     TEXT NOT NULL CHECK (length(text_fr) <= 240),
  text_en     TEXT NOT NULL CHECK (length(text_en) <= 240),
  item        TEXT NOT NULL DEFAULT '' CHECK (length(item) <= 80),
  starts_at   INTEGER NOT NULL,
  until       INTEGER NOT NULL
) STRICT;
CREATE INDEX automation_store_texts_until ON automation_store_texts (until);

-- The moments' lookups, each by index rather than by reading every customer: tier changes by time, birthdays by
-- month-day, membership anniversaries by the UTC month-day of enrolment (the shop's day is checked in code). Not
-- partial: a partial index on "birthday IS NOT NULL" would draw segment counts on age away from their covering index.
CREATE INDEX loyalty_tier_changes_time ON loyalty_tier_changes (changed_at);
CREATE INDEX customers_birthday_md ON customers (substr(birthday, 6, 5));
CREATE INDEX customers_created_md ON customers (strftime('%m-%d', created_at / 1000, 'unixepoch'));

-- A card going into a wallet queues the welcome's evaluation in the same transaction (whoever records the install:
-- Apple's registration, Google's save callback), so the welcome goes within seconds rather than at the next tick. One
-- coalescing row (the jobs repository's upsert, jobs-repository.ts): a thousand installs are one evaluation.
CREATE TRIGGER automation_welcome_on_install AFTER INSERT ON wallet_events
WHEN NEW.kind = 'installed' AND NEW.customer_id IS NOT NULL
BEGIN
  INSERT INTO jobs (kind, dedupe_key, payload, status, attempts, run_at, created_at, updated_at)
  VALUES ('automation.welcome', 'automation.welcome', '{}', 'pending', 0, NEW.occurred_at, NEW.occurred_at, NEW.occurred_at)
  ON CONFLICT (dedupe_key) DO UPDATE SET
    generation = jobs.generation + 1,
    status     = 'pending',
    attempts   = CASE WHEN jobs.status = 'pending' THEN jobs.attempts ELSE 0 END,
    run_at     = CASE WHEN jobs.status = 'pending' THEN MIN(jobs.run_at, excluded.run_at) ELSE excluded.run_at END,
    last_error = CASE WHEN jobs.status = 'pending' THEN jobs.last_error ELSE NULL END,
    updated_at = excluded.updated_at;
END;

-- ── A/B variants of a campaign's message ───────────────────────────────────────────────────────────────────────────
-- The campaign's own message is variant A; B and C here. Each recipient gets one, drawn at random per (run, customer).
CREATE TABLE campaign_variants (
  campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  variant     TEXT NOT NULL CHECK (variant IN ('B', 'C')),
  message_fr  TEXT NOT NULL CHECK (length(message_fr) BETWEEN 1 AND 240),
  message_en  TEXT NOT NULL DEFAULT '' CHECK (length(message_en) <= 240),
  PRIMARY KEY (campaign_id, variant)
) STRICT, WITHOUT ROWID;
-- The variant a recipient got (NULL: a campaign without variants, or another kind of message).
ALTER TABLE message_sends ADD COLUMN variant TEXT CHECK (variant IS NULL OR variant IN ('A', 'B', 'C'));

-- ── the dashboard's daily figures ──────────────────────────────────────────────────────────────────────────────────
-- One value per (day in the shop's time zone, metric, dimension), rebuilt by the kpi.rollup job from the raw tables
-- (wallet_events, message_sends, purchases, customers): the dashboard and `passerelle kpi` read a few thousand of
-- these rows instead of millions of raw ones.
CREATE TABLE kpi_days (
  day    TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
  metric TEXT NOT NULL,
  dim    TEXT NOT NULL DEFAULT '',
  value  INTEGER NOT NULL,
  PRIMARY KEY (day, metric, dim)
) STRICT, WITHOUT ROWID;

-- Each campaign run's recipients and control group, what they bought within the measurement window after the run
-- started (sum of squares kept for the confidence intervals), per variant.
CREATE TABLE kpi_campaign_groups (
  run_id        INTEGER NOT NULL REFERENCES campaign_runs (id) ON DELETE CASCADE,
  grp           TEXT NOT NULL CHECK (grp IN ('control', 'A', 'B', 'C')),
  customers     INTEGER NOT NULL,
  buyers        INTEGER NOT NULL,
  purchases     INTEGER NOT NULL,
  revenue_cents INTEGER NOT NULL,
  revenue_sq    REAL NOT NULL,      -- sum over customers of (their revenue in euros)²
  window_days   INTEGER NOT NULL,
  computed_at   INTEGER NOT NULL,
  PRIMARY KEY (run_id, window_days, grp)
) STRICT, WITHOUT ROWID;

-- When the figures were built, for which time zone, and the group sizes of the wallet comparison (customers holding
-- a card in a wallet, and the others, when the figures were built: the days' purchases are split the same way).
CREATE TABLE kpi_state (
  id               INTEGER PRIMARY KEY CHECK (id = 1),
  time_zone        TEXT NOT NULL,
  built_at         INTEGER NOT NULL,   -- the last run
  full_at          INTEGER NOT NULL,   -- the last rebuild of every day
  first_day        TEXT,
  last_day         TEXT,
  customers_wallet INTEGER NOT NULL DEFAULT 0,
  customers_other  INTEGER NOT NULL DEFAULT 0,
  -- The last row of each raw table the figures saw: a row added since with a time before the days an update
  -- recomputes (a CSV import, the demo) calls for rebuilding every day.
  purchases_seen   INTEGER NOT NULL DEFAULT 0,
  events_seen      INTEGER NOT NULL DEFAULT 0,
  sends_seen       INTEGER NOT NULL DEFAULT 0
) STRICT;
