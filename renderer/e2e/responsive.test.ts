/**
 * The admin UI at the widths it is used at: a 1,366-pixel laptop (no table column cut off or scrolled away) and a
 * tablet held upright (820 px) or sideways (1,180 px), where nothing makes the page itself scroll sideways: wide
 * tables scroll inside their own frame. With the demo brand, so that tables are full. Screenshots of each page.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { PAGES } from '../src/lib/routes.js';
import { launchChromium, openAdmin, requireChromium, screenshotPath, startServer, type RunningServer } from './harness.js';

const chromiumPath = requireChromium();

describe.skipIf(chromiumPath === null)('admin UI widths: laptop 1,366 px and tablet', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium(chromiumPath!);
    page = await openAdmin(browser, server, pageErrors, { demo: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function show(name: string): Promise<void> {
    await page.goto(`${server.adminUrl}/#/${name}`);
    await page.getByTestId('page-title').waitFor();
    await page.waitForLoadState('networkidle');
    // Skeletons gone: the page shows its data.
    await page.locator('.skeleton').first().waitFor({ state: 'detached', timeout: 20_000 }).catch(() => undefined);
  }

  const overflow = () =>
    page.evaluate(() => ({
      page: document.documentElement.scrollWidth - window.innerWidth,
      tables: [...document.querySelectorAll<HTMLElement>('.table-wrap')].map((t) => t.scrollWidth - t.clientWidth),
    }));

  test('1,366 px: no page scrolls sideways and no table hides a column', async () => {
    await page.setViewportSize({ width: 1366, height: 900 });
    for (const name of PAGES) {
      await show(name);
      await page.screenshot({ path: screenshotPath(`width-1366-${name}`), fullPage: true });
      const o = await overflow();
      expect(o.page, `${name}: page wider than the window`).toBeLessThanOrEqual(0);
      for (const t of o.tables) expect(t, `${name}: a table column is cut off`).toBeLessThanOrEqual(1);
    }
  });

  test('tablet, upright (820 px) and sideways (1,180 px): the page never scrolls sideways; the sidebar is an icon rail upright', async () => {
    for (const [width, height] of [[820, 1180], [1180, 820]] as const) {
      await page.setViewportSize({ width, height });
      for (const name of PAGES) {
        await show(name);
        const o = await overflow();
        expect(o.page, `${name} at ${width}: page wider than the window`).toBeLessThanOrEqual(0);
        await page.screenshot({ path: screenshotPath(`width-${width}-${name}`), fullPage: true });
      }
      const rail = await page.getByTestId('nav-customers').evaluate((a) => a.getBoundingClientRect().width);
      if (width === 820) expect(rail).toBeLessThan(64);
      else expect(rail).toBeGreaterThan(150);
    }
    await page.setViewportSize({ width: 820, height: 1180 });
    // The card designer (editor and live preview) upright on a tablet.
    await show('cards');
    await page.getByTestId('designs-table').locator('tbody tr').first().click();
    await page.getByTestId('pass').first().waitFor();
    await page.waitForLoadState('networkidle');
    expect((await overflow()).page, 'designer at 820').toBeLessThanOrEqual(0);
    await page.screenshot({ path: screenshotPath('width-820-designer'), fullPage: true });
    await page.goto(`${server.adminUrl}/#/setup/address`);
    await page.getByTestId('setup-step').waitFor();
    await page.waitForLoadState('networkidle');
    expect((await overflow()).page).toBeLessThanOrEqual(0);
    await page.screenshot({ path: screenshotPath('width-820-setup-address'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
