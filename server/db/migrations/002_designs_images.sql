-- Card designs keep every saved version (a pass issued from version 3 can be rebuilt as it was), and uploaded
-- images are stored content-addressed with their resized variants cached next to them.

-- card_designs.design holds the current content; each save also appends the version it became, in one transaction.
CREATE TABLE card_design_versions (
  design_id  INTEGER NOT NULL REFERENCES card_designs (id) ON DELETE CASCADE,
  version    INTEGER NOT NULL CHECK (version >= 1),
  name       TEXT NOT NULL,
  content    TEXT NOT NULL CHECK (json_valid(content)), -- JSON of DesignContent
  created_at INTEGER NOT NULL,
  PRIMARY KEY (design_id, version)
) STRICT;

-- Designs written before versions existed start their history at their current version.
INSERT INTO card_design_versions (design_id, version, name, content, created_at)
SELECT id, version, name, CASE WHEN json_valid(design) THEN design ELSE '{}' END, updated_at FROM card_designs;

-- One default design per kind (the one new customers get). Keep the oldest if an earlier build left several.
UPDATE card_designs SET is_default = 0
WHERE is_default = 1 AND id NOT IN (SELECT MIN(id) FROM card_designs WHERE is_default = 1 GROUP BY kind);
CREATE UNIQUE INDEX card_designs_default_per_kind ON card_designs (kind) WHERE is_default = 1;

-- "Is this design in use?" and "which passes does an edit touch?" both ask by design.
CREATE INDEX passes_design ON passes (design_id);

-- id is the SHA-256 of the original bytes: the same upload twice is the same row. width/height are the decoded
-- size (for SVG, the size it is rasterised at).
CREATE TABLE images (
  id         TEXT PRIMARY KEY CHECK (length(id) = 64 AND id NOT GLOB '*[^0-9a-f]*'),
  mime       TEXT NOT NULL CHECK (mime IN ('image/png', 'image/jpeg', 'image/svg+xml')),
  width      INTEGER NOT NULL CHECK (width BETWEEN 1 AND 4096),
  height     INTEGER NOT NULL CHECK (height BETWEEN 1 AND 4096),
  byte_size  INTEGER NOT NULL CHECK (byte_size > 0 AND byte_size = length(original)),
  original   BLOB NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;

-- A PNG made from an image for one size slot (role names the slot, e.g. 'icon', 'strip-144', 'google-hero'),
-- made on first use. sha1 is computed once here and goes straight into every manifest.json.
-- role is checked for shape only, so that a new Apple or Google slot needs no table rebuild.
CREATE TABLE image_variants (
  image_id   TEXT NOT NULL REFERENCES images (id) ON DELETE CASCADE,
  role       TEXT NOT NULL CHECK (role GLOB '[a-z]*' AND role NOT GLOB '*[^a-z0-9-]*'),
  scale      INTEGER NOT NULL CHECK (scale IN (1, 2, 3)),
  width      INTEGER NOT NULL CHECK (width > 0),
  height     INTEGER NOT NULL CHECK (height > 0),
  png        BLOB NOT NULL,
  sha1       TEXT NOT NULL CHECK (length(sha1) = 40 AND sha1 NOT GLOB '*[^0-9a-f]*'),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (image_id, role, scale)
) STRICT;
