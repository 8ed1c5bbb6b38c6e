/**
 * Passes from the admin UI against the real server: the Settings page's Apple identity panel (development notice,
 * import errors next to the inputs, a Keychain .p12 import), and from the Customers page a customer's .pkpass and QR
 * codes, the bulk export with its progress bar, and the poster — each file checked as a customer would get it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { P12_PASSWORD, makeAppleCredentials, type AppleCredentials } from '../../server/testing/apple-credentials.js';
import { openPass, verifyPass } from '../../server/testing/pkpass.js';
import { readZip } from '../../server/testing/zip-reader.js';
import { launchChromium, openAdmin, requireChromium, screenshotPath, startServer, type RunningServer, serverWwdr } from './harness.js';

const chromiumPath = requireChromium();
const POLL = { timeout: 20_000, interval: 100 };

describe.skipIf(chromiumPath === null)('passes in the browser, against the real server', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let files: string;
  let creds: AppleCredentials;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    creds = makeAppleCredentials();
    files = mkdtempSync(join(tmpdir(), 'passerelle-e2e-files-'));
    writeFileSync(join(files, 'Certificats.p12'), creds.legacyP12);
    writeFileSync(join(files, 'AppleWWDRCAG4.cer'), creds.wwdrDer);
    server = await startServer();
    browser = await launchChromium(chromiumPath!);
    page = await openAdmin(browser, server, pageErrors, { acceptDownloads: true, demo: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (files) rmSync(files, { recursive: true, force: true });
  });


  async function download(testId: string, nth = 0): Promise<{ name: string; bytes: Buffer }> {
    const [file] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId(testId).nth(nth).click()]);
    const path = join(files, `${Date.now()}-${file.suggestedFilename()}`);
    await file.saveAs(path);
    return { name: file.suggestedFilename(), bytes: readFileSync(path) };
  }

  /** Toasts fade on their own; screenshots should show the page under them. */
  async function dismissToasts(): Promise<void> {
    const close = page.locator('.toasts').getByRole('button', { name: 'Dismiss' });
    while ((await close.count()) > 0) await close.first().click();
  }

  async function open(section: 'customers' | 'settings'): Promise<void> {
    await page.getByTestId(`nav-${section}`).click();
    await expect.poll(() => page.evaluate(() => location.hash), POLL).toBe(`#/${section}`);
  }

  test('Settings says plainly that the development identity signs, and shows what it is', async () => {
    await open('settings');
    const notice = page.getByTestId('apple-dev-notice');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('will not install on a real iPhone until you import a Pass Type ID certificate');
    expect(await page.getByTestId('apple-pass-type').textContent()).toBe('pass.dev.passerelle.local');
    expect(await page.getByTestId('apple-team').textContent()).toBe('PSRLDEV000');
    await dismissToasts();
    await page.getByTestId('apple-panel').screenshot({ path: screenshotPath('passes-settings-development') });
  });

  test('Customers: a customer’s .pkpass verifies with openssl, and the QR codes come as PNG and SVG', async () => {
    await open('customers');
    await page.getByTestId('customer-row').first().waitFor();
    const pass = await download('customer-pass-download');
    expect(pass.name).toMatch(/^Maison-Fauvette-[A-Za-z0-9-]+\.pkpass$/);
    const verified = verifyPass(pass.bytes, serverWwdr(server.dataDir));
    expect(verified.ok, verified.stderr).toBe(true);
    expect(openPass(pass.bytes).passJson).toMatchObject({ webServiceURL: `${server.publicUrl}/apple`, organizationName: 'Maison Fauvette' });

    const png = await download('customer-pass-qr-png');
    expect((await sharp(png.bytes).metadata()).format).toBe('png');
    expect(png.name).toMatch(/^Maison-Fauvette-[A-Za-z0-9-]+-qr\.png$/);
    const svg = await download('customer-pass-qr-svg');
    expect(svg.bytes.toString('utf8')).toContain('<svg');

    // The QR code's link is the public listener's: it serves the same customer's pass without any session.
    const info = (await page.evaluate(() => fetch('/api/customers/1/pass').then((r) => r.json()))) as { downloadUrl: string };
    const fromPhone = Buffer.from(await (await fetch(info.downloadUrl)).arrayBuffer());
    expect(verifyPass(fromPhone, serverWwdr(server.dataDir)).ok).toBe(true);
  });

  test('in a narrower window the card actions move to a drawer opened from the customer’s name', async () => {
    await page.setViewportSize({ width: 1100, height: 800 });
    try {
      expect(await page.getByTestId('customer-pass-download').first().isVisible()).toBe(false);
      await page.getByTestId('customer-open').nth(2).click();
      const drawer = page.getByTestId('customer-pass-drawer');
      await drawer.waitFor();
      await expect.poll(() => drawer.getByTestId('customer-pass-link').textContent(), POLL).toMatch(/\/p\/[A-Za-z0-9_-]{43}$/);
      const preview = drawer.getByTestId('customer-pass-qr-preview');
      await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), POLL).toBe(true);
      await dismissToasts();
      await page.screenshot({ path: screenshotPath('passes-customer-drawer') });
      const [file] = await Promise.all([page.waitForEvent('download'), drawer.getByTestId('customer-pass-download').click()]);
      const path = join(files, `drawer-${file.suggestedFilename()}`);
      await file.saveAs(path);
      expect(verifyPass(readFileSync(path), serverWwdr(server.dataDir)).ok).toBe(true);
      await page.keyboard.press('Escape');
      await expect.poll(() => drawer.count(), POLL).toBe(0);
    } finally {
      await page.setViewportSize({ width: 1360, height: 900 });
    }
  });

  test('Customers: "Export all passes" shows its progress, then downloads a zip of every pass and links.csv', async () => {
    await page.getByTestId('pass-export-start').click();
    // The progress bar, caught while the workers sign (an artefact to look at, not an assertion: it can be quick).
    await page
      .getByTestId('pass-export-progress')
      .waitFor({ timeout: 5_000 })
      .then(() => page.locator('.page-header').screenshot({ path: screenshotPath('passes-customers-export-progress') }))
      .catch(() => undefined);
    await page.getByTestId('pass-export-download').waitFor({ timeout: 90_000 });
    expect(await page.getByTestId('pass-export-done').textContent()).toContain('1,000 passes exported');
    await dismissToasts();
    await page.screenshot({ path: screenshotPath('passes-customers-export-done') });
    const zip = readZip((await download('pass-export-download')).bytes);
    const passes = [...zip.keys()].filter((n) => n.endsWith('.pkpass'));
    expect(passes).toHaveLength(1000);
    expect(verifyPass(zip.get(passes[0]!)!.data, serverWwdr(server.dataDir)).ok).toBe(true);
    expect(zip.get('links.csv')!.data.toString('utf8').trimEnd().split('\r\n')).toHaveLength(1001);

    const poster = await download('poster-download');
    const meta = await sharp(poster.bytes).metadata();
    expect([meta.width, meta.height]).toEqual([1240, 1754]);
    writeFileSync(screenshotPath('passes-poster'), await sharp(poster.bytes).resize(620).png().toBuffer());
  });

  test('Settings: refusals show next to the input at fault; a Keychain .p12 then imports and signs the passes', async () => {
    await open('settings');
    // The .p12 import sits under the certificate request Passerelle now makes itself: open it.
    await page.getByTestId('apple-have-p12').click();
    await page.getByTestId('apple-import-form').waitFor();
    // Offline machine: the one-click WWDR download fails cleanly, next to the WWDR input.
    await page.getByTestId('apple-wwdr-download').click();
    await page.getByTestId('apple-wwdr-error').waitFor();
    expect(await page.getByTestId('apple-wwdr-error').textContent()).toMatch(/could not be downloaded from Apple/);

    await page.getByTestId('apple-p12-input').setInputFiles(join(files, 'Certificats.p12'));
    await page.getByTestId('apple-password-input').fill('not the password');
    await page.getByTestId('apple-wwdr-input').setInputFiles(join(files, 'AppleWWDRCAG4.cer'));
    await page.getByTestId('apple-import-submit').click();
    await page.getByTestId('apple-password-error').waitFor();
    expect(await page.getByTestId('apple-password-error').textContent()).toMatch(/password/i);
    await dismissToasts();
    await page.getByTestId('apple-panel').screenshot({ path: screenshotPath('passes-settings-import-error') });
    expect(await page.getByTestId('apple-dev-notice').isVisible()).toBe(true);

    await page.getByTestId('apple-password-input').fill(P12_PASSWORD);
    await page.getByTestId('apple-import-submit').click();
    await expect.poll(() => page.getByTestId('apple-pass-type').textContent(), POLL).toBe('pass.fr.maison-fauvette.loyalty');
    expect(await page.getByTestId('apple-team').textContent()).toBe('FAUVET1234');
    expect(await page.getByTestId('apple-dev-notice').count()).toBe(0);
    await dismissToasts();
    await page.getByTestId('apple-panel').screenshot({ path: screenshotPath('passes-settings-imported') });

    await open('customers');
    await page.getByTestId('customer-row').first().waitFor();
    const pass = await download('customer-pass-download', 1);
    expect(verifyPass(pass.bytes, creds.shop.wwdrPem).ok).toBe(true);
    expect(openPass(pass.bytes).passJson.passTypeIdentifier).toBe('pass.fr.maison-fauvette.loyalty');

    // Going back to the development identity takes a confirmation.
    await open('settings');
    await page.getByTestId('apple-reset').click();
    await page.getByTestId('apple-reset-confirm').click();
    await page.getByTestId('apple-dev-notice').waitFor();
    expect(await page.getByTestId('apple-pass-type').textContent()).toBe('pass.dev.passerelle.local');
    expect(pageErrors).toEqual([]);
  });
});
