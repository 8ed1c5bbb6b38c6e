-- Google Wallet: the issuer's service-account key, the classes and objects kept in sync with Google, the messages sent
-- to them, the notifications counted against Google's 3 per object per 24 hours, and the callbacks already seen.
-- A customer's Google card is a `passes` row with platform 'google' (its serial names the Google object).

-- One row. `namespace` is drawn once per database and prefixes every class and object id, so that two installs
-- sharing an issuer account (a demo and the shop's own) never overwrite each other's classes. The service-account
-- key is kept here like the Apple signing key (a backup carries it; the CLI and the server see the same one); it is
-- never logged.
CREATE TABLE google_account (
  id              INTEGER PRIMARY KEY CHECK (id = 1),
  namespace       TEXT NOT NULL CHECK (length(namespace) = 8 AND namespace NOT GLOB '*[^a-z0-9]*'),
  client_email    TEXT CHECK (client_email IS NULL OR length(client_email) BETWEEN 3 AND 320),
  private_key_pem TEXT CHECK (private_key_pem IS NULL OR private_key_pem LIKE '-----BEGIN PRIVATE KEY-----%'),
  private_key_id  TEXT NOT NULL DEFAULT '',
  project_id      TEXT NOT NULL DEFAULT '',
  key_fingerprint TEXT CHECK (key_fingerprint IS NULL OR (length(key_fingerprint) = 64 AND key_fingerprint NOT GLOB '*[^0-9a-f]*')),
  key_saved_at    INTEGER,
  -- The last thing Google said about our calls: Settings shows it ("the service account is not a user of the issuer").
  last_error      TEXT,
  last_error_at   INTEGER,
  last_ok_at      INTEGER,
  CHECK ((client_email IS NULL) = (private_key_pem IS NULL) AND (client_email IS NULL) = (key_fingerprint IS NULL))
) STRICT;
INSERT INTO google_account (id, namespace) VALUES (1, lower(hex(randomblob(4))));

-- Each class as Google last accepted it (a hash of the body), so that a design edit that changes nothing a class
-- shows costs no call.
CREATE TABLE google_classes (
  class_id  TEXT PRIMARY KEY,
  design_id INTEGER NOT NULL REFERENCES card_designs (id) ON DELETE CASCADE,
  body_hash TEXT NOT NULL,
  synced_at INTEGER NOT NULL
) STRICT;

-- One row per Google card. body_hash: of the object body Google last accepted (NULL: never inserted). A change the
-- customer should be told about (points, tier) bumps notify_seq in the same transaction; the sync sends the next
-- patch with notifyPreference NOTIFY_ON_UPDATE and records the seq it covered in notified_seq.
CREATE TABLE google_objects (
  pass_id      INTEGER PRIMARY KEY REFERENCES passes (id) ON DELETE CASCADE,
  state        TEXT NOT NULL DEFAULT 'ACTIVE' CHECK (state IN ('ACTIVE', 'EXPIRED', 'INACTIVE')),
  body_hash    TEXT,
  notify_seq   INTEGER NOT NULL DEFAULT 0 CHECK (notify_seq >= 0),
  notified_seq INTEGER NOT NULL DEFAULT 0 CHECK (notified_seq >= 0),
  synced_at    INTEGER,
  last_error   TEXT
) STRICT;

-- Lock-screen messages for Google cards, queued in the transaction that asked for them and sent by the google.object
-- job with addMessage. fallback_reason says why a message went as TEXT rather than TEXT_AND_NOTIFY: 'quota' (3
-- notifications in 24 hours counted here) or 'google-quota' (Google answered QuotaExceededException).
CREATE TABLE google_messages (
  id              INTEGER PRIMARY KEY,
  pass_id         INTEGER NOT NULL REFERENCES passes (id) ON DELETE CASCADE,
  header          TEXT NOT NULL CHECK (length(header) <= 200),
  body            TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 500),
  status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  message_type    TEXT CHECK (message_type IN ('TEXT', 'TEXT_AND_NOTIFY')),
  fallback_reason TEXT CHECK (fallback_reason IN ('quota', 'google-quota')),
  error           TEXT,
  created_at      INTEGER NOT NULL,
  sent_at         INTEGER,
  CHECK (status <> 'sent' OR (message_type IS NOT NULL AND sent_at IS NOT NULL))
) STRICT;
CREATE INDEX google_messages_pass ON google_messages (pass_id, status, id);

-- Every notifying update or message sent, to keep each object within 3 per 24 hours.
CREATE TABLE google_notifications (
  pass_id INTEGER NOT NULL REFERENCES passes (id) ON DELETE CASCADE,
  kind    TEXT NOT NULL CHECK (kind IN ('message', 'update')),
  sent_at INTEGER NOT NULL
) STRICT;
CREATE INDEX google_notifications_pass ON google_notifications (pass_id, sent_at);

-- Nonces of accepted save/delete callbacks: the same message twice is a replay. Old ones are purged (a message
-- expires long before).
CREATE TABLE google_callback_nonces (
  nonce       TEXT PRIMARY KEY CHECK (length(nonce) BETWEEN 1 AND 200),
  received_at INTEGER NOT NULL
) STRICT;
CREATE INDEX google_callback_nonces_age ON google_callback_nonces (received_at);

-- Google cards have no device registrations: a card is in a wallet when its latest save/delete callback was a save.
-- "The latest install event of this card" is asked per card.
CREATE INDEX wallet_events_pass ON wallet_events (pass_id, kind, id);
