import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type Db } from '../connection.js';
import { migrationsDir } from '../index.js';
import { loadMigrations, migrate } from '../migrate.js';

describe('migration 007_google_wallet', () => {
  let db: Db;
  beforeEach(() => {
    db = openDatabase(':memory:');
    migrate(db, loadMigrations(migrationsDir()), 6);
    db.exec(`INSERT INTO customers (id, first_name, referral_code, created_at, updated_at) VALUES (1, 'A', 'R1', 0, 0);
      INSERT INTO card_designs (id, name, kind, design, created_at, updated_at) VALUES (1, 'd', 'loyalty', '{}', 0, 0);
      INSERT INTO passes (id, customer_id, design_id, platform, serial, auth_token, download_id, updated_at, created_at)
        VALUES (1, 1, 1, 'google', 'S1', 'tok', 'dl1', 5, 5);`);
    migrate(db, loadMigrations(migrationsDir()), 7);
  });
  afterEach(() => closeDatabase(db));

  it('draws a namespace once and starts without a key', () => {
    const row = db.prepare('SELECT namespace, client_email, private_key_pem FROM google_account').get() as Record<string, unknown>;
    expect(row.namespace).toMatch(/^[0-9a-f]{8}$/);
    expect(row.client_email).toBeNull();
    expect(() => db.prepare('INSERT INTO google_account (id, namespace) VALUES (2, ?)').run('abcdefgh')).toThrow(/CHECK/);
  });

  it('keeps the e-mail, key and fingerprint together', () => {
    expect(() => db.prepare(`UPDATE google_account SET client_email = 'a@b.c'`).run()).toThrow(/CHECK/);
    expect(() => db.prepare(`UPDATE google_account SET client_email = 'a@b.c', private_key_pem = 'secret', key_fingerprint = ?`).run('a'.repeat(64))).toThrow(/CHECK/);
    db.prepare(`UPDATE google_account SET client_email = 'a@b.c', private_key_pem = '-----BEGIN PRIVATE KEY-----x', key_fingerprint = ?`).run('a'.repeat(64));
  });

  it('removes a card’s sync state, messages and notifications with its pass', () => {
    db.exec(`INSERT INTO google_objects (pass_id) VALUES (1);
      INSERT INTO google_messages (pass_id, header, body, created_at) VALUES (1, 'Message', 'Bonjour', 0);
      INSERT INTO google_notifications (pass_id, kind, sent_at) VALUES (1, 'message', 0);`);
    expect(() => db.prepare(`UPDATE google_messages SET status = 'sent'`).run()).toThrow(/CHECK/);
    expect(() => db.prepare(`UPDATE google_messages SET fallback_reason = 'tired'`).run()).toThrow(/CHECK/);
    db.prepare('DELETE FROM passes WHERE id = 1').run();
    for (const t of ['google_objects', 'google_messages', 'google_notifications']) {
      expect(db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get()).toEqual({ n: 0 });
    }
  });
});
