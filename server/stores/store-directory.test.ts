import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/connection.js';
import { openMigratedDatabase } from '../testing/wallet-fixtures.js';
import type { StoreInput } from './schemas.js';
import { createStoreDirectory, type StoreDirectory } from './store-directory.js';

const week = (slots: [string, string][]): StoreInput['openingHours'] => ({ mon: slots, tue: slots, wed: slots, thu: slots, fri: slots, sat: slots, sun: slots });
const store = (name: string, latitude: number, longitude: number, hours = week([['10:00', '19:00']])): StoreInput => ({
  name,
  address: '',
  postcode: '',
  city: '',
  country: 'FR',
  phone: '',
  latitude,
  longitude,
  radiusM: 200,
  openingHours: hours,
  exceptions: [],
  relevantText: { fr: `Près de ${name}`, en: `Near ${name}` },
  active: true,
});

describe('store directory: which cards change', () => {
  let db: Db;
  let clock = Date.parse('2025-03-11T08:00:00Z'); // a Tuesday, 09:00 in Paris
  let directory: StoreDirectory;
  let told: Array<{ ids: number[]; reason: string }>;
  const customer = (id: number, lat: number, lon: number, preferred: number | null = null) =>
    db
      .prepare(`INSERT INTO customers (id, first_name, referral_code, latitude, longitude, preferred_store_id, created_at, updated_at) VALUES (?, 'C', ?, ?, ?, ?, 0, 0)`)
      .run(id, `R${id}`, lat, lon, preferred);

  beforeEach(async () => {
    db = openMigratedDatabase();
    told = [];
    directory = createStoreDirectory({ db, now: () => clock, timeZone: () => 'Europe/Paris' });
    directory.subscribe((ids, reason) => told.push({ ids: [...ids].sort((a, b) => a - b), reason }));
    // 21 stores: 11 around Paris (ids 1–11), 10 around Marseille (12–21).
    for (let i = 0; i < 11; i++) directory.stores.create(store(`Paris ${i + 1}`, 48.85 + i * 0.01, 2.35));
    for (let i = 0; i < 10; i++) directory.stores.create(store(i === 0 ? 'Marseille' : `Marseille ${i + 1}`, 43.3 + i * 0.01, 5.37));
    customer(1, 48.861, 2.35);
    customer(2, 43.29, 5.38);
    customer(3, 0, 0, 12); // preferred store: Marseille
    await directory.refresh('stale');
    told = [];
  });
  afterEach(() => db.close());

  it('lists the ten nearest, from the preferred store first, else home', () => {
    expect(directory.nearestStoresForCustomer(3)).toMatchObject({ basis: 'preferredStore' });
    expect(directory.nearestStoresForCustomer(3)!.stores[0]!.name).toBe('Marseille');
    const home = directory.nearestStoresForCustomer(1)!;
    expect(home.basis).toBe('home');
    expect(home.stores).toHaveLength(10);
    expect(home.stores.map((s) => s.name)).not.toContain('Marseille');
  });

  it('a new store far from some customers changes only the cards whose list it enters', async () => {
    const id = directory.stores.create(store('Paris 0', 48.86, 2.33));
    await directory.storesChanged([id]);
    expect(told).toEqual([{ ids: [1], reason: 'nearestStores' }]);
  });

  it('a text edit changes every card that lists the store, and nothing else', async () => {
    const marseille = directory.stores.get(12)!;
    directory.stores.update(12, { ...marseille, radiusM: 500, relevantText: { fr: 'Soldes !', en: 'Sale!' } });
    await directory.storesChanged([12]);
    expect(told).toEqual([{ ids: [2, 3], reason: 'stores' }]);
  });

  it('a customer who moves gets their list again through the stale marks; only a real change is told', async () => {
    db.prepare('UPDATE customers SET latitude = 48.8612 WHERE id = 1').run();
    await directory.refresh('stale');
    expect(told).toEqual([]);
    db.prepare('UPDATE customers SET latitude = 43.31, longitude = 5.36 WHERE id = 1').run();
    await directory.refresh('stale');
    expect(told).toEqual([{ ids: [1], reason: 'nearestStores' }]);
  });

  it('opening and closing: every card holding a store that flipped changes once, and the text follows', () => {
    expect(directory.syncHours()).toMatchObject({ flipped: [], cards: 0, nextAt: Date.parse('2025-03-11T09:00:00Z') });
    expect(directory.cardLocations(2).every((l) => l.text === null)).toBe(true);
    clock = Date.parse('2025-03-11T09:00:00Z'); // 10:00 in Paris: all 21 open at once
    const opened = directory.syncHours();
    expect(opened.flipped).toHaveLength(21);
    expect(told).toEqual([{ ids: [1, 2, 3], reason: 'storeHours' }]);
    expect(opened.nextAt).toBe(Date.parse('2025-03-11T18:00:00Z'));
    expect(directory.cardLocations(2)[0]!.text).toEqual({ fr: 'Près de Marseille', en: 'Near Marseille' });
    told = [];
    expect(directory.syncHours().flipped).toEqual([]);
    expect(told).toEqual([]);
  });
});
