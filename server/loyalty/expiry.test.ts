import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type Db } from '../db/connection.js';
import { migrationsDir } from '../db/index.js';
import { loadMigrations, migrate } from '../db/migrate.js';
import { createCustomersRepository } from '../customers/customers-repository.js';
import { createPurchasesRepository } from '../customers/purchases-repository.js';
import { createCardChanges } from '../passes/cards/cards-changed.js';
import { createLedgerRepository } from './ledger-repository.js';
import { createPoints } from './points.js';
import { createProgrammeRepository } from './programme-repository.js';

const DAY = 86_400_000;

describe('points expiry (oldest first) and aggregates leaving their windows', () => {
  let db: Db;
  let clock = Date.UTC(2026, 0, 1);
  const now = () => clock;
  beforeEach(() => {
    db = openDatabase(':memory:');
    migrate(db, loadMigrations(migrationsDir()));
    clock = Date.UTC(2026, 0, 1);
  });
  afterEach(() => closeDatabase(db));

  it('expires what spending has not consumed of credits older than the cutoff, once', () => {
    const customers = createCustomersRepository(db, now);
    const programme = createProgrammeRepository(db, now);
    const ledger = createLedgerRepository(db);
    const points = createPoints({ db, now, customers, programme, ledger, changes: createCardChanges({ db, now }) });
    const c = customers.create({ email: 'a@example.fr', source: 'admin' }, 'member');
    const t0 = clock;
    points.credit(c.id, { delta: 100, reason: 'purchase', at: t0 });
    points.credit(c.id, { delta: -30, reason: 'reward', at: t0 + 10 * DAY });
    points.credit(c.id, { delta: 50, reason: 'purchase', at: t0 + 20 * DAY });

    // 15 days after the first credit: 100 earned then, 30 spent since: 70 expire; the later 50 stay.
    expect(ledger.expirable(c.id, t0 + 15 * DAY)).toBe(70);
    points.credit(c.id, { delta: -70, reason: 'expiry', onceKey: `expiry:${c.id}:a` });
    expect(points.credit(c.id, { delta: -70, reason: 'expiry', onceKey: `expiry:${c.id}:a` })).toBeNull();
    expect(ledger.expirable(c.id, t0 + 15 * DAY)).toBe(0);
    expect(customers.loyaltyState(c.id)).toMatchObject({ balance: 50, lifetime: 150 });
    // Later, the 50 reach their age too.
    expect(ledger.expirable(c.id, t0 + 25 * DAY)).toBe(50);
    // Expiry never lowers the tier: lifetime points stay what was earned.
    expect(customers.loyaltyState(c.id)!.lifetime).toBe(150);
  });

  it('refreshes a customer’s 30-day figures when a purchase leaves the window, and not before', () => {
    const customers = createCustomersRepository(db, now);
    const purchases = createPurchasesRepository(db, now);
    const c = customers.create({ email: 'b@example.fr', source: 'admin' }, 'member');
    purchases.record(c.id, { amountCents: 1200, channel: 'store', purchasedAt: clock - 29 * DAY, source: 'admin' });
    const fig = () => customers.require(c.id).aggregates;
    expect(fig()).toMatchObject({ purchases30d: 1, spend30dCents: 1200, purchases90d: 1 });
    expect(purchases.nextDueAt()).toBe(clock + DAY);
    expect(purchases.refreshDue(100)).toBe(0);
    clock += DAY + 1;
    expect(purchases.refreshDue(100)).toBe(1);
    expect(fig()).toMatchObject({ purchases30d: 0, spend30dCents: 0, purchases90d: 1, spend90dCents: 1200, purchaseCount: 1 });
    // Next: leaving the 90-day window, 60 days later.
    expect(purchases.nextDueAt()).toBe(clock - DAY - 1 - 29 * DAY + 90 * DAY);
  });
});
