import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type Db } from '../connection.js';
import { migrationsDir } from '../index.js';
import { loadMigrations, migrate } from '../migrate.js';

// This migration's number, and the one before it (renumbered at merges).
const VERSION = 12;

describe(`migration ${VERSION}_automations_kpis`, () => {
  let db: Db;
  const event = (passId: number, kind: string, at: number) =>
    db
      .prepare(`INSERT INTO wallet_events (pass_id, customer_id, platform, kind, occurred_at) SELECT id, customer_id, platform, ?, ? FROM passes WHERE id = ?`)
      .run(kind, at, passId);
  const welcomeJob = () =>
    db.prepare<[], { status: string; run_at: number; generation: number }>(`SELECT status, run_at, generation FROM jobs WHERE dedupe_key = 'automation.welcome'`).get();

  beforeEach(() => {
    db = openDatabase(':memory:');
    migrate(db, loadMigrations(migrationsDir()), VERSION - 1);
    db.exec(`INSERT INTO card_designs (id, name, kind, design, created_at, updated_at) VALUES (1, 'Carte', 'loyalty', '{}', 0, 0)`);
    const customer = db.prepare(`INSERT INTO customers (id, email, referral_code, birthday, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 0)`);
    customer.run(1, 'c1@example.fr', 'CODE1', '1990-03-14', Date.UTC(2024, 2, 14, 12));
    customer.run(2, 'c2@example.fr', 'CODE2', null, Date.UTC(2024, 5, 1, 12));
    const pass = db.prepare(
      `INSERT INTO passes (id, customer_id, design_id, platform, serial, auth_token, download_id, updated_at, created_at) VALUES (?, ?, 1, ?, ?, 'token-token-token-1', ?, 0, 0)`,
    );
    pass.run(10, 1, 'apple', 's10', 'd10');
    pass.run(20, 2, 'google', 's20', 'd20');
    event(10, 'installed', 100);
    event(10, 'uninstalled', 150);
    event(10, 'installed', 200);
    migrate(db, loadMigrations(migrationsDir()), VERSION);
  });
  afterEach(() => closeDatabase(db));

  it('records as activated every customer whose card was in a wallet before, at their first install', () => {
    expect(db.prepare('SELECT customer_id, installed_at FROM automation_activations').all()).toEqual([{ customer_id: 1, installed_at: 100 }]);
  });

  it('queues one welcome evaluation per batch of installs, in the install’s transaction', () => {
    expect(welcomeJob()).toBeUndefined();
    event(20, 'installed', 1_000);
    expect(welcomeJob()).toEqual({ status: 'pending', run_at: 1_000, generation: 0 });
    event(20, 'installed', 2_000);
    // Still one row, due at the earliest install, enqueued again (a claim in flight runs once more).
    expect(welcomeJob()).toEqual({ status: 'pending', run_at: 1_000, generation: 1 });
    db.prepare(`UPDATE jobs SET status = 'done' WHERE dedupe_key = 'automation.welcome'`).run();
    event(20, 'installed', 3_000);
    expect(welcomeJob()).toMatchObject({ status: 'pending', run_at: 3_000 });
    // Other events queue nothing.
    db.prepare(`DELETE FROM jobs`).run();
    event(20, 'uninstalled', 4_000);
    event(20, 'message', 5_000);
    expect(welcomeJob()).toBeUndefined();
  });

  it('finds birthdays, enrolment anniversaries and recent tier changes by index', () => {
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as Array<{ detail: string }>).map((r) => r.detail).join(' | ');
    expect(plan(`SELECT id FROM customers WHERE substr(birthday, 6, 5) IN ('03-14', '03-14') AND birthday IS NOT NULL`)).toContain('customers_birthday_md');
    expect(plan(`SELECT id FROM customers WHERE strftime('%m-%d', created_at / 1000, 'unixepoch') IN ('03-13', '03-14', '03-15')`)).toContain('customers_created_md');
    expect(plan(`SELECT id FROM loyalty_tier_changes WHERE changed_at > 5 AND changed_at <= 10`)).toContain('loyalty_tier_changes_time');
    expect(db.prepare(`SELECT id FROM customers WHERE substr(birthday, 6, 5) = '03-14' AND birthday IS NOT NULL`).all()).toEqual([{ id: 1 }]);
  });

  it('records each automation occurrence once per customer', () => {
    const claim = db.prepare(
      `INSERT INTO automation_occurrences (customer_id, automation, occurrence, outcome, at) VALUES (1, 'birthday', '2026', 'sent', 0) ON CONFLICT DO NOTHING`,
    );
    expect(claim.run().changes).toBe(1);
    expect(claim.run().changes).toBe(0);
  });

  it('keeps a campaign variant on each send, A, B or C only', () => {
    const send = db.prepare(
      `INSERT INTO message_sends (customer_id, origin, category, outcome, text, variant, at) VALUES (1, 'campaign', 'relational', 'sent', 'x', ?, 0)`,
    );
    expect(() => send.run('B')).not.toThrow();
    expect(() => send.run(null)).not.toThrow();
    expect(() => send.run('Z')).toThrow(/CHECK/);
  });
});
