/**
 * The till's scanner API, served twice with the same handlers: on the admin listener for the shop computer (USB
 * scanner, `session`) under /api/scanner, and on the public listener for staff phones (`staff`) under /staff/api.
 * One scan names a customer (or a coupon and its holder); the rest acts on that customer.
 */
import type { FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import type { Access } from '../http/access.js';
import type { Server } from '../http/fastify.js';
import { IdParams, errorResponses } from '../http/schemas.js';
import type { LoyaltyParts } from '../loyalty/loyalty-module.js';
import { PurchaseOutcome, RedeemOutcome, RequestId } from '../loyalty/customer-routes.js';
import { Coupon, Reward } from '../loyalty/schemas.js';
import { AppError, notFound } from '../errors.js';
import { memberIdOf } from '../passes/cards/customer-facts.js';
import type { Services } from '../services.js';
import type { StaffAuth } from '../staff/staff-auth.js';
import { readScannedCode } from './identify.js';

/** Who acts: the staff member of a `staff` request (StaffAuth's verifier sets request.staff), or the admin. */
export type Actor = (request: FastifyRequest) => { by: string; staffId: number | null };
export type { StaffAuth };

const Name = Type.Object({ fr: Type.String(), en: Type.String() });

export const ScannedCustomer = Type.Object({
  id: Type.Integer(),
  memberId: Type.String(),
  firstName: Type.String(),
  lastName: Type.String(),
  tier: Type.String(),
  tierName: Name,
  points: Type.Integer(),
  lifetimePoints: Type.Integer(),
  nextTier: Type.Union([Type.Object({ name: Name, threshold: Type.Integer() }), Type.Null()]),
  lastPurchases: Type.Array(
    Type.Object({ at: Type.Integer(), amountCents: Type.Integer(), channel: Type.String(), storeName: Type.Union([Type.String(), Type.Null()]) }),
  ),
  rewards: Type.Array(Type.Intersect([Reward, Type.Object({ affordable: Type.Boolean() })])),
  coupons: Type.Array(Coupon),
});
export type ScannedCustomer = Static<typeof ScannedCustomer>;

export const ScanResult = Type.Object({
  customer: ScannedCustomer,
  /** Set when the scan read a coupon card: the coupon itself, whatever its state. */
  coupon: Type.Optional(Coupon),
});

export const StoreOption = Type.Object({ id: Type.Integer(), name: Type.String() });

export interface ScannerDeps extends LoyaltyParts {
  stores(): Array<{ id: number; name: string }>;
}

export function createScanner(services: Services, deps: ScannerDeps) {
  const { customers, purchases, programme, ledger } = deps;

  function view(id: number): ScannedCustomer {
    const c = customers.require(id);
    const tiers = programme.tiers();
    const tier = tiers.find((t) => t.id === c.tier);
    const next = tiers.find((t) => t.threshold > c.lifetimePoints);
    const now = services.now();
    return {
      id: c.id,
      memberId: memberIdOf(c.id),
      firstName: c.firstName,
      lastName: c.lastName,
      tier: c.tier,
      tierName: tier?.name ?? { fr: c.tier, en: c.tier },
      points: c.pointsBalance,
      lifetimePoints: c.lifetimePoints,
      nextTier: next ? { name: next.name, threshold: next.threshold } : null,
      lastPurchases: purchases.listOf(id, 5).map((p) => ({ at: p.purchasedAt, amountCents: p.amountCents, channel: p.channel, storeName: p.storeName })),
      rewards: programme.rewards().filter((r) => r.active).map((r) => ({ ...r, affordable: r.costPoints <= c.pointsBalance })),
      coupons: ledger.couponsOf(id, now).filter((k) => k.status === 'active'),
    };
  }

  function lookup(raw: string): Static<typeof ScanResult> {
    const code = readScannedCode(raw);
    if (!code) throw new AppError('SCAN_UNREADABLE', 'This code is not a card of this shop.', 404);
    if (code.kind === 'coupon') {
      const coupon = ledger.couponByCode(code.code, services.now());
      if (!coupon) throw new AppError('COUPON_NOT_FOUND', 'No coupon has this code.', 404);
      return { customer: view(coupon.customerId), coupon };
    }
    const id = code.kind === 'member' ? code.id : customers.idByReferralCode(code.code);
    if (id === undefined || !customers.get(id)) throw new AppError('SCAN_UNKNOWN', 'No customer has this card.', 404);
    return { customer: view(id) };
  }

  return { view, lookup };
}

export function scannerRoutes(services: Services, deps: ScannerDeps, where: { prefix: string; access: Access; who: Actor }) {
  const scanner = createScanner(services, deps);
  const { till } = deps;
  const { prefix } = where;

  return async function (app: Server): Promise<void> {
    const config = { access: where.access };
    app.get(
      `${prefix}/lookup`,
      {
        config,
        schema: {
          querystring: Type.Object({ code: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false }),
          response: { 200: ScanResult, ...errorResponses },
        },
      },
      async (request) => scanner.lookup(request.query.code),
    );

    app.get(
      `${prefix}/customers/:id`,
      { config, schema: { params: IdParams, response: { 200: ScannedCustomer, ...errorResponses } } },
      async (request) => scanner.view(request.params.id),
    );

    app.get(
      `${prefix}/stores`,
      { config, schema: { response: { 200: Type.Object({ items: Type.Array(StoreOption) }), ...errorResponses } } },
      async () => ({ items: deps.stores() }),
    );

    app.post(
      `${prefix}/customers/:id/purchases`,
      {
        config,
        schema: {
          params: IdParams,
          body: Type.Object(
            {
              amountCents: Type.Integer({ minimum: 1, maximum: 10_000_000 }),
              storeId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
              /** One per purchase entered: a retried request records it once. */
              requestId: RequestId,
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ outcome: PurchaseOutcome, customer: ScannedCustomer }), ...errorResponses },
        },
      },
      async (request) => {
        const who = where.who(request);
        const { amountCents, storeId, requestId } = request.body;
        if (!deps.customers.get(request.params.id)) throw notFound('Customer');
        const outcome = till.recordPurchase(
          request.params.id,
          { amountCents, channel: 'store', storeId: storeId ?? null, externalId: `scan:${requestId}` },
          { ...who, source: where.access === 'staff' ? 'till' : 'admin' },
        );
        return { outcome, customer: scanner.view(request.params.id) };
      },
    );

    app.post(
      `${prefix}/customers/:id/rewards/:rewardId/redeem`,
      {
        config,
        schema: {
          params: Type.Object({ id: IdParams.properties.id, rewardId: IdParams.properties.id }),
          body: Type.Object({ requestId: RequestId }, { additionalProperties: false }),
          response: { 200: Type.Object({ outcome: RedeemOutcome, customer: ScannedCustomer }), ...errorResponses },
        },
      },
      async (request) => {
        const outcome = till.redeemReward(request.params.id, request.params.rewardId, request.body.requestId, where.who(request));
        return { outcome, customer: scanner.view(request.params.id) };
      },
    );

    app.post(
      `${prefix}/coupons/redeem`,
      {
        config,
        schema: {
          body: Type.Object({ code: Type.String({ minLength: 6, maxLength: 40 }) }, { additionalProperties: false }),
          response: { 200: Type.Object({ coupon: Coupon, customer: ScannedCustomer }), ...errorResponses },
        },
      },
      async (request) => {
        const coupon = till.redeemCoupon(request.body.code, where.who(request));
        return { coupon, customer: scanner.view(coupon.customerId) };
      },
    );
  };
}
