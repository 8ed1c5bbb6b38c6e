/**
 * Live Wallet cards from the admin UI against the real server: a simulated iPhone (server/testing/device-simulator.ts)
 * downloads a customer's card from the public listener, checks it with openssl and registers it; the Customers page
 * then shows the card installed on 1 device; points added and a lock-screen message sent in the UI reach the phone
 * (it asks what changed since its tag, as after a push — this server runs without APNs); what the phone logs shows
 * in the customer's drawer and in Settings.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { SimulatedDevice, type InstalledPass } from '../../server/testing/device-simulator.js';
import { launchChromium, openAdmin, requireChromium, screenshotPath, startServer, type RunningServer, serverWwdr } from './harness.js';

const chromiumPath = requireChromium();
const POLL = { timeout: 20_000, interval: 100 };

type Field = { key: string; value: unknown };
const fieldsOf = (pass: InstalledPass): Field[] => {
  const style = pass.passJson.storeCard as Record<string, Field[] | undefined>;
  return ['headerFields', 'primaryFields', 'secondaryFields', 'auxiliaryFields', 'backFields'].flatMap((k) => style[k] ?? []);
};

describe.skipIf(chromiumPath === null)('Wallet cards live in the browser, against the real server', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let phone: SimulatedDevice;
  let card: InstalledPass;
  let customerName: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    // The messages guard's timing rules (quiet hours, silence after the demo's latest purchases) would make the
    // lock-screen message below depend on the hour the test runs at; the welcome (on by default) would change the
    // card once more at a moment of its own, after the phone registers.
    server = await startServer({
      cliBefore: [
        ['automation', 'off', 'welcome'],
        ['settings', 'set', 'messages.quietStart', '09:00'],
        ['settings', 'set', 'messages.quietEnd', '09:00'],
        ['settings', 'set', 'messages.silenceAfterPurchaseHours', '0'],
        ['settings', 'set', 'messages.silenceAfterConversionDays', '0'],
      ],
    });
    browser = await launchChromium(chromiumPath!);
    page = await openAdmin(browser, server, pageErrors, { demo: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });


  async function dismissToasts(): Promise<void> {
    const close = page.locator('.toasts').getByRole('button', { name: 'Dismiss' });
    while ((await close.count()) > 0) await close.first().click();
  }

  async function open(section: 'customers' | 'settings'): Promise<void> {
    await page.getByTestId(`nav-${section}`).click();
    await expect.poll(() => page.evaluate(() => location.hash), POLL).toBe(`#/${section}`);
  }

  const drawer = () => page.getByTestId('customer-pass-drawer');
  const firstRow = () => page.getByTestId('customer-row').first();

  async function openFirstCustomer(): Promise<void> {
    await firstRow().getByTestId('customer-open').click();
    await drawer().waitFor();
  }

  async function closeDrawer(): Promise<void> {
    await page.getByTestId('customer-pass-drawer-close').click();
    await drawer().waitFor({ state: 'detached' });
  }

  /** What the phone does after a push: what changed since its tag, then those passes. */
  async function phoneCatchesUp(): Promise<string[]> {
    return phone.onPush();
  }

  test('a phone adds the card from its link and registers; the Customers page shows it installed on 1 device', async () => {
    await open('customers');
    await firstRow().waitFor();
    customerName = (await firstRow().getByTestId('customer-open').textContent())!.trim();
    expect(await firstRow().getByTestId('wallet-badge').textContent()).toContain('Not installed');

    await openFirstCustomer();
    await expect.poll(() => drawer().getByTestId('customer-pass-link').textContent(), POLL).toMatch(/\/p\/[A-Za-z0-9_-]{43}$/);
    const link = (await drawer().getByTestId('customer-pass-link').textContent())!.trim();
    expect(await drawer().getByTestId('wallet-timeline-empty').isVisible()).toBe(true);
    await closeDrawer();

    phone = new SimulatedDevice({ wwdrPem: serverWwdr(server.dataDir) });
    card = await phone.download(link);
    expect(card.webServiceURL).toBe(`${server.publicUrl}/apple`);
    expect(await phone.register(card.serialNumber)).toBe(201);
    expect(await phone.register(card.serialNumber)).toBe(200);
    const first = await phone.listUpdates(card.webServiceURL, card.passTypeIdentifier, false);
    expect(first).toMatchObject({ status: 200, serialNumbers: [card.serialNumber] });

    await page.reload();
    await firstRow().waitFor();
    const badge = firstRow().getByTestId('wallet-badge');
    await expect.poll(() => badge.textContent(), POLL).toContain('1 device');
    expect(await badge.getAttribute('data-devices')).toBe('1');
    await dismissToasts();
    await page.screenshot({ path: screenshotPath('wallet-customers-installed') });
    // In a narrower window the badge moves next to the name, so that the table still fits.
    await page.setViewportSize({ width: 1100, height: 800 });
    const inline = firstRow().getByTestId('wallet-badge-inline');
    await expect.poll(() => inline.isVisible(), POLL).toBe(true);
    expect(await inline.getAttribute('data-devices')).toBe('1');
    expect(await badge.isVisible()).toBe(false);
    await page.setViewportSize({ width: 1360, height: 900 });

    await openFirstCustomer();
    const status = drawer().getByTestId('wallet-status');
    await expect.poll(() => status.textContent(), POLL).toContain('Installed on 1 device');
    expect(await drawer().getByTestId('wallet-event').first().textContent()).toContain('Added to Apple Wallet');
  });

  test('points added in the UI reach the phone’s card', async () => {
    const before = fieldsOf(card).find((f) => f.key === 'points')?.value;
    expect(typeof before).toBe('number');
    await drawer().getByTestId('add-points-amount').fill('250');
    await drawer().getByTestId('add-points-note').fill('Goodwill gesture');
    await drawer().getByTestId('add-points-submit').click();
    await expect.poll(() => drawer().getByTestId('wallet-points').textContent(), POLL).toContain(new Intl.NumberFormat('en-GB').format((before as number) + 250));
    await expect.poll(() => drawer().getByTestId('wallet-event').first().textContent(), POLL).toMatch(/\+250/);

    expect(await phoneCatchesUp()).toEqual([card.serialNumber]);
    card = phone.passes.get(card.serialNumber)!;
    expect(fieldsOf(card).find((f) => f.key === 'points')?.value).toBe((before as number) + 250);
    // Nothing else changed: the next "what changed?" is empty, and the pass is not modified since.
    expect((await phone.listUpdates(card.webServiceURL, card.passTypeIdentifier)).status).toBe(204);
    expect((await phone.fetchLatest(card.serialNumber)).status).toBe(304);
  });

  test('a lock-screen message sent in the UI lands in the card’s message field', async () => {
    await drawer().getByTestId('lock-screen-text').fill('Private sale tomorrow, 20% off everything!');
    await drawer().getByTestId('lock-screen-submit').click();
    await expect.poll(() => drawer().getByTestId('lock-screen-current').textContent(), POLL).toContain('Private sale tomorrow');
    expect(await phoneCatchesUp()).toEqual([card.serialNumber]);
    card = phone.passes.get(card.serialNumber)!;
    const back = (card.passJson.storeCard as { backFields: Array<Field & { changeMessage?: string }> }).backFields;
    expect(back.find((f) => f.key === 'message')).toMatchObject({ value: 'Private sale tomorrow, 20% off everything!', changeMessage: '%@' });
  });

  test('what the phone logs shows in the customer’s drawer and in Settings', async () => {
    const line = `Web service error for ${card.passTypeIdentifier} serial ${card.serialNumber}: simulated device log line`;
    expect(await phone.postLog(card.webServiceURL, [line])).toBe(200);
    await closeDrawer();
    await openFirstCustomer();
    await expect.poll(() => drawer().getByTestId('customer-device-log').first().textContent(), POLL).toContain('simulated device log line');
    await dismissToasts();
    // Tall enough for the whole drawer: actions, timeline and device log.
    await page.setViewportSize({ width: 1360, height: 1700 });
    await drawer().screenshot({ path: screenshotPath('wallet-customer-drawer') });
    await page.setViewportSize({ width: 1360, height: 900 });
    await closeDrawer();

    await open('settings');
    const panel = page.getByTestId('wallet-log-panel');
    await panel.getByTestId('wallet-log-row').first().waitFor();
    const row = panel.getByTestId('wallet-log-row').first();
    expect(await row.textContent()).toContain('simulated device log line');
    expect(await row.textContent()).toContain(customerName);
    await panel.screenshot({ path: screenshotPath('wallet-settings-log') });
  });

  test('the phone removing the card shows as uninstalled', async () => {
    expect(await phone.unregister(card.serialNumber)).toBe(200);
    await open('customers');
    await firstRow().waitFor();
    await expect.poll(() => firstRow().getByTestId('wallet-badge').textContent(), POLL).toContain('Not installed');
    await openFirstCustomer();
    await expect.poll(() => drawer().getByTestId('wallet-event').first().textContent(), POLL).toContain('Removed from Apple Wallet');
    expect(pageErrors).toEqual([]);
  });
});
