/**
 * Google Wallet in the browser against the real server, whose Google calls go to the local fake Google Wallet API
 * (set with `settings google --api-url/--token-url` before it starts): the designer previews the Google card beside
 * the Apple one (tiers, French/English), Settings tests the connection, a customer's drawer makes the "Add to Google
 * Wallet" link, and the card link gives an Android phone the Google save link and an iPhone the .pkpass.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startFakeGoogleWallet, type FakeGoogleWallet } from '../../server/testing/fake-google-wallet.js';
import { decodeRs256, testServiceAccount } from '../../server/testing/google-credentials.js';
import { launchChromium, openAdmin, requireChromium, screenshotPath, startServer, type RunningServer } from './harness.js';

const chromiumPath = requireChromium();
const POLL = { timeout: 20_000, interval: 100 };
const ISSUER = '3388000000022222222';
const ANDROID = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36';
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';

describe.skipIf(chromiumPath === null)('Google Wallet in the browser, against the real server and the fake Google', () => {
  const sa = testServiceAccount();
  let fake: FakeGoogleWallet;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let cardLink = '';
  const pageErrors: string[] = [];
  const shoot = (name: string) => page.screenshot({ path: screenshotPath(name), fullPage: true });

  beforeAll(async () => {
    fake = await startFakeGoogleWallet({ issuerId: ISSUER });
    fake.trustKey(sa.publicKey);
    const keyFile = join(process.env.TMPDIR ?? '/tmp', `passerelle-e2e-google-${process.pid}.json`);
    writeFileSync(keyFile, sa.json);
    server = await startServer({
      cliBefore: [['settings', 'google', '--issuer-id', ISSUER, '--service-account', keyFile, '--api-url', fake.url, '--token-url', fake.tokenUrl]],
    });
    browser = await launchChromium(chromiumPath!);
    page = await openAdmin(browser, server, pageErrors, { demo: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await fake?.close();
  });

  test('the designer previews the Google card beside the Apple one, per tier and language', async () => {
    await page.getByTestId('nav-cards').click();
    await expect.poll(() => page.getByTestId('design-row').count(), POLL).toBeGreaterThan(0);
    await page.getByTestId('design-open').first().click();
    await page.getByTestId('pass').waitFor();
    const google = page.getByTestId('google-card');
    await google.waitFor(POLL);
    expect(await page.getByTestId('google-preview').getAttribute('data-vertical')).toBe('loyalty');
    // The same barcode value on both previews.
    const appleValue = await page.getByTestId('pass-qr').getAttribute('data-message');
    expect(await page.getByTestId('google-barcode').getAttribute('data-value')).toBe(appleValue);
    await page.getByTestId('preview-tier-gold').click();
    await expect.poll(async () => (await page.getByTestId('google-row').allTextContents()).join('|'), POLL).toContain('Gold');
    await page.getByTestId('preview-lang-fr').click();
    await expect.poll(async () => (await page.getByTestId('google-row').allTextContents()).join('|'), POLL).toContain('Or');
    await expect.poll(() => page.getByTestId('google-title').textContent(), POLL).toMatch(/Carte de fidélité/);
    await page.getByTestId('google-preview').scrollIntoViewIfNeeded();
    await shoot('google-designer-preview-fr-gold');
    await page.getByTestId('preview-lang-en').click();
    await expect.poll(() => page.getByTestId('google-title').textContent(), POLL).toMatch(/loyalty card/);
  });

  test('Settings shows Google Wallet set up and the connection test passes', async () => {
    await page.getByTestId('nav-settings').click();
    const panel = page.getByTestId('google-panel');
    await panel.waitFor();
    await expect.poll(() => page.getByTestId('google-configured').textContent(), POLL).toMatch(/Set up/);
    expect(await page.getByTestId('google-key-email').textContent()).toBe(sa.clientEmail);
    await page.getByTestId('google-test').click();
    await page.getByTestId('google-test-steps').waitFor(POLL);
    expect(await page.getByTestId('google-test-steps').getAttribute('data-ok')).toBe('true');
    expect(await page.getByTestId('google-merchant-hint').textContent()).toMatch(/allowlist/);
    await panel.scrollIntoViewIfNeeded();
    await panel.screenshot({ path: screenshotPath('google-settings') });
  });

  test('a customer’s drawer makes the "Add to Google Wallet" link', async () => {
    await page.getByTestId('nav-customers').click();
    await page.getByTestId('customer-row').first().getByTestId('customer-open').click();
    const drawer = page.getByTestId('customer-pass-drawer');
    await drawer.waitFor();
    cardLink = ((await page.getByTestId('customer-pass-link').textContent()) ?? '').trim();
    await page.getByTestId('customer-google-button').click();
    const link = page.getByTestId('customer-google-link');
    await link.waitFor(POLL);
    const url = (await link.getAttribute('href')) ?? '';
    expect(url).toMatch(/^https:\/\/pay\.google\.com\/gp\/v\/save\//);
    expect(decodeRs256(url.split('/').pop()!, sa.publicKey).signatureValid).toBe(true);
    await drawer.screenshot({ path: screenshotPath('google-customer-drawer') });
    expect(fake.operations.some((o) => o.method === 'POST' && o.path === 'loyaltyObject')).toBe(true);
  });

  test('the card link: an Android phone is sent to Google Wallet, an iPhone gets the .pkpass', async () => {
    expect(cardLink).toMatch(/\/p\/[\w-]{43}$/);
    const android = await browser.newContext({ userAgent: ANDROID });
    const phone = await android.newPage();
    let reached = '';
    // No internet here: the phone's request goes to the server as sent (its user agent), and where the server sends
    // it is read from the answer instead of followed to Google.
    await phone.route(cardLink, async (route) => {
      const answer = await route.fetch({ maxRedirects: 0 });
      expect(answer.status()).toBe(302);
      reached = answer.headers().location ?? '';
      return route.fulfill({ status: 200, contentType: 'text/html', body: '<title>Google Wallet</title>' });
    });
    await phone.goto(cardLink);
    expect(reached).toMatch(/^https:\/\/pay\.google\.com\/gp\/v\/save\/[\w-]+\.[\w-]+\.[\w-]+$/);
    await android.close();

    const iphone = await browser.newContext({ userAgent: IPHONE, acceptDownloads: true });
    const ipage = await iphone.newPage();
    const download = ipage.waitForEvent('download');
    await ipage.goto(cardLink).catch(() => undefined);
    expect((await download).suggestedFilename()).toMatch(/\.pkpass$/);
    await iphone.close();

    // A computer gets a page with both buttons.
    const desktop = await browser.newContext({ locale: 'fr-FR', viewport: { width: 900, height: 800 } });
    const dpage = await desktop.newPage();
    await dpage.goto(cardLink);
    expect(await dpage.locator('a[data-wallet]').evaluateAll((links) => links.map((a) => a.getAttribute('data-wallet')))).toEqual(['apple', 'google']);
    await dpage.screenshot({ path: screenshotPath('google-card-page-fr') });
    await desktop.close();
    expect(pageErrors).toEqual([]);
  });
});
