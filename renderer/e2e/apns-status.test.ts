/**
 * The push notifications panel in Settings, against the real server: APNs pointed at a stand-in before the start (as
 * `passerelle settings apns --host …` does), so that the server runs its pushes with the development identity; the
 * panel says they are ready, then shows the credentials problem the push worker records when APNs refuses the
 * certificate (written into the database here, as the worker writes it) with what to do about it.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openAdmin, requireChromium, screenshotPath, startServer, type RunningServer } from './harness.js';

const chromiumPath = requireChromium();
const POLL = { timeout: 20_000, interval: 100 };

/** What server/passes/apple/apns/push-worker.ts records on a 403 BadCertificate. */
function writeProblem(dataDir: string, at: number): void {
  const db = new Database(join(dataDir, 'passerelle.sqlite'));
  try {
    db.pragma('busy_timeout = 5000');
    const status = {
      ok: false,
      code: 'BadCertificate',
      message: 'Apple refused the Pass Type ID certificate used for push notifications. Import a valid certificate.',
      at,
    };
    db.prepare(
      `INSERT INTO settings (key, value, updated_at) VALUES ('apns.status', ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    ).run(JSON.stringify(status), at);
  } finally {
    db.close();
  }
}

describe.skipIf(chromiumPath === null)('Settings: Apple push notifications panel', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const panel = () => page.getByTestId('apns-panel');

  beforeAll(async () => {
    // Port 9 (discard): nothing is pushed in this test, the stand-in only makes the server start its pushes.
    server = await startServer({ cliBefore: [['settings', 'apns', '--host', '127.0.0.1', '--port', '9']] });
    browser = await launchChromium(chromiumPath!);
    page = await openAdmin(browser, server, pageErrors);
    await page.getByTestId('nav-settings').click();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('pushes running and nothing sent yet: ready', async () => {
    await expect.poll(() => panel().getByTestId('apns-ready').isVisible(), POLL).toBe(true);
    expect(await panel().getByTestId('apns-badge').textContent()).toBe('Ready');
  });

  test('a credentials problem shows in plain words, with what to do', async () => {
    writeProblem(server.dataDir, Date.UTC(2025, 4, 12, 9, 30));
    await panel().getByTestId('apns-refresh').click();
    const problem = panel().getByTestId('apns-problem');
    await problem.waitFor({ timeout: 20_000 });
    expect(await panel().getByTestId('apns-badge').textContent()).toBe('Problem');
    expect(await problem.getByTestId('apns-problem-message').textContent()).toContain(
      'Problem: Apple refused the certificate used for push notifications.',
    );
    expect(await problem.getByTestId('apns-problem-fix').textContent()).toContain('import a valid Pass Type ID certificate');
    expect(await problem.textContent()).toContain('BadCertificate');
    await panel().scrollIntoViewIfNeeded();
    await panel().screenshot({ path: screenshotPath('settings-apns-problem-en') });

    // The same in French, the shop's default language.
    await page.evaluate(() => localStorage.setItem('passerelle.locale', 'fr'));
    await page.reload();
    await expect.poll(() => panel().getByTestId('apns-problem-message').textContent(), POLL).toContain(
      'Problème : Apple a refusé le certificat utilisé pour les notifications.',
    );
    await page.screenshot({ path: screenshotPath('settings-apns-problem-fr'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
