import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, requireChromium, screenshotPath, startServer, type RunningServer } from './harness.js';

const chromiumPath = requireChromium();

const PAGES = ['dashboard', 'cards', 'customers', 'stores', 'segments', 'campaigns', 'automations', 'scanner', 'settings'] as const;
type PageName = (typeof PAGES)[number];

const TITLES: Record<'en' | 'fr', Record<PageName, string>> = {
  en: {
    dashboard: 'Dashboard',
    cards: 'Cards',
    customers: 'Customers',
    stores: 'Stores',
    segments: 'Segments',
    campaigns: 'Campaigns',
    automations: 'Automations',
    scanner: 'Scanner',
    settings: 'Settings',
  },
  fr: {
    dashboard: 'Tableau de bord',
    cards: 'Cartes',
    customers: 'Clients',
    stores: 'Magasins',
    segments: 'Segments',
    campaigns: 'Campagnes',
    automations: 'Automatisations',
    scanner: 'Scanner',
    settings: 'Réglages',
  },
};

const POLL = { timeout: 15_000, interval: 100 };

describe.skipIf(chromiumPath === null)('admin shell in the browser, against the real server', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];
  const cspViolations: string[] = [];

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium(chromiumPath!);
    // en-GB: the UI must pick English from the browser's language on first visit.
    context = await browser.newContext({
      viewport: { width: 1280, height: 860 },
      locale: 'en-GB',
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // The server's CSP (script-src 'self', no inline script) must never have to block anything the UI does.
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const title = () => page.getByTestId('page-title');
  const errorBanners = () => page.getByTestId('error-banner');

  async function settle(): Promise<void> {
    await expect.poll(() => page.getByTestId('loading').count(), POLL).toBe(0);
  }

  async function openSection(name: PageName, locale: 'en' | 'fr' = 'en'): Promise<void> {
    await page.getByTestId(`nav-${name}`).click();
    await expect.poll(() => title().textContent(), POLL).toBe(TITLES[locale][name]);
    await expect.poll(() => page.evaluate(() => location.hash), POLL).toBe(`#/${name}`);
    await settle();
  }

  const numberIn = async (testId: string): Promise<number> =>
    Number(((await page.getByTestId(testId).textContent()) ?? '').replace(/[^\d]/g, ''));

  test('without a session the admin address shows the login page, in both languages', async () => {
    const anonymous = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-GB' });
    const login = await anonymous.newPage();
    await login.goto(`${server.adminUrl}/#/customers`);
    await login.getByTestId('login-page').waitFor();
    expect(await login.evaluate(() => location.hash)).toBe('#/login');
    expect(await login.getByTestId('login-link-help').textContent()).toContain('npm run cli -- login-link');
    await login.screenshot({ path: screenshotPath('login-en'), fullPage: true });
    await login.getByTestId('lang-fr').click();
    await expect.poll(() => login.getByTestId('page-title').textContent(), POLL).toBe('Connexion à Passerelle');
    await login.screenshot({ path: screenshotPath('login-fr'), fullPage: true });

    // A link that is wrong (or already used) lands on the login page with the reason.
    await login.goto(`${server.adminUrl}/login?token=not-a-real-token`);
    await login.getByTestId('login-invalid-link').waitFor();
    expect(await login.getByTestId('login-invalid-link').textContent()).toContain('expiré');
    await login.screenshot({ path: screenshotPath('login-invalid-link-fr'), fullPage: true });
    await anonymous.close();
  });

  test('the login link signs in and lands on the dashboard, in English from the browser language', async () => {
    await page.goto(server.loginLink);
    await expect.poll(() => title().textContent(), POLL).toBe('Dashboard');
    expect(await page.evaluate(() => location.hash)).toBe('#/dashboard');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await settle();
    expect(await page.getByTestId('welcome-panel').isVisible()).toBe(true);
    expect(await page.getByTestId('kpi-empty').isVisible()).toBe(true);
    expect(await numberIn('stat-customers-value')).toBe(0);
    await page.screenshot({ path: screenshotPath('dashboard-empty-en'), fullPage: true });
  });

  test('every section of the navigation renders its page without an error', async () => {
    for (const name of PAGES) {
      await openSection(name);
      expect(await errorBanners().count(), `error banner on ${name}`).toBe(0);
      expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1);
    }
    await openSection('customers');
    expect(await page.getByTestId('empty-state').isVisible()).toBe(true);
    await page.screenshot({ path: screenshotPath('customers-empty-en'), fullPage: true });
    await openSection('stores');
    await page.screenshot({ path: screenshotPath('stores-empty-en'), fullPage: true });
    await openSection('cards');
    await page.screenshot({ path: screenshotPath('cards-empty-en'), fullPage: true });
  });

  test('"Load demo brand" fills the programme and the counts appear', async () => {
    await openSection('dashboard');
    await page.getByRole('button', { name: 'Load demo brand' }).click();
    await expect.poll(() => numberIn('stat-customers-value'), { ...POLL, timeout: 60_000 }).toBeGreaterThan(0);
    await page.getByTestId('toast-success').first().waitFor();
    expect(await numberIn('stat-stores-value')).toBeGreaterThanOrEqual(8);
    expect(await numberIn('stat-purchases-value')).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('welcome-panel').count(), POLL).toBe(0);
    // The demo brand's name replaces "Passerelle" at the top of the sidebar.
    await expect.poll(() => page.getByTestId('brand-name').textContent(), POLL).not.toBe('Passerelle');
    expect(await errorBanners().count()).toBe(0);
  });

  test('customers: a table of rows, a total, pagination, and a search that narrows it', async () => {
    await openSection('customers');
    const rows = page.getByTestId('customer-row');
    await expect.poll(() => rows.count(), POLL).toBeGreaterThan(0);
    const total = await numberIn('customers-total');
    expect(total).toBeGreaterThan(0);
    expect(await rows.count()).toBe(Math.min(50, total));
    expect(await rows.first().textContent()).toMatch(/€/);

    if (total > 50) {
      await page.getByTestId('page-next').click();
      await expect.poll(() => page.getByTestId('pagination-range').textContent(), POLL).toMatch(/^51–/);
      await page.getByTestId('page-previous').click();
      await expect.poll(() => page.getByTestId('pagination-range').textContent(), POLL).toMatch(/^1–/);
    }

    const fullName = (await rows.first().locator('.name').textContent())!.trim();
    const lastName = fullName.split(' ').at(-1)!;
    await page.getByTestId('search-input').fill(lastName);
    await expect.poll(() => numberIn('customers-total'), POLL).toBeLessThan(total);
    await settle();
    const narrowed = await numberIn('customers-total');
    expect(narrowed).toBeGreaterThan(0);
    for (const text of await rows.allTextContents()) expect(text.toLowerCase()).toContain(lastName.toLowerCase());

    await page.getByTestId('search-input').fill('zzzz-nobody-has-this-name');
    await page.getByTestId('customers-no-match').waitFor();
    await page.getByTestId('search-input').fill('');
    await expect.poll(() => numberIn('customers-total'), POLL).toBe(total);
  });

  test('stores: at least 8 stores with their address, radius and opening hours', async () => {
    await openSection('stores');
    const rows = page.getByTestId('store-row');
    await expect.poll(() => rows.count(), POLL).toBeGreaterThanOrEqual(8);
    expect(await rows.first().textContent()).toMatch(/\d+\s?m/);
  });

  test('settings: the brand form saves a new name, shown in the sidebar, and rejects an invalid colour', async () => {
    await openSection('settings');
    expect(await page.getByTestId('admin-url').textContent()).toBe(server.adminUrl);
    expect(Number(await page.getByTestId('admin-port').textContent())).toBe(Number(new URL(server.adminUrl).port));
    expect(await page.getByTestId('public-url').textContent()).toBe(server.publicUrl);
    await page.getByTestId('server-panel').getByRole('button', { name: `Copy ${server.publicUrl}` }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText()), POLL).toBe(server.publicUrl);

    await page.getByTestId('brand-name-input').fill('Maison Test E2E');
    await page.getByTestId('brand-save').click();
    await expect.poll(() => page.getByTestId('brand-name').textContent(), POLL).toBe('Maison Test E2E');
    await page.getByTestId('toast-success').first().waitFor();

    await page.reload();
    await expect.poll(() => page.getByTestId('brand-name').textContent(), POLL).toBe('Maison Test E2E');
    await settle();
    expect(await page.getByTestId('brand-name-input').inputValue()).toBe('Maison Test E2E');

    await page.getByTestId('brand-color-input').fill('#12zz');
    await page.getByTestId('brand-save').click();
    await page.getByTestId('brand-color-error').waitFor();
    expect(await page.getByTestId('brand-color-error').textContent()).toContain('#RRGGBB');
    expect(await page.getByTestId('brand-color-input').getAttribute('aria-invalid')).toBe('true');
    await page.screenshot({ path: screenshotPath('settings-invalid-colour-en'), fullPage: true });
    // Nothing was saved: the sidebar keeps the saved name.
    expect(await page.getByTestId('brand-name').textContent()).toBe('Maison Test E2E');
  });

  test('the language switch flips the interface between English and French and is remembered', async () => {
    await openSection('settings');
    await page.getByTestId('lang-fr').click();
    await expect.poll(() => title().textContent(), POLL).toBe('Réglages');
    expect(await page.getByTestId('nav-dashboard').textContent()).toContain('Tableau de bord');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');

    await page.reload();
    await expect.poll(() => title().textContent(), POLL).toBe('Réglages');

    await openSection('customers', 'fr');
    // French number and money formats: "1 234,56 €" (narrow no-break space as the group separator).
    expect(await page.getByTestId('customer-row').first().textContent()).toMatch(/\d,\d{2}\s€/);

    await page.getByTestId('lang-en').click();
    await expect.poll(() => title().textContent(), POLL).toBe('Customers');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
  });

  test('screenshots of every page in both languages', async () => {
    for (const locale of ['en', 'fr'] as const) {
      await page.getByTestId(`lang-${locale}`).click();
      for (const name of PAGES) {
        await openSection(name, locale);
        expect(await errorBanners().count(), `error banner on ${name} (${locale})`).toBe(0);
        await page.screenshot({ path: screenshotPath(`${name}-${locale}`), fullPage: true });
      }
    }
    await page.getByTestId('lang-en').click();
  });

  test('at 1024 px wide the shell still fits without horizontal scrolling', async () => {
    await page.setViewportSize({ width: 1024, height: 768 });
    for (const name of ['dashboard', 'customers', 'stores', 'settings'] as const) {
      await openSection(name);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `horizontal overflow on ${name}`).toBeLessThanOrEqual(0);
      const clipped = await page.evaluate(() =>
        [...document.querySelectorAll('.table-wrap')].some((wrap) => wrap.scrollWidth > wrap.clientWidth + 1),
      );
      expect(clipped, `a table is wider than its panel on ${name}`).toBe(false);
      await page.screenshot({ path: screenshotPath(`${name}-1024-en`), fullPage: false });
    }
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  test('a page whose data fails to load says so and offers a retry', async () => {
    await openSection('dashboard');
    // The server is fine; the browser pretends it answered 500 once, as a crash in the middle of a request would.
    await page.route('**/api/stores', (route) =>
      route.fulfill({ status: 500, contentType: 'application/json', body: '{"code":"INTERNAL_ERROR","message":"x"}' }),
    );
    await page.getByTestId('nav-stores').click();
    await page.getByTestId('error-banner').waitFor();
    expect(await page.getByTestId('error-banner').textContent()).toContain('log');
    await page.screenshot({ path: screenshotPath('stores-load-error-en'), fullPage: true });
    await page.unroute('**/api/stores');
    await page.getByTestId('retry').click();
    await expect.poll(() => page.getByTestId('store-row').count(), POLL).toBeGreaterThanOrEqual(8);
    expect(await errorBanners().count()).toBe(0);
  });

  test('a session that ends while working leads to the login page, and back to the same page after signing in', async () => {
    await openSection('stores');
    await page.evaluate(() => fetch('/api/session', { method: 'DELETE' }));
    await page.getByTestId('nav-customers').click();
    await page.getByTestId('login-expired').waitFor();
    expect(await page.evaluate(() => location.hash)).toBe('#/login');
    expect(await errorBanners().count()).toBe(0);

    await page.goto(await server.newLoginLink());
    await expect.poll(() => title().textContent(), POLL).toBe('Customers');
  });

  test('signing out returns to the login page, and the API then answers 401', async () => {
    await page.getByTestId('logout').click();
    await page.getByTestId('login-page').waitFor();
    expect(await page.evaluate(() => location.hash)).toBe('#/login');
    const status = await page.evaluate(async () => (await fetch('/api/overview')).status);
    expect(status).toBe(401);
    expect(pageErrors).toEqual([]);
    expect(cspViolations).toEqual([]);
  });

  test('with an admin password set, the login page offers a password form', async () => {
    await server.setAdminPassword('correct horse battery staple');
    await page.reload();
    await page.getByTestId('password-form').waitFor();
    await page.getByTestId('password-input').fill('not the password');
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('login-error').textContent(), POLL).toBe('Wrong password.');
    await page.screenshot({ path: screenshotPath('login-password-en'), fullPage: true });
    await page.getByTestId('password-input').fill('correct horse battery staple');
    await page.getByTestId('login-submit').click();
    await expect.poll(() => title().textContent(), POLL).toBe('Dashboard');
    expect(await errorBanners().count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
