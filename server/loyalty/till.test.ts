import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../testing/app-harness.js';

const DAY = 86_400_000;

describe('the till: purchases, points, tiers, referral, rewards and coupons (admin API)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(() => h.close());

  const json = async (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown) => {
    const r = await h.admin({ method, url, ...(payload === undefined ? {} : { payload: payload as object }) });
    return { status: r.statusCode, body: r.body ? (JSON.parse(r.body) as Record<string, any>) : {} };
  };
  const customer = async (email: string, extra: Record<string, unknown> = {}) => {
    const r = await json('POST', '/api/customers', { email, firstName: 'Camille', ...extra });
    expect(r.status).toBe(201);
    return r.body as { id: number; referralCode: string };
  };
  const db = () => h.app.services.db;
  const ledgerSum = (id: number) => (db().prepare('SELECT COALESCE(SUM(delta), 0) AS n FROM points_ledger WHERE customer_id = ?').get(id) as { n: number }).n;

  it('credits a replayed external id once, checked in the database, and keeps aggregates current', async () => {
    const c = await customer('Camille@Example.fr');
    const first = await json('POST', `/api/customers/${c.id}/purchases`, { amountCents: 4250, channel: 'store', externalId: 'POS-1' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ created: true, pointsEarned: 42, balance: 42, tier: 'member' });
    const again = await json('POST', `/api/customers/${c.id}/purchases`, { amountCents: 4250, channel: 'store', externalId: 'POS-1' });
    expect(again.body).toMatchObject({ created: false, pointsEarned: 42, balance: 42 });
    expect(db().prepare("SELECT COUNT(*) AS n FROM purchases WHERE external_id = 'POS-1'").get()).toEqual({ n: 1 });
    expect(db().prepare("SELECT COUNT(*) AS n, SUM(delta) AS points FROM points_ledger WHERE reason = 'purchase'").get()).toEqual({ n: 1, points: 42 });
    expect(ledgerSum(c.id)).toBe(42);

    const other = await customer('other@example.fr');
    const stolen = await json('POST', `/api/customers/${other.id}/purchases`, { amountCents: 100, channel: 'store', externalId: 'POS-1' });
    expect(stolen).toMatchObject({ status: 409, body: { code: 'EXTERNAL_ID_TAKEN' } });

    await json('POST', `/api/customers/${c.id}/purchases`, { amountCents: 1000, channel: 'online', purchasedAt: Date.now() - 100 * DAY });
    // The list finds a customer by member number, by a part of the name or e-mail, and sorts by spend.
    expect((await json('GET', `/api/customers?q=M-${String(c.id).padStart(6, '0')}`)).body).toMatchObject({ total: 1, items: [{ id: c.id }] });
    expect((await json('GET', '/api/customers?q=amille%40exa')).body).toMatchObject({ total: 1, items: [{ id: c.id }] });
    expect((await json('GET', '/api/customers?sort=spend&limit=1')).body.items[0].id).toBe(c.id);
    const profile = await json('GET', `/api/customers/${c.id}`);
    expect(profile.body.email).toBe('camille@example.fr');
    expect(profile.body.aggregates).toMatchObject({
      purchaseCount: 2,
      spendCents: 5250,
      purchases30d: 1,
      spend30dCents: 4250,
      purchases90d: 1,
      purchases365d: 2,
      spend365dCents: 5250,
      avgBasketCents: 2625,
      onlinePurchaseCount: 1,
      storeCount: 0,
    });
  });

  it('moves up a tier by the programme’s thresholds, records it, and never down when points are spent', async () => {
    const c = await customer('tier@example.fr');
    const r = await json('POST', `/api/customers/${c.id}/purchases`, { amountCents: 60_000, channel: 'store' });
    expect(r.body).toMatchObject({ pointsEarned: 600, tier: 'silver', previousTier: 'member' });
    const reward = await json('POST', '/api/loyalty/rewards', { name: { fr: 'Café', en: 'Coffee' }, costPoints: 500, kind: 'instant', active: true });
    const rewardId = (reward.body.rewards as Array<{ id: number }>)[0]!.id;
    const redeemed = await json('POST', `/api/customers/${c.id}/rewards/${rewardId}/redeem`, { requestId: 'tap-0001' });
    expect(redeemed.body).toMatchObject({ balance: 100, tier: 'silver' });
    // The same tap again (a retried request) debits nothing more.
    expect(await json('POST', `/api/customers/${c.id}/rewards/${rewardId}/redeem`, { requestId: 'tap-0001' })).toMatchObject({ status: 409, body: { code: 'ALREADY_DONE' } });
    expect(await json('POST', `/api/customers/${c.id}/rewards/${rewardId}/redeem`, { requestId: 'tap-0002' })).toMatchObject({
      status: 409,
      body: { code: 'POINTS_INSUFFICIENT', params: { balance: 100, wanted: 500 } },
    });
    expect(ledgerSum(c.id)).toBe(100);
    const timeline = await json('GET', `/api/customers/${c.id}/timeline`);
    expect(timeline.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'tier', facts: { from: 'member', to: 'silver' } })]),
    );
  });

  it('rewards both friends once when the friend first buys (the default), never on a second purchase', async () => {
    const referrer = await customer('ambassador@example.fr');
    const friend = await customer('friend@example.fr', { firstName: 'Lou' });
    db().prepare('UPDATE customers SET referred_by = ? WHERE id = ?').run(referrer.id, friend.id);
    expect(ledgerSum(friend.id)).toBe(0);
    await json('POST', `/api/customers/${friend.id}/purchases`, { amountCents: 1000, channel: 'store' });
    await json('POST', `/api/customers/${friend.id}/purchases`, { amountCents: 1000, channel: 'store' });
    const referrals = db().prepare("SELECT customer_id, delta FROM points_ledger WHERE reason = 'referral' ORDER BY customer_id").all();
    expect(referrals).toEqual([
      { customer_id: referrer.id, delta: 50 },
      { customer_id: friend.id, delta: 50 },
    ]);
    expect(ledgerSum(friend.id)).toBe(70);
    expect(ledgerSum(referrer.id)).toBe(50);
  });

  it('turns points into a coupon card from a coupon design; a second use of the coupon is refused', async () => {
    const design = await json('POST', '/api/designs', { name: 'Coupon café', kind: 'coupon' });
    expect(design.status).toBe(201);
    const designId = design.body.design?.id ?? design.body.id;
    const reward = await json('POST', '/api/loyalty/rewards', {
      name: { fr: 'Café offert', en: 'Free coffee' },
      costPoints: 100,
      kind: 'coupon',
      couponDesignId: designId,
      couponValidDays: 30,
      active: true,
    });
    expect(reward.status).toBe(201);
    const rewardId = (reward.body.rewards as Array<{ id: number }>)[0]!.id;
    const c = await customer('coupon@example.fr');
    await json('POST', `/api/customers/${c.id}/points`, { delta: 150, note: 'geste' });
    const redeemed = await json('POST', `/api/customers/${c.id}/rewards/${rewardId}/redeem`, { requestId: 'coupon-tap-1' });
    expect(redeemed.status).toBe(200);
    const code = redeemed.body.coupon.code as string;
    expect(code).toMatch(/^C-[0-9A-Z]{12}$/);
    expect(db().prepare('SELECT COUNT(*) AS n FROM passes WHERE customer_id = ? AND design_id = ?').get(c.id, designId)).toEqual({ n: 1 });

    const used = await json('POST', '/api/coupons/redeem', { code });
    expect(used).toMatchObject({ status: 200, body: { status: 'redeemed', redeemedBy: 'admin' } });
    const twice = await json('POST', '/api/coupons/redeem', { code: code.toLowerCase() });
    expect(twice).toMatchObject({ status: 409, body: { code: 'COUPON_ALREADY_USED', params: { redeemedAt: used.body.redeemedAt } } });
    expect(db().prepare("SELECT status FROM coupons WHERE code = ?").get(code)).toEqual({ status: 'redeemed' });
    expect(await json('POST', '/api/coupons/redeem', { code: 'C-NOSUCHCODE12' })).toMatchObject({ status: 404, body: { code: 'COUPON_NOT_FOUND' } });
  });

  it('refuses tiers without one at 0 points, and re-tiers every customer when thresholds change', async () => {
    const c = await customer('retier@example.fr');
    await json('POST', `/api/customers/${c.id}/points`, { delta: 300 });
    const bad = await json('PUT', '/api/loyalty/tiers', { tiers: [{ id: 'a', name: { fr: 'A', en: 'A' }, threshold: 10 }] });
    expect(bad).toMatchObject({ status: 400, body: { code: 'TIER_NONE_AT_ZERO' } });
    const tiers = [
      { id: 'member', name: { fr: 'Membre', en: 'Member' }, threshold: 0 },
      { id: 'silver', name: { fr: 'Argent', en: 'Silver' }, threshold: 200 },
      { id: 'gold', name: { fr: 'Or', en: 'Gold' }, threshold: 1000 },
    ];
    const ok = await json('PUT', '/api/loyalty/tiers', { tiers });
    expect(ok).toMatchObject({ status: 200, body: { retiered: 1 } });
    expect((await json('GET', `/api/customers/${c.id}`)).body.tier).toBe('silver');
  });
});
