import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type Db } from '../connection.js';
import { migrationsDir } from '../index.js';
import { loadMigrations, migrate } from '../migrate.js';

describe('migration 009_setup', () => {
  let db: Db;
  beforeEach(() => {
    db = openDatabase(':memory:');
    migrate(db, loadMigrations(migrationsDir()), 8);
    db.exec(`INSERT INTO settings (key, value, updated_at) VALUES ('brand.name', '"Maison"', 1)`);
    migrate(db, loadMigrations(migrationsDir()), 9);
  });
  afterEach(() => closeDatabase(db));

  it('keeps what was there and adds the two tables', () => {
    expect(db.prepare('SELECT value FROM settings').all()).toEqual([{ value: '"Maison"' }]);
    db.prepare(`INSERT INTO apple_pending_keys (public_key_sha256, private_key_pem, csr_pem, common_name, created_at) VALUES ('a', 'k', 'c', 'n', 1)`).run();
    expect(() =>
      db.prepare(`INSERT INTO apple_pending_keys (public_key_sha256, private_key_pem, csr_pem, common_name, created_at) VALUES ('a', 'k2', 'c2', 'n', 2)`).run(),
    ).toThrow(/UNIQUE/);
    db.prepare(`INSERT INTO self_test_nonces (nonce_sha256, expires_at) VALUES ('x', 5)`).run();
    expect(() => db.prepare(`INSERT INTO self_test_nonces (nonce_sha256, expires_at) VALUES ('x', 6)`).run()).toThrow(/UNIQUE|PRIMARY/);
  });
});
