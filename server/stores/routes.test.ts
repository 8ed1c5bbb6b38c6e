import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoBrand } from '../demo/load.js';
import { createHarness, type Harness } from '../testing/app-harness.js';
import { startFakeMapServices, type FakeMapServices } from '../testing/fake-map-services.js';
import { openPass } from '../testing/pkpass.js';
import { haversineM } from './nearest-index.js';
import type { StoreInput } from './schemas.js';

const ALL_DAY: StoreInput['openingHours'] = {
  mon: [['00:00', '24:00']],
  tue: [['00:00', '24:00']],
  wed: [['00:00', '24:00']],
  thu: [['00:00', '24:00']],
  fri: [['00:00', '24:00']],
  sat: [['00:00', '24:00']],
  sun: [['00:00', '24:00']],
};
const CLOSED: StoreInput['openingHours'] = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };

const input = (over: Partial<StoreInput> = {}): StoreInput => ({
  name: 'Boutique test',
  address: '18 Rue de la Paix',
  postcode: '75002',
  city: 'Paris',
  country: 'FR',
  phone: '',
  latitude: 48.8688,
  longitude: 2.3311,
  radiusM: 200,
  openingHours: ALL_DAY,
  exceptions: [],
  relevantText: { fr: 'Vous êtes tout près !', en: 'You are close by!' },
  active: true,
  ...over,
});

describe('stores admin API', () => {
  let h: Harness;
  let fake: FakeMapServices;
  beforeAll(async () => {
    fake = await startFakeMapServices();
    h = await createHarness();
    h.app.services.settings.setMany({ 'geocoder.url': fake.url, 'map.tileUrl': fake.tileUrl });
    await loadDemoBrand(h.app.services.db, { customers: 60, seed: 3 });
  });
  afterAll(async () => {
    await h.close();
    await fake.close();
  });

  it('adds, edits and deletes a store; refuses hours that close before they open', async () => {
    const created = await h.admin({ method: 'POST', url: '/api/stores', payload: input() });
    expect(created.statusCode).toBe(201);
    const id = created.json<{ id: number; openNow: boolean }>().id;
    expect(created.json<{ openNow: boolean }>().openNow).toBe(true);
    const bad = await h.admin({ method: 'PUT', url: `/api/stores/${id}`, payload: input({ openingHours: { ...CLOSED, mon: [['19:00', '09:00']] } }) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ code: string }>().code).toBe('STORE_INVALID');
    const wrongRadius = await h.admin({ method: 'PUT', url: `/api/stores/${id}`, payload: { ...input(), radiusM: 300 } });
    expect(wrongRadius.statusCode).toBe(400);
    const edited = await h.admin({
      method: 'PUT',
      url: `/api/stores/${id}`,
      payload: input({ name: 'Renamed', openingHours: CLOSED, exceptions: [{ from: '2030-12-25', to: '2030-12-26', hours: [], note: 'Noël' }] }),
    });
    expect(edited.json<{ name: string; openNow: boolean; exceptions: unknown[] }>()).toMatchObject({ name: 'Renamed', openNow: false, exceptions: [{ note: 'Noël' }] });
    expect((await h.admin({ method: 'DELETE', url: `/api/stores/${id}` })).statusCode).toBe(204);
    expect((await h.admin({ method: 'GET', url: `/api/stores/${id}` })).statusCode).toBe(404);
  });

  it('imports a CSV only when every row is good, and names each bad row, column and problem', async () => {
    const before = (await h.admin({ method: 'GET', url: '/api/stores' })).json<{ items: unknown[] }>().items.length;
    const csv = [
      'name,address,city,latitude,longitude,radius_m,hours',
      'Good,1 rue A,Paris,48.85,2.35,100,mon-sat 10:00-19:00',
      ',2 rue B,Paris,48.85,2.35,200,',
      'Far,3 rue C,Paris,91,2.35,200,',
      'Odd radius,4 rue D,Paris,48.85,abc,300,mon 19:00-10:00',
    ].join('\n');
    const report = await h.admin({ method: 'POST', url: '/api/stores/import', payload: { csv } });
    expect(report.statusCode).toBe(200);
    expect(report.json()).toEqual({
      imported: 0,
      problems: [
        { row: 3, column: 'name', problem: 'empty' },
        { row: 4, column: 'latitude', problem: '91 is not between -90 and 90' },
        { row: 5, column: 'longitude', problem: '"abc" is not a number' },
        { row: 5, column: 'radius_m', problem: '"300" is not 100, 200 or 500' },
        { row: 5, column: 'hours', problem: '"mon 19:00-10:00": 19:00–10:00 closes before it opens' },
      ],
    });
    expect((await h.admin({ method: 'GET', url: '/api/stores' })).json<{ items: unknown[] }>().items).toHaveLength(before);
    const good = await h.admin({ method: 'POST', url: '/api/stores/import', payload: { csv: csv.split('\n').slice(0, 2).join('\n') } });
    expect(good.json()).toEqual({ imported: 1, problems: [] });
  });

  it('searches addresses through the geocoder, one request a second, naming itself', async () => {
    const first = await h.admin({ method: 'GET', url: '/api/stores/geocode?q=18 rue de la paix' });
    const second = await h.admin({ method: 'GET', url: '/api/stores/geocode?q=rue de la république lyon' });
    expect(first.json<{ items: unknown[] }>().items[0]).toMatchObject({ latitude: 48.8688, longitude: 2.3311, postcode: '75002', city: 'Paris', address: '18 Rue de la Paix' });
    expect(second.json<{ items: Array<{ city: string }> }>().items[0]!.city).toBe('Lyon');
    const [a, b] = fake.searches.slice(-2);
    expect(b!.at - a!.at).toBeGreaterThanOrEqual(1000);
    expect(a!.userAgent).toMatch(/^Passerelle\/\S+ \(/);
  });

  it('allows the map tiles’ host in the admin CSP, from the setting', async () => {
    const res = await h.admin({ method: 'GET', url: '/api/stores/map' });
    expect(res.json()).toEqual({ tileUrl: fake.tileUrl, attribution: '© OpenStreetMap contributors' });
    expect(String(res.headers['content-security-policy'])).toContain(`img-src 'self' data: blob: ${fake.url}`);
  });

  it('puts a new store near a customer’s preferred store in their pass, nearest first, at most 10', async () => {
    const db = h.app.services.db;
    const customer = db
      .prepare<[], { id: number; lat: number; lon: number }>(
        `SELECT c.id, s.latitude AS lat, s.longitude AS lon FROM customers c JOIN stores s ON s.id = c.preferred_store_id ORDER BY c.id LIMIT 1`,
      )
      .get()!;
    const near = input({ name: 'Tout près', latitude: customer.lat + 0.002, longitude: customer.lon + 0.002 });
    const id = (await h.admin({ method: 'POST', url: '/api/stores', payload: near })).json<{ id: number }>().id;
    await h.app.parts.stores.storesChanged([]);
    const res = await h.admin({ method: 'GET', url: `/api/customers/${customer.id}/pass.pkpass` });
    expect(res.statusCode).toBe(200);
    const pass = openPass(res.rawPayload).passJson as { locations: Array<{ latitude: number; longitude: number; relevantText?: string }>; maxDistance: number };
    expect(pass.locations.length).toBeLessThanOrEqual(10);
    expect(pass.locations.length).toBe(10);
    expect(pass.locations[0]).toMatchObject({ latitude: customer.lat, longitude: customer.lon });
    expect(pass.locations[1]).toMatchObject({ latitude: near.latitude, longitude: near.longitude, relevantText: 'location_2.text' });
    const d = pass.locations.map((l) => haversineM(customer.lat, customer.lon, l.latitude, l.longitude));
    expect([...d].sort((x, y) => x - y)).toEqual(d);
    expect(pass.maxDistance).toBe(500);
    const strings = openPass(res.rawPayload).files.get('fr.lproj/pass.strings')!.toString('utf16le');
    expect(strings).toContain('"location_2.text" = "Vous êtes tout près !";');
    // The store's removal takes it off the card.
    await h.admin({ method: 'DELETE', url: `/api/stores/${id}` });
    const after = openPass((await h.admin({ method: 'GET', url: `/api/customers/${customer.id}/pass.pkpass` })).rawPayload).passJson as typeof pass;
    expect(after.locations.some((l) => l.latitude === near.latitude)).toBe(false);
  });
});
