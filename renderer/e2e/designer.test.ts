import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, requireChromium, screenshotPath, startServer, type RunningServer } from './harness.js';

const chromiumPath = requireChromium();
const POLL = { timeout: 15_000, interval: 100 };

/** A real PNG, made here: a logo mark on a transparent background, at the logo's @3x box (480×150). */
async function logoPng(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="480" height="150">
    <circle cx="75" cy="75" r="62" fill="#f4c430"/>
    <rect x="160" y="45" width="290" height="60" rx="30" fill="#ffffff"/>
  </svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

interface DesignJson {
  design: { id: number; name: string; version: number; content: { brandName: string; fields: { primary: { label: { en: string } }[] } } };
}

describe.skipIf(chromiumPath === null)('card designer in the browser, against the real server', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let designId = 0;
  const pageErrors: string[] = [];
  const cspViolations: string[] = [];

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium(chromiumPath!);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    await page.goto(server.loginLink);
    await page.getByTestId('nav-cards').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const pass = () => page.getByTestId('pass');
  const text = async (testId: string): Promise<string> => ((await page.getByTestId(testId).first().textContent()) ?? '').trim();
  const background = () => pass().evaluate((element) => getComputedStyle(element).backgroundColor);
  const api = <T>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> =>
    page.evaluate(
      async ({ method, path, body }) => {
        const response = await fetch(path, {
          method,
          headers: body === undefined ? {} : { 'content-type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        return { status: response.status, json: response.status === 204 ? null : await response.json() };
      },
      { method, path, body },
    ) as Promise<{ status: number; json: T }>;

  async function shoot(name: string): Promise<void> {
    for (const close of await page.locator('[data-testid^="toast-"] button').all()) await close.click();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: screenshotPath(name), fullPage: true });
  }

  test('the demo brand’s loyalty card opens in the designer with a Wallet-like preview', async () => {
    await page.getByRole('button', { name: 'Load demo brand' }).click();
    await page.getByTestId('toast-success').first().waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByTestId('brand-name').textContent(), POLL).not.toBe('Passerelle');
    await page.getByTestId('nav-cards').click();
    await expect.poll(() => page.getByTestId('design-row').count(), POLL).toBeGreaterThan(0);
    await shoot('designer-list-en');
    await page.getByTestId('design-open').first().click();
    await expect.poll(() => page.evaluate(() => location.hash), POLL).toMatch(/^#\/cards\/\d+$/);
    await pass().waitFor();
    expect(await text('pass-logo-text')).not.toBe('');
    // The barcode is a real QR symbol drawn from the sample customer's member number.
    await page.getByTestId('pass-qr').waitFor();
    expect(await page.getByTestId('pass-qr').getAttribute('data-message')).toMatch(/\S/);
  });

  test('"New card" creates a loyalty design and opens its editor', async () => {
    await page.getByTestId('designer-back').click();
    await page.getByTestId('new-design-open').click();
    await page.getByTestId('new-design-create').click();
    await page.getByText('Give this design a name.').waitFor();
    await page.getByTestId('new-design-name').fill('Atelier loyalty card');
    await page.getByTestId('new-design-kind-loyalty').check();
    await shoot('designer-new-en');
    await page.getByTestId('new-design-create').click();
    await expect.poll(() => page.evaluate(() => location.hash), POLL).toMatch(/^#\/cards\/\d+$/);
    designId = Number((await page.evaluate(() => location.hash)).split('/').at(-1));
    await pass().waitFor();
    expect(await text('page-title')).toBe('Atelier loyalty card');
    expect(await text('design-version')).toBe('v1');
    expect(await text('design-kind')).toBe('Loyalty');
    // A fresh design is valid: nothing blocks saving once something changes.
    await expect.poll(() => page.getByTestId('save-blocked').count(), POLL).toBe(0);
  });

  test('typing updates the preview at once: brand name, a field label, a placeholder', async () => {
    await page.getByTestId('brand-name-field').fill('Atelier Fauvette');
    await expect.poll(() => text('pass-logo-text'), POLL).toBe('Atelier Fauvette');
    await page.getByTestId('unsaved').waitFor();

    await page.getByTestId('tab-fields').click();
    await page.getByTestId('field-primary-0-label-en').fill('Cardholder');
    await expect.poll(() => text('pass-primary-label'), POLL).toBe('Cardholder');

    // The placeholder picker inserts {{firstName}}; the preview shows the sample customer's first name.
    const value = page.getByTestId('field-primary-0-value-en');
    await value.fill('Dear ');
    await page.getByTestId('field-primary-0-value-en-placeholders').click();
    await page.getByTestId('placeholder-firstName').click();
    expect(await value.inputValue()).toBe('Dear {{firstName}}');
    await expect.poll(() => text('pass-primary-value'), POLL).toMatch(/^Dear \S+$/);
    expect(await text('pass-primary-value')).not.toContain('{{');
  });

  test('the tier and language switchers change the preview’s colours and texts', async () => {
    const memberBackground = await background();
    await page.getByTestId('preview-tier-gold').click();
    await expect.poll(background, POLL).toBe('rgb(217, 180, 90)');
    expect(memberBackground).not.toBe('rgb(217, 180, 90)');
    expect(await text('pass-secondary-value')).toBe('Gold');

    await page.getByTestId('preview-lang-fr').click();
    await expect.poll(() => text('pass-secondary-value'), POLL).toBe('Or');
    expect(await text('pass-secondary-label')).toBe('Statut');
    // French card, English interface: the English label typed above is not on the French card.
    expect(await text('pass-primary-label')).toBe('Membre');
    await page.getByTestId('lang-fr').click();
    await expect.poll(() => page.getByTestId('tab-fields').textContent(), POLL).toContain('Champs');
    await shoot('designer-front-fr');
    await page.getByTestId('lang-en').click();
    await page.getByTestId('preview-lang-en').click();
    await page.getByTestId('preview-tier-member').click();
    await expect.poll(background, POLL).toBe(memberBackground);
  });

  test('uploading a PNG as the logo shows it in the editor and on the card; a fake image is refused', async () => {
    await page.getByTestId('tab-images').click();
    expect(await text('image-logo-size')).toMatch(/480 × 150 px/);
    await page.getByTestId('image-logo-file').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: await logoPng() });
    await page.getByTestId('image-logo-thumb').waitFor();
    await page.getByTestId('pass-logo').waitFor();
    await expect
      .poll(() => page.getByTestId('pass-logo').evaluate((img) => (img as HTMLImageElement).naturalWidth), POLL)
      .toBeGreaterThan(0);

    await page.getByTestId('image-strip-file').setInputFiles({
      name: 'strip.png',
      mimeType: 'image/png',
      buffer: Buffer.from('this is not a PNG at all'),
    });
    await expect.poll(() => text('image-strip-error'), POLL).toBe('This file is not a readable image.');
    expect(await page.getByTestId('pass-strip-image').count()).toBe(0);
  });

  test('text as dark as its background: the contrast error sits by the colour and Save is disabled', async () => {
    await page.getByTestId('tab-colours').click();
    const original = await page.getByTestId('colour-foreground').inputValue();
    const backgroundHex = await page.getByTestId('colour-background').inputValue();
    await page.getByTestId('colour-foreground').fill(backgroundHex);

    const issues = page.locator('[data-testid="issues"][data-path="/colours/foreground"]');
    await expect.poll(() => issues.getByTestId('issue-error').count(), POLL).toBe(1);
    expect(await issues.textContent()).toMatch(/contrast/i);
    expect(await page.getByTestId('colour-foreground').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('design-save').isDisabled()).toBe(true);
    expect(await text('save-blocked')).toBe('Fix the error shown to save.');
    expect(await text('tab-colours')).toMatch(/1$/);
    await shoot('designer-contrast-error-en');

    await page.getByTestId('colour-foreground').fill(original);
    await expect.poll(() => issues.count(), POLL).toBe(0);
    await expect.poll(() => page.getByTestId('design-save').isEnabled(), POLL).toBe(true);
    await page.getByTestId('design-save').click();
    await expect.poll(() => text('design-version'), POLL).toBe('v2');
    await page.getByTestId('saved-state').waitFor();
    await page.getByTestId('toast-success').first().waitFor();

    const saved = await api<DesignJson>('GET', `/api/designs/${designId}`);
    expect(saved.json.design.version).toBe(2);
    expect(saved.json.design.content.brandName).toBe('Atelier Fauvette');
    expect(saved.json.design.content.fields.primary[0]?.label.en).toBe('Cardholder');
    await shoot('designer-front-en');
  });

  test('the back of the card lists the back fields and links, in both languages', async () => {
    await page.getByTestId('preview-flip').click();
    await expect.poll(() => pass().getAttribute('data-side'), POLL).toBe('back');
    expect(await page.getByTestId('pass-back-field').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('pass-back').textContent()).toContain('Programme terms');
    // The Back tab edits what the back shows.
    await page.getByTestId('tab-back').click();
    await page.getByTestId('zone-back').waitFor();
    expect(await pass().getAttribute('data-side')).toBe('back');
    const links = await page.getByTestId('pass-back-link').count();
    await page.getByTestId('links-add').click();
    await page.getByTestId(`link-${links}-label-en`).fill('Our shops');
    await page.getByTestId(`link-${links}-label-fr`).fill('Nos boutiques');
    await page.getByTestId(`link-${links}-url`).fill('https://atelier.example/shops');
    await expect.poll(() => page.getByTestId('pass-back-link').last().textContent(), POLL).toContain('Our shops');
    await shoot('designer-back-en');

    await page.getByTestId('lang-fr').click();
    await page.getByTestId('preview-lang-fr').click();
    await expect.poll(() => page.getByTestId('pass-back').textContent(), POLL).toContain('Conditions du programme');
    expect(await page.getByTestId('pass-back').textContent()).toContain('Détails du pass');
    expect(await page.getByTestId('pass-back-link').last().textContent()).toContain('Nos boutiques');
    await shoot('designer-back-fr');
    await page.getByTestId('lang-en').click();
    await page.getByTestId('preview-lang-en').click();
    await page.getByTestId('preview-flip').click();
    await expect.poll(() => pass().getAttribute('data-side'), POLL).toBe('front');
    await page.getByTestId('pass-qr').waitFor();
  });

  test('someone else saved meanwhile: the designer says so and reloads their version on request', async () => {
    const current = await api<DesignJson>('GET', `/api/designs/${designId}`);
    const theirs = { ...current.json.design, name: 'Renamed in another window' };
    const put = await api('PUT', `/api/designs/${designId}`, { name: theirs.name, content: theirs.content, version: theirs.version });
    expect(put.status).toBe(200);

    await page.getByTestId('tab-general').click();
    await page.getByTestId('brand-name-field').fill('Atelier Fauvette Paris');
    await expect.poll(() => page.getByTestId('design-save').isEnabled(), POLL).toBe(true);
    await page.getByTestId('design-save').click();
    await page.getByTestId('version-conflict').waitFor();
    await shoot('designer-conflict-en');
    await page.getByTestId('conflict-reload').click();
    await expect.poll(() => text('page-title'), POLL).toBe('Renamed in another window');
    expect(await text('design-version')).toBe('v3');
    expect(await page.getByTestId('unsaved').count()).toBe(0);
    expect(await text('pass-logo-text')).toBe('Atelier Fauvette');
  });

  test('a coupon gets the coupon layout and only its images; a design can be deleted', async () => {
    const created = await api<DesignJson>('POST', '/api/designs', { name: 'Spring coupon', kind: 'coupon' });
    expect(created.status).toBe(201);
    await page.evaluate((id) => (location.hash = `#/cards/${id}`), created.json.design.id);
    await expect.poll(() => text('page-title'), POLL).toBe('Spring coupon');
    await expect.poll(() => text('pass-primary-value'), POLL).toBe('10% off');
    expect(await page.getByTestId('pass-strip').getAttribute('style')).toContain('375 / 144');
    await page.getByTestId('tab-images').click();
    expect(await page.getByTestId('image-strip').count()).toBe(1);
    expect(await page.getByTestId('image-thumbnail').count()).toBe(0);
    await shoot('designer-coupon-en');

    await page.getByTestId('design-delete').click();
    await page.getByTestId('design-delete-confirm').click();
    await expect.poll(() => page.evaluate(() => location.hash), POLL).toBe('#/cards');
    await page.getByTestId('designs-table').waitFor();
    // The list may first show what it held before, then the server's answer: wait for that.
    await expect.poll(() => page.getByTestId('designs-table').textContent(), POLL).toContain('Renamed in another window');
    expect(await page.getByTestId('designs-table').textContent()).not.toContain('Spring coupon');
  });

  test('the "Issue a pass" area is in place, the editor fits 1024 px, and nothing went wrong in the page', async () => {
    await page.evaluate((id) => (location.hash = `#/cards/${id}`), designId);
    await pass().waitFor();
    // "Discard changes" goes back to the saved version.
    await page.getByTestId('tab-general').click();
    await page.getByTestId('brand-name-field').fill('Not kept');
    await expect.poll(() => text('pass-logo-text'), POLL).toBe('Not kept');
    await page.getByTestId('design-discard').click();
    await expect.poll(() => text('pass-logo-text'), POLL).toBe('Atelier Fauvette');
    expect(await page.getByTestId('unsaved').count()).toBe(0);
    expect(await page.getByTestId('issue-pass-area').isVisible()).toBe(true);
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.getByTestId('tab-fields').click();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: screenshotPath('designer-1024-en'), fullPage: false });
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(pageErrors).toEqual([]);
    expect(cspViolations).toEqual([]);
  });
});
