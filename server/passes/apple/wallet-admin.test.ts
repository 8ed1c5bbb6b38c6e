/** The update flow and the admin side of Wallet, on a real app (inject) with a real SQLite file and the real outbox. */
import { createCardChanges } from '../cards/cards-changed.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoBrand } from '../../demo/load.js';
import { createHarness, type Harness } from '../../testing/app-harness.js';
import { openPass } from '../../testing/pkpass.js';
import type { PassRow } from '../cards/passes-repository.js';

describe('wallet: update flow and admin routes', () => {
  let h: Harness;
  let passes: PassRow[];
  const db = () => h.app.services.db;
  const row = (id: number) =>
    db().prepare<[number], { version: number; update_tag: number; updated_at: number; message: string }>(
      'SELECT version, update_tag, updated_at, message FROM passes WHERE id = ?',
    ).get(id)!;
  const pushJobs = () => db().prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM jobs WHERE kind = 'apns.push' AND status = 'pending'`).get()!.n;
  const register = (pass: PassRow, dli: string, pushToken = 'c0'.repeat(32)) =>
    h.public({
      method: 'POST',
      url: `/apple/v1/devices/${dli}/registrations/${pass.passTypeIdentifier}/${pass.serial}`,
      headers: { authorization: `ApplePass ${pass.authToken}` },
      payload: { pushToken },
    });
  const fetchPass = (pass: PassRow) =>
    h.public({ method: 'GET', url: `/apple/v1/passes/${pass.passTypeIdentifier}/${pass.serial}`, headers: { authorization: `ApplePass ${pass.authToken}` } });

  beforeAll(async () => {
    h = await createHarness({ PASSERELLE_PUBLIC_URL: 'https://cartes.fauvette.example' });
    await loadDemoBrand(db(), { customers: 12 });
    const p = h.app.parts.apple;
    passes = [1, 2, 3].map((id) => p.issuer.issuePass(id));
    expect((await register(passes[0]!, 'a'.repeat(32))).statusCode).toBe(201);
    expect((await register(passes[0]!, 'b'.repeat(32), 'd1'.repeat(32))).statusCode).toBe(201);
  });
  afterAll(() => h.close());

  it('shows a customer’s card as installed, on how many devices, with its timeline', async () => {
    const res = await h.admin({ method: 'GET', url: '/api/customers/1/wallet' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      customerId: 1,
      installed: true,
      devices: 2,
      passes: [{ serial: passes[0]!.serial, platform: 'apple', devices: 2 }],
      events: [{ kind: 'installed', platform: 'apple', detail: { devices: 1 } }],
    });
    expect((await h.admin({ method: 'GET', url: '/api/customers/2/wallet' })).json()).toMatchObject({ installed: false, devices: 0, events: [] });
    expect((await h.admin({ method: 'GET', url: '/api/customers/999/wallet' })).statusCode).toBe(404);
    const list = await h.admin({ method: 'GET', url: '/api/wallet/devices?customerIds=1,2,999' });
    expect(list.json()).toEqual({ items: [{ customerId: 1, devices: 2 }, { customerId: 2, devices: 0 }, { customerId: 999, devices: 0 }] });
    expect((await h.admin({ method: 'GET', url: '/api/wallet/devices?customerIds=1;DROP' })).statusCode).toBe(400);
  });

  it('adds points: ledger row, balance, tier from lifetime points, the card changed and a push per device queued', async () => {
    const before = row(passes[0]!.id);
    const customer = db().prepare<[], { points_balance: number; tier: string }>('SELECT points_balance, tier FROM customers WHERE id = 1').get()!;
    db().prepare(`UPDATE customers SET tier = 'member' WHERE id = 1`).run();
    db().prepare('DELETE FROM points_ledger WHERE customer_id = 1').run();
    const jobsBefore = pushJobs();
    const res = await h.admin({ method: 'POST', url: '/api/customers/1/points', payload: { delta: 600, reason: 'adjustment', note: 'Geste' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ balance: customer.points_balance + 600, tier: 'silver', previousTier: 'member', passes: 1, pushes: 2 });
    expect(pushJobs()).toBe(jobsBefore + 2);
    const after = row(passes[0]!.id);
    expect(after.version).toBe(before.version + 1);
    expect(after.update_tag).toBeGreaterThan(before.update_tag);
    expect(Math.floor(after.updated_at / 1000)).toBeGreaterThan(Math.floor(before.updated_at / 1000));
    const ledger = db().prepare<[], { delta: number; reason: string }>('SELECT delta, reason FROM points_ledger WHERE customer_id = 1').all();
    expect(ledger).toEqual([{ delta: 600, reason: 'adjustment' }]);
    const wallet = (await h.admin({ method: 'GET', url: '/api/customers/1/wallet' })).json() as { events: Array<{ kind: string; detail: object }> };
    expect(wallet.events[0]).toMatchObject({ kind: 'updated', detail: { reason: 'tier', delta: 600, tier: 'silver', note: 'Geste' } });

    // The phone gets the new balance in pass.json.
    const { passJson } = openPass((await fetchPass(passes[0]!)).rawPayload);
    expect(JSON.stringify(passJson)).toContain(`"value":${customer.points_balance + 600}`);

    // Spending points never demotes.
    expect((await h.admin({ method: 'POST', url: '/api/customers/1/points', payload: { delta: -600, reason: 'reward' } })).json()).toMatchObject({ tier: 'silver' });
  });

  it('refuses points it cannot apply', async () => {
    const post = (id: number, payload: unknown) => h.admin({ method: 'POST', url: `/api/customers/${id}/points`, payload: payload as object });
    expect((await post(2, { delta: -1_000_000, reason: 'reward' })).json()).toMatchObject({ code: 'POINTS_INSUFFICIENT' });
    expect((await post(2, { delta: 0, reason: 'adjustment' })).statusCode).toBe(400);
    expect((await post(2, { delta: 1.5, reason: 'adjustment' })).statusCode).toBe(400);
    expect((await post(2, { delta: 5, reason: 'because' })).statusCode).toBe(400);
    expect((await post(999, { delta: 5, reason: 'adjustment' })).statusCode).toBe(404);
  });

  it('sends a lock-screen message: the reserved back field with changeMessage %@, once per text', async () => {
    // The messages guard's timing rules (messaging/guard.test.ts) aside: no quiet hours, no silence after a purchase.
    h.app.services.settings.setMany({ 'messages.quietStart': '09:00', 'messages.quietEnd': '09:00', 'messages.silenceAfterPurchaseHours': 0, 'messages.silenceAfterConversionDays': 0 });
    const res = await h.admin({ method: 'POST', url: '/api/customers/1/message', payload: { text: '  Soldes privées ce week-end !  ' } });
    expect(res.json()).toMatchObject({ outcome: 'waiting_certificate', passes: 1, devices: 2, reason: null });
    expect(row(passes[0]!.id).message).toBe('Soldes privées ce week-end !');
    const bytes = (await fetchPass(passes[0]!)).rawPayload;
    const back = (openPass(bytes).passJson.storeCard as { backFields: Array<{ key: string; value: unknown; changeMessage?: string }> }).backFields;
    expect(back.find((f) => f.key === 'message')).toMatchObject({ value: 'Soldes privées ce week-end !', changeMessage: '%@' });
    const again = await h.admin({ method: 'POST', url: '/api/customers/1/message', payload: { text: 'Soldes privées ce week-end !' } });
    expect(again.json()).toMatchObject({ code: 'MESSAGE_UNCHANGED' });
    expect((await h.admin({ method: 'POST', url: '/api/customers/5/message', payload: { text: 'Bonjour' } })).json()).toMatchObject({ code: 'NO_CARD' });
    expect((await h.admin({ method: 'POST', url: '/api/customers/1/message', payload: { text: '   ' } })).statusCode).toBe(400);
    expect((await h.admin({ method: 'POST', url: '/api/customers/1/message', payload: { text: 'x'.repeat(241) } })).statusCode).toBe(400);
    const wallet = (await h.admin({ method: 'GET', url: '/api/customers/1/wallet' })).json() as { message: string; events: Array<{ kind: string; detail: object }> };
    expect(wallet.message).toBe('Soldes privées ce week-end !');
    expect(wallet.events[0]).toMatchObject({ kind: 'message', detail: { reason: 'message', text: 'Soldes privées ce week-end !' } });
  });

  it('a design edit through the admin PUT changes every card of the design, with one tag', async () => {
    const design = h.app.parts.designs.get(passes[0]!.designId)!;
    const all = db().prepare<[number], { id: number }>('SELECT id FROM passes WHERE design_id = ?').all(design.id).map((r) => r.id);
    const before = new Map(all.map((id) => [id, row(id)]));
    const res = await h.admin({
      method: 'PUT',
      url: `/api/designs/${design.id}`,
      payload: { name: design.name, content: { ...design.content, brandName: 'Maison Fauvette Paris' }, version: design.version },
    });
    expect(res.statusCode).toBe(200);
    const tags = new Set(all.map((id) => row(id).update_tag));
    expect(tags.size).toBe(1);
    for (const id of all) {
      expect(row(id).version).toBe(before.get(id)!.version + 1);
      expect(row(id).update_tag).toBeGreaterThan(before.get(id)!.update_tag);
    }
    const designEvents = db().prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM wallet_events WHERE kind = 'updated' AND json_extract(detail, '$.reason') = 'design'`).get()!.n;
    expect(designEvents).toBe(all.length);
    expect(openPass((await fetchPass(passes[1]!)).rawPayload).passJson.organizationName).toBe('Maison Fauvette Paris');
  });

  it('commits nothing when queuing the pushes fails', () => {
    const before = row(passes[2]!.id);
    const updates = createCardChanges({ db: db(), now: Date.now });
    updates.subscribe({
      name: 'broken wallet',
      inTransaction: () => {
        throw new Error('outbox unavailable');
      },
    });
    expect(() => updates.markPassesChanged([passes[2]!.id], { reason: 'points' })).toThrow('outbox unavailable');
    expect(row(passes[2]!.id)).toEqual(before);
  });

  it('lists device logs and counts installs for the dashboard', async () => {
    await h.public({ method: 'POST', url: '/apple/v1/log', payload: { logs: [`Web service error for ${passes[0]!.serial}: unchanged`] } });
    const logs = await h.admin({ method: 'GET', url: '/api/wallet/logs?limit=5' });
    expect(logs.json()).toMatchObject({ total: 1, items: [{ customerId: 1, customerName: expect.any(String), message: expect.stringContaining('unchanged') }] });
    const stats = await h.admin({ method: 'GET', url: `/api/wallet/stats?from=0&to=${Date.now() + 1000}` });
    expect(stats.json()).toEqual({ apple: { installs: 1, uninstalls: 0 }, google: { installs: 0, uninstalls: 0 } });
    expect(h.app.parts.cards.events.installStats(Date.now() + 1000, Date.now() + 2000).apple.installs).toBe(0);
  });
});
