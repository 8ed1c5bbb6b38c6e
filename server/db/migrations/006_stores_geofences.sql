-- Stores become editable geofences, and each customer's card carries the ten stores nearest to them.

-- A store that is not active stays in the list (and keeps its purchases) but is on no card.
ALTER TABLE stores ADD COLUMN active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1));
-- What the lock screen shows near the store, per language: JSON {"fr": "...", "en": "..."}. Empty: no text.
ALTER TABLE stores ADD COLUMN relevant_text TEXT NOT NULL DEFAULT '{"fr":"","en":""}';
-- Exceptional closures and openings (holidays, late openings): JSON
-- [{"from": "2025-12-25", "to": "2025-12-25", "hours": [], "note": "Noël"}], hours [] = closed on those days.
ALTER TABLE stores ADD COLUMN exceptions TEXT NOT NULL DEFAULT '[]';

-- Bumped by any change to the stores table (from this process, the CLI or another): what in-memory copies of the
-- stores (the nearest-stores index, the pass builder's store list) compare to know they are stale, in one lookup.
CREATE TABLE stores_revision (
  id  INTEGER PRIMARY KEY CHECK (id = 1),
  rev INTEGER NOT NULL
) STRICT;
INSERT INTO stores_revision (id, rev) VALUES (1, 1);
CREATE TRIGGER stores_revision_insert AFTER INSERT ON stores BEGIN UPDATE stores_revision SET rev = rev + 1; END;
CREATE TRIGGER stores_revision_update AFTER UPDATE ON stores BEGIN UPDATE stores_revision SET rev = rev + 1; END;
CREATE TRIGGER stores_revision_delete AFTER DELETE ON stores BEGIN UPDATE stores_revision SET rev = rev + 1; END;

-- The stores each customer's cards were last told about, nearest first (JSON array of store ids), and what they were
-- measured from. Cards are always built from a fresh computation; this row is what a refresh compares against, so
-- that only the cards whose list really changed are updated and pushed.
CREATE TABLE customer_nearest_stores (
  customer_id INTEGER PRIMARY KEY REFERENCES customers (id) ON DELETE CASCADE,
  store_ids   TEXT NOT NULL,
  basis       TEXT NOT NULL CHECK (basis IN ('preferredStore', 'home', 'postcode', 'city', 'department', 'busiest', 'none')),
  updated_at  INTEGER NOT NULL
) STRICT;

-- Customers whose list must be looked at again: new ones (their stored list is made, so that a later store change
-- knows what their cards show), and those whose anchor changed (preferred store, home, postcode, city), whoever
-- changed it: the customers feature, a CSV import, the API. The upkeep empties it.
CREATE TABLE customer_nearest_stale (
  customer_id INTEGER PRIMARY KEY REFERENCES customers (id) ON DELETE CASCADE
) STRICT;
CREATE TRIGGER customer_nearest_stale_insert AFTER INSERT ON customers BEGIN
  INSERT OR IGNORE INTO customer_nearest_stale (customer_id) VALUES (NEW.id);
END;
CREATE TRIGGER customer_nearest_stale_update
AFTER UPDATE OF preferred_store_id, latitude, longitude, postcode, city ON customers
WHEN NEW.preferred_store_id IS NOT OLD.preferred_store_id OR NEW.latitude IS NOT OLD.latitude
  OR NEW.longitude IS NOT OLD.longitude OR NEW.postcode IS NOT OLD.postcode OR NEW.city IS NOT OLD.city
BEGIN
  INSERT OR IGNORE INTO customer_nearest_stale (customer_id) VALUES (NEW.id);
END;

-- Whether each store was open when cards last showed its text: the opening-hours job compares it with now, so a
-- store that opened or closed while the server was off is caught up at the next start.
CREATE TABLE store_open_state (
  store_id   INTEGER PRIMARY KEY REFERENCES stores (id) ON DELETE CASCADE,
  open       INTEGER NOT NULL CHECK (open IN (0, 1)),
  changed_at INTEGER NOT NULL
) STRICT;
