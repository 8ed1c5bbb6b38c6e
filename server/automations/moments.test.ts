/**
 * Each moment's timing on a frozen clock: the app's clock is set, the automations evaluated (engine.tick, what the
 * automation.tick job runs), and the messages recorded on customers' histories read back. Monday 2 March 2026 at
 * 10:00 in Paris is day 0; the days stay before the spring clock change.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { instantOf } from '../shop-days.js';
import { createHarness, type Harness } from '../testing/app-harness.js';
import { passOf, seedCardHolder, walletEvent } from '../testing/automation-fixtures.js';
import { CATALOGUE } from './catalogue.js';
import type { AutomationKey } from './schemas.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const T0 = instantOf('2026-03-02', '10:00', 'Europe/Paris');
const text = (key: AutomationKey, step = 0) => CATALOGUE.find((d) => d.key === key)!.steps[step]!.fr;

describe('automations on a frozen clock', () => {
  let h: Harness;
  let now = T0;
  const db = () => h.app.services.db;
  const tick = (at: number) => {
    now = at;
    return h.app.parts.automations.engine.tick(at);
  };
  const sent = (customerId: number) =>
    db()
      .prepare<[number], { mechanic: string; outcome: string; reason: string | null; text: string; at: number }>(
        `SELECT mechanic, outcome, reason, text, at FROM message_sends WHERE customer_id = ? AND origin = 'automation' ORDER BY id`,
      )
      .all(customerId);
  const texts = (customerId: number) => sent(customerId).filter((s) => s.outcome === 'sent').map((s) => s.text);
  // Through the service: the admin session of the harness expires when the clock moves weeks ahead.
  const enable = async (key: AutomationKey, params: Record<string, number> = {}) => {
    await Promise.resolve(h.app.parts.automations.service.update(key, { enabled: true, params }));
  };
  const holder = (email: string, extra: Partial<Parameters<typeof seedCardHolder>[1]> = {}) =>
    seedCardHolder(db(), { email, createdAt: now, installedAt: now, ...extra });
  const purchase = (customerId: number, at: number, amountCents = 4_500) => {
    now = at;
    h.app.parts.loyalty.till.recordPurchase(customerId, { amountCents, channel: 'store', purchasedAt: at }, { by: 'test', source: 'test' });
  };

  beforeEach(async () => {
    now = T0;
    h = await createHarness({}, { build: { now: () => now } });
  });
  afterEach(async () => {
    await h.close();
  });

  it('welcomes at the install and starts the activation sequence on days 3 and 7', async () => {
    await enable('activation_sequence');
    const camille = holder('camille@example.fr');
    await tick(T0 + MIN);
    expect(texts(camille)).toEqual([text('welcome')]);

    await tick(T0 + 3 * DAY - 5 * MIN);
    expect(texts(camille)).toHaveLength(1);
    await tick(T0 + 3 * DAY + 5 * MIN);
    expect(texts(camille)).toEqual([text('welcome'), 'Petit rappel 🎁 Vous avez déjà 0 points sur votre carte.']);
    await tick(T0 + 3 * DAY + 10 * MIN);
    await tick(T0 + 7 * DAY + 5 * MIN);
    expect(texts(camille)).toEqual([text('welcome'), 'Petit rappel 🎁 Vous avez déjà 0 points sur votre carte.', text('activation_sequence', 1)]);
    // Each one on the customer's timeline, naming the automation that sent it.
    const timeline = (await h.admin({ method: 'GET', url: `/api/customers/${camille}/timeline` })).json<{ items: Array<{ kind: string; facts: Record<string, unknown> }> }>();
    const messages = timeline.items.filter((i) => i.kind === 'message').map((i) => [i.facts.automation, i.facts.text]);
    expect(messages).toEqual(
      expect.arrayContaining([
        ['welcome', text('welcome')],
        ['activation_sequence', 'Petit rappel 🎁 Vous avez déjà 0 points sur votre carte.'],
        ['activation_sequence', text('activation_sequence', 1)],
      ]),
    );
    expect(messages).toHaveLength(3);
  });

  it('spaces early engagement 6 days apart from day 3 to day 27, and gives way to the sequence within 5 days', async () => {
    await enable('early_engagement');
    const alone = holder('alone@example.fr');
    await tick(T0 + MIN);
    for (let day = 1; day <= 30; day++) await tick(T0 + day * DAY + 5 * MIN);
    const early = sent(alone).filter((s) => s.mechanic === 'early_engagement');
    expect(early.map((s) => Math.round((s.at - T0) / DAY))).toEqual([3, 9, 15, 21, 27]);
    expect(early.map((s) => s.text)).toEqual([0, 1, 2, 3, 4].map((i) => text('early_engagement', i)));

    await enable('activation_sequence');
    now = T0 + 31 * DAY;
    const both = holder('both@example.fr');
    await tick(T0 + 31 * DAY + MIN);
    for (let day = 1; day <= 30; day++) await tick(T0 + (31 + day) * DAY + 5 * MIN);
    const days = (key: string) => sent(both).filter((s) => s.mechanic === key && s.outcome === 'sent').map((s) => Math.round((s.at - T0) / DAY) - 31);
    expect(days('activation_sequence')).toEqual([3, 7]);
    // Day 3 goes to the sequence, day 9 is 2 days after its offer: the first engagement message is day 15's.
    expect(days('early_engagement')).toEqual([15, 21, 27]);
    const skipped = db()
      .prepare<[number], { occurrence: string; reason: string }>(`SELECT occurrence, reason FROM automation_occurrences WHERE customer_id = ? AND outcome = 'skipped' ORDER BY at`)
      .all(both);
    expect(skipped).toEqual([
      { occurrence: 'day3', reason: 'spacing' },
      { occurrence: 'day9', reason: 'spacing' },
    ]);
  });

  it('congratulates on a tier reached, and says how many points to the next tier once per tier', async () => {
    await enable('tier_reached');
    await enable('next_tier');
    const lea = holder('lea@example.fr', { firstName: 'Léa' });
    await tick(T0 + MIN);
    const credit = (delta: number, at: number) => {
      now = at;
      h.app.parts.loyalty.points.credit(lea, { delta, reason: 'adjustment' });
    };
    credit(455, T0 + 2 * DAY);
    await tick(T0 + 2 * DAY + 5 * MIN);
    expect(texts(lea).at(-1)).toBe('Vous progressez 👍 Encore 45 points pour débloquer le palier Argent.');
    credit(10, T0 + 4 * DAY);
    await tick(T0 + 4 * DAY + 5 * MIN);
    // Still within reach of Silver: said once.
    expect(texts(lea).filter((t) => t.startsWith('Vous progressez'))).toHaveLength(1);
    credit(100, T0 + 8 * DAY);
    await tick(T0 + 8 * DAY + 5 * MIN);
    expect(texts(lea).at(-1)).toBe('Palier Argent atteint 🏆 Félicitations ! De nouveaux privilèges vous attendent.');
    await tick(T0 + 8 * DAY + 10 * MIN);
    expect(texts(lea).filter((t) => t.startsWith('Palier'))).toHaveLength(1);
  });

  it('reactivates after 30, 60 and 90 days without a purchase, afresh after a new purchase; dormant points at 45 days', async () => {
    await enable('reactivation');
    await enable('dormant_points');
    const hugo = holder('hugo@example.fr');
    await tick(T0 + MIN);
    purchase(hugo, T0 + HOUR, 9_000);
    await tick(T0 + 2 * HOUR);
    const P = T0 + HOUR;
    const at = (day: number, extra: number) => tick(P + day * DAY + extra);
    await at(30, -10 * MIN);
    expect(texts(hugo).filter((t) => t !== text('welcome'))).toEqual([]);
    await at(30, 5 * MIN);
    await at(45, 5 * MIN);
    await at(60, 5 * MIN);
    expect(texts(hugo).slice(1)).toEqual([text('reactivation', 0), '90 points en attente 😊 Utilisez-les lors de votre prochain passage.', text('reactivation', 1)]);
    purchase(hugo, P + 70 * DAY);
    await at(90, 5 * MIN);
    expect(texts(hugo)).toHaveLength(4);
    await at(100, 5 * MIN);
    expect(texts(hugo).at(-1)).toBe(text('reactivation', 0));
  });

  it('wishes a happy birthday at the send hour, on 28 February for a 29 February birthday, once', async () => {
    await enable('birthday');
    const ines = holder('ines@example.fr', { firstName: 'Inès', birthday: '1992-03-05' });
    const leap = holder('leap@example.fr', { firstName: 'Noé', birthday: '2000-02-29' });
    await tick(T0 + MIN);
    await tick(instantOf('2026-03-05', '09:55', 'Europe/Paris'));
    expect(texts(ines)).toHaveLength(1);
    await tick(instantOf('2026-03-05', '10:05', 'Europe/Paris'));
    await tick(instantOf('2026-03-05', '10:10', 'Europe/Paris'));
    expect(texts(ines)).toEqual([text('welcome'), 'Joyeux anniversaire Inès 🎂 On vous a préparé un petit cadeau. Profitez-en aujourd’hui.']);
    expect(texts(leap)).toEqual([text('welcome')]);

    now = instantOf('2027-02-27', '12:00', 'Europe/Paris');
    await tick(now);
    await tick(instantOf('2027-02-28', '10:05', 'Europe/Paris'));
    expect(texts(leap).at(-1)).toBe('Joyeux anniversaire Noé 🎂 On vous a préparé un petit cadeau. Profitez-en aujourd’hui.');
  });

  it('celebrates the membership anniversary in the shop’s day, with the years in the customer’s language', async () => {
    await enable('anniversary');
    // Enrolled at 00:30 in Paris on 6 March 2025: still 5 March in UTC.
    const enrolled = instantOf('2025-03-06', '00:30', 'Europe/Paris');
    const zoe = seedCardHolder(db(), { email: 'zoe@example.fr', createdAt: enrolled, installedAt: T0 });
    const sam = seedCardHolder(db(), { email: 'sam@example.com', locale: 'en', createdAt: instantOf('2024-03-06', '18:00', 'Europe/Paris'), installedAt: T0 });
    await tick(T0 + MIN);
    await tick(instantOf('2026-03-05', '10:05', 'Europe/Paris'));
    expect(texts(zoe)).toHaveLength(1);
    await tick(instantOf('2026-03-06', '10:05', 'Europe/Paris'));
    expect(texts(zoe).at(-1)).toBe('1 an déjà ✨ Merci d’être avec nous ! Un petit cadeau vous attend.');
    expect(texts(sam).at(-1)).toBe('2 years already ✨ Thank you for being with us! A little gift awaits you.');
  });

  it('sends a seasonal date to everyone and an early access to a tier and above, at their time', async () => {
    await enable('seasonal');
    await enable('early_access');
    const member = holder('member@example.fr');
    const gold = holder('gold@example.fr');
    now = T0;
    h.app.parts.loyalty.points.credit(gold, { delta: 2_000, reason: 'adjustment' });
    const noCard = seedCardHolder(db(), { email: 'nocard@example.fr', createdAt: T0 });
    const add = async (payload: object) => {
      const res = await h.admin({ method: 'POST', url: '/api/automations/calendar', payload });
      expect(res.statusCode, res.body).toBe(201);
    };
    await add({ name: 'Printemps', date: '2025-03-20', yearly: true, category: 'relational', messageFr: 'Hello printemps 🌸 Découvrez nos essentiels fleuris.' });
    await add({ name: 'Drop VIP', date: '2026-03-12', time: '11:00', category: 'relational', messageFr: 'Drop VIP aujourd’hui ✨ Nos nouveautés avant tout le monde.', minTier: 'silver' });
    await tick(T0 + MIN);
    await tick(instantOf('2026-03-12', '10:55', 'Europe/Paris'));
    await tick(instantOf('2026-03-12', '11:05', 'Europe/Paris'));
    expect(texts(gold).at(-1)).toBe('Drop VIP aujourd’hui ✨ Nos nouveautés avant tout le monde.');
    expect(texts(member)).toEqual([text('welcome')]);
    await tick(instantOf('2026-03-20', '10:05', 'Europe/Paris'));
    expect(texts(member).at(-1)).toBe('Hello printemps 🌸 Découvrez nos essentiels fleuris.');
    expect(texts(gold).at(-1)).toBe('Hello printemps 🌸 Découvrez nos essentiels fleuris.');
    expect(sent(noCard)).toEqual([]);
    const view = await h.admin({ method: 'GET', url: '/api/automations' });
    const calendar = (JSON.parse(view.body) as { calendar: Array<{ name: string; sent: number; nextAt: number | null }> }).calendar;
    expect(calendar.find((e) => e.name === 'Printemps')).toMatchObject({ sent: 2, nextAt: instantOf('2027-03-20', '10:00', 'Europe/Paris') });
    expect(calendar.find((e) => e.name === 'Drop VIP')).toMatchObject({ sent: 1, nextAt: null });
  });

  it('holds automations in quiet hours and sends them when they end; the weekly cap holds the extra ones, recorded', async () => {
    await enable('birthday', { hour: 20 });
    const ines = holder('ines@example.fr', { firstName: 'Inès', birthday: '1992-03-05' });
    await tick(T0 + MIN);
    // 20:00 is the send hour; the evaluation at 21:30 is in quiet hours (21:00–09:00): nothing until 09:00.
    await tick(instantOf('2026-03-05', '21:30', 'Europe/Paris'));
    expect(texts(ines)).toHaveLength(1);
    const morning = await tick(instantOf('2026-03-06', '09:05', 'Europe/Paris'));
    expect(morning.evaluated).toContain('birthday');
    expect(texts(ines)).toHaveLength(2);

    // Two messages this week already (the welcome, the birthday): a third automation is held back, with its reason.
    await enable('tier_reached');
    now = instantOf('2026-03-06', '10:00', 'Europe/Paris');
    h.app.parts.loyalty.points.credit(ines, { delta: 600, reason: 'adjustment' });
    await tick(instantOf('2026-03-06', '10:05', 'Europe/Paris'));
    expect(sent(ines).at(-1)).toMatchObject({ mechanic: 'tier_reached', outcome: 'held', reason: 'weekly_cap' });
    await tick(instantOf('2026-03-06', '10:10', 'Europe/Paris'));
    expect(sent(ines)).toHaveLength(3);
  });

  it('catches up after a day off, each due message once, and nothing older than the catch-up limit', async () => {
    for (const key of ['activation_sequence', 'reactivation', 'birthday', 'seasonal'] as const) await enable(key);
    // Several moments fall due the same day here; the weekly cap is not what this test is about.
    h.app.services.settings.setMany({ 'messages.weeklyCap': 7 });
    const a = holder('a@example.fr', { birthday: '1990-03-06' });
    purchase(a, T0 - 27 * DAY);
    await h.admin({
      method: 'POST',
      url: '/api/automations/calendar',
      payload: { name: 'Journée spéciale', date: '2026-03-05', time: '15:00', category: 'relational', messageFr: 'Journée spéciale ✨ Des surprises toute la journée.' },
    });
    await tick(T0 + MIN);
    await tick(T0 + DAY + 8 * HOUR); // Tuesday 18:00
    // Off from Tuesday 18:00 to Thursday 18:00: day 3 of the sequence (Thursday 10:00), 30 days without a purchase
    // (Wednesday), the special day (Thursday 15:00) and the birthday (Friday) fall due or not meanwhile.
    const back = T0 + 3 * DAY + 8 * HOUR;
    await tick(back);
    const afterOff = texts(a);
    expect(afterOff).toEqual([
      text('welcome'),
      'Petit rappel 🎁 Vous avez déjà 45 points sur votre carte.',
      text('reactivation', 0),
      'Journée spéciale ✨ Des surprises toute la journée.',
    ]);
    await tick(back + 5 * MIN);
    await tick(back + 10 * MIN);
    expect(texts(a)).toEqual(afterOff);

    // Off for a week: the birthday (Friday) is past its catch-up limit of a day; nothing is sent for it.
    await tick(T0 + 11 * DAY);
    expect(texts(a).some((t) => t.startsWith('Joyeux anniversaire'))).toBe(false);
  });

  it('turns an abandoned cart posted through the API into the text the card shows near open stores, for its hours, then takes it off', async () => {
    await enable('cart_reminder', { hours: 48 });
    const [storeId] = h.app.parts.stores.directory.stores.createMany([
      {
        name: 'Maison Lyon',
        address: '24 rue Victor-Hugo',
        postcode: '69002',
        city: 'Lyon',
        country: 'FR',
        phone: '',
        latitude: 45.757,
        longitude: 4.832,
        radiusM: 200,
        openingHours: { mon: [['00:00', '23:59']], tue: [['00:00', '23:59']], wed: [['00:00', '23:59']], thu: [['00:00', '23:59']], fri: [], sat: [], sun: [] },
        exceptions: [],
        relevantText: { fr: 'Vous êtes tout près !', en: 'You are close!' },
        active: true,
      },
    ]);
    const chloe = holder('chloe@example.fr', { firstName: 'Chloé', preferredStoreId: storeId! });
    await h.app.parts.stores.directory.refresh('all');
    await tick(T0 + MIN);
    // The website posts the abandoned cart through the API (integrations), with one of the shop's keys.
    const created = await h.admin({ method: 'POST', url: '/api/integrations/api-keys', payload: { name: 'Site web', scopes: ['events:write'] } });
    expect(created.statusCode).toBe(201);
    now = T0 + HOUR;
    const posted = await h.public({
      method: 'POST',
      url: '/v1/events',
      headers: { authorization: `Bearer ${created.json<{ key: string }>().key}` },
      payload: { type: 'cart_abandoned', customer: { email: 'chloe@example.fr' }, eventId: 'cart-1', valueCents: 8990, items: [{ name: 'Robe Lina', quantity: 1 }] },
    });
    expect(posted.statusCode).toBe(202);
    const version = () => db().prepare<[number], { version: number }>('SELECT version FROM passes WHERE id = ?').get(passOf(db(), chloe))!.version;
    const before = version();
    await tick(T0 + HOUR + 5 * MIN);
    expect(version()).toBe(before + 1);
    expect(sent(chloe).at(-1)).toMatchObject({ mechanic: 'cart_reminder', outcome: 'sent', text: 'Article repéré 🧐 Robe Lina vous attend : venez le découvrir à Maison Lyon.' });
    const locations = () =>
      h.app.parts.automations.locations(chloe, h.app.parts.stores.directory.cardLocations(chloe), () => h.app.parts.stores.directory.nearestStoresForCustomer(chloe)?.stores ?? []);
    expect(locations()[0]!.text).toEqual({
      fr: 'Article repéré 🧐 Robe Lina vous attend : venez le découvrir à Maison Lyon.',
      en: 'Spotted 🧐 Robe Lina is waiting for you: come and see it at Maison Lyon.',
    });
    // Friday: the store is closed, the card says nothing near it.
    now = instantOf('2026-03-06', '10:00', 'Europe/Paris');
    expect(locations()[0]!.text).toBeNull();
    // 48 hours after it went on, the card gets the store's own text back.
    await tick(T0 + HOUR + 5 * MIN + 48 * HOUR);
    expect(version()).toBe(before + 2);
    now = T0 + 3 * DAY;
    expect(locations()[0]!.text).toEqual({ fr: 'Vous êtes tout près !', en: 'You are close!' });
    const events = h.app.parts.integrations.customerEvents;
    expect(events.get(posted.json<{ id: number }>().id)?.handledAt).toBe(T0 + HOUR + 5 * MIN);
  });

  it('does not send an automation that is off, nor what fell due while it was off when it is switched on', async () => {
    const a = holder('a@example.fr');
    purchase(a, T0 - 29 * DAY);
    await tick(T0 + MIN);
    await tick(T0 + 2 * DAY);
    expect(texts(a)).toEqual([text('welcome')]);
    await enable('reactivation');
    await tick(T0 + 2 * DAY + 5 * MIN);
    expect(texts(a)).toEqual([text('welcome')]);
    // Uninstalled: nothing more reaches a customer without a card in a wallet.
    walletEvent(db(), passOf(db(), a), 'uninstalled', T0 + 2 * DAY + 6 * MIN);
    await tick(T0 + 31 * DAY);
    expect(texts(a)).toEqual([text('welcome')]);
  });
});
