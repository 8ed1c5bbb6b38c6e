import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type Db } from '../connection.js';
import { migrationsDir } from '../index.js';
import { loadMigrations, migrate } from '../migrate.js';

describe('migration 004_wallet_webservice', () => {
  let db: Db;
  beforeEach(() => {
    db = openDatabase(':memory:');
    migrate(db, loadMigrations(migrationsDir()), 3);
    db.exec(`INSERT INTO customers (id, first_name, referral_code, created_at, updated_at) VALUES (1, 'A', 'R1', 0, 0);
      INSERT INTO card_designs (id, name, kind, design, created_at, updated_at) VALUES (1, 'd', 'loyalty', '{}', 0, 0);
      INSERT INTO passes (id, customer_id, design_id, platform, serial, pass_type_identifier, auth_token, download_id, updated_at, created_at)
        VALUES (1, 1, 1, 'apple', 'S1', 'pass.a', 'tok', 'dl1', 5, 5);`);
    migrate(db, loadMigrations(migrationsDir()), 4);
  });
  afterEach(() => closeDatabase(db));

  it('gives existing passes tag 0 and no message, and starts the tag sequence at 0', () => {
    expect(db.prepare('SELECT update_tag, message FROM passes WHERE id = 1').get()).toEqual({ update_tag: 0, message: '' });
    expect(db.prepare('SELECT id, last_tag FROM pass_update_seq').all()).toEqual([{ id: 1, last_tag: 0 }]);
    expect(() => db.prepare('INSERT INTO pass_update_seq (id, last_tag) VALUES (2, 0)').run()).toThrow(/CHECK/);
  });

  it('bounds messages and device log lines', () => {
    expect(() => db.prepare('UPDATE passes SET message = ? WHERE id = 1').run('x'.repeat(501))).toThrow(/CHECK/);
    expect(() => db.prepare('UPDATE passes SET update_tag = -1 WHERE id = 1').run()).toThrow(/CHECK/);
    expect(() => db.prepare('INSERT INTO webservice_logs (message, received_at) VALUES (?, 0)').run('x'.repeat(1001))).toThrow(/CHECK/);
  });

  it('keeps a device log line when its pass is deleted', () => {
    db.prepare(`INSERT INTO webservice_logs (message, pass_id, received_at) VALUES ('about S1', 1, 0)`).run();
    db.prepare('DELETE FROM passes WHERE id = 1').run();
    expect(db.prepare('SELECT message, pass_id FROM webservice_logs').all()).toEqual([{ message: 'about S1', pass_id: null }]);
  });
});
