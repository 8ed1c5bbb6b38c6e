/**
 * The admin's side of the loyalty programme against the real server (demo brand), in French: the customers list
 * fits 1,366 px; a customer added by hand gets a profile; a purchase recorded there moves them up a tier, and the
 * history says it with the programme's tier names (never the ids); the programme screen shows the rules, tiers and
 * rewards; the scanner page finds a customer typed in by a USB scanner; Settings lists staff and mail.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openAdmin, requireChromium, screenshotPath, startServer, type RunningServer } from './harness.js';

const chromiumPath = requireChromium();
const POLL = { timeout: 20_000, interval: 100 };

describe.skipIf(chromiumPath === null)('Customers, programme and till in the admin UI', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium(chromiumPath!);
    page = await openAdmin(browser, server, pageErrors, { demo: true });
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.evaluate(() => localStorage.setItem('passerelle.locale', 'fr'));
    await page.reload();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('the customers list fits 1,366 px; a new customer gets a profile, a purchase moves them up a tier, said in French', async () => {
    await page.goto(`${server.adminUrl}/#/customers`);
    await page.getByTestId('customer-row').first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: screenshotPath('customers-list-1366') });

    await page.getByTestId('customer-add').click();
    await page.getByTestId('customer-first-name').fill('Inès');
    await page.getByTestId('customer-email').fill('ines.leroy@example.org');
    await page.getByTestId('customer-save').click();
    await page.getByTestId('customer-profile').waitFor();
    expect(await page.getByTestId('profile-points').textContent()).toBe('0 points');

    await page.getByTestId('profile-amount').fill('520');
    await page.getByTestId('profile-add-purchase').click();
    await expect.poll(() => page.getByTestId('profile-points').textContent(), POLL).toBe('520 points');
    const history = page.getByTestId('customer-timeline');
    await expect.poll(() => history.textContent(), POLL).toContain('Nouveau statut : Membre → Argent');
    expect(await history.textContent()).not.toMatch(/\bsilver\b|\bmember\b/);
    await page.screenshot({ path: screenshotPath('customer-profile-fr'), fullPage: true });

    // Taking more points than the balance is refused in French, with the numbers.
    await page.getByTestId('customer-delete').click();
    expect(await page.getByTestId('customer-delete-confirm').textContent()).toContain('ne se mettent plus à jour');
    await page.getByTestId('customer-delete-yes').click();
    await expect.poll(() => page.evaluate(() => location.hash), POLL).toBe('#/customers');
  });

  test('the programme screen and the scanner page', async () => {
    await page.goto(`${server.adminUrl}/#/programme`);
    await page.getByTestId('programme-tiers').waitFor();
    expect(await page.getByTestId('tier-threshold-1').inputValue()).toBe('500');
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: screenshotPath('programme-fr'), fullPage: true });

    await page.goto(`${server.adminUrl}/#/scanner`);
    // A USB scanner types the card's code into the focused field and presses Enter.
    await page.getByTestId('till-code').waitFor();
    await page.keyboard.type('M-000001\n');
    await page.getByTestId('till-customer').waitFor();
    expect(await page.getByTestId('till-points').textContent()).toMatch(/points$/);
    await page.screenshot({ path: screenshotPath('scanner-admin-fr'), fullPage: true });

    await page.goto(`${server.adminUrl}/#/settings`);
    await page.getByTestId('staff-panel').waitFor();
    await page.getByTestId('smtp-panel').waitFor();
    await page.screenshot({ path: screenshotPath('settings-staff-smtp-fr'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
