import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type Db } from '../connection.js';
import { migrationsDir } from '../index.js';
import { loadMigrations, migrate } from '../migrate.js';

const NOW = 1_760_000_000_000;
const SHA256 = 'a'.repeat(64);
const SHA1 = 'b'.repeat(40);

describe('migration 002_designs_images', () => {
  let db: Db;
  beforeEach(() => {
    db = openDatabase(':memory:');
  });
  afterEach(() => closeDatabase(db));

  const upTo = (version: number) => migrate(db, loadMigrations(migrationsDir()), version);
  const insertDesign = (name: string, isDefault = 0, kind = 'loyalty') =>
    db
      .prepare(
        `INSERT INTO card_designs (name, kind, version, design, is_default, created_at, updated_at) VALUES (?, ?, 3, '{"a":1}', ?, ?, ?)`,
      )
      .run(name, kind, isDefault, NOW, NOW).lastInsertRowid as number;
  const insertImage = (id = SHA256, bytes = Buffer.from('png bytes')) =>
    db
      .prepare(`INSERT INTO images (id, mime, width, height, byte_size, original, created_at) VALUES (?, 'image/png', 100, 50, ?, ?, ?)`)
      .run(id, bytes.length, bytes, NOW);
  const insertVariant = (role: string, scale: number, imageId = SHA256) =>
    db
      .prepare(
        `INSERT INTO image_variants (image_id, role, scale, width, height, png, sha1, created_at) VALUES (?, ?, ?, 29, 29, x'89504e47', ?, ?)`,
      )
      .run(imageId, role, scale, SHA1, NOW);

  it('creates the version, image and variant tables', () => {
    upTo(2);
    const tables = db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all()
      .map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['card_design_versions', 'images', 'image_variants']));
  });

  it('starts the history of existing designs at their current version and keeps one default per kind', () => {
    upTo(1);
    const a = insertDesign('A', 1);
    const b = insertDesign('B', 1);
    const c = insertDesign('C', 1, 'coupon');
    upTo(2);
    expect(db.prepare('SELECT design_id, version, name, content FROM card_design_versions ORDER BY design_id').all()).toEqual([
      { design_id: a, version: 3, name: 'A', content: '{"a":1}' },
      { design_id: b, version: 3, name: 'B', content: '{"a":1}' },
      { design_id: c, version: 3, name: 'C', content: '{"a":1}' },
    ]);
    expect(db.prepare('SELECT id FROM card_designs WHERE is_default = 1 ORDER BY id').all()).toEqual([{ id: a }, { id: c }]);
    expect(() => db.prepare('UPDATE card_designs SET is_default = 1 WHERE id = ?').run(b)).toThrow(/UNIQUE/);
  });

  it('keeps each version once, cascades versions with their design, and refuses broken JSON', () => {
    upTo(2);
    const id = insertDesign('A');
    const add = db.prepare(
      `INSERT INTO card_design_versions (design_id, version, name, content, created_at) VALUES (?, ?, 'A', ?, ?)`,
    );
    add.run(id, 1, '{}', NOW);
    expect(() => add.run(id, 1, '{}', NOW)).toThrow(/UNIQUE|PRIMARY/);
    expect(() => add.run(id, 2, '{not json', NOW)).toThrow(/CHECK/);
    expect(() => add.run(id, 0, '{}', NOW)).toThrow(/CHECK/);
    expect(() => add.run(9999, 1, '{}', NOW)).toThrow(/FOREIGN KEY/);
    db.prepare('DELETE FROM card_designs WHERE id = ?').run(id);
    expect(db.prepare('SELECT COUNT(*) AS n FROM card_design_versions').get()).toEqual({ n: 0 });
  });

  it('stores images content-addressed, once, with their variants cascading', () => {
    upTo(2);
    insertImage();
    expect(() => insertImage()).toThrow(/UNIQUE|PRIMARY/);
    insertVariant('icon', 1);
    insertVariant('strip-144', 3);
    insertVariant('google-hero', 1);
    expect(() => insertVariant('icon', 1)).toThrow(/UNIQUE|PRIMARY/);
    expect(() => insertVariant('icon', 2, 'c'.repeat(64))).toThrow(/FOREIGN KEY/);
    db.prepare('DELETE FROM images WHERE id = ?').run(SHA256);
    expect(db.prepare('SELECT COUNT(*) AS n FROM image_variants').get()).toEqual({ n: 0 });
  });

  it('rejects values outside their domain', () => {
    upTo(2);
    insertImage();
    const bad = [
      `INSERT INTO images (id, mime, width, height, byte_size, original, created_at) VALUES ('XYZ', 'image/png', 1, 1, 1, x'00', 1)`,
      `INSERT INTO images (id, mime, width, height, byte_size, original, created_at) VALUES ('${'d'.repeat(64)}', 'image/gif', 1, 1, 1, x'00', 1)`,
      `INSERT INTO images (id, mime, width, height, byte_size, original, created_at) VALUES ('${'d'.repeat(64)}', 'image/png', 5000, 1, 1, x'00', 1)`,
      `INSERT INTO images (id, mime, width, height, byte_size, original, created_at) VALUES ('${'d'.repeat(64)}', 'image/png', 1, 1, 7, x'00', 1)`,
      `INSERT INTO image_variants (image_id, role, scale, width, height, png, sha1, created_at) VALUES ('${SHA256}', 'icon', 4, 1, 1, x'00', '${SHA1}', 1)`,
      `INSERT INTO image_variants (image_id, role, scale, width, height, png, sha1, created_at) VALUES ('${SHA256}', '../icon', 1, 1, 1, x'00', '${SHA1}', 1)`,
      `INSERT INTO image_variants (image_id, role, scale, width, height, png, sha1, created_at) VALUES ('${SHA256}', 'icon', 1, 1, 1, x'00', 'nothex', 1)`,
      `INSERT INTO image_variants (image_id, role, scale, width, height, png, sha1, created_at) VALUES ('${SHA256}', 'icon', 1, 0, 1, x'00', '${SHA1}', 1)`,
    ];
    for (const sql of bad) expect(() => db.exec(sql), sql).toThrow();
  });

  it('answers the hot queries from indexes (query plans)', () => {
    upTo(2);
    const plan = (sql: string) =>
      db
        .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
        .all()
        .map((r) => r.detail)
        .join(' | ');
    expect(plan("SELECT png, sha1 FROM image_variants WHERE image_id = 'x' AND role = 'icon' AND scale = 2")).toMatch(
      /SEARCH image_variants USING (PRIMARY KEY|INDEX sqlite_autoindex_image_variants_1)/,
    );
    expect(plan('SELECT content FROM card_design_versions WHERE design_id = 1 AND version = 2')).toMatch(
      /SEARCH card_design_versions USING (PRIMARY KEY|INDEX sqlite_autoindex)/,
    );
    expect(plan("SELECT width FROM images WHERE id = 'x'")).toMatch(/SEARCH images USING INDEX sqlite_autoindex_images_1/);
    expect(plan('SELECT COUNT(*) FROM passes WHERE design_id = 1')).toMatch(/passes_design/);
    expect(plan("SELECT id FROM card_designs WHERE kind = 'loyalty' AND is_default = 1")).toMatch(/card_designs_default_per_kind/);
  });
});
