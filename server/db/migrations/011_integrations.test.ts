import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type Db } from '../connection.js';
import { migrationsDir } from '../index.js';
import { loadMigrations, migrate } from '../migrate.js';

describe('migration 011_integrations', () => {
  let db: Db;
  beforeEach(() => {
    db = openDatabase(':memory:');
    migrate(db, loadMigrations(migrationsDir()), 9);
    db.prepare(
      `INSERT INTO customers (id, email, first_name, referral_code, preferences, points_balance, tier, created_at, updated_at)
       VALUES (1, 'a@example.fr', 'A', 'AAAAAAAA', '{"channels":[]}', 0, 'member', 0, 0)`,
    ).run();
    migrate(db, loadMigrations(migrationsDir()), 11);
  });
  afterEach(() => closeDatabase(db));

  it('keeps one external id per customer and one customer per external id, gone with the customer', () => {
    db.prepare(`INSERT INTO customer_external_ids (external_id, customer_id, created_at) VALUES ('shop-1', 1, 0)`).run();
    expect(() => db.prepare(`INSERT INTO customer_external_ids (external_id, customer_id, created_at) VALUES ('shop-2', 1, 0)`).run()).toThrow(/UNIQUE/);
    db.prepare('DELETE FROM customers WHERE id = 1').run();
    expect(db.prepare('SELECT COUNT(*) AS n FROM customer_external_ids').get()).toEqual({ n: 0 });
  });

  it('refuses a custom event without a name, a second event with the same sender id, and a secret not in the whsec_ form', () => {
    const event = db.prepare(
      `INSERT INTO customer_events (customer_id, type, name, external_id, occurred_at, received_at) VALUES (1, ?, ?, ?, 0, 0)`,
    );
    expect(() => event.run('custom', null, null)).toThrow(/CHECK/);
    event.run('cart_abandoned', null, 'cart-1');
    expect(() => event.run('cart_abandoned', null, 'cart-1')).toThrow(/UNIQUE/);
    expect(() =>
      db.prepare(`INSERT INTO webhook_endpoints (url, secret, created_at, updated_at) VALUES ('https://x.fr/h', 'plain', 0, 0)`).run(),
    ).toThrow(/CHECK/);
  });

  it('keeps a delivery per message and endpoint, removed with either', () => {
    db.prepare(`INSERT INTO webhook_endpoints (id, url, secret, created_at, updated_at) VALUES (1, 'https://x.fr/h', 'whsec_abc', 0, 0)`).run();
    db.prepare(`INSERT INTO webhook_messages (id, msg_id, type, body, created_at) VALUES (1, 'msg_1', 'customer.enrolled', '{}', 0)`).run();
    db.prepare(`INSERT INTO webhook_deliveries (message_id, endpoint_id, created_at) VALUES (1, 1, 0)`).run();
    expect(() => db.prepare(`INSERT INTO webhook_deliveries (message_id, endpoint_id, created_at) VALUES (1, 1, 0)`).run()).toThrow(/UNIQUE/);
    db.prepare('DELETE FROM webhook_endpoints WHERE id = 1').run();
    expect(db.prepare('SELECT COUNT(*) AS n FROM webhook_deliveries').get()).toEqual({ n: 0 });
  });
});
