/**
 * The KPI dashboard, the automations and a campaign's A/B results in the browser (French), against the real server
 * filled by `passerelle demo --wallet-history`: every chart is drawn, labelled and downloadable as CSV, the range
 * changes the figures, an automation is switched on and a calendar date added. Screenshots are kept to be read.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium, requireChromium, screenshotPath, startServer, type RunningServer } from './harness.js';

const chromiumPath = requireChromium();
const POLL = { timeout: 30_000, interval: 100 };
const CHARTS = ['chart-active', 'chart-installs', 'chart-uninstalls', 'chart-types', 'chart-mix', 'chart-business', 'chart-campaigns'];

describe.skipIf(chromiumPath === null)('the KPI dashboard and the automations in the browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    server = await startServer({ cliBefore: [['demo', '--wallet-history']] });
    browser = await launchChromium(chromiumPath!);
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, locale: 'fr-FR', acceptDownloads: true });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(server.loginLink);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('draws every chart of the dashboard, labelled in French, each with its CSV', async () => {
    await page.getByTestId('kpi-dashboard').waitFor({ timeout: 60_000 });
    for (const chart of CHARTS) {
      const panel = page.getByTestId(chart);
      await panel.waitFor();
      expect((await panel.locator('figcaption .title').textContent())?.trim().length, chart).toBeGreaterThan(5);
      expect(await panel.getByTestId(`${chart}-csv`).getAttribute('href')).toMatch(/^\/api\/kpis\/csv\/\w+\?from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}$/);
    }
    // The charts are drawn (LayerChart's SVG), with their axes' labels in French.
    await expect.poll(() => page.getByTestId('chart-installs').locator('svg rect').count(), POLL).toBeGreaterThan(5);
    await expect.poll(() => page.getByTestId('chart-active').locator('svg path').count(), POLL).toBeGreaterThan(1);
    const installs = await page.getByTestId('chart-installs').textContent();
    expect(installs).toContain('Apple Wallet');
    expect(installs).toContain('Google Wallet');
    expect(installs).toContain('Semaine du');
    expect(await page.getByTestId('chart-types').textContent()).toMatch(/Bienvenue.*Campagnes.*Automatiques/s);
    expect(await page.getByTestId('chart-mix').textContent()).toMatch(/relationnel.*inspiration.*commercial/s);
    expect(await page.getByTestId('business-basket').textContent()).toMatch(/Clients Wallet/);
    await expect.poll(() => page.getByTestId('lift-row').count(), POLL).toBeGreaterThan(0);
    await page.screenshot({ path: screenshotPath('kpi-dashboard-90-days-fr'), fullPage: true });

    // A year: the uninstall spike after the Mother's Day campaign shows, in red, with the alarm's sentence.
    await page.getByTestId('kpi-preset-365').click();
    await expect.poll(() => page.getByTestId('chart-uninstalls').locator('svg rect').count(), POLL).toBeGreaterThan(40);
    await page.screenshot({ path: screenshotPath('kpi-dashboard-12-months-fr'), fullPage: true });

    // The CSV of a chart: what it shows, one row per week.
    const csv = await page.evaluate(async (href) => (await fetch(href)).text(), (await page.getByTestId('chart-uninstalls-csv').getAttribute('href'))!);
    const rows = csv.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(rows[0]).toBe('week,uninstalls,active_at_start,rate,alarm');
    expect(rows.length).toBeGreaterThan(50);
    expect(pageErrors).toEqual([]);
  });

  test('switches an automation on, edits its timing, adds a date to the calendar', async () => {
    await page.getByTestId('nav-automations').click();
    await page.getByTestId('moment-activation').waitFor();
    expect(await page.getByTestId('automation-welcome-toggle').isChecked()).toBe(true);
    const dormant = page.getByTestId('automation-dormant_points');
    expect(await page.getByTestId('automation-dormant_points-toggle').isChecked()).toBe(false);
    await page.getByTestId('automation-dormant_points-toggle').check();
    await expect.poll(() => dormant.evaluate((el) => el.classList.contains('enabled')), POLL).toBe(true);
    await dormant.locator('summary').click();
    await page.getByTestId('automation-dormant_points-param-days').fill('60');
    await page.getByTestId('automation-dormant_points-save').click();
    await expect.poll(async () => (await dormant.locator('.when').textContent())?.includes('Après 60 jours'), POLL).toBe(true);

    await page.getByTestId('calendar-add').click();
    await page.getByTestId('calendar-name').fill('Fête des pères');
    await page.getByTestId('calendar-date').fill('2026-06-21');
    await page.getByTestId('calendar-message').fill('Pour lui 🎁 Nos idées cadeaux sont en boutique.');
    await page.getByTestId('calendar-save').click();
    await expect.poll(async () => (await page.getByTestId('calendar-entry').allTextContents()).some((t) => t.includes('Fête des pères')), POLL).toBe(true);
    await page.screenshot({ path: screenshotPath('automations-fr'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  test('shows an A/B campaign’s variants against the control group, and the winner', async () => {
    await page.getByTestId('nav-campaigns').click();
    await page.getByRole('link', { name: 'Fête des mères' }).click();
    const results = page.getByTestId('campaign-results');
    await results.waitFor();
    await expect.poll(() => page.getByTestId('results-variant-B').count(), POLL).toBe(1);
    expect(await page.getByTestId('results-variant-A').textContent()).toContain('Fête des mères 💐');
    expect(await page.getByTestId('results-winner').textContent()).toMatch(/La variante [AB] (l’emporte|devance)|Pas encore de gagnant/);
    await page.getByTestId('campaign-report').screenshot({ path: screenshotPath('campaign-ab-results-fr') });
    expect(pageErrors).toEqual([]);
  });
});
