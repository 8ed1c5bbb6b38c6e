/**
 * Segments and campaigns in the browser, against the real server: a segment built from conditions with its live
 * count and members, saved; a campaign to it previewed (who gets it, who the guard holds back), scheduled for
 * tomorrow and seen in its report, another sent now and its report's figures; the guard's rules in Settings.
 * Eight demo customers have their card in Apple Wallet (written into the server's database as the web service would:
 * this server runs without phones).
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { putCardInWallet } from '../../server/testing/messaging-fixtures.js';
import { launchChromium, openAdmin, requireChromium, screenshotPath, startServer, type RunningServer } from './harness.js';

const chromiumPath = requireChromium();
const POLL = { timeout: 20_000, interval: 100 };
const IN_WALLET = 8;

describe.skipIf(chromiumPath === null)('segments and campaigns in the browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    // The guard's timing rules off (they depend on the hour the test runs at and on the demo's latest purchases).
    server = await startServer({
      cliBefore: [
        ['settings', 'set', 'messages.quietStart', '09:00'],
        ['settings', 'set', 'messages.quietEnd', '09:00'],
        ['settings', 'set', 'messages.silenceAfterPurchaseHours', '0'],
        ['settings', 'set', 'messages.silenceAfterConversionDays', '0'],
      ],
    });
    browser = await launchChromium(chromiumPath!);
    page = await openAdmin(browser, server, pageErrors, { demo: true });
    const db = new Database(join(server.dataDir, 'passerelle.sqlite'));
    try {
      for (let id = 1; id <= IN_WALLET; id++) putCardInWallet(db, id);
    } finally {
      db.close();
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function open(section: 'segments' | 'campaigns' | 'settings'): Promise<void> {
    await page.getByTestId(`nav-${section}`).click();
    await expect.poll(() => page.evaluate(() => location.hash), POLL).toBe(`#/${section}`);
  }
  const countValue = async () => Number(((await page.getByTestId('segment-count-value').textContent()) ?? '').replace(/[^\d]/g, ''));

  test('builds a segment and sees its live count change with each condition, with members, then saves it', async () => {
    await open('segments');
    // No condition: every customer.
    await expect.poll(countValue, POLL).toBe(1000);
    await page.getByTestId('segment-add-condition').click();
    const condition = page.getByTestId('segment-condition').first();
    await condition.getByTestId('condition-field').selectOption('wallet');
    await expect.poll(countValue, POLL).toBe(IN_WALLET);
    await expect.poll(() => page.getByTestId('segment-member').count(), POLL).toBe(IN_WALLET);
    // A second condition narrows it: customers with at least one purchase ever.
    await page.getByTestId('segment-add-condition').click();
    const second = page.getByTestId('segment-condition').nth(1);
    await second.getByTestId('condition-field').selectOption('purchaseCount');
    await second.getByTestId('condition-min').fill('1');
    await expect.poll(countValue, POLL).toBeLessThanOrEqual(IN_WALLET);
    const narrowed = await countValue();
    await second.getByTestId('condition-remove').click();
    await expect.poll(countValue, POLL).toBe(IN_WALLET);
    expect(narrowed).toBeGreaterThan(0);
    expect(await page.getByTestId('segment-count').textContent()).toMatch(/counted in [\d.]+ ms/);

    await page.getByTestId('segment-name').fill('Wallet holders');
    await page.getByTestId('segment-save').click();
    await expect.poll(async () => (await page.getByTestId('segment-item').allTextContents()).map((t) => t.trim()), POLL).toContain('Wallet holders');
    await page.screenshot({ path: screenshotPath('segments-builder'), fullPage: true });
  });

  test('previews a campaign to the segment, schedules it for tomorrow and sees its report', async () => {
    await open('campaigns');
    await page.getByTestId('campaign-new').click();
    await page.getByTestId('campaign-name').fill('Nouvelle collection');
    await page.getByTestId('campaign-message-fr').fill('{{firstName}}, la nouvelle collection arrive demain');
    await page.getByTestId('campaign-message-en').fill('{{firstName}}, the new collection arrives tomorrow');
    await page.getByTestId('campaign-category').selectOption('relational');
    await page.getByTestId('campaign-audience').selectOption({ label: 'Wallet holders' });
    // Before it goes: everyone in the segment can get it (relational needs no consent; the timing rules are off).
    await expect.poll(async () => (await page.getByTestId('preview-will-get').textContent())?.trim(), POLL).toBe(String(IN_WALLET));
    await page.getByTestId('campaign-when-at').check();
    const tomorrow = new Date(Date.now() + 24 * 3_600_000);
    const at = `${tomorrow.toISOString().slice(0, 10)}T10:00`;
    await page.getByTestId('campaign-at').fill(at);
    await page.screenshot({ path: screenshotPath('campaigns-form'), fullPage: true });
    await page.getByTestId('campaign-submit').click();

    await expect.poll(() => page.evaluate(() => location.hash), POLL).toMatch(/^#\/campaigns\/\d+$/);
    const report = page.getByTestId('campaign-report');
    await expect.poll(() => report.getByTestId('campaign-report-name').textContent(), POLL).toBe('Nouvelle collection');
    expect((await report.getByTestId('campaign-status').textContent())?.trim()).toBe('Scheduled');
    await expect.poll(() => report.getByTestId('campaign-run').getAttribute('data-status'), POLL).toBe('waiting');
    expect(await report.getByTestId('campaign-run').textContent()).toContain('10:00');
    await page.screenshot({ path: screenshotPath('campaigns-report-scheduled'), fullPage: true });
  });

  test('a campaign sent now: its report says how many got it and how many the guard held back, and why', async () => {
    await page.getByTestId('campaigns-back').click();
    await page.getByTestId('campaign-new').click();
    await page.getByTestId('campaign-message-fr').fill('-20 % sur les thés ce week-end');
    await page.getByTestId('campaign-category').selectOption('commercial');
    await page.getByTestId('campaign-mechanic').selectOption('promotion');
    await page.getByTestId('campaign-audience').selectOption({ label: 'Wallet holders' });
    await expect.poll(async () => (await page.getByTestId('campaign-preview').getAttribute('data-loading')) === 'false', POLL).toBe(true);
    const willGet = Number((await page.getByTestId('preview-will-get').textContent())?.trim());
    const heldShown = await page.getByTestId('preview-held').locator('li').count();
    await page.getByTestId('campaign-submit').click();

    const report = page.getByTestId('campaign-report');
    await expect.poll(() => report.getByTestId('campaign-run').getAttribute('data-status'), POLL).toBe('done');
    expect(Number((await report.getByTestId('run-sent').textContent())?.trim())).toBe(willGet);
    const held = Number(((await report.getByTestId('run-held').textContent()) ?? '').match(/^\d+/)?.[0]);
    expect(willGet + held).toBe(IN_WALLET);
    // Commercial messages need marketing consent: some of the demo's customers gave none, and the report says so.
    expect(heldShown).toBeGreaterThan(0);
    expect(held).toBeGreaterThan(0);
    expect(await report.getByTestId('run-held').textContent()).toContain('no marketing consent');
    await page.screenshot({ path: screenshotPath('campaigns-report-sent'), fullPage: true });
    await page.getByTestId('campaigns-back').click();
    await expect.poll(() => page.getByTestId('campaign-item').count(), POLL).toBe(2);
  });

  test('Settings shows the anti-spam rules, explained, and saves them', async () => {
    await open('settings');
    const panel = page.getByTestId('message-discipline');
    await expect.poll(() => panel.textContent(), POLL).toContain('Google Wallet’s limit');
    await panel.getByTestId('guard-weekly-cap').fill('1');
    await panel.getByTestId('guard-save').click();
    await expect.poll(() => page.locator('.toasts').textContent(), POLL).toContain('Rules saved');
    await panel.screenshot({ path: screenshotPath('settings-message-discipline') });
    expect(pageErrors).toEqual([]);
  });
});
