-- Apple Wallet web service: the update tag of each pass, its lock-screen message, and what devices log to us.

-- The tag Wallet's "what changed?" call compares (passesUpdatedSince, answered as lastUpdated). Every change takes
-- the next value of one global sequence: max(previous + 1, now in epoch ms). Strictly increasing even for two
-- changes in the same millisecond, and still later than every tag a phone holds after a backup from yesterday is
-- restored (the clock moved on), which a bare counter would not be. 0 = never changed since it was issued.
ALTER TABLE passes ADD COLUMN update_tag INTEGER NOT NULL DEFAULT 0 CHECK (update_tag >= 0);

CREATE TABLE pass_update_seq (
  id       INTEGER PRIMARY KEY CHECK (id = 1),
  last_tag INTEGER NOT NULL CHECK (last_tag >= 0)
) STRICT;
INSERT INTO pass_update_seq (id, last_tag) VALUES (1, 0);

-- The latest lock-screen message: the value of the design's reserved "message" back field, whose changeMessage "%@"
-- makes Wallet show the new value as a notification.
ALTER TABLE passes ADD COLUMN message TEXT NOT NULL DEFAULT '' CHECK (length(message) <= 500);

-- What Wallet posts to /v1/log, to debug the web service. Anyone may post there, so it is bounded: entries are cut
-- to 1,000 characters and only the latest few thousand are kept. pass_id is set when a message names one of our
-- serial numbers, so that a customer's page can show the lines about their card.
CREATE TABLE webservice_logs (
  id          INTEGER PRIMARY KEY,
  message     TEXT NOT NULL CHECK (length(message) <= 1000),
  pass_id     INTEGER REFERENCES passes (id) ON DELETE SET NULL,
  received_at INTEGER NOT NULL
) STRICT;
CREATE INDEX webservice_logs_pass ON webservice_logs (pass_id, id) WHERE pass_id IS NOT NULL;

-- "How many devices hold this customer's card" and "which devices hold these passes" both start from the pass.
CREATE INDEX devices_push_token ON devices (push_token);
