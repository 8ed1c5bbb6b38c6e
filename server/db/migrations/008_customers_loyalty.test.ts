import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type Db } from '../connection.js';
import { migrationsDir } from '../index.js';
import { loadMigrations, migrate } from '../migrate.js';

const DAY = 86_400_000;

describe('migration 008_customers_loyalty', () => {
  let db: Db;
  const now = Date.now();

  beforeEach(() => {
    db = openDatabase(':memory:');
    migrate(db, loadMigrations(migrationsDir()), 7);
    const design = {
      kind: 'loyalty',
      tiers: [
        { id: 'bronze', label: { fr: 'Bronze', en: 'Bronze' }, minPoints: 0 },
        { id: 'vip', label: { fr: 'VIP', en: '' }, minPoints: 300, colours: { background: '#000000' } },
      ],
    };
    db.prepare(`INSERT INTO card_designs (id, name, kind, design, is_default, created_at, updated_at) VALUES (1, 'Carte', 'loyalty', ?, 1, 0, 0)`).run(
      JSON.stringify(design),
    );
    db.exec(`INSERT INTO stores (id, name, latitude, longitude, geohash, created_at, updated_at) VALUES (1, 'A', 48, 2, 'u09', 0, 0), (2, 'B', 48, 2, 'u09', 0, 0)`);
    const customer = db.prepare(
      `INSERT INTO customers (id, email, first_name, referral_code, referred_by, preferences, points_balance, tier, created_at, updated_at)
       VALUES (?, ?, 'X', ?, ?, ?, 0, 'member', 0, 0)`,
    );
    customer.run(1, 'a@example.fr', 'AAAAAA', null, '{"categories":["the","cafe"],"channel":"email"}');
    customer.run(2, 'b@example.fr', 'BBBBBB', 1, 'not json');
    customer.run(3, 'c@example.fr', 'CCCCCC', 1, '{}');
    const purchase = db.prepare(
      `INSERT INTO purchases (customer_id, store_id, channel, amount_cents, purchased_at) VALUES (?, ?, ?, ?, ?)`,
    );
    purchase.run(1, 1, 'store', 1000, now - 10 * DAY);
    purchase.run(1, 2, 'store', 3000, now - 60 * DAY);
    purchase.run(1, null, 'online', 5000, now - 200 * DAY);
    purchase.run(1, 1, 'store', 7000, now - 400 * DAY);
    purchase.run(2, 2, 'store', 2500, now - 100 * DAY);
    const ledger = db.prepare(`INSERT INTO points_ledger (customer_id, delta, reason, created_at) VALUES (?, ?, ?, 0)`);
    ledger.run(1, 400, 'purchase');
    ledger.run(1, -150, 'reward');
    ledger.run(2, 20, 'purchase');
    migrate(db, loadMigrations(migrationsDir()), 8);
  });
  afterEach(() => closeDatabase(db));

  it('moves the default loyalty design’s tier names and thresholds into the programme, and keeps only looks in designs', () => {
    expect(db.prepare('SELECT id, name_fr, name_en, threshold FROM loyalty_tiers ORDER BY threshold').all()).toEqual([
      { id: 'bronze', name_fr: 'Bronze', name_en: 'Bronze', threshold: 0 },
      { id: 'vip', name_fr: 'VIP', name_en: 'VIP', threshold: 300 },
    ]);
    const design = JSON.parse((db.prepare('SELECT design FROM card_designs').get() as { design: string }).design);
    expect(design.tiers).toEqual([{ id: 'bronze' }, { id: 'vip', colours: { background: '#000000' } }]);
  });

  it('computes balances, lifetime points and tiers from the ledger with the one rule', () => {
    expect(db.prepare('SELECT id, points_balance, lifetime_points, tier FROM customers ORDER BY id').all()).toEqual([
      { id: 1, points_balance: 250, lifetime_points: 400, tier: 'vip' },
      { id: 2, points_balance: 20, lifetime_points: 20, tier: 'bronze' },
      { id: 3, points_balance: 0, lifetime_points: 0, tier: 'bronze' },
    ]);
  });

  it('backfills the purchase aggregates, the stores bought in and the referral counts', () => {
    const one = db.prepare('SELECT * FROM customers WHERE id = 1').get() as Record<string, number>;
    expect(one).toMatchObject({
      purchase_count: 4,
      spend_cents: 16_000,
      purchases_30d: 1,
      spend_30d_cents: 1000,
      purchases_90d: 2,
      spend_90d_cents: 4000,
      purchases_365d: 3,
      spend_365d_cents: 9000,
      avg_basket_cents: 4000,
      online_purchase_count: 1,
      store_count: 2,
      referral_count: 2,
      last_purchase_at: now - 10 * DAY,
      first_purchase_at: now - 400 * DAY,
    });
    // The first purchase to leave a window is the 10-day-old one, out of the 30-day window in 20 days.
    expect(Math.abs(one.aggregates_due_at! - (now + 20 * DAY))).toBeLessThan(2000);
    expect(db.prepare('SELECT customer_id, store_id, purchase_count, spend_cents FROM customer_stores ORDER BY 1, 2').all()).toEqual([
      { customer_id: 1, store_id: 1, purchase_count: 2, spend_cents: 8000 },
      { customer_id: 1, store_id: 2, purchase_count: 1, spend_cents: 3000 },
      { customer_id: 2, store_id: 2, purchase_count: 1, spend_cents: 2500 },
    ]);
    expect(db.prepare('SELECT purchase_count, aggregates_due_at FROM customers WHERE id = 3').get()).toEqual({ purchase_count: 0, aggregates_due_at: null });
  });

  it('moves favourite categories to their own rows and keeps channels in the preferences', () => {
    expect(db.prepare('SELECT customer_id, category FROM customer_categories ORDER BY 1, 2').all()).toEqual([
      { customer_id: 1, category: 'cafe' },
      { customer_id: 1, category: 'the' },
    ]);
    expect(db.prepare('SELECT preferences FROM customers ORDER BY id').all()).toEqual([
      { preferences: '{"channels":["email"]}' },
      { preferences: '{"channels":[]}' },
      { preferences: '{"channels":[]}' },
    ]);
  });

  it('refuses a second live coupon on the same card and a one-time ledger key used twice', () => {
    const coupon = db.prepare(
      `INSERT INTO coupons (code, customer_id, design_id, name_fr, name_en, issued_at) VALUES (?, 1, 1, 'x', 'x', 0)`,
    );
    coupon.run('CODE-0001');
    expect(() => coupon.run('CODE-0002')).toThrow(/UNIQUE/);
    const once = db.prepare(`INSERT INTO points_ledger (customer_id, delta, reason, once_key, created_at) VALUES (1, 50, 'referral', 'k', 0)`);
    once.run();
    expect(() => once.run()).toThrow(/UNIQUE/);
  });

  it('starts with the defaults when no design had tiers', () => {
    const fresh = openDatabase(':memory:');
    try {
      migrate(fresh, loadMigrations(migrationsDir()), 8);
      expect(fresh.prepare('SELECT id, threshold FROM loyalty_tiers ORDER BY threshold').all()).toEqual([
        { id: 'member', threshold: 0 },
        { id: 'silver', threshold: 500 },
        { id: 'gold', threshold: 1500 },
      ]);
      expect(fresh.prepare('SELECT referral_trigger, rounding FROM loyalty_programme').get()).toEqual({ referral_trigger: 'first_purchase', rounding: 'down' });
    } finally {
      closeDatabase(fresh);
    }
  });
});
