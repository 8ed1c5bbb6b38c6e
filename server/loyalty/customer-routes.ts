/** A customer's loyalty from the admin: points by hand, purchases, rewards and coupons, and the profile's timeline. */
import { Type } from 'typebox';
import type { Server } from '../http/fastify.js';
import { IdParams, errorResponses } from '../http/schemas.js';
import type { Services } from '../services.js';
import { Purchase, PurchaseInput } from '../customers/schemas.js';
import type { LoyaltyParts } from './loyalty-module.js';
import { Coupon, LedgerEntry, PointsResult, Reward } from './schemas.js';
import { Timeline, type TimelineSources, timelineOf } from './timeline.js';

export const PurchaseOutcome = Type.Object({
  purchase: Purchase,
  created: Type.Boolean({ description: 'False when the external id was already recorded: nothing was credited again.' }),
  pointsEarned: Type.Integer(),
  balance: Type.Integer(),
  tier: Type.String(),
  previousTier: Type.String(),
});

export const RedeemOutcome = Type.Intersect([
  PointsResult,
  Type.Object({ reward: Reward, coupon: Type.Optional(Coupon) }),
]);

export const CustomerLoyalty = Type.Object({
  balance: Type.Integer(),
  lifetimePoints: Type.Integer(),
  tier: Type.String(),
  nextTier: Type.Union([Type.Object({ id: Type.String(), threshold: Type.Integer() }), Type.Null()]),
  rewards: Type.Array(Type.Intersect([Reward, Type.Object({ affordable: Type.Boolean() })])),
  coupons: Type.Array(Coupon),
  ledger: Type.Array(LedgerEntry),
});

export const RequestId = Type.String({ minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });

export function customerLoyaltyRoutes(services: Services, deps: LoyaltyParts & { timeline: TimelineSources }) {
  const { points, till, ledger, programme, customers } = deps;

  const summary = (id: number) => {
    const c = customers.require(id);
    const tiers = programme.tiers();
    const next = tiers.find((t) => t.threshold > c.lifetimePoints) ?? null;
    return {
      balance: c.pointsBalance,
      lifetimePoints: c.lifetimePoints,
      tier: c.tier,
      nextTier: next ? { id: next.id, threshold: next.threshold } : null,
      rewards: programme.rewards().filter((r) => r.active).map((r) => ({ ...r, affordable: r.costPoints <= c.pointsBalance })),
      coupons: ledger.couponsOf(id, services.now()),
      ledger: ledger.entries(id, 50),
    };
  };

  return async function (app: Server): Promise<void> {
    const session = { access: 'session' as const };
    app.get(
      '/api/customers/:id/loyalty',
      { config: session, schema: { params: IdParams, response: { 200: CustomerLoyalty, ...errorResponses } } },
      async (request) => summary(request.params.id),
    );

    app.get(
      '/api/customers/:id/timeline',
      { config: session, schema: { params: IdParams, response: { 200: Timeline, ...errorResponses } } },
      async (request) => {
        customers.require(request.params.id);
        return timelineOf(deps.timeline, request.params.id);
      },
    );

    app.post(
      '/api/customers/:id/points',
      {
        config: session,
        schema: {
          params: IdParams,
          body: Type.Object(
            {
              delta: Type.Union([Type.Integer({ minimum: -1_000_000, maximum: -1 }), Type.Integer({ minimum: 1, maximum: 1_000_000 })], {
                description: 'Points to add (negative: to take); never 0.',
              }),
              /** 'reward': points taken by hand for something given at the till; 'adjustment' otherwise. */
              reason: Type.Optional(Type.Union([Type.Literal('adjustment'), Type.Literal('reward')])),
              note: Type.Optional(Type.String({ maxLength: 200 })),
            },
            { additionalProperties: false },
          ),
          response: { 200: PointsResult, ...errorResponses },
        },
      },
      async (request) => {
        const { delta, note, reason = 'adjustment' } = request.body;
        const trimmed = note?.trim();
        return points.credit(request.params.id, { delta, reason, detail: { by: 'admin', ...(trimmed ? { note: trimmed } : {}) } })!;
      },
    );

    app.post(
      '/api/customers/:id/purchases',
      { config: session, schema: { params: IdParams, body: PurchaseInput, response: { 200: PurchaseOutcome, ...errorResponses } } },
      async (request) => till.recordPurchase(request.params.id, request.body, { by: 'admin', source: 'admin' }),
    );

    app.post(
      '/api/customers/:id/rewards/:rewardId/redeem',
      {
        config: session,
        schema: {
          params: Type.Object({ id: IdParams.properties.id, rewardId: IdParams.properties.id }),
          body: Type.Object({ requestId: RequestId }, { additionalProperties: false }),
          response: { 200: RedeemOutcome, ...errorResponses },
        },
      },
      async (request) => till.redeemReward(request.params.id, request.params.rewardId, request.body.requestId, { by: 'admin' }),
    );

    app.post(
      '/api/coupons/redeem',
      {
        config: session,
        schema: {
          body: Type.Object({ code: Type.String({ minLength: 6, maxLength: 40 }) }, { additionalProperties: false }),
          response: { 200: Coupon, ...errorResponses },
        },
      },
      async (request) => till.redeemCoupon(request.body.code, { by: 'admin' }),
    );
  };
}
