/**
 * Settings → Backups against the real server (`cli.js serve`): a backup made from the panel, a change made after
 * it, then the restore with its confirmation; the server restarts on the same address and the page comes back,
 * signed in, with the data of the backup.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openAdmin, requireChromium, screenshotPath, startServer, type RunningServer } from './harness.js';

const chromiumPath = requireChromium();
const POLL = { timeout: 60_000, interval: 200 };

describe.skipIf(chromiumPath === null)('Settings: backups and restore', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const panel = () => page.getByTestId('backups-panel');
  const brandName = async () => ((await (await page.request.get(`${server.adminUrl}/api/settings`)).json()) as { brand: { name: string } }).brand.name;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium(chromiumPath!);
    page = await openAdmin(browser, server, pageErrors, { demo: true });
    await page.getByTestId('nav-settings').click();
    await panel().waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('backs up now: the backup is listed, with the folder and the next automatic one', async () => {
    await panel().getByTestId('backup-now').click();
    await expect.poll(() => panel().getByTestId('backup-row').count(), POLL).toBeGreaterThanOrEqual(1);
    expect(await panel().getByTestId('backups-table').textContent()).toContain('Manual');
    expect(await panel().getByTestId('backup-folder').textContent()).toBe(`${server.dataDir}/backups`);
    expect(await panel().getByTestId('backup-next').textContent()).toMatch(/^Next automatic backup: /);
    await panel().scrollIntoViewIfNeeded();
    await panel().screenshot({ path: screenshotPath('settings-backups-en') });
  });

  test('restores it after a confirmation: the server restarts and the page comes back with the backup’s data', async () => {
    const before = await brandName();
    const changed = await page.request.put(`${server.adminUrl}/api/settings/brand`, {
      data: { name: 'Changé après la sauvegarde', primaryColor: '#224466', defaultLocale: 'fr', website: '' },
    });
    expect(changed.status()).toBe(200);
    expect(await brandName()).toBe('Changé après la sauvegarde');

    await panel().getByTestId('backup-restore').first().click();
    const confirm = panel().getByTestId('backup-confirm');
    await confirm.waitFor();
    expect(await confirm.textContent()).toMatch(/Restore passerelle-.*-manual\.sqlite\? Passerelle restarts/);
    await panel().screenshot({ path: screenshotPath('settings-backups-confirm-en') });
    await confirm.getByTestId('backup-restore-confirm').click();

    await expect.poll(() => page.getByText('Backup restored').count(), POLL).toBeGreaterThan(0);
    expect(await brandName()).toBe(before);
    // The restorer is still signed in, and the replaced data is kept as a dated copy.
    await expect.poll(() => panel().getByTestId('backups-table').textContent(), POLL).toContain('Before a restore');
    await panel().screenshot({ path: screenshotPath('settings-backups-restored-en') });
    expect(pageErrors).toEqual([]);
  });

  test('in French', async () => {
    await page.evaluate(() => localStorage.setItem('passerelle.locale', 'fr'));
    await page.reload();
    await expect.poll(() => panel().textContent(), POLL).toContain('Avant restauration');
    expect(await panel().textContent()).toContain('Sauvegarder maintenant');
    await panel().scrollIntoViewIfNeeded();
    await panel().screenshot({ path: screenshotPath('settings-backups-fr') });
  });
});
