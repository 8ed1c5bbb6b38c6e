/** The loyalty programme screen's API: earn rules, tiers, bonus events, rewards. */
import { Type } from 'typebox';
import { AppError } from '../errors.js';
import type { Server } from '../http/fastify.js';
import { IdParams, errorResponses } from '../http/schemas.js';
import type { Services } from '../services.js';
import type { LoyaltyParts } from './loyalty-module.js';
import { BonusEvent, BonusEventInput, Programme, Reward, RewardInput, Tier } from './schemas.js';

export const ProgrammeView = Type.Object({
  programme: Programme,
  tiers: Type.Array(Tier),
  bonusEvents: Type.Array(BonusEvent),
  rewards: Type.Array(Reward),
});

export interface ProgrammeRouteDeps extends LoyaltyParts {
  /** Every card shows tier names: called in the transaction that renamed one. */
  allCardsChanged(): void;
  /** Whether a design id is a coupon design (a coupon reward's card). */
  isCouponDesign(id: number): boolean;
}

function checkTiers(tiers: readonly Tier[]): void {
  const ids = new Set(tiers.map((t) => t.id));
  if (ids.size !== tiers.length) throw new AppError('TIER_DUPLICATE', 'Two tiers have the same identifier.', 400);
  const thresholds = new Set(tiers.map((t) => t.threshold));
  if (thresholds.size !== tiers.length) throw new AppError('TIER_THRESHOLD_DUPLICATE', 'Two tiers start at the same number of points.', 400);
  if (!tiers.some((t) => t.threshold === 0)) throw new AppError('TIER_NONE_AT_ZERO', 'The first tier must start at 0 points: every member holds one.', 400);
}

export function programmeRoutes(services: Services, deps: ProgrammeRouteDeps) {
  const { programme, points } = deps;
  const { db } = services;
  const view = () => ({ programme: programme.programme(), tiers: programme.tiers(), bonusEvents: programme.bonusEvents(), rewards: programme.rewards() });
  const checkReward = (r: RewardInput) => {
    if (r.kind === 'coupon' && (r.couponDesignId == null || !deps.isCouponDesign(r.couponDesignId))) {
      throw new AppError('REWARD_NEEDS_COUPON_DESIGN', 'A coupon reward needs a coupon card design.', 400);
    }
  };
  const checkBonus = (b: BonusEventInput) => {
    if (b.endsAt <= b.startsAt) throw new AppError('BONUS_PERIOD_INVALID', 'A bonus event ends after it starts.', 400);
  };

  return async function (app: Server): Promise<void> {
    const session = { access: 'session' as const };
    app.get('/api/loyalty/programme', { config: session, schema: { response: { 200: ProgrammeView, ...errorResponses } } }, async () => view());

    app.put(
      '/api/loyalty/programme',
      { config: session, schema: { body: Programme, response: { 200: ProgrammeView, ...errorResponses } } },
      async (request) => {
        programme.saveProgramme(request.body);
        return view();
      },
    );

    app.put(
      '/api/loyalty/tiers',
      {
        config: session,
        schema: {
          body: Type.Object({ tiers: Type.Array(Tier, { minItems: 1, maxItems: 8 }) }, { additionalProperties: false }),
          response: { 200: Type.Object({ view: ProgrammeView, retiered: Type.Integer() }), ...errorResponses },
        },
      },
      async (request) => {
        const tiers = request.body.tiers;
        checkTiers(tiers);
        const retiered = db.transaction(() => {
          const before = new Map(programme.tiers().map((t) => [t.id, `${t.name.fr}|${t.name.en}`]));
          programme.replaceTiers(tiers);
          const moved = points.retierAll();
          if (tiers.some((t) => before.has(t.id) && before.get(t.id) !== `${t.name.fr}|${t.name.en}`)) deps.allCardsChanged();
          return moved;
        })();
        return { view: view(), retiered };
      },
    );

    app.post(
      '/api/loyalty/bonus-events',
      { config: session, schema: { body: BonusEventInput, response: { 201: ProgrammeView, ...errorResponses } } },
      async (request, reply) => {
        checkBonus(request.body);
        programme.addBonusEvent(request.body);
        return reply.status(201).send(view());
      },
    );
    app.put(
      '/api/loyalty/bonus-events/:id',
      { config: session, schema: { params: IdParams, body: BonusEventInput, response: { 200: ProgrammeView, ...errorResponses } } },
      async (request) => {
        checkBonus(request.body);
        programme.updateBonusEvent(request.params.id, request.body);
        return view();
      },
    );
    app.delete(
      '/api/loyalty/bonus-events/:id',
      { config: session, schema: { params: IdParams, response: { 200: ProgrammeView, ...errorResponses } } },
      async (request) => {
        programme.deleteBonusEvent(request.params.id);
        return view();
      },
    );

    app.post(
      '/api/loyalty/rewards',
      { config: session, schema: { body: RewardInput, response: { 201: ProgrammeView, ...errorResponses } } },
      async (request, reply) => {
        checkReward(request.body);
        programme.addReward(request.body);
        return reply.status(201).send(view());
      },
    );
    app.put(
      '/api/loyalty/rewards/:id',
      { config: session, schema: { params: IdParams, body: RewardInput, response: { 200: ProgrammeView, ...errorResponses } } },
      async (request) => {
        checkReward(request.body);
        programme.updateReward(request.params.id, request.body);
        return view();
      },
    );
    app.delete(
      '/api/loyalty/rewards/:id',
      { config: session, schema: { params: IdParams, response: { 200: ProgrammeView, ...errorResponses } } },
      async (request) => {
        programme.deleteReward(request.params.id);
        return view();
      },
    );
  };
}
