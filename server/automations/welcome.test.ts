/**
 * The welcome, as a phone sees it: a card added to Wallet (the device simulator downloads and registers it over real
 * HTTP) gets the welcome message within 3 minutes with the default settings, through a push to a local fake APNs and
 * the pass the phone then fetches; a second registration of the same card sends nothing more. The app's clock is
 * frozen at 23:30 in Paris (quiet hours): the welcome answers the customer's own action and does not wait.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../testing/apns-fixture.js';
import type { SimulatedDevice } from '../testing/device-simulator.js';
import { passField, startAutomationServer, type AutomationServer } from '../testing/automation-server.js';
import { nextLocalTime } from '../messaging/quiet-hours.js';
import { CATALOGUE } from './catalogue.js';

const WELCOME = CATALOGUE.find((d) => d.key === 'welcome')!.steps[0]!;
// The next 23:30 in Paris (after now: the development signing certificate is made now and must be valid then).
const LATE_EVENING = nextLocalTime(Date.now(), '23:30', 'Europe/Paris');

describe('the welcome on a card just added to a wallet', () => {
  let s: AutomationServer;
  let phone1: SimulatedDevice;
  const db = () => s.app.services.db;
  const sendsTo = (customerId: number) =>
    db()
      .prepare<[number], { origin: string; mechanic: string; outcome: string; text: string; at: number }>(
        'SELECT origin, mechanic, outcome, text, at FROM message_sends WHERE customer_id = ? ORDER BY id',
      )
      .all(customerId);
  const installedAt = (customerId: number) =>
    db().prepare<[number], { at: number }>(`SELECT MIN(occurred_at) AS at FROM wallet_events WHERE customer_id = ? AND kind = 'installed'`).get(customerId)!.at;

  beforeAll(async () => {
    s = await startAutomationServer({ start: LATE_EVENING });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('is on the card the phone fetches after the push, within 3 minutes, even in quiet hours', async () => {
    expect(s.app.parts.messaging.guard.quietUntil(s.clock.now)).not.toBeNull();
    const pass = s.app.parts.apple.issuer.issuePass(1);
    const phone = (phone1 = s.phone());
    const card = await phone.download(`${s.publicUrl}/p/${pass.downloadId}`);
    expect(passField(card.passJson, 'message')).toBe('');

    expect(await phone.register(card.serialNumber)).toBe(201);
    await eventually(() => s.apns.countFor(phone.pushToken) === 1, 'the push of the welcome');
    expect(await phone.onPush()).toEqual([card.serialNumber]);
    const fetched = phone.passes.get(card.serialNumber)!;
    expect(passField(fetched.passJson, 'message')).toBe(WELCOME.fr);

    const sends = sendsTo(1);
    expect(sends).toEqual([{ origin: 'automation', mechanic: 'welcome', outcome: 'sent', text: WELCOME.fr, at: expect.any(Number) as number }]);
    expect(sends[0]!.at - installedAt(1)).toBeLessThanOrEqual(3 * 60_000);
  });

  it('sends nothing more on a second registration of the same card, nor when it is removed and added again', async () => {
    const pass = s.app.parts.apple.issuer.issuePass(1);
    const pushesBefore = s.apns.pushes.length;

    // The same card on a second device (a Watch): no new install, no message.
    const watch = s.phone();
    const copy = await watch.download(`${s.publicUrl}/p/${pass.downloadId}`);
    expect(await watch.register(copy.serialNumber)).toBe(201);
    // Both remove it, then the phone adds it again: a second install event, still one welcome.
    expect(await watch.unregister(copy.serialNumber)).toBe(200);
    expect(await phone1.unregister(copy.serialNumber)).toBe(200);
    await phone1.download(`${s.publicUrl}/p/${pass.downloadId}`);
    expect(await phone1.register(copy.serialNumber)).toBe(201);
    expect(db().prepare(`SELECT COUNT(*) AS n FROM wallet_events WHERE customer_id = 1 AND kind = 'installed'`).pluck().get()).toBe(2);

    // The evaluation the second install queued has run: nothing was sent.
    await s.app.parts.jobs.runner.idle('automation.welcome');
    expect(s.app.parts.jobs.jobs.byKey('automation.welcome')).toMatchObject({ status: 'done' });
    expect(sendsTo(1)).toHaveLength(1);
    expect(s.apns.pushes.length).toBe(pushesBefore);
  });

  it('never welcomes late a card added while the welcome was off', async () => {
    const off = await s.admin('/api/automations/welcome', { method: 'PUT', body: JSON.stringify({ enabled: false }) });
    expect(off.status).toBe(200);
    const pass = s.app.parts.apple.issuer.issuePass(2);
    const phone = s.phone();
    const card = await phone.download(`${s.publicUrl}/p/${pass.downloadId}`);
    expect(await phone.register(card.serialNumber)).toBe(201);
    await s.app.parts.jobs.runner.idle('automation.welcome');
    expect(sendsTo(2)).toEqual([]);
    // Switched on again later: customer 2 was recorded as activated while it was off, and is not welcomed late.
    expect((await s.admin('/api/automations/welcome', { method: 'PUT', body: JSON.stringify({ enabled: true }) })).status).toBe(200);
    await s.app.parts.automations.engine.tick(s.clock.now);
    expect(sendsTo(2)).toEqual([]);
  });
});
