/** Segment definitions against a real database: who each condition selects, and/or groups, and the query plans. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, type Db } from '../db/connection.js';
import { openMigratedDatabase } from '../testing/wallet-fixtures.js';
import type { Condition, SegmentDefinition } from './schemas.js';
import { createSegmentsRepository } from './segments-repository.js';

const DAY = 86_400_000;
/** Friday 14 March 2025, 12:00 UTC. */
const NOW = Date.UTC(2025, 2, 14, 12, 0);
const ctx = { now: NOW, timeZone: 'Europe/Paris' };

interface Seed {
  id: number;
  birthday?: string;
  gender?: 'female' | 'male' | 'other';
  city?: string;
  postcode?: string;
  createdDaysAgo?: number;
  purchases?: { all: number; d30: number; d90: number; d365: number; spend: number; spend90: number; avg: number; online: number };
  lastPurchaseDaysAgo?: number;
  consent?: boolean;
  commercial?: boolean;
  pausedDays?: number;
  tier?: string;
  points?: number;
  lifetime?: number;
  apple?: number;
  google?: number;
  uninstalledDaysAgo?: number;
  stores?: number[];
  categories?: string[];
  preferredStore?: number;
}

const PEOPLE: Seed[] = [
  { id: 1, birthday: '1990-03-14', gender: 'female', city: 'Paris', postcode: '75011', tier: 'gold', points: 800, lifetime: 2000, apple: 1, consent: true,
    purchases: { all: 12, d30: 2, d90: 4, d365: 10, spend: 60000, spend90: 20000, avg: 5000, online: 3 }, lastPurchaseDaysAgo: 5, stores: [1, 2], categories: ['the'], createdDaysAgo: 400 },
  { id: 2, birthday: '1990-03-15', gender: 'male', city: 'paris', postcode: '75002', tier: 'silver', points: 200, lifetime: 600, google: 1, consent: true,
    purchases: { all: 3, d30: 0, d90: 1, d365: 3, spend: 9000, spend90: 3000, avg: 3000, online: 0 }, lastPurchaseDaysAgo: 45, stores: [2], createdDaysAgo: 200 },
  { id: 3, birthday: '2007-03-14', city: 'Lyon', postcode: '69003', tier: 'member', points: 20, lifetime: 20, consent: false,
    purchases: { all: 1, d30: 1, d90: 1, d365: 1, spend: 1500, spend90: 1500, avg: 1500, online: 1 }, lastPurchaseDaysAgo: 1, stores: [3], categories: ['cafe', 'the'], createdDaysAgo: 10 },
  { id: 4, gender: 'female', city: 'Lyon', postcode: '69001', tier: 'member', consent: true, commercial: false, createdDaysAgo: 3, preferredStore: 3 },
  { id: 5, birthday: '1960-01-01', gender: 'other', city: 'Villeurbanne', postcode: '69100', tier: 'gold', points: 5000, lifetime: 9000, apple: 1, google: 1, consent: true, pausedDays: 10,
    purchases: { all: 40, d30: 5, d90: 12, d365: 30, spend: 400000, spend90: 90000, avg: 10000, online: 0 }, lastPurchaseDaysAgo: 0, stores: [3], createdDaysAgo: 900 },
  { id: 6, city: 'Marseille', postcode: '13001', tier: 'member', uninstalledDaysAgo: 10, consent: true,
    purchases: { all: 2, d30: 0, d90: 0, d365: 0, spend: 5000, spend90: 0, avg: 2500, online: 2 }, lastPurchaseDaysAgo: 400, createdDaysAgo: 800 },
  { id: 7, city: 'Marseille', postcode: '13008', tier: 'silver', uninstalledDaysAgo: 100, apple: 0, consent: false, createdDaysAgo: 700 },
];

function seed(db: Db): void {
  db.exec(`INSERT INTO stores (id, name, city, latitude, longitude, geohash, created_at, updated_at) VALUES
    (1, 'Bastille', 'Paris', 48.85, 2.37, 'u09', 0, 0), (2, 'Opéra', 'Paris', 48.87, 2.33, 'u09', 0, 0), (3, 'Presqu’île', 'Lyon', 45.76, 4.83, 'u05', 0, 0)`);
  const insert = db.prepare(
    `INSERT INTO customers (id, email, first_name, birthday, gender, city, postcode, consent_marketing, messages_commercial, messages_paused_until,
       tier, points_balance, lifetime_points, wallet_apple, wallet_google, wallet_uninstalled_at, preferred_store_id, purchase_count, purchases_30d,
       purchases_90d, purchases_365d, spend_cents, spend_90d_cents, avg_basket_cents, online_purchase_count, last_purchase_at, referral_code,
       created_at, updated_at)
     VALUES (@id, @email, 'X', @birthday, @gender, @city, @postcode, @consent, @commercial, @paused, @tier, @points, @lifetime, @apple, @google,
       @uninstalled, @preferredStore, @all, @d30, @d90, @d365, @spend, @spend90, @avg, @online, @last, @code, @created, @created)`,
  );
  for (const p of PEOPLE) {
    const b = p.purchases;
    insert.run({
      id: p.id,
      email: `c${p.id}@example.fr`,
      birthday: p.birthday ?? null,
      gender: p.gender ?? null,
      city: p.city ?? '',
      postcode: p.postcode ?? '',
      consent: p.consent ? 1 : 0,
      commercial: p.commercial === false ? 0 : 1,
      paused: p.pausedDays ? NOW + p.pausedDays * DAY : null,
      tier: p.tier ?? 'member',
      points: p.points ?? 0,
      lifetime: p.lifetime ?? 0,
      apple: p.apple ?? 0,
      google: p.google ?? 0,
      uninstalled: p.uninstalledDaysAgo === undefined ? null : NOW - p.uninstalledDaysAgo * DAY,
      preferredStore: p.preferredStore ?? null,
      all: b?.all ?? 0,
      d30: b?.d30 ?? 0,
      d90: b?.d90 ?? 0,
      d365: b?.d365 ?? 0,
      spend: b?.spend ?? 0,
      spend90: b?.spend90 ?? 0,
      avg: b?.avg ?? 0,
      online: b?.online ?? 0,
      last: p.lastPurchaseDaysAgo === undefined ? null : NOW - p.lastPurchaseDaysAgo * DAY - 3_600_000,
      code: `CODE${p.id}`,
      created: NOW - (p.createdDaysAgo ?? 0) * DAY,
    });
    for (const s of p.stores ?? []) {
      db.prepare('INSERT INTO customer_stores (customer_id, store_id, purchase_count, spend_cents, last_purchase_at) VALUES (?, ?, 1, 100, 0)').run(p.id, s);
    }
    for (const c of p.categories ?? []) db.prepare('INSERT INTO customer_categories (customer_id, category) VALUES (?, ?)').run(p.id, c);
  }
}

describe('segment conditions', () => {
  let db: Db;
  let repo: ReturnType<typeof createSegmentsRepository>;
  const ids = (definition: SegmentDefinition): number[] =>
    repo
      .sample(repo.compile(definition, ctx), 50)
      .map((m) => m.id)
      .sort((a, b) => a - b);
  const only = (...conditions: Condition[]) => ids({ match: 'all', conditions });

  beforeAll(() => {
    db = openMigratedDatabase();
    seed(db);
    repo = createSegmentsRepository(db, () => NOW);
  });
  afterAll(() => closeDatabase(db));

  it('demographic: age on the shop’s calendar, gender (known or not), city whatever its case, postcode prefixes', () => {
    // Born 14 March 1990: 35 today; born 15 March 1990: still 34.
    expect(only({ field: 'age', min: 35 })).toEqual([1, 5]);
    expect(only({ field: 'age', min: 18, max: 34 })).toEqual([2, 3]); // 18 today counts
    expect(only({ field: 'age', min: 19, max: 34 })).toEqual([2]);
    expect(only({ field: 'age', max: 18 })).toEqual([3]);
    expect(only({ field: 'age' })).toEqual([1, 2, 3, 5]);
    expect(only({ field: 'gender', values: ['female'] })).toEqual([1, 4]);
    expect(only({ field: 'gender', values: ['other', 'unknown'] })).toEqual([3, 5, 6, 7]);
    expect(only({ field: 'city', values: ['PARIS'] })).toEqual([1, 2]);
    expect(only({ field: 'city', values: ['lyon', 'Villeurbanne '] })).toEqual([3, 4, 5]);
    expect(only({ field: 'postcode', prefixes: ['69'] })).toEqual([3, 4, 5]);
    expect(only({ field: 'postcode', prefixes: ['7501', '13008'] })).toEqual([1, 7]);
    expect(only({ field: 'memberDays', max: 30 })).toEqual([3, 4]);
    expect(only({ field: 'memberDays', min: 365 })).toEqual([1, 5, 6, 7]);
  });

  it('behavioural: counts and spend over a period, last purchase, average basket, stores, online', () => {
    expect(only({ field: 'purchaseCount', period: '30d', min: 1 })).toEqual([1, 3, 5]);
    expect(only({ field: 'purchaseCount', period: '90d', min: 1, max: 4 })).toEqual([1, 2, 3]);
    expect(only({ field: 'purchaseCount', period: 'all', max: 0 })).toEqual([4, 7]);
    expect(only({ field: 'spend', period: 'all', min: 50000 })).toEqual([1, 5]);
    expect(only({ field: 'spend', period: '90d', min: 1, max: 5000 })).toEqual([2, 3]);
    expect(only({ field: 'lastPurchase', max: 7 })).toEqual([1, 3, 5]);
    expect(only({ field: 'lastPurchase', min: 30, max: 90 })).toEqual([2]);
    expect(only({ field: 'lastPurchase', min: 90 })).toEqual([6]);
    expect(only({ field: 'lastPurchase', never: true })).toEqual([4, 7]);
    expect(only({ field: 'avgBasket', min: 3000 })).toEqual([1, 2, 5]);
    expect(only({ field: 'avgBasket', max: 2000 })).toEqual([3]);
    expect(only({ field: 'storesBoughtIn', storeIds: [2] })).toEqual([1, 2]);
    expect(only({ field: 'storesBoughtIn', storeIds: [1, 3] })).toEqual([1, 3, 5]);
    expect(only({ field: 'boughtOnline', value: true })).toEqual([1, 3, 6]);
  });

  it('preferences and consents, loyalty, wallet', () => {
    expect(only({ field: 'consent', value: false })).toEqual([3, 7]);
    expect(only({ field: 'accepts', category: 'commercial', value: false })).toEqual([4]);
    expect(only({ field: 'messagesPaused', value: true })).toEqual([5]);
    expect(only({ field: 'favouriteCategory', values: ['the'] })).toEqual([1, 3]);
    expect(only({ field: 'preferredStore', storeIds: [3] })).toEqual([4]);
    expect(only({ field: 'tier', values: ['gold', 'silver'] })).toEqual([1, 2, 5, 7]);
    expect(only({ field: 'points', min: 100, max: 1000 })).toEqual([1, 2]);
    expect(only({ field: 'lifetimePoints', min: 1000 })).toEqual([1, 5]);
    expect(only({ field: 'wallet', value: 'installed' })).toEqual([1, 2, 5]);
    expect(only({ field: 'wallet', value: 'not_installed' })).toEqual([3, 4, 6, 7]);
    expect(only({ field: 'wallet', value: 'apple' })).toEqual([1, 5]);
    expect(only({ field: 'wallet', value: 'google' })).toEqual([2, 5]);
    expect(only({ field: 'uninstalled', withinDays: 30 })).toEqual([6]);
  });

  it('combines with all / any, and groups inside the root', () => {
    expect(ids({ match: 'all', conditions: [] })).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(ids({ match: 'any', conditions: [{ field: 'tier', values: ['gold'] }, { field: 'city', values: ['Lyon'] }] })).toEqual([1, 3, 4, 5]);
    // Gold customers, or customers in a wallet who bought in the Lyon store — in Lyon or Villeurbanne.
    expect(
      ids({
        match: 'all',
        conditions: [
          { field: 'consent', value: true },
          { match: 'any', conditions: [{ field: 'city', values: ['Lyon'] }, { field: 'city', values: ['Villeurbanne'] }] },
        ],
      }),
    ).toEqual([4, 5]);
    expect(
      ids({
        match: 'any',
        conditions: [
          { match: 'all', conditions: [{ field: 'tier', values: ['silver'] }, { field: 'wallet', value: 'installed' }] },
          { match: 'all', conditions: [{ field: 'tier', values: ['member'] }, { field: 'consent', value: false }] },
        ],
      }),
    ).toEqual([2, 3]);
    expect(repo.count(repo.compile({ match: 'all', conditions: [{ field: 'tier', values: ['gold'] }] }, ctx))).toBe(2);
  });

  it('binds every value: what a person types never becomes SQL', () => {
    const evil = "Paris') OR 1=1 --";
    expect(only({ field: 'city', values: [evil] })).toEqual([]);
    expect(repo.compile({ match: 'all', conditions: [{ field: 'city', values: [evil] }] }, ctx).where).not.toContain('OR 1=1');
  });

  describe('query plans: never purchases, never the customers’ rows but for lists of ids', () => {
    const plan = (...conditions: Condition[]) => repo.plan(repo.compile({ match: 'all', conditions }, ctx)).join('\n');
    const covered: Array<[string, Condition]> = [
      ['tier', { field: 'tier', values: ['member'] }],
      ['city', { field: 'city', values: ['Paris', 'Lyon'] }],
      ['postcode', { field: 'postcode', prefixes: ['75'] }],
      ['age', { field: 'age', min: 18, max: 25 }],
      ['gender', { field: 'gender', values: ['female', 'unknown'] }],
      ['member since', { field: 'memberDays', max: 30 }],
      ['points', { field: 'points', min: 1000 }],
      ['lifetime points', { field: 'lifetimePoints', min: 1000 }],
      ['purchases in 90 days', { field: 'purchaseCount', period: '90d', min: 3 }],
      ['spend', { field: 'spend', period: 'all', min: 100000 }],
      ['last purchase', { field: 'lastPurchase', max: 30 }],
      ['never bought', { field: 'lastPurchase', never: true }],
      ['average basket', { field: 'avgBasket', min: 5000 }],
      ['online', { field: 'boughtOnline', value: true }],
      ['consent', { field: 'consent', value: true }],
      ['accepts', { field: 'accepts', category: 'commercial', value: true }],
      ['paused', { field: 'messagesPaused', value: false }],
      ['preferred store', { field: 'preferredStore', storeIds: [1, 2] }],
      ['in a wallet', { field: 'wallet', value: 'installed' }],
      ['Google', { field: 'wallet', value: 'google' }],
    ];

    // One pass over an index holding every column tested, never the rows: the compact customers_segments, or a
    // narrower index when one covers the condition alone (customers_tier for a tier).
    it.each(covered)('%s: one pass over a covering index', (_name, condition) => {
      expect(plan(condition)).toMatch(/^SCAN c USING COVERING INDEX customers_\w+$/);
    });

    it('every covered condition at once, with and without groups: still the compact index alone', () => {
      const all = covered.map(([, c]) => c);
      expect(repo.plan(repo.compile({ match: 'all', conditions: all }, ctx)).join('\n')).toMatch(/^SCAN c USING COVERING INDEX customers_segments$/);
      expect(repo.plan(repo.compile({ match: 'any', conditions: [{ match: 'all', conditions: all.slice(0, 5) }, ...all.slice(5)] }, ctx)).join('\n')).toMatch(
        /^SCAN c USING COVERING INDEX customers_segments$/,
      );
    });

    it.each<[string, Condition, RegExp]>([
      ['stores bought in', { field: 'storesBoughtIn', storeIds: [1] }, /SEARCH customer_stores USING COVERING INDEX customer_stores_store/],
      ['favourite category', { field: 'favouriteCategory', values: ['the'] }, /SEARCH customer_categories USING COVERING INDEX customer_categories_category/],
      ['recently uninstalled', { field: 'uninstalled', withinDays: 30 }, /SEARCH c USING INDEX customers_wallet_uninstalled/],
    ])('%s: through its own index', (_name, condition, index) => {
      const p = plan(condition, { field: 'consent', value: true });
      expect(p).toMatch(index);
      expect(p).not.toMatch(/^SCAN c$/m);
    });

    it('never reads purchases, the ledger or wallet tables, whatever the definition', () => {
      const every: Condition[] = [...covered.map(([, c]) => c), { field: 'storesBoughtIn', storeIds: [1, 2] }, { field: 'uninstalled', withinDays: 9 }];
      const p = repo.plan(repo.compile({ match: 'any', conditions: every }, ctx)).join('\n');
      expect(p).not.toMatch(/\bpurchases\b|points_ledger|wallet_events|registrations|passes/);
    });
  });
});
