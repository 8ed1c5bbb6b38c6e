/**
 * Campaigns on a real app with a frozen clock and the real job runner: preview, personalised sends through the guard,
 * quiet hours, recurring runs across a daylight-saving change, control groups, the card visual, never twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../auth/guard.js';
import { createHarness, type Harness } from '../testing/app-harness.js';
import { walletCustomer } from '../testing/messaging-fixtures.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Wednesday 19 March 2025, 10:00 in Paris (CET). */
const WEDNESDAY_10H = Date.UTC(2025, 2, 19, 9, 0);

interface Report {
  campaign: { id: number; status: string; nextRunAt: number | null; lastRun: unknown };
  runs: Array<{ id: number; plannedAt: number; dueAt: number; status: string; waited: string | null; audience: number | null; unreachable: number | null; sent: number; control: number; held: Record<string, number> }>;
  upcoming: number[];
  heldSample: Array<{ customerId: number; reason: string }>;
}

describe('campaigns', { timeout: 120_000 }, () => {
  let h: Harness;
  let clock = WEDNESDAY_10H;
  let n = 0;
  const db = () => h.app.services.db;
  const cookie = () => `${SESSION_COOKIE}=${h.app.services.sessions.createSession('test')}`;
  const api = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) => {
    const res = await h.admin({ method, url, headers: { cookie: cookie() }, ...(payload ? { payload } : {}) });
    return { status: res.statusCode, body: res.body ? (res.json() as Record<string, unknown>) : {} };
  };
  const ok = async <T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object): Promise<T> => {
    const res = await api(method, url, payload);
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
    return res.body as T;
  };
  const customer = (o: { firstName?: string; locale?: 'fr' | 'en'; consent?: boolean; installed?: boolean; city?: string } = {}) => {
    const id = walletCustomer(db(), { email: `camp-${++n}@example.fr`, at: clock - 200 * DAY, ...o });
    if (o.city) db().prepare('UPDATE customers SET city = ? WHERE id = ?').run(o.city, id);
    return id;
  };
  const message = (id: number) => db().prepare<[number], { message: string }>('SELECT message FROM passes WHERE customer_id = ?').get(id)!.message;
  const settle = async () => {
    h.app.parts.jobs.runner.wake('campaign.send');
    await h.app.parts.jobs.runner.idle('campaign.send');
  };
  const report = (id: number) => ok<Report>('GET', `/api/campaigns/${id}`);
  const sendsOf = (customerId: number) =>
    db().prepare<[number], { outcome: string; reason: string | null; text: string }>('SELECT outcome, reason, text FROM message_sends WHERE customer_id = ? ORDER BY id').all(customerId);

  beforeAll(async () => {
    h = await createHarness({}, { build: { now: () => clock }, start: true });
    h.app.services.settings.setMany({ 'brand.name': 'Maison Fauvette' });
  });
  afterAll(() => h.close());

  it('previews, then sends a personalised message in each customer’s language, holding back who the guard says, with a report', async () => {
    clock = WEDNESDAY_10H;
    const lyon = { city: 'Lyon' };
    const camille = customer({ firstName: 'Camille', ...lyon });
    const john = customer({ firstName: 'John', locale: 'en', ...lyon });
    const noConsent = customer({ firstName: 'Inès', consent: false, ...lyon });
    const notInWallet = customer({ installed: false, ...lyon });
    const busy = customer({ firstName: 'Léa', ...lyon });
    customer({ city: 'Paris' }); // outside the segment
    db().prepare('UPDATE customers SET points_balance = 1250 WHERE id = ?').run(camille);
    // Léa had 2 messages this week already.
    for (const text of ['Un', 'Deux']) {
      await ok('POST', `/api/customers/${busy}/message`, { text });
      clock += HOUR;
    }

    const segment = await ok<{ id: number }>('POST', '/api/segments', { name: 'Lyonnais', definition: { match: 'all', conditions: [{ field: 'city', values: ['lyon'] }] } });
    const count = await ok<{ count: number }>('POST', '/api/segments/count', { definition: { match: 'all', conditions: [{ field: 'city', values: ['lyon'] }] } });
    expect(count).toMatchObject({ count: 5, total: expect.any(Number) });

    const preview = await ok<Record<string, unknown>>('POST', '/api/campaigns/preview', { category: 'commercial', segmentId: segment.id });
    expect(preview).toMatchObject({ audience: 5, unreachable: 1, held: { no_consent: 1, weekly_cap: 1 }, control: 0, willGet: 2, waitsUntil: null });

    const created = await ok<{ id: number; status: string }>('POST', '/api/campaigns', {
      name: 'Soldes privées',
      category: 'commercial',
      mechanic: 'promotion',
      messageFr: '{{firstName}}, vos {{points}} points valent double ce week-end',
      messageEn: '{{firstName}}, your {{points}} points count double this weekend',
      segmentId: segment.id,
      schedule: { kind: 'now' },
    });
    await settle();
    expect(message(camille)).toBe('Camille, vos 1 250 points valent double ce week-end');
    expect(message(john)).toBe('John, your 0 points count double this weekend');
    expect(message(noConsent)).toBe('');
    expect(message(notInWallet)).toBe('');
    expect(sendsOf(busy).at(-1)).toMatchObject({ outcome: 'held', reason: 'weekly_cap' });
    expect(sendsOf(noConsent)).toEqual([{ outcome: 'held', reason: 'no_consent', text: 'Inès, vos 0 points valent double ce week-end' }]);
    // On the customer's timeline too.
    const timeline = await ok<{ items: Array<{ kind: string; facts: Record<string, unknown> }> }>('GET', `/api/customers/${noConsent}/timeline`);
    expect(timeline.items[0]).toMatchObject({ kind: 'messageHeld', facts: { reason: 'no_consent', campaign: 'Soldes privées', category: 'commercial' } });

    const r = await report(created.id);
    expect(r.campaign.status).toBe('sent');
    expect(r.runs).toHaveLength(1);
    expect(r.runs[0]).toMatchObject({ status: 'done', audience: 5, unreachable: 1, sent: 2, control: 0, held: { no_consent: 1, weekly_cap: 1 } });
    expect(r.heldSample.map((s) => s.reason).sort()).toEqual(['no_consent', 'weekly_cap']);
    // The customer's own history says it too.
    const history = await ok<{ items: Array<{ outcome: string; reason: string | null; campaignName: string | null }> }>('GET', `/api/customers/${busy}/messages`);
    expect(history.items[0]).toMatchObject({ outcome: 'held', reason: 'weekly_cap', campaignName: 'Soldes privées' });

    // The same run's job again (a retry after a crash): nobody gets it twice.
    const runId = r.runs[0]!.id;
    h.app.parts.jobs.jobs.enqueue('campaign.send', { runId }, clock);
    await settle();
    expect(db().prepare<[number], { n: number }>('SELECT COUNT(*) AS n FROM message_sends WHERE run_id = ?').get(runId)!.n).toBe(4);
    expect(db().prepare<[number], { n: number }>(`SELECT COUNT(*) AS n FROM wallet_events WHERE kind = 'message' AND json_extract(detail, '$.runId') = ?`).get(runId)!.n).toBe(2);

    // A segment a campaign used stays: its reports name it.
    expect((await api('DELETE', `/api/segments/${segment.id}`)).body).toMatchObject({ code: 'SEGMENT_IN_USE' });
  });

  it('scheduled at 22:00 Paris time, a campaign waits until 09:00', async () => {
    clock = Date.UTC(2025, 3, 1, 12, 0); // Tuesday 1 April, 14:00 CEST
    const id = customer({ firstName: 'Nina' });
    const at = Date.UTC(2025, 3, 1, 20, 0); // 22:00 CEST
    const preview = await ok<{ waitsUntil: number | null }>('POST', '/api/campaigns/preview', { category: 'relational', segmentId: null, at });
    expect(preview.waitsUntil).toBe(Date.UTC(2025, 3, 2, 7, 0));
    const c = await ok<{ id: number }>('POST', '/api/campaigns', { name: 'Bonsoir', category: 'relational', messageFr: 'Bonsoir {{firstName}}', segmentId: null, schedule: { kind: 'at', at } });
    clock = at;
    await settle();
    expect(message(id)).toBe('');
    let r = await report(c.id);
    expect(r.runs[0]).toMatchObject({ status: 'waiting', waited: 'quiet_hours', dueAt: Date.UTC(2025, 3, 2, 7, 0) });
    clock = Date.UTC(2025, 3, 2, 6, 59);
    await settle();
    expect(message(id)).toBe('');
    clock = Date.UTC(2025, 3, 2, 7, 0); // 09:00 CEST
    await settle();
    expect(message(id)).toBe('Bonsoir Nina');
    r = await report(c.id);
    expect(r.runs[0]).toMatchObject({ status: 'done', startedAt: Date.UTC(2025, 3, 2, 7, 0) });
  });

  it('a recurring campaign fires at 10:00 local every Sunday across the change to summer time', async () => {
    clock = Date.UTC(2025, 2, 20, 12, 0); // Thursday 20 March
    const seg = await ok<{ id: number }>('POST', '/api/segments', { name: 'Dimanche', definition: { match: 'all', conditions: [{ field: 'city', values: ['Dijon'] }] } });
    const id = customer({ firstName: 'Paul', city: 'Dijon' });
    const c = await ok<{ id: number; nextRunAt: number }>('POST', '/api/campaigns', {
      name: 'Le marché du dimanche',
      category: 'inspiration',
      mechanic: 'product',
      messageFr: 'Le marché du dimanche, {{firstName}} : nouveautés en boutique',
      segmentId: seg.id,
      schedule: { kind: 'recurring', cron: '0 10 * * 0' },
    });
    const sundays = [Date.UTC(2025, 2, 23, 9, 0), Date.UTC(2025, 2, 30, 8, 0), Date.UTC(2025, 3, 6, 8, 0)];
    expect(c.nextRunAt).toBe(sundays[0]);
    expect((await report(c.id)).upcoming.slice(0, 3)).toEqual(sundays);
    for (const [i, sunday] of sundays.entries()) {
      clock = sunday - 60_000;
      await settle();
      expect((await report(c.id)).runs.filter((r) => r.status === 'done')).toHaveLength(i);
      clock = sunday;
      await settle();
      const r = await report(c.id);
      const done = r.runs.filter((x) => x.status === 'done');
      expect(done).toHaveLength(i + 1);
      expect(done[0]).toMatchObject({ plannedAt: sunday, sent: 1 });
      expect(r.campaign).toMatchObject({ status: 'scheduled', nextRunAt: sundays[i + 1] ?? Date.UTC(2025, 3, 13, 8, 0) });
      // The same text each week: the card's message is the same, and the guard counted each.
      expect(message(id)).toBe('Le marché du dimanche, Paul : nouveautés en boutique');
    }
    expect(sendsOf(id).map((s) => s.outcome)).toEqual(['sent', 'sent', 'sent']);
    const stopped = await ok<{ status: string; nextRunAt: number | null }>('POST', `/api/campaigns/${c.id}/stop`);
    expect(stopped).toMatchObject({ status: 'stopped', nextRunAt: null });
    clock = Date.UTC(2025, 3, 13, 8, 0);
    await settle();
    expect((await report(c.id)).runs.filter((r) => r.status === 'done')).toHaveLength(3);
    expect((await report(c.id)).runs.filter((r) => r.status === 'cancelled')).toHaveLength(1);
  });

  it('keeps a control group out, the same customers whatever retries happen', async () => {
    clock = Date.UTC(2025, 4, 6, 10, 0);
    const seg = await ok<{ id: number }>('POST', '/api/segments', { name: 'Grenoblois', definition: { match: 'all', conditions: [{ field: 'city', values: ['Grenoble'] }] } });
    for (let i = 0; i < 200; i++) customer({ city: 'Grenoble' });
    const preview = await ok<{ control: number; willGet: number }>('POST', '/api/campaigns/preview', { category: 'relational', segmentId: seg.id, controlPercent: 20 });
    expect(preview).toEqual(expect.objectContaining({ control: 40, willGet: 160 }));
    const c = await ok<{ id: number }>('POST', '/api/campaigns', { name: 'Merci', category: 'relational', messageFr: 'Merci !', segmentId: seg.id, schedule: { kind: 'now' }, controlPercent: 20 });
    await settle();
    const run = (await report(c.id)).runs[0]!;
    expect(run.sent + run.control).toBe(200);
    expect(run.control).toBeGreaterThan(20);
    expect(run.control).toBeLessThan(60);
  });

  it('tags the links of its message with the campaign’s name, keeping a tag the owner wrote', async () => {
    clock = Date.UTC(2025, 4, 7, 10, 0);
    const id = customer({ firstName: 'Lina', city: 'Annecy' });
    const seg = await ok<{ id: number }>('POST', '/api/segments', { name: 'Annéciens', definition: { match: 'all', conditions: [{ field: 'city', values: ['Annecy'] }] } });
    await ok('POST', '/api/campaigns', {
      name: 'Soldes d’été',
      category: 'commercial',
      messageFr: '{{firstName}}, -30 % : https://fauvette.fr/soldes et https://fauvette.fr/the?utm_campaign=the-vert',
      segmentId: seg.id,
      schedule: { kind: 'now' },
    });
    await settle();
    expect(message(id)).toBe('Lina, -30 % : https://fauvette.fr/soldes?utm_campaign=soldes-d-ete et https://fauvette.fr/the?utm_campaign=the-vert');
  });

  it('puts its visual on every loyalty card while it lasts, and gives the cards their own look back when stopped', async () => {
    clock = Date.UTC(2025, 10, 20, 10, 0);
    const image = await h.admin({
      method: 'POST',
      url: '/api/images',
      headers: { cookie: cookie(), 'content-type': 'image/svg+xml' },
      payload: '<svg xmlns="http://www.w3.org/2000/svg" width="750" height="246"><rect width="750" height="246" fill="#000"/><text x="20" y="140" fill="#fff" font-size="80">BLACK FRIDAY</text></svg>',
    });
    expect(image.statusCode, image.body).toBe(201);
    const imageId = (image.json() as { id: string }).id;
    const design = db().prepare<[], { id: number }>(`SELECT id FROM card_designs WHERE kind = 'loyalty' ORDER BY id LIMIT 1`).get()!.id;
    const strip = () => (h.app.parts.designs.get(design)!.content.images.strip ?? null);
    const before = strip();
    const c = await ok<{ id: number }>('POST', '/api/campaigns', {
      name: 'Black Friday',
      category: 'commercial',
      mechanic: 'last_chance',
      messageFr: 'Black Friday : -30 % sur tout',
      segmentId: null,
      schedule: { kind: 'now' },
      visual: { imageId, until: clock + 4 * DAY },
    });
    await settle();
    h.app.parts.jobs.runner.wake('campaign.visual');
    await h.app.parts.jobs.runner.idle('campaign.visual');
    expect(strip()).toBe(imageId);
    await ok('POST', `/api/campaigns/${c.id}/stop`);
    expect(strip()).toBe(before);
  });

  it('warns when the 30-day mix drifts from 40/30/30 or the same mechanic comes back, without holding anything', async () => {
    clock = Date.UTC(2026, 0, 15, 10, 0);
    const seg = await ok<{ id: number }>('POST', '/api/segments', { name: 'Nantais', definition: { match: 'all', conditions: [{ field: 'city', values: ['Nantes'] }] } });
    for (let i = 0; i < 12; i++) customer({ city: 'Nantes' });
    const promo = { category: 'commercial', mechanic: 'last_chance', segmentId: seg.id };
    // No history yet: nothing to drift from.
    expect((await ok<{ warnings: unknown[] }>('POST', '/api/campaigns/preview', promo)).warnings).toEqual([]);
    await ok('POST', '/api/campaigns', { ...promo, name: 'Dernière chance', messageFr: 'Dernière chance : -30 %', schedule: { kind: 'now' } });
    await settle();
    clock += 3 * DAY;
    const again = await ok<{ willGet: number; warnings: Array<Record<string, unknown>> }>('POST', '/api/campaigns/preview', promo);
    expect(again.willGet).toBe(12);
    expect(again.warnings).toEqual([
      { kind: 'mix_drift', category: 'relational', share: 0, target: 40 },
      { kind: 'mix_drift', category: 'inspiration', share: 0, target: 30 },
      { kind: 'mix_drift', category: 'commercial', share: 100, target: 30 },
      { kind: 'mechanic_repeat', mechanic: 'last_chance', times: 1 },
    ]);
    // A relational message about something else brings the mix closer; inspiration is still missing.
    const thanks = await ok<{ warnings: Array<Record<string, unknown>> }>('POST', '/api/campaigns/preview', { category: 'relational', mechanic: 'emotion', segmentId: seg.id });
    expect(thanks.warnings).toEqual([
      { kind: 'mix_drift', category: 'inspiration', share: 0, target: 30 },
      { kind: 'mix_drift', category: 'commercial', share: 50, target: 30 },
    ]);
  });

  it('refuses what it cannot send', async () => {
    clock = Date.UTC(2025, 5, 2, 10, 0);
    const base = { name: 'X', category: 'relational', messageFr: 'Bonjour', segmentId: null, schedule: { kind: 'now' } };
    expect((await api('POST', '/api/campaigns', { ...base, messageFr: 'Bonjour {{prenom}}' })).body).toMatchObject({ code: 'UNKNOWN_PLACEHOLDER' });
    expect((await api('POST', '/api/campaigns', { ...base, schedule: { kind: 'recurring', cron: '*/5 * * * *' } })).body).toMatchObject({ code: 'INVALID_SCHEDULE' });
    expect((await api('POST', '/api/campaigns', { ...base, schedule: { kind: 'at', at: clock - DAY } })).body).toMatchObject({ code: 'INVALID_SCHEDULE' });
    expect((await api('POST', '/api/campaigns', { ...base, segmentId: 99_999 })).status).toBe(404);
    expect((await api('POST', '/api/campaigns', { ...base, category: 'spam' })).status).toBe(400);
    expect((await api('POST', '/api/campaigns', { ...base, messageFr: 'x'.repeat(241) })).status).toBe(400);
    expect((await api('POST', '/api/campaigns', { ...base, controlPercent: 80 })).status).toBe(400);
    expect((await api('GET', '/api/campaigns/99999')).status).toBe(404);
  });
});
