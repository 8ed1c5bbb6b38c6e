-- Apple signing identities, and bulk exports of passes.

-- What signs every Apple pass: the Pass Type ID certificate, its private key (PKCS#8, unencrypted: it is read at every
-- start without a person to type a passphrase) and the WWDR certificate that issued it. One row per source: the
-- development identity Passerelle makes for itself on first need, and the one the shop imported. The imported one
-- signs when present; deleting it falls back to the development one. An import replaces its row in one statement,
-- after every check passed, so a refused import leaves everything as it was.
-- Kept in the database rather than in loose files so that a backup restores the identity together with the passes it
-- signed (installed passes can only be updated by the same pass type identifier), and so that the CLI and a running
-- server see the same identity (the fingerprint tells a process that another one changed it).
CREATE TABLE signing_identities (
  source               TEXT PRIMARY KEY CHECK (source IN ('development', 'imported')),
  certificate_pem      TEXT NOT NULL CHECK (certificate_pem LIKE '-----BEGIN CERTIFICATE-----%'),
  private_key_pem      TEXT NOT NULL CHECK (private_key_pem LIKE '-----BEGIN PRIVATE KEY-----%'),
  wwdr_pem             TEXT NOT NULL CHECK (wwdr_pem LIKE '-----BEGIN CERTIFICATE-----%'),
  pass_type_identifier TEXT NOT NULL CHECK (length(pass_type_identifier) BETWEEN 1 AND 255),
  team_identifier      TEXT NOT NULL CHECK (length(team_identifier) BETWEEN 1 AND 64),
  not_after            INTEGER NOT NULL,  -- the certificate's expiry, epoch ms
  fingerprint          TEXT NOT NULL CHECK (length(fingerprint) = 64 AND fingerprint NOT GLOB '*[^0-9a-f]*'),
  created_at           INTEGER NOT NULL
) STRICT;

-- A bulk export (zip of .pkpass files + links.csv) written in the background into <dataDir>/exports/. A row left
-- 'running' by a process that stopped is marked failed at the next start.
CREATE TABLE pass_exports (
  id          INTEGER PRIMARY KEY,
  status      TEXT NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done', 'failed')),
  scope       TEXT NOT NULL CHECK (json_valid(scope)),  -- {"scope":"all"} or {"customerIds":[…]}
  total       INTEGER NOT NULL CHECK (total >= 0),
  done        INTEGER NOT NULL DEFAULT 0 CHECK (done >= 0 AND done <= total),
  file        TEXT CHECK (file IS NULL OR (file GLOB 'passes-*.zip' AND file NOT GLOB '*[/\]*')),
  error       TEXT,
  created_at  INTEGER NOT NULL,
  finished_at INTEGER,
  CHECK (status <> 'done' OR (file IS NOT NULL AND done = total))
) STRICT;
CREATE INDEX pass_exports_status ON pass_exports (status) WHERE status = 'running';
