-- Segments, campaigns and the messages guard (issue 14): segments/ owns saved segments; campaigns/ owns campaigns and
-- their runs; messaging/ owns the record of every lock-screen message a customer was sent or was spared, and why.

-- ── wallet status on customers ─────────────────────────────────────────────────────────────────────────────────────
-- How many of the customer's cards are in a wallet now, per platform, and when a card last went in or out. Segments
-- ("in a wallet", "Apple", "uninstalled in the last 30 days") and the guard ("not in a wallet") read these columns
-- instead of joining passes, registrations and events for each of a million customers.
ALTER TABLE customers ADD COLUMN wallet_apple INTEGER NOT NULL DEFAULT 0 CHECK (wallet_apple >= 0);
ALTER TABLE customers ADD COLUMN wallet_google INTEGER NOT NULL DEFAULT 0 CHECK (wallet_google >= 0);
ALTER TABLE customers ADD COLUMN wallet_installed_at INTEGER;
ALTER TABLE customers ADD COLUMN wallet_uninstalled_at INTEGER;

-- A card is in a wallet when its latest install event is 'installed' (Apple: its first device registered; Google:
-- a save callback). wallet_events has one writer per kind of event (cards/wallet-events.ts, and APNs's removal of dead
-- tokens); a trigger keeps the columns above current whoever writes, in the writer's own transaction. It recounts the
-- customer's cards from their latest events, so an event written twice (a save callback replayed) cannot skew it.
CREATE INDEX wallet_events_install_state ON wallet_events (pass_id, id) WHERE kind IN ('installed', 'uninstalled');

CREATE TRIGGER customers_wallet_state AFTER INSERT ON wallet_events
WHEN NEW.kind IN ('installed', 'uninstalled') AND NEW.customer_id IS NOT NULL
BEGIN
  UPDATE customers SET
    wallet_apple = (
      SELECT COUNT(*) FROM passes p WHERE p.customer_id = NEW.customer_id AND p.platform = 'apple'
        AND (SELECT x.kind FROM wallet_events x WHERE x.pass_id = p.id AND x.kind IN ('installed', 'uninstalled')
             ORDER BY x.id DESC LIMIT 1) = 'installed'),
    wallet_google = (
      SELECT COUNT(*) FROM passes p WHERE p.customer_id = NEW.customer_id AND p.platform = 'google'
        AND (SELECT x.kind FROM wallet_events x WHERE x.pass_id = p.id AND x.kind IN ('installed', 'uninstalled')
             ORDER BY x.id DESC LIMIT 1) = 'installed'),
    wallet_installed_at = CASE WHEN NEW.kind = 'installed' THEN NEW.occurred_at ELSE wallet_installed_at END,
    wallet_uninstalled_at = CASE WHEN NEW.kind = 'uninstalled' THEN NEW.occurred_at ELSE wallet_uninstalled_at END
  WHERE id = NEW.customer_id;
END;

-- The state as of this migration: Apple cards with a registered device, Google cards whose latest event is a save.
UPDATE customers SET
  wallet_apple = (SELECT COUNT(*) FROM passes p WHERE p.customer_id = customers.id AND p.platform = 'apple'
                    AND EXISTS (SELECT 1 FROM registrations r WHERE r.pass_id = p.id)),
  wallet_google = (SELECT COUNT(*) FROM passes p WHERE p.customer_id = customers.id AND p.platform = 'google'
                     AND (SELECT x.kind FROM wallet_events x WHERE x.pass_id = p.id AND x.kind IN ('installed', 'uninstalled')
                          ORDER BY x.id DESC LIMIT 1) = 'installed'),
  wallet_installed_at = (SELECT MAX(occurred_at) FROM wallet_events e WHERE e.customer_id = customers.id AND e.kind = 'installed'),
  wallet_uninstalled_at = (SELECT MAX(occurred_at) FROM wallet_events e WHERE e.customer_id = customers.id AND e.kind = 'uninstalled')
WHERE EXISTS (SELECT 1 FROM passes p WHERE p.customer_id = customers.id);

-- ── segment counts without reading customers' rows ───────────────────────────────────────────────────────────────
-- Segment counts (segments/compile.ts) read this one compact index instead of the customers table: every column a
-- condition tests, about a fifth of a row's bytes (no names, e-mail, phone, preferences). A count is then at most one
-- pass over it (~100 ms for a million customers on the 2-core build machine), whatever the mix of conditions; the
-- single-column indexes would be quicker for a rare value and far slower for a common one (800,000 row lookups for
-- "member tier"), so the compiled conditions keep the planner on this index (see compile.ts). Its cost: one more
-- index entry rewritten when a customer's aggregates change.
CREATE INDEX customers_segments ON customers (
  consent_marketing, wallet_apple, wallet_google, tier, last_purchase_at, purchases_30d, purchases_90d, purchases_365d,
  purchase_count, spend_30d_cents, spend_90d_cents, spend_365d_cents, spend_cents, avg_basket_cents, online_purchase_count,
  points_balance, lifetime_points, messages_relational, messages_inspiration, messages_commercial, messages_paused_until,
  messages_stopped_at, created_at, gender, birthday, preferred_store_id, wallet_uninstalled_at, postcode, city COLLATE NOCASE);
-- "Took their card out lately" is rare by nature: found by its own index.
CREATE INDEX customers_wallet_uninstalled ON customers (wallet_uninstalled_at) WHERE wallet_uninstalled_at IS NOT NULL;

-- ── segments ───────────────────────────────────────────────────────────────────────────────────────────────────────
CREATE TABLE segments (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 80),
  definition  TEXT NOT NULL CHECK (json_valid(definition)),  -- segments/schemas.ts SegmentDefinition
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
) STRICT;

-- ── campaigns ──────────────────────────────────────────────────────────────────────────────────────────────────────
-- A lock-screen message to an audience (everyone, or a saved segment evaluated when each run starts), now, at a time,
-- or on a schedule (a croner pattern in the campaign's time zone). A segment a campaign uses cannot be deleted.
CREATE TABLE campaigns (
  id              INTEGER PRIMARY KEY,
  name            TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  category        TEXT NOT NULL CHECK (category IN ('relational', 'inspiration', 'commercial')),
  mechanic        TEXT NOT NULL DEFAULT 'other' CHECK (length(mechanic) BETWEEN 1 AND 30),
  message_fr      TEXT NOT NULL CHECK (length(message_fr) BETWEEN 1 AND 240),
  message_en      TEXT NOT NULL DEFAULT '' CHECK (length(message_en) <= 240),
  segment_id      INTEGER REFERENCES segments (id),  -- NULL: every customer
  schedule        TEXT NOT NULL CHECK (schedule IN ('now', 'at', 'recurring')),
  send_at         INTEGER,                           -- 'now', 'at': when
  cron            TEXT CHECK (cron IS NULL OR length(cron) BETWEEN 9 AND 120),
  time_zone       TEXT NOT NULL CHECK (length(time_zone) BETWEEN 1 AND 64),
  ends_at         INTEGER,                           -- 'recurring': no run after this
  control_percent INTEGER NOT NULL DEFAULT 0 CHECK (control_percent BETWEEN 0 AND 50),
  visual_image    TEXT CHECK (visual_image IS NULL OR (length(visual_image) = 64 AND visual_image NOT GLOB '*[^0-9a-f]*')),
  visual_until    INTEGER,
  status          TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'sending', 'sent', 'stopped')),
  next_run_at     INTEGER,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  CHECK (schedule = 'recurring' OR send_at IS NOT NULL),
  CHECK ((schedule = 'recurring') = (cron IS NOT NULL)),
  CHECK ((visual_image IS NULL) = (visual_until IS NULL))
) STRICT;
CREATE INDEX campaigns_segment ON campaigns (segment_id) WHERE segment_id IS NOT NULL;
CREATE INDEX campaigns_created ON campaigns (created_at);

-- One run per occurrence of a campaign (a one-off has one). The campaign.send job works through the audience in
-- customer id order from `cursor`, one batch per transaction with the batch's sends, so a kill resumes where the last
-- committed batch ended. `waiting` until it may start (quiet hours move `due_at` to their end).
CREATE TABLE campaign_runs (
  id           INTEGER PRIMARY KEY,
  campaign_id  INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  planned_at   INTEGER NOT NULL,
  due_at       INTEGER NOT NULL,
  status       TEXT NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'sending', 'done', 'cancelled')),
  waited       TEXT,                                -- why it started after planned_at: 'quiet_hours'
  cursor       INTEGER NOT NULL DEFAULT 0,
  audience     INTEGER,                             -- members of the audience when it started
  unreachable  INTEGER,                             -- of them, customers with no card in a wallet
  started_at   INTEGER,
  finished_at  INTEGER,
  UNIQUE (campaign_id, planned_at)
) STRICT;
CREATE INDEX campaign_runs_campaign ON campaign_runs (campaign_id, planned_at);

-- Campaign visuals on every card: what each design showed before, restored when the campaign's visual ends (unless
-- someone changed that design's strip since).
CREATE TABLE campaign_visuals (
  campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  design_id   INTEGER NOT NULL REFERENCES card_designs (id) ON DELETE CASCADE,
  previous    TEXT NOT NULL CHECK (json_valid(previous)),  -- {"strip": id|null, "tiers": {tierId: id|null}}
  applied_at  INTEGER NOT NULL,
  restored_at INTEGER,
  PRIMARY KEY (campaign_id, design_id)
) STRICT;

-- ── every message to a customer, sent or spared ────────────────────────────────────────────────────────────────────
-- One row per customer a message was meant for: sent (to `devices` phone updates), held back by the guard (`reason`),
-- kept out as the campaign's control group, or waiting for quiet hours to end (a message to one customer). The guard
-- counts 'sent' rows (caps, exposure, conversions); the customer's timeline and campaign reports read all of them.
-- (run_id, customer_id) is unique: a run never reaches a customer twice, whatever kill or retry happens.
CREATE TABLE message_sends (
  id          INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  origin      TEXT NOT NULL CHECK (origin IN ('campaign', 'direct', 'automation')),
  campaign_id INTEGER REFERENCES campaigns (id) ON DELETE SET NULL,
  run_id      INTEGER REFERENCES campaign_runs (id) ON DELETE SET NULL,
  category    TEXT NOT NULL CHECK (category IN ('relational', 'inspiration', 'commercial')),
  mechanic    TEXT,
  outcome     TEXT NOT NULL CHECK (outcome IN ('sent', 'held', 'control', 'waiting')),
  reason      TEXT CHECK (reason IS NULL OR length(reason) <= 40),
  text        TEXT NOT NULL DEFAULT '' CHECK (length(text) <= 500),
  devices     INTEGER NOT NULL DEFAULT 0 CHECK (devices >= 0),
  at          INTEGER NOT NULL,
  CHECK ((outcome = 'held') = (reason IS NOT NULL) OR outcome = 'waiting')
) STRICT;
CREATE UNIQUE INDEX message_sends_run_customer ON message_sends (run_id, customer_id) WHERE run_id IS NOT NULL;
CREATE INDEX message_sends_customer ON message_sends (customer_id, at);
CREATE INDEX message_sends_sent ON message_sends (customer_id, at) WHERE outcome = 'sent';
CREATE INDEX message_sends_sent_time ON message_sends (at, category) WHERE outcome = 'sent';
CREATE INDEX message_sends_run ON message_sends (run_id, outcome, reason) WHERE run_id IS NOT NULL;
CREATE INDEX message_sends_waiting ON message_sends (at) WHERE outcome = 'waiting';
