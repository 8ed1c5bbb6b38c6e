/**
 * The messages guard on a real app with a frozen clock: single messages from the customer panel (POST
 * /api/customers/:id/message) sent, held back with their reason, or waiting for quiet hours to end.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../auth/guard.js';
import { createHarness, type Harness } from '../testing/app-harness.js';
import { walletCustomer } from '../testing/messaging-fixtures.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Monday 10 March 2025, 10:00 in Paris (CET, UTC+1). */
const MONDAY_10H = Date.UTC(2025, 2, 10, 9, 0);

describe('messages guard', () => {
  let h: Harness;
  let clock = MONDAY_10H;
  let n = 0;
  const db = () => h.app.services.db;
  const customer = (o: { consent?: boolean; installed?: boolean } = {}) =>
    walletCustomer(db(), { email: `guard-${++n}@example.fr`, at: clock - 90 * DAY, ...o });
  // A session made at the frozen clock's time: the clock jumps weeks ahead between sends.
  const cookie = () => `${SESSION_COOKIE}=${h.app.services.sessions.createSession('test')}`;
  const send = (id: number, text: string, category?: string) =>
    h.admin({ method: 'POST', url: `/api/customers/${id}/message`, headers: { cookie: cookie() }, payload: { text, ...(category ? { category } : {}) } });
  const outcome = async (id: number, text: string, category?: string) => {
    const res = await send(id, text, category);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { outcome: string; reason: string | null; until: number | null; devices: number; passes: number };
  };
  const message = (id: number) => db().prepare<[number], { message: string }>('SELECT message FROM passes WHERE customer_id = ?').get(id)!.message;
  const purchase = (id: number, at: number) =>
    h.app.parts.customers.purchases.record(id, { amountCents: 2500, channel: 'store', purchasedAt: at, source: 'admin' });

  beforeAll(async () => {
    h = await createHarness({}, { build: { now: () => clock } });
  });
  afterAll(() => h.close());
  beforeEach(() => {
    clock = MONDAY_10H;
  });

  it('sends within the rules and says to how many devices', async () => {
    const id = customer();
    expect(await outcome(id, 'Bonjour Camille')).toMatchObject({ outcome: 'waiting_certificate', passes: 1, devices: 1, reason: null });
    expect(message(id)).toBe('Bonjour Camille');
  });

  it('a customer who got 2 messages this week is held back with reason weekly_cap, until the oldest is 7 days old', async () => {
    const id = customer();
    expect((await outcome(id, 'Premier')).reason).toBeNull();
    clock += DAY;
    expect((await outcome(id, 'Deuxième')).reason).toBeNull();
    clock += 2 * DAY;
    expect(await outcome(id, 'Troisième')).toMatchObject({ outcome: 'held', reason: 'weekly_cap' });
    expect(message(id)).toBe('Deuxième');
    clock = MONDAY_10H + 7 * DAY + HOUR;
    expect((await outcome(id, 'Troisième')).reason).toBeNull();
    const history = (await h.admin({ method: 'GET', url: `/api/customers/${id}/messages`, headers: { cookie: cookie() } })).json() as { items: Array<{ outcome: string; reason: string | null }> };
    expect(history.items.map((i) => [i.outcome, i.reason])).toEqual([
      ['sent', null],
      ['held', 'weekly_cap'],
      ['sent', null],
      ['sent', null],
    ]);
  });

  it('never lets more than 3 through in 24 hours, whatever the weekly cap', async () => {
    await h.admin({ method: 'PUT', url: '/api/messaging/settings', headers: { cookie: cookie() }, payload: { ...(await settings()), weeklyCap: 7 } });
    try {
      const id = customer();
      for (const text of ['Un', 'Deux', 'Trois']) {
        expect((await outcome(id, text)).reason).toBeNull();
        clock += HOUR;
      }
      expect(await outcome(id, 'Quatre')).toMatchObject({ outcome: 'held', reason: 'daily_cap' });
      clock = MONDAY_10H + DAY + 1;
      expect((await outcome(id, 'Quatre')).reason).toBeNull();
    } finally {
      await h.admin({ method: 'PUT', url: '/api/messaging/settings', headers: { cookie: cookie() }, payload: { ...(await settings()), weeklyCap: 2 } });
    }
  });

  it('a customer who bought an hour ago is held back (after_purchase), and after a conversion for days', async () => {
    const id = customer();
    expect((await outcome(id, 'Nouveautés en boutique')).reason).toBeNull();
    // Two days later the customer buys: within 7 days of the message, a conversion.
    clock += 2 * DAY;
    purchase(id, clock - HOUR);
    expect(await outcome(id, 'Merci !')).toMatchObject({ outcome: 'held', reason: 'after_purchase' });
    clock += DAY;
    expect(await outcome(id, 'Merci !')).toMatchObject({ outcome: 'held', reason: 'after_conversion' });
    clock += 6 * DAY;
    expect((await outcome(id, 'Merci !')).reason).toBeNull();

    // A purchase with no message before it is no conversion: one day of silence only.
    const other = customer();
    purchase(other, clock - HOUR);
    expect((await outcome(other, 'Bonjour')).reason).toBe('after_purchase');
    clock += DAY;
    expect((await outcome(other, 'Bonjour')).reason).toBeNull();
  });

  it('consent first: no inspiration or commercial message without marketing consent', async () => {
    const id = customer({ consent: false });
    expect(await outcome(id, '-20 % ce week-end', 'commercial')).toMatchObject({ outcome: 'held', reason: 'no_consent' });
    expect(await outcome(id, 'Notre nouvelle collection', 'inspiration')).toMatchObject({ outcome: 'held', reason: 'no_consent' });
    expect((await outcome(id, 'Vos points sont à jour', 'relational')).reason).toBeNull();
  });

  it('honours the preferences page: topics, pause, stop', async () => {
    const prefs = h.app.parts.customers.customers;
    const base = { relational: true, inspiration: true, commercial: true, pausedUntil: null, stoppedAt: null };
    const topic = customer();
    prefs.setMessagePreferences(topic, { ...base, commercial: false });
    expect((await outcome(topic, 'Soldes', 'commercial')).reason).toBe('topic_off');
    expect((await outcome(topic, 'Inspiration', 'inspiration')).reason).toBeNull();

    const paused = customer();
    prefs.setMessagePreferences(paused, { ...base, pausedUntil: clock + 3 * DAY });
    expect((await outcome(paused, 'Bonjour', 'relational')).reason).toBe('paused');
    clock += 3 * DAY + 1;
    expect((await outcome(paused, 'Bonjour', 'relational')).reason).toBeNull();

    const stopped = customer();
    prefs.setMessagePreferences(stopped, { ...base, stoppedAt: clock - DAY });
    expect((await outcome(stopped, 'Bonjour', 'relational')).reason).toBe('stopped');
  });

  it('excludes a customer after heavy exposure (6 messages in 30 days by default)', async () => {
    const id = customer();
    for (let week = 0; week < 3; week++) {
      for (const day of [0, 2]) {
        clock = MONDAY_10H + week * 7 * DAY + day * DAY;
        expect((await outcome(id, `Message ${week}-${day}`)).reason).toBeNull();
      }
    }
    clock = MONDAY_10H + 3 * 7 * DAY;
    expect((await outcome(id, 'Encore un')).reason).toBe('exposure');
    clock = MONDAY_10H + 30 * DAY + HOUR;
    expect((await outcome(id, 'Encore un')).reason).toBeNull();
  });

  it('says when the card is in no wallet, and keeps it unchanged', async () => {
    const id = customer({ installed: false });
    expect(await outcome(id, 'Bonjour')).toMatchObject({ outcome: 'held', reason: 'not_in_wallet', devices: 0 });
    expect(message(id)).toBe('');
  });

  it('a send at 22:00 Paris time waits until 09:00, then goes if nothing changed overnight', async () => {
    const id = customer();
    const other = customer();
    clock = Date.UTC(2025, 2, 11, 21, 0); // Tuesday 22:00 CET
    const nine = Date.UTC(2025, 2, 12, 8, 0); // Wednesday 09:00 CET
    expect(await outcome(id, 'Bonne nuit')).toMatchObject({ outcome: 'waiting', until: nine });
    expect(await outcome(other, 'Bonne nuit')).toMatchObject({ outcome: 'waiting', until: nine });
    expect(message(id)).toBe('');
    // Overnight (online), the second customer buys: at 09:00 the guard holds that one back.
    clock = nine - 3 * HOUR;
    purchase(other, clock);
    await h.app.start();
    clock = nine;
    h.app.parts.jobs.runner.wake('message.direct');
    await h.app.parts.jobs.runner.idle('message.direct');
    expect(message(id)).toBe('Bonne nuit');
    expect(message(other)).toBe('');
    const fate = (c: number) =>
      db().prepare<[number], { outcome: string; reason: string | null; at: number }>('SELECT outcome, reason, at FROM message_sends WHERE customer_id = ?').all(c);
    expect(fate(id)).toEqual([{ outcome: 'sent', reason: null, at: nine }]);
    expect(fate(other)).toEqual([{ outcome: 'held', reason: 'after_purchase', at: nine }]);
  });

  it('a send at 22:00 Paris time the night the clocks change waits until 09:00 local', async () => {
    const id = customer();
    clock = Date.UTC(2025, 2, 29, 21, 0); // Saturday 22:00 CET; summer time from 02:00
    expect(await outcome(id, 'Heure d’été')).toMatchObject({ outcome: 'waiting', until: Date.UTC(2025, 2, 30, 7, 0) });
    clock = Date.UTC(2025, 9, 25, 20, 0); // Saturday 22:00 CEST; winter time from 03:00
    expect(await outcome(id, 'Heure d’hiver')).toMatchObject({ outcome: 'waiting', until: Date.UTC(2025, 9, 26, 8, 0) });
  });

  it('refuses what it cannot send', async () => {
    const id = customer();
    expect((await outcome(id, 'Pareil')).reason).toBeNull();
    clock += 8 * DAY;
    expect((await send(id, 'Pareil')).json()).toMatchObject({ code: 'MESSAGE_UNCHANGED' });
    expect((await send(999_999, 'Bonjour')).statusCode).toBe(404);
    expect((await send(id, '   ')).statusCode).toBe(400);
    expect((await send(id, 'Bonjour', 'spam')).statusCode).toBe(400);
    const bare = Number(
      db().prepare(`INSERT INTO customers (email, referral_code, created_at, updated_at) VALUES ('bare@example.fr', 'BAREBARE', 0, 0)`).run().lastInsertRowid,
    );
    expect((await send(bare, 'Bonjour')).json()).toMatchObject({ code: 'NO_CARD' });
  });

  async function settings(): Promise<Record<string, unknown>> {
    return ((await h.admin({ method: 'GET', url: '/api/messaging/settings', headers: { cookie: cookie() } })).json() as { settings: Record<string, unknown> }).settings;
  }
});
