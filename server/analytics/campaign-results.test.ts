/**
 * A/B variants of a campaign and its results: the campaign (through the API) is sent by the real job runner, its
 * recipients split at random between A and B with a control group kept out; what each group buys within the window
 * gives each variant's purchases and revenue per recipient against the control, and the winner with its confidence.
 * The dashboard's report shows the run's lift once the daily figures are rebuilt.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../auth/guard.js';
import { createHarness, type Harness } from '../testing/app-harness.js';
import { walletCustomer } from '../testing/messaging-fixtures.js';
import type { CampaignResults, KpiReport } from './schemas.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEDNESDAY_10H = Date.UTC(2025, 2, 19, 9, 0);

describe('a campaign’s A/B variants against its control group', { timeout: 120_000 }, () => {
  let h: Harness;
  let clock = WEDNESDAY_10H;
  const db = () => h.app.services.db;
  const api = async <T>(method: 'GET' | 'POST', url: string, payload?: object): Promise<T> => {
    const cookie = `${SESSION_COOKIE}=${h.app.services.sessions.createSession('test')}`;
    const res = await h.admin({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json() as T;
  };
  let campaignId = 0;
  let sends: Array<{ customer_id: number; outcome: string; variant: string | null; text: string }> = [];

  beforeAll(async () => {
    h = await createHarness({}, { build: { now: () => clock }, start: true });
    for (let i = 0; i < 300; i++) walletCustomer(db(), { email: `ab-${i}@example.fr`, firstName: `Client${i}`, at: clock - 200 * DAY });
    const created = await api<{ id: number; variants: unknown[] }>('POST', '/api/campaigns', {
      name: 'Soldes A/B',
      category: 'commercial',
      messageFr: 'Les soldes commencent ✨',
      segmentId: null,
      schedule: { kind: 'now' },
      controlPercent: 20,
      variants: [{ messageFr: 'Jusqu’à -50 % ce week-end 🛍️', messageEn: 'Up to 50% off this weekend 🛍️' }],
    });
    campaignId = created.id;
    expect(created.variants).toEqual([{ variant: 'B', messageFr: 'Jusqu’à -50 % ce week-end 🛍️', messageEn: 'Up to 50% off this weekend 🛍️' }]);
    h.app.parts.jobs.runner.wake('campaign.send');
    await h.app.parts.jobs.runner.idle('campaign.send');
    sends = db()
      .prepare<[number], { customer_id: number; outcome: string; variant: string | null; text: string }>(
        'SELECT customer_id, outcome, variant, text FROM message_sends WHERE campaign_id = ? ORDER BY customer_id',
      )
      .all(campaignId);
    // Over the next days: B's recipients buy more than A's, the control group least.
    const buy = (customerId: number, cents: number, after: number) =>
      db().prepare(`INSERT INTO purchases (customer_id, channel, amount_cents, purchased_at) VALUES (?, 'store', ?, ?)`).run(customerId, cents, WEDNESDAY_10H + after);
    sends.forEach((s, i) => {
      if (s.outcome === 'control' && i % 4 === 0) buy(s.customer_id, 3_000, 2 * DAY);
      if (s.variant === 'A' && i % 3 === 0) buy(s.customer_id, 4_000, 3 * DAY);
      if (s.variant === 'B' && i % 3 !== 2) buy(s.customer_id, 6_000, 3 * DAY);
      // After the 14-day window: not counted.
      if (s.variant === 'B') buy(s.customer_id, 100_000, 20 * DAY);
    });
    clock = WEDNESDAY_10H + 30 * DAY;
  });
  afterAll(async () => {
    await h?.close();
  });

  it('splits the recipients at random between the texts, and keeps the control group out', () => {
    const a = sends.filter((s) => s.variant === 'A');
    const b = sends.filter((s) => s.variant === 'B');
    const control = sends.filter((s) => s.outcome === 'control');
    expect(a.length + b.length + control.length).toBe(300);
    expect(control.every((s) => s.variant === null)).toBe(true);
    // About 20 % in control, the rest about half and half.
    expect(control.length).toBeGreaterThan(35);
    expect(control.length).toBeLessThan(85);
    expect(Math.abs(a.length - b.length)).toBeLessThan(0.3 * (a.length + b.length));
    expect(new Set(a.map((s) => s.text))).toEqual(new Set(['Les soldes commencent ✨']));
    expect(new Set(b.map((s) => s.text))).toEqual(new Set(['Jusqu’à -50 % ce week-end 🛍️']));
    for (const s of b) expect(db().prepare('SELECT message FROM passes WHERE customer_id = ?').pluck().get(s.customer_id)).toBe('Jusqu’à -50 % ce week-end 🛍️');
  });

  it('gives each variant’s purchases and revenue per recipient within N days against the control, and the winner', async () => {
    const r = await api<CampaignResults>('GET', `/api/kpis/campaigns/${campaignId}?days=14`);
    const group = (v: string | null, outcome = 'sent') => sends.filter((s) => s.outcome === outcome && (v === null || s.variant === v));
    const revenueOf = (ids: number[], days: number) =>
      db()
        .prepare<[string, number, number], { n: number; cents: number }>(
          `SELECT COUNT(*) AS n, COALESCE(SUM(amount_cents), 0) AS cents FROM purchases WHERE customer_id IN (SELECT value FROM json_each(?)) AND purchased_at >= ? AND purchased_at < ?`,
        )
        .get(JSON.stringify(ids), WEDNESDAY_10H, WEDNESDAY_10H + days * DAY)!;
    expect(r.windowDays).toBe(14);
    expect(r.open).toBe(false);
    for (const v of ['A', 'B'] as const) {
      const ids = group(v).map((s) => s.customer_id);
      const bought = revenueOf(ids, 14);
      const result = r.variants.find((x) => x.variant === v)!;
      expect(result).toMatchObject({ recipients: ids.length, purchases: bought.n, revenueCents: bought.cents });
      expect(result.revenuePerRecipient).toBeCloseTo(bought.cents / 100 / ids.length, 10);
      expect(result.purchasesPerRecipient).toBeCloseTo(bought.n / ids.length, 10);
      expect(result.revenueLift!.diff).toBeCloseTo(result.revenuePerRecipient - r.control!.revenuePerCustomer, 10);
    }
    const control = group(null, 'control').map((s) => s.customer_id);
    expect(r.control).toMatchObject({ customers: control.length, revenueCents: revenueOf(control, 14).cents });
    expect(r.winner).toMatchObject({ variant: 'B', over: 'A' });
    expect(r.winner!.confidence).toBeGreaterThan(0.95);
    // A longer window counts the later purchases too.
    const month = await api<CampaignResults>('GET', `/api/kpis/campaigns/${campaignId}?days=30`);
    expect(month.variants.find((x) => x.variant === 'B')!.revenueCents).toBeGreaterThan(r.variants.find((x) => x.variant === 'B')!.revenueCents);
  });

  it('shows the run’s lift over its control group on the dashboard, with its interval', async () => {
    await h.app.parts.analytics.rollup.run({ full: true });
    const report = await api<KpiReport>('GET', '/api/kpis?from=2025-03-01&to=2025-04-15');
    const lift = report.campaigns.find((c) => c.campaignId === campaignId)!;
    expect(lift).toMatchObject({ name: 'Soldes A/B', windowDays: 14, recipients: sends.filter((s) => s.outcome === 'sent').length });
    expect(lift.revenueLift!.diff).toBeGreaterThan(0);
    expect(lift.revenueLift!.low).toBeLessThan(lift.revenueLift!.diff);
    expect(lift.conversionLift!.high).toBeGreaterThan(lift.conversionLift!.diff);
    const csv = await h.admin({
      method: 'GET',
      url: '/api/kpis/csv/campaigns?from=2025-03-01&to=2025-04-15',
      headers: { cookie: `${SESSION_COOKIE}=${h.app.services.sessions.createSession('test')}` },
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.body.split('\r\n')[1]).toMatch(/^Soldes A\/B,2025-03-19T09:00:00\.000Z,14,/);
  });
});
