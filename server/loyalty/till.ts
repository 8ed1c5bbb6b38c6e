/**
 * What happens at the till (the scanner, the admin, the CLI and later the API): a purchase recorded with its points,
 * the referral reward on a friend's enrolment or first purchase, a reward redeemed, a one-time coupon used. Each is
 * one transaction; each one-time effect has a once-key or a state check, so a replay changes nothing.
 */
import type { Db } from '../db/connection.js';
import { AppError, notFound } from '../errors.js';
import type { CardChanges } from '../passes/cards/cards-changed.js';
import type { CardFiles } from '../passes/cards/card-files.js';
import type { CustomersRepository, PurchasesRepository } from '../customers/customers-module.js';
import type { Happenings } from '../happenings.js';
import type { Purchase, PurchaseInput } from '../customers/schemas.js';
import { pointsForPurchase } from './earn.js';
import type { LedgerRepository } from './ledger-repository.js';
import type { Points } from './points.js';
import type { ProgrammeRepository } from './programme-repository.js';
import type { Coupon, PointsResult } from './schemas.js';

export interface TillDeps {
  db: Db;
  now: () => number;
  customers: CustomersRepository;
  purchases: PurchasesRepository;
  programme: ProgrammeRepository;
  ledger: LedgerRepository;
  points: Points;
  changes: CardChanges;
  /** Issues coupon cards; absent in tools that never issue one. */
  files?: CardFiles;
  /** Announces customer.enrolled, purchase.recorded and reward.redeemed inside their transactions. */
  happenings?: Pick<Happenings, 'happened'>;
}

export interface PurchaseOutcome {
  purchase: Purchase;
  /** False when the external id was known already: nothing was credited again. */
  created: boolean;
  pointsEarned: number;
  balance: number;
  tier: string;
  previousTier: string;
}

export interface Actor {
  /** Who did it, kept on the records: 'admin', 'cli', a staff member's name. */
  by: string;
  staffId?: number | null;
  storeId?: number | null;
}

export function createTill(deps: TillDeps) {
  const { db, customers, purchases, programme, ledger, points } = deps;

  function referralRewards(friendId: number, referrerId: number, at: number): void {
    const p = programme.programme();
    if (p.refereePoints > 0) {
      points.credit(friendId, { delta: p.refereePoints, reason: 'referral', onceKey: `referral:friend:${friendId}`, detail: { role: 'friend', referrerId }, at });
    }
    if (p.referrerPoints > 0) {
      points.credit(referrerId, { delta: p.referrerPoints, reason: 'referral', onceKey: `referral:referrer:${friendId}`, detail: { role: 'referrer', friendId }, at });
    }
  }

  const recordPurchase = db.transaction((customerId: number, input: PurchaseInput, actor: Actor & { source: string }): PurchaseOutcome => {
    const recorded = purchases.record(customerId, { ...input, source: actor.source, staffId: actor.staffId ?? null });
    const { purchase } = recorded;
    if (purchase.customerId !== customerId && !recorded.created) {
      throw new AppError('EXTERNAL_ID_TAKEN', 'This external id belongs to another customer’s purchase.', 409);
    }
    const state = customers.loyaltyState(customerId)!;
    if (!recorded.created) {
      return { purchase, created: false, pointsEarned: ledger.pointsOfPurchase(purchase.id), balance: state.balance, tier: state.tier, previousTier: state.tier };
    }
    const p = programme.programme();
    const earned = pointsForPurchase(p, programme.bonusEventsAt(purchase.purchasedAt), {
      amountCents: purchase.amountCents,
      channel: purchase.channel,
      at: purchase.purchasedAt,
    });
    let result: PointsResult | null = null;
    if (earned.points > 0) {
      result = points.credit(customerId, {
        delta: earned.points,
        reason: 'purchase',
        purchaseId: purchase.id,
        onceKey: `purchase:${purchase.id}`,
        detail: { amountCents: purchase.amountCents, ...(earned.bonusEventId ? { bonusEventId: earned.bonusEventId, multiplier: earned.multiplier } : {}) },
      });
    } else {
      // No points (a zero rate), but the card still shows the new last purchase facts to nobody: nothing to push.
    }
    if (recorded.first && p.referralTrigger === 'first_purchase' && state.referredBy !== null) {
      referralRewards(customerId, state.referredBy, deps.now());
    }
    const after = customers.loyaltyState(customerId)!;
    deps.happenings?.happened({
      type: 'purchase.recorded',
      customerId,
      purchaseId: purchase.id,
      pointsEarned: earned.points,
      source: actor.source,
      at: deps.now(),
    });
    return {
      purchase,
      created: true,
      pointsEarned: earned.points,
      balance: after.balance,
      tier: after.tier,
      previousTier: result?.previousTier ?? state.tier,
    };
  });

  /** After a customer was created (enrolment, admin, CLI): welcome points, and the referral if it pays at enrolment. */
  function enrolled(customerId: number): void {
    const p = programme.programme();
    const at = deps.now();
    if (deps.happenings) {
      deps.happenings.happened({ type: 'customer.enrolled', customerId, source: customers.get(customerId)?.source ?? 'admin', at });
    }
    if (p.welcomePoints > 0) points.credit(customerId, { delta: p.welcomePoints, reason: 'welcome', onceKey: `welcome:${customerId}`, at });
    const referrer = customers.loyaltyState(customerId)?.referredBy ?? null;
    if (referrer !== null && p.referralTrigger === 'enrolment') referralRewards(customerId, referrer, at);
  }

  /**
   * Points turned into a reward: an instant one (given at the till) or a coupon card. `requestId` comes from the
   * device that asked, so that a double tap or a retried request debits once.
   */
  const redeemReward = db.transaction((customerId: number, rewardId: number, requestId: string, actor: Actor) => {
    const reward = programme.reward(rewardId);
    if (!reward || !reward.active) throw notFound('Reward');
    const onceKey = `redeem:${requestId}`;
    if (ledger.used(onceKey)) throw new AppError('ALREADY_DONE', 'This redemption was already recorded.', 409);
    if (reward.kind === 'coupon' && (reward.couponDesignId === null || !deps.files)) {
      throw new AppError('REWARD_UNAVAILABLE', 'This reward has no coupon design: choose one in the loyalty programme.', 409);
    }
    const at = deps.now();
    const result = points.credit(customerId, {
      delta: -reward.costPoints,
      reason: 'reward',
      onceKey,
      detail: { rewardId: reward.id, name: reward.name, by: actor.by },
      at,
    })!;
    let coupon: Coupon | undefined;
    if (reward.kind === 'coupon') {
      const designId = reward.couponDesignId!;
      const live = ledger.activeCouponOfCard(customerId, designId, at);
      if (live) throw new AppError('COUPON_PENDING', 'The customer still holds an unused coupon of this kind: use it first.', 409);
      const expiresAt = reward.couponValidDays ? at + reward.couponValidDays * 86_400_000 : null;
      const id = ledger.insertCoupon({ customerId, rewardId: reward.id, designId, name: reward.name, at, expiresAt });
      deps.files!.issue(customerId, designId);
      deps.changes.markCustomerChanged(customerId, { reason: 'coupon', detail: { couponId: id } });
      coupon = ledger.couponById(id, at);
    }
    deps.happenings?.happened({
      type: 'reward.redeemed',
      customerId,
      rewardId: reward.id,
      name: reward.name,
      costPoints: reward.costPoints,
      couponId: coupon?.id ?? null,
      by: actor.by,
      at,
    });
    return { ...result, reward, coupon };
  });

  /** A one-time coupon used at the till; a second try is refused with when it was used. */
  const redeemCoupon = db.transaction((code: string, actor: Actor): Coupon => {
    const at = deps.now();
    const coupon = ledger.couponByCode(code, at);
    if (!coupon) throw new AppError('COUPON_NOT_FOUND', 'No coupon has this code.', 404);
    if (coupon.status === 'redeemed') {
      throw new AppError('COUPON_ALREADY_USED', `This coupon was already used on ${new Date(coupon.redeemedAt!).toISOString()}.`, 409, {
        redeemedAt: coupon.redeemedAt!,
        redeemedBy: coupon.redeemedBy ?? '',
      });
    }
    if (coupon.status === 'expired') throw new AppError('COUPON_EXPIRED', 'This coupon has expired.', 409, { expiresAt: coupon.expiresAt! });
    if (coupon.status === 'void') throw new AppError('COUPON_VOID', 'This coupon was cancelled.', 409);
    if (!ledger.redeemCoupon(coupon.id, at, actor.by, actor.storeId ?? null)) {
      throw new AppError('COUPON_ALREADY_USED', 'This coupon was already used.', 409);
    }
    deps.changes.markCustomerChanged(coupon.customerId, { reason: 'coupon', detail: { couponId: coupon.id, redeemed: true } });
    return ledger.couponById(coupon.id, at)!;
  });

  return { recordPurchase, enrolled, redeemReward, redeemCoupon };
}

export type Till = ReturnType<typeof createTill>;
