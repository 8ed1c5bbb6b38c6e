/**
 * Integrations in the admin UI, in French, against the real server: a CSV file with bad rows gets its exact report
 * and nothing is written; a good 100,000-row customer file is imported with its progress bar (screenshots), then the
 * same file again changes nothing. Settings: an API key shown once, a webhook endpoint whose test event a local
 * receiver verifies and whose delivery log says so, Klaviyo connected to a local stand-in, the API's Swagger UI.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { writeCustomersCsv } from '../../server/testing/csv-fixtures.js';
import { startFakeKlaviyo, type FakeKlaviyo } from '../../server/testing/fake-klaviyo.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../server/testing/webhook-receiver.js';
import { launchChromium, openAdmin, requireChromium, screenshotPath, startServer, type RunningServer } from './harness.js';

const chromiumPath = requireChromium();
const POLL = { timeout: 30_000, interval: 100 };
const LONG = { timeout: 240_000, interval: 250 };
const STORE = 'Lyon Presqu’île';
const ROWS = 100_000;
/** French numbers are grouped with narrow no-break spaces: compared with plain ones. */
const plain = (text: string | null) => (text ?? '').replace(/[\u202f\u00a0]/g, ' ');

describe.skipIf(chromiumPath === null)('Integrations: CSV import, API keys, webhooks, CRM', { timeout: 600_000 }, () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let dir: string;
  let receiver: WebhookReceiver;
  let klaviyo: FakeKlaviyo;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'passerelle-e2e-csv-'));
    server = await startServer({ cliBefore: [['store', 'add', '--name', STORE, '--lat', '45.7640', '--lon', '4.8357']] });
    receiver = await startWebhookReceiver();
    klaviyo = await startFakeKlaviyo();
    browser = await launchChromium(chromiumPath!);
    page = await openAdmin(browser, server, pageErrors);
    await page.evaluate(() => localStorage.setItem('passerelle.locale', 'fr'));
    await page.reload();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await receiver?.close();
    await klaviyo?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function openImport(): Promise<void> {
    await page.goto(`${server.adminUrl}/#/customers`);
    await page.getByTestId('customers-import').click();
    await page.getByTestId('csv-file').waitFor({ state: 'attached' });
  }

  test('a ;-separated Excel export with a BOM and bad rows: the exact report, nothing written', async () => {
    const bad = join(dir, 'export-excel.csv');
    writeFileSync(
      bad,
      '\uFEFF' +
        [
          'E-mail;Prénom;Nom;Date de naissance;Magasin;Newsletter',
          `lea.martin@exemple.fr;Léa;Martin;14/07/1988;${STORE};oui`,
          'camille@@exemple.fr;Camille;Roux;01/02/1990;;non',
          'hugo@exemple.fr;Hugo;Bernard;;Lille Centre;oui',
          'LEA.MARTIN@exemple.fr;Léa;Martin-Bis;;;',
          'ines@exemple.fr;Inès;Petit;1990/12/31;;1',
        ].join('\r\n') +
        '\r\n',
    );
    await openImport();
    await page.getByTestId('csv-file').setInputFiles(bad);
    await expect.poll(() => page.getByTestId('csv-file-info').textContent(), POLL).toContain('séparé par des points-virgules, UTF-8 avec BOM, 6 colonnes');
    expect(await page.getByTestId('map-store').inputValue()).toBe('Magasin');
    await page.getByTestId('csv-check').click();
    await page.getByTestId('csv-report').waitFor();
    const rows = await page.getByTestId('csv-problem').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim())));
    expect(rows).toEqual([
      ['3', 'E-mail', '« camille@@exemple.fr » n’est pas une adresse e-mail'],
      ['4', 'Magasin', 'magasin inconnu « Lille Centre »'],
      ['5', 'E-mail', 'doublon de la ligne 2'],
      ['6', 'Date de naissance', 'date au mauvais format : « 1990/12/31 » (attendu JJ/MM/AAAA ou AAAA-MM-JJ)'],
    ]);
    expect(await page.getByTestId('csv-report').textContent()).toContain('4 problèmes trouvés');
    expect(await page.getByTestId('csv-run').count()).toBe(0);
    await page.screenshot({ path: screenshotPath('csv-import-report-fr'), fullPage: true });
    const list = await page.request.get(`${server.adminUrl}/api/customers?limit=1`);
    expect(((await list.json()) as { total: number }).total).toBe(0);
  });

  test('a good 100,000-row file is imported with a progress bar, and the same file again changes nothing', async () => {
    const good = join(dir, 'clients-100000.csv');
    await writeCustomersCsv(good, ROWS, STORE);
    await openImport();
    await page.getByTestId('csv-file').setInputFiles(good);
    await expect.poll(() => page.getByTestId('csv-file-info').textContent(), LONG).toContain('10 colonnes');
    await page.getByTestId('csv-check').click();
    await expect.poll(() => page.getByTestId('csv-report').textContent().then(plain).catch(() => ''), LONG).toContain('100 000 nouvelles');
    await page.getByTestId('csv-run').click();
    const bar = page.getByRole('progressbar');
    // Caught between its first and last batch: the bar is moving.
    await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow').catch(() => '0')), LONG).toBeGreaterThan(0);
    await page.getByTestId('csv-progress').screenshot({ path: screenshotPath('csv-import-progress-fr') });
    await page.screenshot({ path: screenshotPath('csv-import-running-fr'), fullPage: true });
    await expect.poll(() => page.getByTestId('csv-progress').textContent().then(plain), LONG).toContain('Import terminé : 100 000 créées, 0 modifiées, 0 inchangées.');
    await page.screenshot({ path: screenshotPath('csv-import-done-fr'), fullPage: true });

    await openImport();
    await page.getByTestId('csv-file').setInputFiles(good);
    await page.getByTestId('csv-check').click();
    await expect.poll(() => page.getByTestId('csv-report').textContent().then(plain).catch(() => ''), LONG).toContain('0 nouvelles, 0 modifiées, 100 000 inchangées');
    await page.getByTestId('csv-run').click();
    await expect.poll(() => page.getByTestId('csv-progress').textContent().then(plain), LONG).toContain('Import terminé : 0 créées, 0 modifiées, 100 000 inchangées.');
    await page.screenshot({ path: screenshotPath('csv-reimport-unchanged-fr'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  test('Settings: an API key shown once, a webhook test verified by its receiver, Klaviyo connected, Swagger UI', async () => {
    await page.goto(`${server.adminUrl}/#/settings`);
    const keys = page.getByTestId('api-keys-panel');
    await keys.getByRole('textbox').fill('Site e-commerce');
    await keys.getByRole('button', { name: 'Créer une clé' }).click();
    const key = (await page.getByTestId('api-key-value').textContent())!;
    expect(key).toMatch(/^pk_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    await keys.scrollIntoViewIfNeeded();
    await keys.screenshot({ path: screenshotPath('settings-api-key-once-fr') });
    // The key works on the public listener, and is shown nowhere once dismissed.
    const api = await page.request.get(`${server.publicUrl}/v1/customers?limit=1`, { headers: { authorization: `Bearer ${key}` } });
    expect(api.status()).toBe(200);
    await keys.getByRole('button', { name: 'C’est copié' }).click();
    expect(await keys.textContent()).not.toContain(key.split('_')[2]!);

    const hooks = page.getByTestId('webhooks-panel');
    await page.getByTestId('webhook-url').fill(`${receiver.url}/passerelle`);
    await hooks.getByRole('button', { name: 'Ajouter l’adresse' }).click();
    await page.getByTestId('webhook-endpoint').waitFor();
    await hooks.getByRole('button', { name: 'Afficher' }).click();
    receiver.secrets = [(await hooks.locator('.secret code').textContent())!];
    await page.getByTestId('webhook-test').click();
    await expect.poll(() => receiver.received.length, POLL).toBe(1);
    expect(receiver.received[0]).toMatchObject({ type: 'endpoint.test', verified: true });
    await expect.poll(() => page.getByTestId('webhook-delivery').first().getAttribute('data-status'), POLL).toBe('succeeded');
    expect(await page.getByTestId('webhook-delivery').first().textContent()).toContain('Reçu');
    await hooks.scrollIntoViewIfNeeded();
    await hooks.screenshot({ path: screenshotPath('settings-webhooks-fr') });

    const crm = page.getByTestId('crm-klaviyo');
    await crm.getByRole('button', { name: 'Adresse de l’API…' }).click();
    await crm.locator('input[type="url"]').fill(klaviyo.url);
    await crm.locator('input[type="password"]').fill(klaviyo.apiKey);
    await crm.getByRole('button', { name: 'Connecter' }).click();
    await expect.poll(() => crm.textContent(), POLL).toContain('Klaviyo accepte la clé.');
    await page.getByTestId('crm-panel').scrollIntoViewIfNeeded();
    await page.getByTestId('crm-panel').screenshot({ path: screenshotPath('settings-crm-fr') });
    // Settings → Health has a line for them: a webhook endpoint delivering and Klaviyo connected.
    await page.getByTestId('health-run').click();
    const line = page.getByTestId('health-integrations');
    await expect.poll(() => line.getAttribute('data-code'), LONG).toBe('INTEGRATIONS_OK');
    expect(await line.getAttribute('data-status')).toBe('ok');
    expect(plain(await line.textContent())).toContain('Webhooks actifs : 1. CRM : Klaviyo.');
    await line.scrollIntoViewIfNeeded();
    await page.getByTestId('health-panel').screenshot({ path: screenshotPath('settings-health-integrations-fr') });

    const docs = await browser.newPage();
    await docs.context().addCookies(await page.context().cookies());
    const errors: string[] = [];
    docs.on('pageerror', (e) => errors.push(e.message));
    await docs.goto(`${server.adminUrl}/api-docs/`);
    await expect.poll(() => docs.locator('.opblock-summary-path').allTextContents(), POLL).toEqual(
      expect.arrayContaining(['/v1/customers', '/v1/purchases', '/v1/events']),
    );
    await docs.screenshot({ path: screenshotPath('api-docs-swagger-ui') });
    expect(errors).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
