import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../testing/app-harness.js';
import { startFakeBrevo, type FakeBrevo } from '../../testing/fake-brevo.js';
import { startFakeKlaviyo, type FakeKlaviyo } from '../../testing/fake-klaviyo.js';
import type { CrmConnectionView } from '../schemas.js';

async function eventually(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('CRM connectors against local Klaviyo and Brevo', { timeout: 90_000 }, () => {
  let h: Harness;
  let klaviyo: FakeKlaviyo;
  let brevo: FakeBrevo;
  afterEach(async () => {
    await h?.close();
    await klaviyo?.close();
    await brevo?.close();
  });

  const connect = async (provider: string, apiKey: string, baseUrl: string) =>
    (await h.admin({ method: 'PUT', url: `/api/integrations/crm/${provider}`, payload: { apiKey, baseUrl } })).json() as CrmConnectionView;
  const test = async (provider: string) => (await h.admin({ method: 'POST', url: `/api/integrations/crm/${provider}/test` })).json() as CrmConnectionView;
  const view = async (provider: string) =>
    ((await h.admin({ method: 'GET', url: '/api/integrations/crm' })).json() as { items: CrmConnectionView[] }).items.find((c) => c.provider === provider)!;

  it('pushes wallet status, points and tier as profile properties and wallet events as events, after a connection test', async () => {
    h = await createHarness({}, { start: true });
    klaviyo = await startFakeKlaviyo();
    brevo = await startFakeBrevo();
    expect(await connect('klaviyo', klaviyo.apiKey, klaviyo.url)).toMatchObject({ connected: true, apiKeyHint: `…${klaviyo.apiKey.slice(-4)}`, enabled: true });
    expect((await test('klaviyo')).lastTest).toMatchObject({ ok: true, message: 'Connected to the Klaviyo account “Maison Lumière”.' });
    await connect('brevo', brevo.apiKey, brevo.url);
    expect((await test('brevo')).lastTest).toMatchObject({ ok: true });
    expect([...brevo.attributes.keys()]).toEqual(expect.arrayContaining(['WALLET_INSTALLED', 'WALLET_PLATFORM', 'LOYALTY_POINTS', 'LOYALTY_TIER', 'MEMBER_ID']));

    const created = await h.admin({ method: 'POST', url: '/api/customers', payload: { email: 'Nina@Example.fr', firstName: 'Nina', lastName: 'Roux' } });
    const id = (created.json() as { id: number }).id;
    await h.admin({ method: 'POST', url: `/api/customers/${id}/purchases`, payload: { amountCents: 60_000, channel: 'store' } });
    expect((await h.admin({ method: 'POST', url: '/api/designs', payload: { name: 'Carte fidélité', kind: 'loyalty' } })).statusCode).toBe(201);
    // A phone adds the card: the web service writes this through the cards' one writer.
    const pass = h.app.parts.apple.files.issue(id);
    h.app.services.db.transaction(() => h.app.parts.cards.events.record(pass.id, 'installed', { devices: 1 }, Date.now()))();

    await eventually(() => klaviyo.events.length === 2 && brevo.events.length === 2, 'the events in both CRMs');
    await eventually(
      () => [...klaviyo.profiles.values()][0]?.properties.wallet_installed === true && brevo.contacts.get('nina@example.fr')?.attributes.WALLET_INSTALLED === true,
      'the profiles up to date',
    );
    const profile = [...klaviyo.profiles.values()];
    expect(profile).toHaveLength(1);
    expect(profile[0]).toMatchObject({
      email: 'nina@example.fr',
      firstName: 'Nina',
      properties: { wallet_installed: true, wallet_platform: 'apple', loyalty_points: 600, loyalty_tier: 'silver', loyalty_tier_name: 'Argent', passerelle_member_id: expect.stringMatching(/^M-/) },
    });
    expect(klaviyo.events.map((e) => [e.metric, e.email, e.properties])).toEqual(
      expect.arrayContaining([
        ['Loyalty tier reached', 'nina@example.fr', { from: 'member', to: 'silver' }],
        ['Wallet card installed', 'nina@example.fr', { platform: 'apple' }],
      ]),
    );
    expect(brevo.contacts.get('nina@example.fr')).toMatchObject({
      attributes: { FIRSTNAME: 'Nina', LASTNAME: 'Roux', WALLET_INSTALLED: true, WALLET_PLATFORM: 'apple', LOYALTY_POINTS: 600, LOYALTY_TIER: 'Argent' },
    });
    expect(brevo.events.map((e) => e.name).sort()).toEqual(['loyalty_tier_reached', 'wallet_card_installed']);
    expect(brevo.events[0]!.identifiers).toEqual({ email_id: 'nina@example.fr' });
    // Every request carried what the real APIs require (the fakes answered 2xx to each).
    expect(klaviyo.requests.every((r) => r.status < 300)).toBe(true);
    expect(brevo.requests.every((r) => r.status < 300)).toBe(true);
    expect((await view('klaviyo')).synced).toBeGreaterThanOrEqual(3);

    // The owner corrects the name in the admin: both profiles follow.
    expect((await h.admin({ method: 'PATCH', url: `/api/customers/${id}`, payload: { lastName: 'Roux-Martin' } })).statusCode).toBe(200);
    await eventually(
      () => [...klaviyo.profiles.values()][0]?.lastName === 'Roux-Martin' && brevo.contacts.get('nina@example.fr')?.attributes.LASTNAME === 'Roux-Martin',
      'the corrected name in both CRMs',
    );
  });

  it('a refused key pauses that CRM’s pushes and says so; a good key resumes them; 429s are retried at the time the CRM gives', async () => {
    h = await createHarness({}, { start: true });
    brevo = await startFakeBrevo();
    klaviyo = await startFakeKlaviyo();
    await connect('brevo', 'xkeysib-wrong-key-0000', brevo.url);
    expect((await test('brevo')).lastTest).toMatchObject({ ok: false, message: expect.stringContaining('the API key was refused (401: unauthorized: Key not found)') });
    await h.admin({ method: 'POST', url: '/api/customers', payload: { email: 'paul@example.fr' } });
    await eventually(async () => (await view('brevo')).paused, 'brevo paused');
    expect(await view('brevo')).toMatchObject({ paused: true, queued: 1, lastError: { message: expect.stringContaining('refused') } });
    const health = h.app.parts.checks().find((c) => c.id === 'integrations')!;
    expect(await health.run({ serverRunning: true, now: Date.now() })).toMatchObject({ status: 'fail', code: 'CRM_PAUSED', params: { provider: 'Brevo' } });

    await connect('brevo', brevo.apiKey, brevo.url);
    await eventually(() => brevo.contacts.has('paul@example.fr'), 'the contact after the key was fixed');
    expect((await view('brevo')).paused).toBe(false);

    // Klaviyo throttles: the pushes wait for its Retry-After and all arrive, paced.
    klaviyo.maxPerSecond = 4;
    await connect('klaviyo', klaviyo.apiKey, klaviyo.url);
    for (let i = 0; i < 12; i++) await h.admin({ method: 'POST', url: '/api/customers', payload: { email: `bulk${i}@example.fr` } });
    await eventually(() => klaviyo.profiles.size === 12, 'twelve profiles despite the throttling', 60_000);
    expect(klaviyo.requests.some((r) => r.status === 429)).toBe(true);
    const sent = klaviyo.requests.map((r) => r.at);
    const busiest = Math.max(...sent.map((t) => sent.filter((u) => u >= t && u < t + 1000).length));
    expect(busiest).toBeLessThanOrEqual(12);

    // A first sync pushes everyone once.
    const all = await h.admin({ method: 'POST', url: '/api/integrations/crm/brevo/sync-all' });
    expect(all.json()).toEqual({ queued: 13 });
    await eventually(() => brevo.contacts.size === 13, 'every contact');
  });
});
