/**
 * Settings → Background work, against the real server: a push job that failed for good (written into the jobs table
 * as the runner records a dead letter) shows with its reason; "Retry now" arms it again and the table says so.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openAdmin, requireChromium, screenshotPath, startServer, type RunningServer } from './harness.js';

const chromiumPath = requireChromium();
const POLL = { timeout: 20_000, interval: 100 };

function writeDeadLetter(dataDir: string): void {
  const db = new Database(join(dataDir, 'passerelle.sqlite'));
  try {
    db.pragma('busy_timeout = 5000');
    const at = Date.now();
    db.prepare(
      `INSERT INTO jobs (kind, dedupe_key, payload, status, attempts, run_at, last_error, created_at, updated_at)
       VALUES ('apns.push', 'apns:dead:pass.test', '{"token":"dead","topic":"pass.test"}', 'failed', 20, ?, '400 BadPriority', ?, ?)`,
    ).run(at, at, at);
  } finally {
    db.close();
  }
}

describe.skipIf(chromiumPath === null)('Settings: background work panel', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const panel = () => page.getByTestId('jobs-panel');
  const pushRow = () => panel().locator('[data-kind="apns.push"]');

  beforeAll(async () => {
    server = await startServer();
    writeDeadLetter(server.dataDir);
    browser = await launchChromium(chromiumPath!);
    page = await openAdmin(browser, server, pageErrors);
    await page.getByTestId('nav-settings').click();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('a failed kind shows its count and last error, and Retry now arms it again', async () => {
    await expect.poll(() => pushRow().isVisible(), POLL).toBe(true);
    expect(await pushRow().textContent()).toContain('Card updates to iPhones');
    expect(await pushRow().textContent()).toContain('400 BadPriority');
    await panel().scrollIntoViewIfNeeded();
    await panel().screenshot({ path: screenshotPath('settings-jobs-failed-en') });

    await pushRow().getByTestId('jobs-retry').click();
    await expect.poll(() => pushRow().getByTestId('jobs-retry').count(), POLL).toBe(0);
    const cells = await pushRow().locator('td').allTextContents();
    expect(cells[1]).toBe('1'); // waiting again
    expect(cells[2]).toBe('0'); // no longer failed

    await page.evaluate(() => localStorage.setItem('passerelle.locale', 'fr'));
    await page.reload();
    await expect.poll(() => pushRow().textContent(), POLL).toContain('Mises à jour des cartes sur iPhone');
    await panel().scrollIntoViewIfNeeded();
    await panel().screenshot({ path: screenshotPath('settings-jobs-fr') });
    expect(pageErrors).toEqual([]);
  });
});
