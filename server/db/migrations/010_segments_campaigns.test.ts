import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type Db } from '../connection.js';
import { migrationsDir } from '../index.js';
import { loadMigrations, migrate } from '../migrate.js';

describe('migration 010_segments_campaigns', () => {
  let db: Db;
  const wallet = (id: number) =>
    db.prepare<[number], { wallet_apple: number; wallet_google: number; wallet_installed_at: number | null; wallet_uninstalled_at: number | null }>(
      'SELECT wallet_apple, wallet_google, wallet_installed_at, wallet_uninstalled_at FROM customers WHERE id = ?',
    ).get(id);
  const event = (passId: number, kind: string, at: number) =>
    db
      .prepare(`INSERT INTO wallet_events (pass_id, customer_id, platform, kind, occurred_at) SELECT id, customer_id, platform, ?, ? FROM passes WHERE id = ?`)
      .run(kind, at, passId);

  beforeEach(() => {
    db = openDatabase(':memory:');
    migrate(db, loadMigrations(migrationsDir()), 9);
    db.exec(`INSERT INTO card_designs (id, name, kind, design, created_at, updated_at) VALUES (1, 'Carte', 'loyalty', '{}', 0, 0)`);
    const customer = db.prepare(`INSERT INTO customers (id, email, referral_code, created_at, updated_at) VALUES (?, ?, ?, 0, 0)`);
    for (const id of [1, 2, 3, 4]) customer.run(id, `c${id}@example.fr`, `CODE${id}`);
    const pass = db.prepare(
      `INSERT INTO passes (id, customer_id, design_id, platform, serial, auth_token, download_id, updated_at, created_at) VALUES (?, ?, 1, ?, ?, 'token-token-token-1', ?, 0, 0)`,
    );
    pass.run(10, 1, 'apple', 's10', 'd10'); // registered: in a wallet
    pass.run(20, 2, 'google', 's20', 'd20'); // saved, then deleted, then saved again
    pass.run(30, 3, 'google', 's30', 'd30'); // saved then deleted
    db.exec(`INSERT INTO devices (id, device_library_id, push_token, created_at, updated_at) VALUES (1, 'lib', 'tok', 0, 0);
             INSERT INTO registrations (device_id, pass_id, created_at) VALUES (1, 10, 0);`);
    event(10, 'installed', 100);
    event(20, 'installed', 100);
    event(20, 'uninstalled', 200);
    event(20, 'installed', 300);
    event(30, 'installed', 100);
    event(30, 'uninstalled', 400);
    migrate(db, loadMigrations(migrationsDir()), 10);
  });
  afterEach(() => closeDatabase(db));

  it('gives every customer the wallet state of their cards', () => {
    expect(wallet(1)).toEqual({ wallet_apple: 1, wallet_google: 0, wallet_installed_at: 100, wallet_uninstalled_at: null });
    expect(wallet(2)).toEqual({ wallet_apple: 0, wallet_google: 1, wallet_installed_at: 300, wallet_uninstalled_at: 200 });
    expect(wallet(3)).toEqual({ wallet_apple: 0, wallet_google: 0, wallet_installed_at: 100, wallet_uninstalled_at: 400 });
    expect(wallet(4)).toEqual({ wallet_apple: 0, wallet_google: 0, wallet_installed_at: null, wallet_uninstalled_at: null });
  });

  it('keeps it current from wallet events, whoever writes them, a replayed event counting once', () => {
    db.prepare(`INSERT INTO passes (id, customer_id, design_id, platform, serial, auth_token, download_id, updated_at, created_at) VALUES (40, 4, 1, 'google', 's40', 't', 'd40', 0, 0)`).run();
    event(40, 'installed', 500);
    event(40, 'installed', 501);
    expect(wallet(4)).toMatchObject({ wallet_google: 1, wallet_installed_at: 501 });
    event(10, 'uninstalled', 600);
    expect(wallet(1)).toMatchObject({ wallet_apple: 0, wallet_uninstalled_at: 600 });
    // Other events change nothing.
    event(40, 'message', 700);
    expect(wallet(4)).toMatchObject({ wallet_google: 1, wallet_installed_at: 501 });
  });

  it('records every message with a reason only when held, once per run and customer', () => {
    db.exec(`INSERT INTO campaigns (id, name, category, message_fr, schedule, send_at, time_zone, created_at, updated_at)
             VALUES (1, 'C', 'commercial', 'Bonjour', 'now', 0, 'Europe/Paris', 0, 0);
             INSERT INTO campaign_runs (id, campaign_id, planned_at, due_at) VALUES (1, 1, 0, 0);`);
    const send = db.prepare(`INSERT INTO message_sends (customer_id, origin, campaign_id, run_id, category, outcome, reason, at) VALUES (?, 'campaign', 1, 1, 'commercial', ?, ?, 0)`);
    send.run(1, 'sent', null);
    expect(() => send.run(1, 'held', 'weekly_cap')).toThrow(/UNIQUE/);
    expect(() => send.run(2, 'held', null)).toThrow(/CHECK/);
    expect(() => send.run(2, 'sent', 'weekly_cap')).toThrow(/CHECK/);
    expect(() => send.run(2, 'bounced', null)).toThrow(/CHECK/);
    // A campaign's segment stays while the campaign names it.
    db.exec(`INSERT INTO segments (id, name, definition, created_at, updated_at) VALUES (1, 'S', '{}', 0, 0); UPDATE campaigns SET segment_id = 1`);
    expect(() => db.exec('DELETE FROM segments WHERE id = 1')).toThrow(/FOREIGN KEY/);
  });
});
