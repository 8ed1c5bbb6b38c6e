import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type Db } from '../connection.js';
import { migrationsDir } from '../index.js';
import { loadMigrations, migrate } from '../migrate.js';

const NOW = 1_760_000_000_000;

describe('migration 001_core', () => {
  let db: Db;
  beforeEach(() => {
    db = openDatabase(':memory:');
    migrate(db, loadMigrations(migrationsDir()), 1);
  });
  afterEach(() => closeDatabase(db));

  const insertCustomer = (email: string, code: string) =>
    db
      .prepare(
        `INSERT INTO customers (email, first_name, referral_code, created_at, updated_at) VALUES (?, 'A', ?, ?, ?)`,
      )
      .run(email, code, NOW, NOW).lastInsertRowid as number;

  it('creates the core tables', () => {
    const tables = db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all()
      .map((t) => t.name);
    expect(tables).toEqual(
      expect.arrayContaining([
        'settings', 'admin_sessions', 'login_tokens', 'stores', 'card_designs', 'customers', 'purchases',
        'points_ledger', 'passes', 'devices', 'registrations', 'wallet_events', 'jobs',
      ]),
    );
  });

  it('keeps emails unique whatever their case, and external ids idempotent', () => {
    const id = insertCustomer('Anne@Example.fr', 'R1');
    expect(() => insertCustomer('anne@example.fr', 'R2')).toThrow(/UNIQUE/);
    const purchase = db.prepare(
      `INSERT INTO purchases (customer_id, channel, amount_cents, external_id, purchased_at) VALUES (?, 'store', 1250, 'pos-1', ?)`,
    );
    purchase.run(id, NOW);
    expect(() => purchase.run(id, NOW)).toThrow(/UNIQUE/);
  });

  it('enforces foreign keys and cascades a customer’s purchases, ledger and passes', () => {
    expect(() =>
      db.prepare(`INSERT INTO purchases (customer_id, channel, amount_cents, purchased_at) VALUES (999, 'store', 1, ?)`).run(NOW),
    ).toThrow(/FOREIGN KEY/);
    const id = insertCustomer('b@example.fr', 'R3');
    db.prepare(`INSERT INTO purchases (customer_id, channel, amount_cents, purchased_at) VALUES (?, 'online', 500, ?)`).run(id, NOW);
    db.prepare(`INSERT INTO points_ledger (customer_id, delta, reason, created_at) VALUES (?, 5, 'purchase', ?)`).run(id, NOW);
    const design = db
      .prepare(`INSERT INTO card_designs (name, kind, design, created_at, updated_at) VALUES ('Carte', 'loyalty', '{}', ?, ?)`)
      .run(NOW, NOW).lastInsertRowid;
    db.prepare(
      `INSERT INTO passes (customer_id, design_id, platform, serial, auth_token, download_id, updated_at, created_at)
       VALUES (?, ?, 'apple', 'S1', 'tokentokentoken12', 'dl1', ?, ?)`,
    ).run(id, design, NOW, NOW);
    db.prepare('DELETE FROM customers WHERE id = ?').run(id);
    for (const t of ['purchases', 'points_ledger', 'passes']) {
      expect(db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get()).toEqual({ n: 0 });
    }
  });

  it('rejects values outside their domain (CHECK constraints, STRICT types)', () => {
    const id = insertCustomer('c@example.fr', 'R4');
    const bad = [
      `INSERT INTO purchases (customer_id, channel, amount_cents, purchased_at) VALUES (${id}, 'phone', 1, ${NOW})`,
      `INSERT INTO purchases (customer_id, channel, amount_cents, purchased_at) VALUES (${id}, 'store', -1, ${NOW})`,
      `INSERT INTO purchases (customer_id, channel, amount_cents, purchased_at) VALUES (${id}, 'store', 'lots', ${NOW})`,
      `INSERT INTO card_designs (name, kind, design, created_at, updated_at) VALUES ('x', 'spaceship', '{}', 1, 1)`,
      `INSERT INTO stores (name, latitude, longitude, geohash, created_at, updated_at) VALUES ('x', 91, 0, 'u', 1, 1)`,
      `INSERT INTO wallet_events (platform, kind, occurred_at) VALUES ('windows', 'installed', 1)`,
    ];
    for (const sql of bad) expect(() => db.exec(sql), sql).toThrow();
  });

  it('answers the hot queries from indexes (query plans)', () => {
    const plan = (sql: string) =>
      db
        .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
        .all()
        .map((r) => r.detail)
        .join(' | ');
    expect(plan('SELECT * FROM purchases WHERE customer_id = 1 AND purchased_at > 0')).toMatch(/purchases_customer_time/);
    expect(plan("SELECT serial FROM passes WHERE pass_type_identifier = 'p' AND updated_at > 0")).toMatch(/passes_updated_at/);
    expect(plan("SELECT id FROM jobs WHERE status = 'pending' AND run_at <= 5 ORDER BY run_at")).toMatch(/jobs_due/);
    expect(plan('SELECT device_id FROM registrations WHERE pass_id = 3')).toMatch(/registrations_pass/);
  });
});
