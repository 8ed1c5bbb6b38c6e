import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../testing/app-harness.js';
import { startFakeSmtp, type FakeSmtp } from '../testing/fake-smtp.js';

describe('enrolment on the public listener', () => {
  let h: Harness;
  let smtp: FakeSmtp | undefined;
  beforeEach(async () => {
    h = await createHarness({}, { start: true });
    // A design, as a shop has before it prints the poster.
    const d = await h.admin({ method: 'POST', url: '/api/designs', payload: { name: 'Carte', kind: 'loyalty' } });
    expect(d.statusCode).toBe(201);
  });
  afterEach(async () => {
    await h.close();
    await smtp?.close();
    smtp = undefined;
  });

  const enrol = (payload: Record<string, unknown>, ip = '203.0.113.7') =>
    h.public({ method: 'POST', url: '/enrol/api/join', headers: { 'x-forwarded-for': ip }, payload: { locale: 'fr', consentMarketing: true, ...payload } });
  const count = (sql: string, ...args: unknown[]) => (h.app.services.db.prepare(sql).get(...args) as { n: number }).n;

  it('enrols a new customer and hands back their card', async () => {
    const r = await enrol({ email: 'Lou.Dupont@Example.fr', firstName: 'Lou', categories: ['the', 'not-offered'] });
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body).toMatchObject({ status: 'enrolled', firstName: 'Lou', wallets: [{ platform: 'apple', url: expect.stringMatching(/\/p\/[A-Za-z0-9_-]{43}$/) }] });
    expect(body.preferencesUrl).toMatch(/\/preferences\/[0-9a-f]{48}$/);
    const card = await h.public({ method: 'GET', url: new URL(body.wallets[0].url).pathname });
    expect(card.statusCode).toBe(200);
    expect(card.headers['content-type']).toBe('application/vnd.apple.pkpass');
    const row = h.app.services.db.prepare('SELECT email, source, consent_marketing, consent_source FROM customers').get();
    expect(row).toEqual({ email: 'lou.dupont@example.fr', source: 'enrolment', consent_marketing: 1, consent_source: 'enrolment' });
    // Only offered categories are kept (the shop has none configured here).
    expect(count('SELECT COUNT(*) AS n FROM customer_categories')).toBe(0);
  });

  it('never makes a second customer for a known e-mail, and without SMTP says to ask at the till', async () => {
    await enrol({ email: 'lou@example.fr', firstName: 'Lou' });
    const again = await enrol({ email: 'LOU@Example.FR', firstName: 'Mallory' });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ status: 'askAtTill' });
    expect(count('SELECT COUNT(*) AS n FROM customers')).toBe(1);
    expect(h.app.services.db.prepare('SELECT first_name FROM customers').get()).toEqual({ first_name: 'Lou' });
  });

  it('sends the card link to the address’s owner (once an hour), never to whoever typed it', async () => {
    smtp = await startFakeSmtp({ user: 'shop', password: 'secret' });
    const set = await h.admin({
      method: 'PUT',
      url: '/api/settings/smtp',
      payload: { host: '127.0.0.1', port: smtp.port, secure: false, username: 'shop', password: 'secret', fromEmail: 'cartes@fauvette.example', fromName: 'Maison Fauvette' },
    });
    expect(set.json()).toMatchObject({ configured: true, hasPassword: true });
    expect(set.body).not.toContain('secret');

    const first = (await enrol({ email: 'lou@example.fr', firstName: 'Lou' })).json();
    const again = await enrol({ email: 'lou@example.fr', firstName: 'Mallory' });
    expect(again.json()).toEqual({ status: 'emailed' });
    expect(JSON.stringify(again.json())).not.toContain('/p/');
    await enrol({ email: 'lou@example.fr', firstName: 'Mallory' });
    const [mail] = await smtp.waitFor(1);
    expect(mail!.to).toEqual(['lou@example.fr']);
    expect(mail!.text).toContain(first.wallets[0].url);
    expect(mail!.text).toContain('Bonjour Lou');
    // The two requests within the hour made one mail.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(smtp.mails).toHaveLength(1);
    expect(count("SELECT COUNT(*) AS n FROM mails_sent WHERE kind = 'card-link'")).toBe(1);
    expect(count('SELECT COUNT(*) AS n FROM customers')).toBe(1);
  });

  it('refuses hostile input with field errors and keeps nothing', async () => {
    const hostile: Array<Record<string, unknown>> = [
      { email: 'not-an-email', firstName: 'Lou' },
      { email: 'a@b.fr', firstName: '<script>alert(1)</script>' },
      { email: 'a@b.fr', firstName: '   ' },
      { email: 'a@b.fr', firstName: 'Lou', admin: true },
      { email: 'a@b.fr', firstName: 'Lou', categories: ['"; DROP TABLE customers; --'] },
      { email: 'a@b.fr', firstName: 'x'.repeat(61) },
      { email: 'a@b.fr', firstName: 'Lou', consentMarketing: 'yes' },
      { email: 'a@b.fr', firstName: 'Lou\u0000' },
      { email: `${'a'.repeat(250)}@b.fr`, firstName: 'Lou' },
      { email: 'a@b.fr', firstName: 'Lou', locale: 'de' },
      { email: 'a@b.fr', firstName: 'Lou', referralCode: '../../etc' },
    ];
    for (const payload of hostile) {
      const r = await enrol(payload, '198.51.100.1');
      expect(r.statusCode, JSON.stringify(payload)).toBe(400);
      expect(r.json(), JSON.stringify(payload)).toMatchObject({ code: 'VALIDATION_ERROR' });
    }
    const big = await h.public({
      method: 'POST',
      url: '/enrol/api/join',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ email: 'a@b.fr', firstName: 'Lou', locale: 'fr', consentMarketing: false, lastName: 'x'.repeat(40_000) }),
    });
    expect(big.statusCode).toBe(413);
    const bot = await enrol({ email: 'bot@example.fr', firstName: 'Bot', website: 'http://spam.example' });
    expect(bot.json()).toEqual({ status: 'askAtTill' });
    expect(count('SELECT COUNT(*) AS n FROM customers')).toBe(0);
  });

  it('limits enrolments per address', async () => {
    let last = 0;
    for (let i = 0; i < 21; i++) last = (await enrol({ email: `p${i}@example.fr`, firstName: 'P' }, '192.0.2.99')).statusCode;
    expect(last).toBe(429);
    expect(count('SELECT COUNT(*) AS n FROM customers')).toBe(20);
  });

  it('rewards both the friend and the referrer once when the programme pays at enrolment', async () => {
    await h.admin({
      method: 'PUT',
      url: '/api/loyalty/programme',
      payload: { storePointsPerEuro: 1, onlinePointsPerEuro: 1, rounding: 'down', welcomePoints: 0, referralTrigger: 'enrolment', referrerPoints: 50, refereePoints: 30, expiryMonths: null },
    });
    const referrer = (await h.admin({ method: 'POST', url: '/api/customers', payload: { email: 'ambassador@example.fr', firstName: 'Ama' } })).json();
    const config = await h.public({ method: 'GET', url: `/enrol/api/config?ref=${referrer.referralCode}` });
    expect(config.json().referral).toEqual({ valid: true, friendPoints: 30, when: 'enrolment' });
    const page = await h.public({ method: 'GET', url: `/r/${referrer.referralCode}` });
    expect([200, 503]).toContain(page.statusCode);

    const friend = await enrol({ email: 'friend@example.fr', firstName: 'Fred', referralCode: referrer.referralCode.toLowerCase() });
    expect(friend.json().status).toBe('enrolled');
    await enrol({ email: 'friend@example.fr', firstName: 'Fred', referralCode: referrer.referralCode });
    const rows = h.app.services.db
      .prepare("SELECT c.email, l.delta FROM points_ledger l JOIN customers c ON c.id = l.customer_id WHERE l.reason = 'referral' ORDER BY c.email")
      .all();
    expect(rows).toEqual([
      { email: 'ambassador@example.fr', delta: 50 },
      { email: 'friend@example.fr', delta: 30 },
    ]);
    const profile = (await h.admin({ method: 'GET', url: `/api/customers/${referrer.id}` })).json();
    expect(profile).toMatchObject({ referralCount: 1, pointsBalance: 50 });
    const fred = h.app.services.db.prepare("SELECT source, referred_by FROM customers WHERE email = 'friend@example.fr'").get();
    expect(fred).toEqual({ source: 'referral', referred_by: referrer.id });
  });

  it('lets the customer choose what they receive through their own link, and nobody else', async () => {
    const body = (await enrol({ email: 'lou@example.fr', firstName: 'Lou' })).json();
    const token = new URL(body.preferencesUrl).pathname.split('/').pop()!;
    const view = await h.public({ method: 'GET', url: `/enrol/api/preferences/${token}` });
    expect(view.json()).toMatchObject({ firstName: 'Lou', messages: { relational: true, commercial: true, pausedUntil: null, stoppedAt: null } });
    const saved = await h.public({
      method: 'PUT',
      url: `/enrol/api/preferences/${token}`,
      payload: { categories: [], channels: ['wallet'], relational: true, inspiration: false, commercial: false, pauseWeeks: 4, stopAll: false, consentMarketing: false },
    });
    expect(saved.json()).toEqual({ saved: true });
    const row = h.app.services.db
      .prepare('SELECT messages_inspiration, messages_commercial, messages_paused_until, messages_stopped_at, consent_marketing, consent_source FROM customers')
      .get() as Record<string, number | string | null>;
    expect(row).toMatchObject({ messages_inspiration: 0, messages_commercial: 0, messages_stopped_at: null, consent_marketing: 0, consent_source: 'preferences' });
    expect(Number(row.messages_paused_until)).toBeGreaterThan(Date.now() + 27 * 86_400_000);
    expect((await h.public({ method: 'GET', url: `/enrol/api/preferences/${'0'.repeat(48)}` })).json()).toMatchObject({ code: 'LINK_INVALID' });
    expect((await h.public({ method: 'GET', url: '/enrol/api/preferences/1' })).statusCode).toBe(404);
  });
});
