/**
 * Stores on the map, against the real server with a local stand-in for Nominatim and for the tile server (set with
 * `passerelle settings set` before the start, as an admin would): a store added by address search, its pin dragged,
 * its hours changed; the map shows it; a customer whose preferred store is nearby gets it on their card, in the
 * `locations` of the .pkpass fetched from the admin API, nearest first, ten at most. Then a CSV import that is
 * refused with its bad rows named.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_STORES } from '../../server/demo/stores-data.js';
import { haversineM } from '../../server/stores/nearest-index.js';
import { startFakeMapServices, type FakeMapServices, type FakePlace } from '../../server/testing/fake-map-services.js';
import { openPass } from '../../server/testing/pkpass.js';
import { launchChromium, openAdmin, requireChromium, screenshotPath, startServer, type RunningServer } from './harness.js';

const chromiumPath = requireChromium();
const POLL = { timeout: 30_000, interval: 200 };
const LYON = DEMO_STORES.find((s) => s.city === 'Lyon')!;
// About 300 m from the Lyon shop: what the stand-in geocoder answers for "rue Édouard Herriot".
const PLACE: FakePlace = {
  display_name: '30, Rue Édouard Herriot, Lyon 1er Arrondissement, Lyon, Auvergne-Rhône-Alpes, 69001, France',
  lat: (LYON.latitude + 0.0025).toFixed(6),
  lon: (LYON.longitude + 0.001).toFixed(6),
  address: { house_number: '30', road: 'Rue Édouard Herriot', city: 'Lyon', postcode: '69001', country_code: 'fr' },
};

interface PassJson {
  locations: Array<{ latitude: number; longitude: number; relevantText?: string }>;
  maxDistance: number;
}

describe.skipIf(chromiumPath === null)('Stores: map, geocoding, pins, hours, and the nearest stores on a card', () => {
  let fake: FakeMapServices;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    fake = await startFakeMapServices([PLACE]);
    server = await startServer({
      cliBefore: [
        ['settings', 'set', 'map.tileUrl', fake.tileUrl],
        ['settings', 'set', 'geocoder.url', fake.url],
      ],
    });
    browser = await launchChromium(chromiumPath!);
    page = await openAdmin(browser, server, pageErrors, { demo: true });
    await page.getByTestId('nav-stores').click();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await fake?.close();
  });

  /** A demo customer whose preferred store is the Lyon shop, read from the database as an auditor would. */
  function lyonCustomer(): number {
    const db = new Database(join(server.dataDir, 'passerelle.sqlite'), { readonly: true });
    try {
      return (db.prepare(`SELECT c.id FROM customers c JOIN stores s ON s.id = c.preferred_store_id WHERE s.city = 'Lyon' ORDER BY c.id LIMIT 1`).get() as { id: number }).id;
    } finally {
      db.close();
    }
  }

  async function passOf(customerId: number): Promise<PassJson> {
    const res = await page.request.get(`${server.adminUrl}/api/customers/${customerId}/pass.pkpass`);
    expect(res.status()).toBe(200);
    return openPass(Buffer.from(await res.body())).passJson as unknown as PassJson;
  }

  test('the map shows every store on tiles from the configured server', async () => {
    await expect.poll(() => page.getByTestId('map-pin').count(), POLL).toBe(10);
    await expect.poll(() => fake.tiles, POLL).toBeGreaterThan(0);
    expect(await page.locator('.leaflet-control-attribution').textContent()).toContain('OpenStreetMap');
  });

  test('a store added by address search, its pin dragged and its hours changed, reaches a nearby customer’s card', async () => {
    await page.getByTestId('store-add').click();
    await page.getByTestId('store-name').fill('Maison Fauvette Lyon Herriot');
    await page.getByTestId('address-search-input').fill('rue Édouard Herriot Lyon');
    await page.getByTestId('address-search-submit').click();
    await page.getByTestId('address-result').first().click();
    expect(await page.getByTestId('store-address').inputValue()).toBe('30 Rue Édouard Herriot');
    expect(await page.getByTestId('store-city').inputValue()).toBe('Lyon');
    expect(fake.searches.at(-1)!.userAgent).toMatch(/^Passerelle\//);
    const found = await page.getByTestId('store-position').textContent();
    expect(found).toContain(Number(PLACE.lat).toFixed(5));

    // Drag the new store's pin (the selected one) a little to the east.
    const pin = page.locator('[data-testid="map-pin"][data-store-id="0"]');
    await pin.waitFor();
    const box = (await pin.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 25, box.y + box.height / 2 + 5, { steps: 8 });
    await page.mouse.up();
    await expect.poll(() => page.getByTestId('store-position').textContent(), POLL).not.toBe(found);

    // Hours: Monday 00:00–23:59 with "+ slot", then copied to every day; an exceptional closure next year.
    await page.getByTestId('hours-mon-add').click();
    await page.getByTestId('hours-mon-0-open').fill('00:00');
    await page.getByTestId('hours-mon-0-close').fill('23:59');
    await page.getByTestId('hours-mon-copy').click();
    expect(await page.getByTestId('hours-sun-0-close').inputValue()).toBe('23:59');
    await page.getByTestId('store-radius-100').check();
    await page.screenshot({ path: screenshotPath('stores-editor-en'), fullPage: true });
    await page.getByTestId('store-save').click();
    await page.getByTestId('store-editor').waitFor({ state: 'detached' });

    await expect.poll(() => page.getByTestId('store-row').count(), POLL).toBe(11);
    await expect.poll(() => page.getByTestId('map-pin').count(), POLL).toBe(11);
    const stores = (await (await page.request.get(`${server.adminUrl}/api/stores`)).json()) as {
      items: Array<{ id: number; name: string; latitude: number; longitude: number; radiusM: number; openNow: boolean; openingHours: Record<string, string[][]> }>;
    };
    const added = stores.items.find((s) => s.name === 'Maison Fauvette Lyon Herriot')!;
    expect(added.openingHours.sun).toEqual([['00:00', '23:59']]);
    expect(added.radiusM).toBe(100);
    expect(Math.abs(added.latitude - Number(PLACE.lat)) + Math.abs(added.longitude - Number(PLACE.lon))).toBeGreaterThan(0.0001);
    expect(await page.locator(`[data-testid="map-pin"][data-store-id="${added.id}"]`).count()).toBe(1);
    await page.screenshot({ path: screenshotPath('stores-map-en'), fullPage: true });

    const customer = lyonCustomer();
    await expect
      .poll(async () => (await passOf(customer)).locations.some((l) => l.latitude === added.latitude && l.longitude === added.longitude), POLL)
      .toBe(true);
    const pass = await passOf(customer);
    expect(pass.locations.length).toBeGreaterThan(1);
    expect(pass.locations.length).toBeLessThanOrEqual(10);
    expect(pass.locations[0]).toMatchObject({ latitude: LYON.latitude, longitude: LYON.longitude });
    expect(pass.locations[1]).toMatchObject({ latitude: added.latitude, longitude: added.longitude });
    const distances = pass.locations.map((l) => haversineM(LYON.latitude, LYON.longitude, l.latitude, l.longitude));
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    // Its lock-screen text while it is open (00:00–23:59 every day: always, but for the last minute of a day).
    expect(pass.locations[1]!.relevantText !== undefined).toBe(added.openNow);
    expect(pass.maxDistance).toBe(Math.max(...stores.items.filter((s) => pass.locations.some((l) => l.latitude === s.latitude)).map((s) => s.radiusM)));
    expect(pageErrors).toEqual([]);
  });

  test('a CSV import with bad rows names each row, column and problem, and imports nothing', async () => {
    const csv = ['name,latitude,longitude,radius_m,hours', 'Bonne,45.76,4.83,200,mon-sat 10:00-19:00', 'Sans nom,45.76,,150,', ',45.7,4.8,100,lun 10:00-19:00'].join('\n');
    await page.getByTestId('stores-import-file').setInputFiles({ name: 'magasins.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByTestId('stores-import-report').waitFor();
    const rows = await page.getByTestId('stores-import-problem').allTextContents();
    expect(rows).toEqual([
      '3longitudeempty',
      '3radius_m"150" is not 100, 200 or 500',
      '4nameempty',
      '4hours"lun 10:00-19:00": days are mon, tue, wed, thu, fri, sat, sun',
    ]);
    expect(await page.getByTestId('store-row').count()).toBe(11);
    await page.screenshot({ path: screenshotPath('stores-import-report-en'), fullPage: true });
  });
});
