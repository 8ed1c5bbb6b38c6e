-- Customers and the loyalty programme (issue 11), and one owner per table (issue 9 item 5):
-- customers/ owns customers, purchases and what is derived from them (aggregates, stores bought in, categories);
-- loyalty/ owns the points ledger, the tier rule's thresholds, the programme, rewards and coupons;
-- staff/ owns staff accounts and their sessions; mail/ owns the SMTP settings and the record of mails sent.

-- ── customers ──────────────────────────────────────────────────────────────────────────────────────────────────────
-- Proof of marketing consent: when, and through what (enrolment page, admin, the customer's preferences page…).
ALTER TABLE customers ADD COLUMN consent_marketing_at INTEGER;
ALTER TABLE customers ADD COLUMN consent_source TEXT;
-- Points ever credited (never lowered by spending): the one tier rule reads it, so a reward never demotes anyone.
ALTER TABLE customers ADD COLUMN lifetime_points INTEGER NOT NULL DEFAULT 0 CHECK (lifetime_points >= 0);
-- Friends who enrolled with this customer's referral code (kept with the friend's row, referred_by).
ALTER TABLE customers ADD COLUMN referral_count INTEGER NOT NULL DEFAULT 0 CHECK (referral_count >= 0);

-- What the customer wants to receive, from their own preferences page: segments and every send honour these.
-- Kinds are the product's message tags: relational (points, rewards, status), inspiration (news), commercial (offers).
ALTER TABLE customers ADD COLUMN messages_relational INTEGER NOT NULL DEFAULT 1 CHECK (messages_relational IN (0, 1));
ALTER TABLE customers ADD COLUMN messages_inspiration INTEGER NOT NULL DEFAULT 1 CHECK (messages_inspiration IN (0, 1));
ALTER TABLE customers ADD COLUMN messages_commercial INTEGER NOT NULL DEFAULT 1 CHECK (messages_commercial IN (0, 1));
ALTER TABLE customers ADD COLUMN messages_paused_until INTEGER;  -- epoch ms; nothing is sent before
ALTER TABLE customers ADD COLUMN messages_stopped_at INTEGER;    -- "stop all messages": nothing is sent while set
-- The secret of the customer's own preferences page link (on the back of every card): 192 random bits, like the
-- download links; whoever holds the card holds the link, and nobody can make one for another customer.
ALTER TABLE customers ADD COLUMN preferences_token TEXT;
UPDATE customers SET preferences_token = lower(hex(randomblob(24)));
CREATE UNIQUE INDEX customers_preferences_token ON customers (preferences_token);

-- Per-customer purchase aggregates, kept current on every purchase written (purchases-repository.ts) and when a
-- purchase leaves a 30/90/365-day window (aggregates_due_at: the earliest such moment; a job refreshes due rows).
-- Segments filter on these columns without reading purchases.
ALTER TABLE customers ADD COLUMN purchase_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE customers ADD COLUMN spend_cents INTEGER NOT NULL DEFAULT 0;
ALTER TABLE customers ADD COLUMN first_purchase_at INTEGER;
ALTER TABLE customers ADD COLUMN last_purchase_at INTEGER;
ALTER TABLE customers ADD COLUMN purchases_30d INTEGER NOT NULL DEFAULT 0;
ALTER TABLE customers ADD COLUMN spend_30d_cents INTEGER NOT NULL DEFAULT 0;
ALTER TABLE customers ADD COLUMN purchases_90d INTEGER NOT NULL DEFAULT 0;
ALTER TABLE customers ADD COLUMN spend_90d_cents INTEGER NOT NULL DEFAULT 0;
ALTER TABLE customers ADD COLUMN purchases_365d INTEGER NOT NULL DEFAULT 0;
ALTER TABLE customers ADD COLUMN spend_365d_cents INTEGER NOT NULL DEFAULT 0;
ALTER TABLE customers ADD COLUMN avg_basket_cents INTEGER NOT NULL DEFAULT 0;
ALTER TABLE customers ADD COLUMN online_purchase_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE customers ADD COLUMN store_count INTEGER NOT NULL DEFAULT 0;  -- distinct stores bought in
ALTER TABLE customers ADD COLUMN aggregates_due_at INTEGER;

CREATE INDEX customers_last_purchase ON customers (last_purchase_at);
CREATE INDEX customers_purchase_count ON customers (purchase_count);
CREATE INDEX customers_spend ON customers (spend_cents);
CREATE INDEX customers_purchases_30d ON customers (purchases_30d);
CREATE INDEX customers_spend_30d ON customers (spend_30d_cents);
CREATE INDEX customers_purchases_90d ON customers (purchases_90d);
CREATE INDEX customers_spend_90d ON customers (spend_90d_cents);
CREATE INDEX customers_purchases_365d ON customers (purchases_365d);
CREATE INDEX customers_spend_365d ON customers (spend_365d_cents);
CREATE INDEX customers_avg_basket ON customers (avg_basket_cents);
CREATE INDEX customers_store_count ON customers (store_count);
CREATE INDEX customers_aggregates_due ON customers (aggregates_due_at) WHERE aggregates_due_at IS NOT NULL;
CREATE INDEX customers_points ON customers (points_balance);
CREATE INDEX customers_tier ON customers (tier);
CREATE INDEX customers_referred_by ON customers (referred_by) WHERE referred_by IS NOT NULL;
-- The list's sort orders (name, e-mail is unique already) and its search by last name.
CREATE INDEX customers_name ON customers (last_name COLLATE NOCASE, first_name COLLATE NOCASE);

-- Stores each customer bought in: "bought at least once in store X" without reading purchases.
CREATE TABLE customer_stores (
  customer_id      INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  store_id         INTEGER NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
  purchase_count   INTEGER NOT NULL CHECK (purchase_count > 0),
  spend_cents      INTEGER NOT NULL CHECK (spend_cents >= 0),
  last_purchase_at INTEGER NOT NULL,
  PRIMARY KEY (customer_id, store_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX customer_stores_store ON customer_stores (store_id, customer_id);

-- Favourite categories (zero-party data), one row each so that a segment finds a category's fans by index.
-- The JSON `preferences` column keeps the rest (preferred channels).
CREATE TABLE customer_categories (
  customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  category    TEXT NOT NULL CHECK (length(category) BETWEEN 1 AND 40),
  PRIMARY KEY (customer_id, category)
) STRICT, WITHOUT ROWID;
CREATE INDEX customer_categories_category ON customer_categories (category, customer_id);

INSERT INTO customer_categories (customer_id, category)
  SELECT DISTINCT c.id, j.value FROM customers c, json_each(c.preferences, '$.categories') j
  WHERE json_valid(c.preferences) AND j.type = 'text' AND length(j.value) BETWEEN 1 AND 40;
-- {"categories":[…],"channel":"x"} becomes {"channels":["x"]}.
UPDATE customers SET preferences = json_object('channels',
    CASE WHEN json_type(preferences, '$.channel') = 'text' THEN json_array(json_extract(preferences, '$.channel'))
         WHEN json_type(preferences, '$.channels') = 'array' THEN json_extract(preferences, '$.channels')
         ELSE json_array() END)
  WHERE json_valid(preferences);
UPDATE customers SET preferences = '{"channels":[]}' WHERE NOT json_valid(preferences);

-- Purchases: what was bought (optional), where it came from, and when it was written.
ALTER TABLE purchases ADD COLUMN items TEXT CHECK (items IS NULL OR json_valid(items));
ALTER TABLE purchases ADD COLUMN source TEXT NOT NULL DEFAULT 'admin';  -- admin, till, cli, api, demo, import
ALTER TABLE purchases ADD COLUMN staff_id INTEGER;
ALTER TABLE purchases ADD COLUMN created_at INTEGER;

UPDATE purchases SET created_at = purchased_at;

-- The aggregates of every customer as of this migration (the same computation as purchases-repository.ts).
INSERT INTO customer_stores (customer_id, store_id, purchase_count, spend_cents, last_purchase_at)
  SELECT customer_id, store_id, COUNT(*), SUM(amount_cents), MAX(purchased_at) FROM purchases
  WHERE store_id IS NOT NULL GROUP BY customer_id, store_id;
CREATE TEMP TABLE migration_now AS SELECT CAST(strftime('%s', 'now') AS INTEGER) * 1000 AS t;
UPDATE customers SET (purchase_count, spend_cents, first_purchase_at, last_purchase_at, purchases_30d, spend_30d_cents,
    purchases_90d, spend_90d_cents, purchases_365d, spend_365d_cents, avg_basket_cents, online_purchase_count,
    aggregates_due_at) = (
  SELECT COUNT(*), COALESCE(SUM(p.amount_cents), 0), MIN(p.purchased_at), MAX(p.purchased_at),
    COALESCE(SUM(p.purchased_at > n.t - 2592000000), 0),
    COALESCE(SUM(CASE WHEN p.purchased_at > n.t - 2592000000 THEN p.amount_cents ELSE 0 END), 0),
    COALESCE(SUM(p.purchased_at > n.t - 7776000000), 0),
    COALESCE(SUM(CASE WHEN p.purchased_at > n.t - 7776000000 THEN p.amount_cents ELSE 0 END), 0),
    COALESCE(SUM(p.purchased_at > n.t - 31536000000), 0),
    COALESCE(SUM(CASE WHEN p.purchased_at > n.t - 31536000000 THEN p.amount_cents ELSE 0 END), 0),
    COALESCE(CAST(ROUND(1.0 * SUM(p.amount_cents) / COUNT(*)) AS INTEGER), 0),
    COALESCE(SUM(p.channel = 'online'), 0),
    NULLIF(MIN(
      COALESCE(MIN(CASE WHEN p.purchased_at > n.t - 2592000000 THEN p.purchased_at END) + 2592000000, 9223372036854775807),
      COALESCE(MIN(CASE WHEN p.purchased_at > n.t - 7776000000 THEN p.purchased_at END) + 7776000000, 9223372036854775807),
      COALESCE(MIN(CASE WHEN p.purchased_at > n.t - 31536000000 THEN p.purchased_at END) + 31536000000, 9223372036854775807)
    ), 9223372036854775807)
  FROM purchases p, migration_now n WHERE p.customer_id = customers.id)
  WHERE EXISTS (SELECT 1 FROM purchases p WHERE p.customer_id = customers.id);
DROP TABLE migration_now;
UPDATE customers SET store_count = (SELECT COUNT(*) FROM customer_stores s WHERE s.customer_id = customers.id);
UPDATE customers SET referral_count = (SELECT COUNT(*) FROM customers f WHERE f.referred_by = customers.id);

-- ── loyalty ────────────────────────────────────────────────────────────────────────────────────────────────────────
-- The programme: how purchases earn points, the referral reward, optional expiry. One row.
CREATE TABLE loyalty_programme (
  id                          INTEGER PRIMARY KEY CHECK (id = 1),
  store_points_per_euro_x100  INTEGER NOT NULL DEFAULT 100 CHECK (store_points_per_euro_x100 BETWEEN 0 AND 100000),
  online_points_per_euro_x100 INTEGER NOT NULL DEFAULT 100 CHECK (online_points_per_euro_x100 BETWEEN 0 AND 100000),
  rounding                    TEXT NOT NULL DEFAULT 'down' CHECK (rounding IN ('down', 'nearest', 'up')),
  welcome_points              INTEGER NOT NULL DEFAULT 0 CHECK (welcome_points BETWEEN 0 AND 1000000),
  referral_trigger            TEXT NOT NULL DEFAULT 'first_purchase' CHECK (referral_trigger IN ('off', 'enrolment', 'first_purchase')),
  referrer_points             INTEGER NOT NULL DEFAULT 50 CHECK (referrer_points BETWEEN 0 AND 1000000),
  referee_points              INTEGER NOT NULL DEFAULT 50 CHECK (referee_points BETWEEN 0 AND 1000000),
  expiry_months               INTEGER CHECK (expiry_months IS NULL OR expiry_months BETWEEN 1 AND 120),
  updated_at                  INTEGER NOT NULL
) STRICT;
INSERT INTO loyalty_programme (id, updated_at) VALUES (1, 0);

-- Tier thresholds on lifetime points: the one tier rule (loyalty/tier-rule.ts). Names are the programme's; each
-- card design keeps only a tier's look (colours, strip), by id. The lowest tier starts at 0.
CREATE TABLE loyalty_tiers (
  id         TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 30 AND id NOT GLOB '*[^a-z0-9_-]*' AND substr(id, 1, 1) GLOB '[a-z]'),
  name_fr    TEXT NOT NULL CHECK (length(name_fr) BETWEEN 1 AND 40),
  name_en    TEXT NOT NULL CHECK (length(name_en) BETWEEN 1 AND 40),
  threshold  INTEGER NOT NULL UNIQUE CHECK (threshold BETWEEN 0 AND 100000000),
  updated_at INTEGER NOT NULL
) STRICT;

-- The thresholds and names move out of the default loyalty design (where they were), else the defaults.
INSERT INTO loyalty_tiers (id, name_fr, name_en, threshold, updated_at)
  SELECT json_extract(t.value, '$.id'),
         substr(COALESCE(NULLIF(json_extract(t.value, '$.label.fr'), ''), json_extract(t.value, '$.id')), 1, 40),
         substr(COALESCE(NULLIF(json_extract(t.value, '$.label.en'), ''), NULLIF(json_extract(t.value, '$.label.fr'), ''), json_extract(t.value, '$.id')), 1, 40),
         MAX(0, CAST(COALESCE(json_extract(t.value, '$.minPoints'), 0) AS INTEGER)), 0
  FROM (SELECT design FROM card_designs WHERE kind = 'loyalty' AND json_valid(design)
        ORDER BY is_default DESC, id LIMIT 1) d, json_each(d.design, '$.tiers') t
  WHERE json_type(t.value, '$.id') = 'text'
    AND length(json_extract(t.value, '$.id')) BETWEEN 1 AND 30
    AND json_extract(t.value, '$.id') NOT GLOB '*[^a-z0-9_-]*'
  ORDER BY json_extract(t.value, '$.minPoints')
  ON CONFLICT DO NOTHING;
INSERT INTO loyalty_tiers (id, name_fr, name_en, threshold, updated_at)
  SELECT 'member', 'Membre', 'Member', 0, 0 WHERE NOT EXISTS (SELECT 1 FROM loyalty_tiers);
INSERT INTO loyalty_tiers (id, name_fr, name_en, threshold, updated_at)
  SELECT 'silver', 'Argent', 'Silver', 500, 0 WHERE (SELECT COUNT(*) FROM loyalty_tiers) = 1 AND EXISTS (SELECT 1 FROM loyalty_tiers WHERE id = 'member');
INSERT INTO loyalty_tiers (id, name_fr, name_en, threshold, updated_at)
  SELECT 'gold', 'Or', 'Gold', 1500, 0 WHERE (SELECT COUNT(*) FROM loyalty_tiers) = 2 AND EXISTS (SELECT 1 FROM loyalty_tiers WHERE id = 'silver');
-- The lowest tier is where everyone starts.
UPDATE loyalty_tiers SET threshold = 0 WHERE id = (SELECT id FROM loyalty_tiers ORDER BY threshold LIMIT 1);

-- Designs keep a tier's look only: its id, colours and strip.
UPDATE card_designs SET design = json_set(design, '$.tiers',
    (SELECT json_group_array(json_remove(t.value, '$.minPoints', '$.label', '$.colors')) FROM json_each(design, '$.tiers') t))
  WHERE json_valid(design) AND json_type(design, '$.tiers') = 'array';

-- Extra facts on each ledger line, and a key that makes a one-time credit (a referral reward, a purchase's points,
-- a redemption sent twice by a double tap) impossible to write twice.
ALTER TABLE points_ledger ADD COLUMN once_key TEXT;
ALTER TABLE points_ledger ADD COLUMN detail TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(detail));
CREATE UNIQUE INDEX points_ledger_once ON points_ledger (once_key) WHERE once_key IS NOT NULL;
CREATE INDEX points_ledger_purchase ON points_ledger (purchase_id) WHERE purchase_id IS NOT NULL;
-- Points expiry looks for credits that reached their age.
CREATE INDEX points_ledger_credits_time ON points_ledger (created_at) WHERE delta > 0;

-- The ledger's caches on customers, from the ledger, and every tier from the rule.
UPDATE customers SET
  points_balance = COALESCE((SELECT SUM(delta) FROM points_ledger l WHERE l.customer_id = customers.id), 0),
  lifetime_points = COALESCE((SELECT SUM(delta) FROM points_ledger l WHERE l.customer_id = customers.id AND delta > 0), 0);
UPDATE customers SET tier = (SELECT id FROM loyalty_tiers WHERE threshold <= customers.lifetime_points ORDER BY threshold DESC LIMIT 1);

-- Tier changes, for the customer's timeline and the coming automations ("tier reached").
CREATE TABLE loyalty_tier_changes (
  id          INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  from_tier   TEXT NOT NULL,
  to_tier     TEXT NOT NULL,
  changed_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX loyalty_tier_changes_customer ON loyalty_tier_changes (customer_id, changed_at);

-- Bonus events: a multiplier on purchase points over a period (e.g. double points for a week).
CREATE TABLE loyalty_bonus_events (
  id              INTEGER PRIMARY KEY,
  name_fr         TEXT NOT NULL CHECK (length(name_fr) BETWEEN 1 AND 80),
  name_en         TEXT NOT NULL CHECK (length(name_en) BETWEEN 1 AND 80),
  multiplier_x100 INTEGER NOT NULL CHECK (multiplier_x100 BETWEEN 101 AND 1000),
  channel         TEXT NOT NULL DEFAULT 'all' CHECK (channel IN ('all', 'store', 'online')),
  starts_at       INTEGER NOT NULL,
  ends_at         INTEGER NOT NULL,
  created_at      INTEGER NOT NULL,
  CHECK (ends_at > starts_at)
) STRICT;
CREATE INDEX loyalty_bonus_events_time ON loyalty_bonus_events (ends_at, starts_at);

-- Rewards: points turned into something at the till ('instant'), or into a one-time coupon card issued from a
-- coupon design ('coupon').
CREATE TABLE loyalty_rewards (
  id                INTEGER PRIMARY KEY,
  name_fr           TEXT NOT NULL CHECK (length(name_fr) BETWEEN 1 AND 80),
  name_en           TEXT NOT NULL CHECK (length(name_en) BETWEEN 1 AND 80),
  cost_points       INTEGER NOT NULL CHECK (cost_points BETWEEN 1 AND 100000000),
  kind              TEXT NOT NULL CHECK (kind IN ('instant', 'coupon')),
  coupon_design_id  INTEGER REFERENCES card_designs (id) ON DELETE SET NULL,
  coupon_valid_days INTEGER CHECK (coupon_valid_days IS NULL OR coupon_valid_days BETWEEN 1 AND 3650),
  active            INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at        INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL
) STRICT;

-- A coupon: used once at the till, then void. Its code is what the coupon card's barcode carries.
CREATE TABLE coupons (
  id                INTEGER PRIMARY KEY,
  code              TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 6 AND 40),
  customer_id       INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  reward_id         INTEGER REFERENCES loyalty_rewards (id) ON DELETE SET NULL,
  design_id         INTEGER REFERENCES card_designs (id) ON DELETE SET NULL,
  name_fr           TEXT NOT NULL,
  name_en           TEXT NOT NULL,
  status            TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'redeemed', 'void')),
  issued_at         INTEGER NOT NULL,
  expires_at        INTEGER,
  redeemed_at       INTEGER,
  redeemed_by       TEXT,
  redeemed_store_id INTEGER REFERENCES stores (id) ON DELETE SET NULL,
  CHECK (status <> 'redeemed' OR redeemed_at IS NOT NULL)
) STRICT;
CREATE INDEX coupons_customer ON coupons (customer_id, issued_at);
-- One live coupon per coupon card (a card is one per customer and design).
CREATE UNIQUE INDEX coupons_active_card ON coupons (customer_id, design_id) WHERE status = 'active';

-- ── staff ──────────────────────────────────────────────────────────────────────────────────────────────────────────
-- Staff who scan cards on their own phones through the tunnel: a name and a PIN (scrypt), locked after failures.
CREATE TABLE staff (
  id              INTEGER PRIMARY KEY,
  name            TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 60),
  pin_hash        TEXT NOT NULL,
  active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  failed_attempts INTEGER NOT NULL DEFAULT 0,
  locked_until    INTEGER,
  last_login_at   INTEGER,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL
) STRICT;

CREATE TABLE staff_sessions (
  token_hash  TEXT PRIMARY KEY,          -- sha256 of the cookie value
  staff_id    INTEGER NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX staff_sessions_staff ON staff_sessions (staff_id);

-- ── mail ───────────────────────────────────────────────────────────────────────────────────────────────────────────
-- The shop's SMTP provider (one row). The password is needed to send, so it is stored as given: the database file is
-- private to the shop computer (like the signing key).
CREATE TABLE smtp_settings (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  host       TEXT NOT NULL,
  port       INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
  secure     INTEGER NOT NULL CHECK (secure IN (0, 1)),
  username   TEXT NOT NULL DEFAULT '',
  password   TEXT NOT NULL DEFAULT '',
  from_email TEXT NOT NULL,
  from_name  TEXT NOT NULL DEFAULT '',
  updated_at INTEGER NOT NULL
) STRICT;

-- Every mail sent, once per key: a job run twice (after a crash) finds it here and does not send again.
CREATE TABLE mails_sent (
  id          INTEGER PRIMARY KEY,
  once_key    TEXT NOT NULL UNIQUE,
  customer_id INTEGER REFERENCES customers (id) ON DELETE CASCADE,
  kind        TEXT NOT NULL,
  recipient   TEXT NOT NULL,
  sent_at     INTEGER NOT NULL
) STRICT;
CREATE INDEX mails_sent_customer ON mails_sent (customer_id, sent_at);

