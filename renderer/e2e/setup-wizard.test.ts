/**
 * The first-run wizard on a fresh data folder, as an owner walks it: brand → admin password → public address (a
 * local HTTPS stand-in for the tunnel, its certificate from a test authority the server trusts through
 * NODE_EXTRA_CA_CERTS, and the self-test from outside) → Apple certificate (Passerelle's own request, signed by a test
 * authority standing in for Apple's portal, the .cer imported and paired) → Google (skipped) → a test card, downloaded
 * and checked to carry the https public address. A screenshot of every step.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { makeAppleLikeChain, signCsrAsApple, type AppleLikeChain } from '../../server/testing/apple-like-chain.js';
import { openPass, verifyPass } from '../../server/testing/pkpass.js';
import { createServerCertificate, type ServerCertificate } from '../../server/testing/tls-server-certificate.js';
import { startHttpsStandIn, type HttpsStandIn } from '../../server/testing/tunnel-stand-in.js';
import { launchChromium, requireChromium, screenshotPath, startServer, type RunningServer } from './harness.js';

const chromiumPath = requireChromium();
const POLL = { timeout: 30_000, interval: 100 };
const PASS_TYPE = 'pass.fr.maison-fauvette.loyalty';

describe.skipIf(chromiumPath === null)('first-run wizard on a fresh install', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let files: string;
  let tunnelCert: ServerCertificate;
  let tunnel: HttpsStandIn;
  let chain: AppleLikeChain;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    files = mkdtempSync(join(tmpdir(), 'passerelle-e2e-setup-'));
    chain = makeAppleLikeChain();
    tunnelCert = createServerCertificate(['localhost', '127.0.0.1']);
    writeFileSync(join(files, 'tunnel-ca.pem'), tunnelCert.caPem);
    writeFileSync(join(files, 'wwdr-g4-stand-in.cer'), Buffer.from(chain.g4.certificatePem));
    writeFileSync(join(files, 'logo.png'), await sharp({ create: { width: 480, height: 150, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .composite([{ input: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="480" height="150"><text x="10" y="100" font-size="84" font-family="serif" fill="#fff">Fauvette</text></svg>') }])
      .png()
      .toBuffer());
    // Pushes and the doctor's APNs probe go to a closed local port, never to Apple.
    server = await startServer({
      env: { NODE_EXTRA_CA_CERTS: join(files, 'tunnel-ca.pem') },
      cliBefore: [['migrate'], ['settings', 'apns', '--host', '127.0.0.1', '--port', '9']],
    });
    tunnel = await startHttpsStandIn(server.publicUrl, tunnelCert);
    browser = await launchChromium(chromiumPath!);
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'en-GB', acceptDownloads: true });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await tunnel?.close();
    await server?.stop();
    if (files) rmSync(files, { recursive: true, force: true });
  });

  const step = () => page.getByTestId('setup-step');
  const shot = (name: string) => page.screenshot({ path: screenshotPath(`setup-${name}`), fullPage: true });
  async function atStep(id: string): Promise<void> {
    await expect.poll(() => step().getAttribute('data-step'), POLL).toBe(id);
    await page.waitForLoadState('networkidle');
  }
  async function dismissToasts(): Promise<void> {
    const close = page.locator('.toasts').getByRole('button', { name: 'Dismiss' });
    while ((await close.count()) > 0) await close.first().click();
  }
  async function download(testId: string): Promise<{ name: string; bytes: Buffer }> {
    const [file] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId(testId).click()]);
    const path = join(files, `${Date.now()}-${file.suggestedFilename()}`);
    await file.saveAs(path);
    return { name: file.suggestedFilename(), bytes: readFileSync(path) };
  }

  test('the first screen offers the setup, and it opens on its first step', async () => {
    await page.goto(server.loginLink);
    await page.getByTestId('welcome-panel').waitFor();
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: screenshotPath('setup-0-welcome'), fullPage: true });
    await page.getByTestId('start-setup').click();
    await atStep('brand');
    expect(await page.getByTestId('setup-step-brand').getAttribute('data-state')).toBe('todo');
  });

  test('1. brand: name, colour and logo; the preview follows', async () => {
    await page.getByTestId('setup-brand-name').fill('Maison Fauvette');
    await page.getByTestId('setup-brand-colour').fill('#7A1F3D');
    await page.getByTestId('setup-logo').locator('input[type=file]').setInputFiles(join(files, 'logo.png'));
    await page.getByTestId('setup-card-preview').locator('img.logo').waitFor();
    expect(await page.getByTestId('setup-card-preview').evaluate((e) => getComputedStyle(e).backgroundColor)).toBe('rgb(122, 31, 61)');
    await shot('1-brand');
    await page.getByTestId('setup-continue').click();
    await atStep('password');
    expect(await page.getByTestId('setup-step-brand').getAttribute('data-state')).toBe('done');
    await expect.poll(() => page.getByTestId('setup-brand').textContent(), POLL).toBe('Maison Fauvette');
  });

  test('2. admin password: too short is refused in place, then saved', async () => {
    await page.getByTestId('setup-password').fill('court');
    await page.getByTestId('setup-password-confirm').fill('court');
    await page.getByTestId('setup-continue').click();
    await page.getByTestId('setup-password-confirm-error').waitFor();
    await page.getByTestId('setup-password').fill('une phrase assez longue');
    await page.getByTestId('setup-password-confirm').fill('une phrase assez longue');
    await shot('2-password');
    await page.getByTestId('setup-continue').click();
    await atStep('address');
    await dismissToasts();
  });

  test('3. public address: the owner’s https address (the tunnel stand-in), tested from outside', async () => {
    expect(await page.getByTestId('address-current').textContent()).toBe(server.publicUrl);
    await page.getByTestId('address-issue').waitFor();
    await page.getByTestId('address-mode-own').check();
    await page.getByTestId('own-url').fill(tunnel.url);
    await page.getByTestId('address-save').click();
    await expect.poll(() => page.getByTestId('address-current').textContent(), POLL).toBe(tunnel.url);
    await page.getByTestId('address-test').click();
    await page.getByTestId('selftest-report').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('selftest-report').getAttribute('data-ok')).toBe('true');
    expect(await page.getByTestId('selftest-https').getAttribute('data-status')).toBe('ok');
    expect(await page.getByTestId('selftest-passerelle').getAttribute('data-status')).toBe('ok');
    // A stand-in on this computer is, honestly, a local address: said, not hidden.
    expect(await page.getByTestId('selftest-address').getAttribute('data-code')).toBe('ADDRESS_LOCAL');
    expect(tunnel.forwarded).toBeGreaterThan(0);
    await dismissToasts();
    await shot('3-address');
    await page.getByTestId('setup-continue').click();
    await atStep('apple');
  });

  test('4. Apple certificate: Passerelle’s request, the .cer Apple returns, paired', async () => {
    expect(await page.getByTestId('apple-suggested-id').textContent()).toBe('pass.fr.maison-fauvette.loyalty');
    await shot('4a-apple');
    const request = await download('apple-request-create');
    expect(request.name).toBe('Maison-Fauvette.certSigningRequest');
    expect(request.bytes.toString()).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----/);
    // What Apple's portal does with the uploaded request.
    writeFileSync(join(files, 'pass.cer'), signCsrAsApple(request.bytes.toString(), chain.g4, { passTypeIdentifier: PASS_TYPE, teamIdentifier: 'FAUVET1234' }));
    await page.getByTestId('apple-cer').setInputFiles(join(files, 'pass.cer'));
    // The test's G4 is a stand-in, not Apple's (which ships with Passerelle): it is given as the other WWDR.
    await page.getByText('Another WWDR certificate').click();
    await page.getByTestId('apple-cer-wwdr').setInputFiles(join(files, 'wwdr-g4-stand-in.cer'));
    await page.getByTestId('apple-cer-import').click();
    await page.getByTestId('apple-request-done').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('apple-request-done').textContent()).toContain(PASS_TYPE);
    await expect.poll(() => page.getByTestId('setup-step-apple').getAttribute('data-state'), POLL).toBe('ready');
    await shot('4b-apple-imported');
    await page.getByTestId('setup-continue').click();
    await atStep('google');
  });

  test('5. Google: optional, the steps in Google’s consoles and the Settings panel; skipped here', async () => {
    await page.getByTestId('setup-google-intro').waitFor();
    await page.getByTestId('google-panel').waitFor();
    await page.waitForLoadState('networkidle');
    await shot('5-google');
    await page.getByTestId('setup-continue').click();
    await atStep('card');
    expect(await page.getByTestId('setup-step-google').getAttribute('data-state')).toBe('skipped');
  });

  test('6. test card: QR code on screen, a card carrying the https public address, the same through the tunnel', async () => {
    await page.getByTestId('setup-card-first').fill('Claire');
    await page.getByTestId('setup-card-email').fill('claire@maison-fauvette.fr');
    await page.getByTestId('setup-card-create').click();
    await page.getByTestId('setup-card-qr').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId('setup-card-qr').evaluate((img) => (img as HTMLImageElement).naturalWidth), POLL).toBeGreaterThan(100);
    const link = (await page.getByTestId('setup-card-url').textContent())!;
    expect(link.startsWith(`${tunnel.url}/p/`)).toBe(true);
    expect(await page.getByTestId('setup-card-dev').count()).toBe(0);
    await shot('6-card');

    const card = await download('setup-card-download');
    const { passJson } = openPass(card.bytes);
    expect(passJson).toMatchObject({ webServiceURL: `${tunnel.url}/apple`, passTypeIdentifier: PASS_TYPE, teamIdentifier: 'FAUVET1234', organizationName: 'Maison Fauvette' });
    expect(String(passJson.webServiceURL)).toMatch(/^https:\/\//);
    expect(verifyPass(card.bytes, `${chain.g4.certificatePem}${chain.root.certificatePem}`).ok).toBe(true);
    const viaTunnel = await new Promise<Buffer>((resolve, reject) =>
      https
        .get(link, { ca: [...rootCertificates, tunnelCert.caPem] }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks)));
        })
        .on('error', reject),
    );
    expect(openPass(viaTunnel).passJson).toMatchObject({ serialNumber: passJson.serialNumber, webServiceURL: `${tunnel.url}/apple` });
    await page.getByTestId('setup-continue').click();
    await atStep('done');
  });

  test('the end: what is left is listed; finishing lands on the dashboard; the password signs in', async () => {
    await shot('7-done');
    await page.getByTestId('setup-finish').click();
    await expect.poll(() => page.evaluate(() => location.hash), POLL).toBe('#/dashboard');
    await page.waitForLoadState('networkidle');
    expect(await page.getByTestId('setup-card').count()).toBe(0);
    expect(await page.getByTestId('nav-setup').count()).toBe(0);
    await page.screenshot({ path: screenshotPath('setup-8-dashboard'), fullPage: true });

    const anonymous = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'fr-FR' });
    const login = await anonymous.newPage();
    await login.goto(`${server.adminUrl}/#/dashboard`);
    await login.getByTestId('password-input').fill('une phrase assez longue');
    await login.getByTestId('login-submit').click();
    await expect.poll(() => login.evaluate(() => location.hash), POLL).toBe('#/dashboard');
    await anonymous.close();
  });

  test('Settings → Health says what holds and what does not, one line each', async () => {
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('health-panel').waitFor();
    await expect.poll(() => page.getByTestId('health-summary').count(), POLL).toBe(1);
    const status = (id: string) => page.getByTestId(`health-${id}`).getAttribute('data-status');
    expect(await status('public-url')).toBe('warn');
    expect(await status('apple-certificate')).toBe('ok');
    expect(await status('apple-wwdr')).toBe('ok');
    // Pushes were pointed at a closed local port for this test.
    expect(await status('apns')).toBe('fail');
    expect(await status('database')).toBe('ok');
    await page.getByTestId('health-panel').screenshot({ path: screenshotPath('setup-9-health') });
    expect(pageErrors).toEqual([]);
  });
});
