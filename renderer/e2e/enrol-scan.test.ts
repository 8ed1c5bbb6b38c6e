/**
 * The loyalty programme end to end, on phone-sized screens against the real server: a customer scans the in-store
 * poster's QR code (decoded from the poster PNG), enrols on the public page and gets the card, which a simulated
 * iPhone installs; a staff member signs in to the phone scanner with a PIN and scans the card's barcode with the
 * camera (Chromium's fake camera playing a video of the card's QR code, read by zxing's WASM served by the server);
 * the purchase they record earns points and a new tier, which the simulated iPhone sees in the pass it fetches.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import QRCode from 'qrcode';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { SimulatedDevice, type InstalledPass } from '../../server/testing/device-simulator.js';
import { openPass } from '../../server/testing/pkpass.js';
import { CHROMIUM_ARGS, ROOT, launchChromium, openAdmin, requireChromium, screenshotPath, serverWwdr, startServer, type RunningServer } from './harness.js';

const chromiumPath = requireChromium();
const POLL = { timeout: 30_000, interval: 200 };
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, userAgent: IPHONE, locale: 'fr-FR' };

type Field = { key: string; value: unknown };
const fieldsOf = (pass: InstalledPass): Field[] => {
  const style = pass.passJson.storeCard as Record<string, Field[] | undefined>;
  return ['headerFields', 'primaryFields', 'secondaryFields', 'auxiliaryFields', 'backFields'].flatMap((k) => style[k] ?? []);
};

/** What a phone camera reads from an image: zxing, with its WASM from node_modules (no network). */
async function decodeQr(png: Buffer): Promise<string> {
  const wasm = readFileSync(join(ROOT, 'node_modules/zxing-wasm/dist/reader/zxing_reader.wasm'));
  await prepareZXingModule({ overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer }, fireImmediately: true });
  const [found] = await readBarcodes(new Uint8Array(png), { formats: ['QRCode'] });
  if (!found) throw new Error('no QR code in the image');
  return found.text;
}

/** A Y4M video of a QR code held in front of the camera, for Chromium's fake video capture. */
async function qrVideo(text: string, file: string): Promise<void> {
  const W = 640;
  const H = 480;
  const qr = await QRCode.toBuffer(text, { width: 400, margin: 2, errorCorrectionLevel: 'M' });
  const y = await sharp({ create: { width: W, height: H, channels: 3, background: '#ffffff' } })
    .composite([{ input: await sharp(qr).resize(400, 400).flatten({ background: '#ffffff' }).png().toBuffer(), left: 120, top: 40 }])
    .greyscale()
    .extractChannel(0)
    .raw()
    .toBuffer();
  if (y.length !== W * H) throw new Error(`expected ${W * H} bytes of luma, got ${y.length}`);
  const chroma = Buffer.alloc((W / 2) * (H / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), y.subarray(0, W * H), chroma]);
  writeFileSync(file, Buffer.concat([Buffer.from(`YUV4MPEG2 W${W} H${H} F10:1 Ip A1:1 C420jpeg\n`), ...Array.from({ length: 20 }, () => frame)]));
}

describe.skipIf(chromiumPath === null)('Enrol from the poster, scan at the till, points and tier on the phone’s card', () => {
  let server: RunningServer;
  let browser: Browser;
  let cameraBrowser: Browser | undefined;
  let admin: Page;
  let phone: SimulatedDevice;
  let card: InstalledPass;
  let dir: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'passerelle-e2e-camera-'));
    // The welcome (on by default) would push the card at a moment of its own, racing the till's push checked below.
    server = await startServer({ cliBefore: [['automation', 'off', 'welcome']] });
    browser = await launchChromium(chromiumPath!);
    admin = await openAdmin(browser, server, pageErrors, { demo: true });
    const staff = await admin.request.post(`${server.adminUrl}/api/staff`, { data: { name: 'Léa', pin: '4821' } });
    expect(staff.status()).toBe(201);
  });

  afterAll(async () => {
    await cameraBrowser?.close();
    await browser?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the poster’s QR code opens the enrolment page; enrolling gives the card, which an iPhone installs', async () => {
    const poster = await admin.request.get(`${server.adminUrl}/api/poster.png`);
    expect(poster.status()).toBe(200);
    const joinUrl = await decodeQr(await poster.body());
    expect(joinUrl).toBe(`${server.publicUrl}/join`);

    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(joinUrl);
    await page.getByRole('heading', { name: /Votre carte de fidélité Maison Fauvette/ }).waitFor();
    await page.screenshot({ path: screenshotPath('enrol-form-phone'), fullPage: true });

    // A field error first, in French, without a request.
    await page.getByLabel('E-mail').fill('lou.bernard@');
    await page.getByLabel('Prénom').fill('Lou');
    await page.getByRole('button', { name: 'Obtenir ma carte' }).click();
    await page.getByText('Cette adresse e-mail ne semble pas valide.').waitFor();

    await page.getByLabel('E-mail').fill('lou.bernard@example.org');
    await page.getByLabel('Nom (facultatif)').fill('Bernard');
    await page.getByText('Thés', { exact: true }).click();
    await page.getByRole('checkbox', { name: /J’accepte de recevoir/ }).check();
    await page.getByRole('button', { name: 'Obtenir ma carte' }).click();
    await page.getByTestId('enrol-done').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Bienvenue, Lou !');
    const apple = page.getByTestId('wallet-apple');
    expect(await apple.textContent()).toContain('Ajouter à Apple Wallet');
    expect(await page.getByTestId('wallet-google').count()).toBe(0);
    await page.screenshot({ path: screenshotPath('enrol-done-phone'), fullPage: true });
    const link = (await apple.getAttribute('href'))!;
    expect(link).toMatch(new RegExp(`^${server.publicUrl}/p/[A-Za-z0-9_-]{43}$`));

    phone = new SimulatedDevice({ wwdrPem: serverWwdr(server.dataDir) });
    card = await phone.download(link);
    expect(await phone.register(card.serialNumber)).toBe(201);
    expect(fieldsOf(card).find((f) => f.key === 'points')?.value).toBe(0);
    // Entering the same address again gets no card: at the till, or by e-mail to its owner.
    await page.goto(joinUrl);
    await page.getByLabel('E-mail').fill('lou.bernard@example.org');
    await page.getByLabel('Prénom').fill('Someone else');
    await page.getByRole('button', { name: 'Obtenir ma carte' }).click();
    await page.getByTestId('enrol-askAtTill').waitFor();
    expect(await page.locator('a[href*="/p/"]').count()).toBe(0);
    await context.close();
  });

  test('staff sign in on a phone with their PIN, scan the card with the camera and record a purchase; the card shows the points and the new tier', async () => {
    const barcodes = card.passJson.barcodes as Array<{ message: string }>;
    const value = barcodes[0]!.message;
    expect(value).toMatch(new RegExp(`^${server.publicUrl}/r/[0-9A-Z]{8}$`));
    const video = join(dir, 'card.y4m');
    await qrVideo(value, video);

    cameraBrowser = await chromium.launch({
      executablePath: chromiumPath!,
      args: [...CHROMIUM_ARGS, '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`],
      timeout: 60_000,
    });
    const context: BrowserContext = await cameraBrowser.newContext({ ...PHONE, permissions: ['camera'] });
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${server.publicUrl}/scan`);

    await page.getByLabel('Votre nom').fill('Léa');
    await page.getByLabel('Code personnel').fill('1111');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    expect(await page.getByTestId('staff-login-error').textContent()).toContain('Encore 4 essai(s)');
    await page.getByLabel('Code personnel').fill('4821');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByTestId('staff-who').waitFor();

    await page.getByTestId('camera-start').click();
    await page.getByTestId('till-customer').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('till-name').textContent()).toBe('Lou Bernard');
    expect(await page.getByTestId('till-tier').textContent()).toBe('Membre');
    expect(await page.getByTestId('till-points').textContent()).toBe('0 points');
    // zxing's WebAssembly came from this server, not from a CDN.
    expect(requests.some((u) => u.startsWith(`${server.publicUrl}/assets/`) && u.endsWith('.wasm'))).toBe(true);
    expect(requests.filter((u) => !u.startsWith(server.publicUrl))).toEqual([]);

    await page.getByTestId('till-amount').fill('612,40');
    await page.getByTestId('till-record').click();
    await expect.poll(() => page.getByTestId('till-notice').textContent(), POLL).toContain('+612 points');
    expect(await page.getByTestId('till-notice').textContent()).toContain('Nouveau statut : Argent');
    expect(await page.getByTestId('till-tier').textContent()).toBe('Argent');
    await page.screenshot({ path: screenshotPath('scanner-phone-after-purchase'), fullPage: true });
    await context.close();

    // What the iPhone does after a push: asks what changed, fetches the card.
    expect(await phone.onPush()).toEqual([card.serialNumber]);
    card = phone.passes.get(card.serialNumber)!;
    const fields = fieldsOf(card);
    expect(fields.find((f) => f.key === 'points')?.value).toBe(612);
    const { files } = openPass(card.bytes);
    const strings = (lang: string) => files.get(`${lang}.lproj/pass.strings`)!.toString('utf16le');
    const tierValue = fields.find((f) => f.key === 'tier')?.value;
    expect(tierValue).toBe('tier.value');
    expect(strings('fr')).toContain('"tier.value" = "Argent";');
    expect(strings('en')).toContain('"tier.value" = "Silver";');
    expect(card.passJson.backgroundColor).toBe('rgb(200, 205, 210)');
    expect(pageErrors).toEqual([]);
  });
});
