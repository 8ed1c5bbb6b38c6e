/**
 * Every change of a customer's points goes through `credit`: one ledger line, the cached balance and lifetime points,
 * the tier by the one rule (tier-rule.ts), a tier-change record, and the customer's cards marked changed so that
 * every phone holding one shows the new balance within seconds — all in the caller's transaction (or its own).
 */
import type { Db } from '../db/connection.js';
import { AppError, notFound } from '../errors.js';
import type { CardChanges } from '../passes/cards/cards-changed.js';
import type { CustomersRepository } from '../customers/customers-module.js';
import type { Happenings } from '../happenings.js';
import type { LedgerRepository } from './ledger-repository.js';
import type { ProgrammeRepository } from './programme-repository.js';
import type { PointsReason, PointsResult } from './schemas.js';
import { tierOf } from './tier-rule.js';

export interface PointsDeps {
  db: Db;
  now: () => number;
  customers: CustomersRepository;
  programme: ProgrammeRepository;
  ledger: LedgerRepository;
  changes: CardChanges;
  /** Announces points.changed and tier.changed inside the crediting transaction (webhooks, CRMs, automations). */
  happenings?: Pick<Happenings, 'happened'>;
}

export interface Credit {
  delta: number;
  reason: PointsReason;
  purchaseId?: number | null;
  /** Written at most once: a second credit with the same key returns null and changes nothing. */
  onceKey?: string;
  detail?: Record<string, unknown>;
  at?: number;
}

export function createPoints(deps: PointsDeps) {
  const { db, customers, ledger, programme } = deps;

  const credit = db.transaction((customerId: number, c: Credit): PointsResult | null => {
    const before = customers.loyaltyState(customerId);
    if (!before) throw notFound('Customer');
    if (c.onceKey && ledger.used(c.onceKey)) return null;
    const balance = before.balance + c.delta;
    if (balance < 0) {
      throw new AppError('POINTS_INSUFFICIENT', `The customer has ${before.balance} points; ${-c.delta} cannot be taken.`, 409, {
        balance: before.balance,
        wanted: -c.delta,
      });
    }
    const at = c.at ?? deps.now();
    const written = ledger.append({
      customerId,
      delta: c.delta,
      reason: c.reason,
      purchaseId: c.purchaseId ?? null,
      onceKey: c.onceKey ?? null,
      detail: c.detail ?? {},
      at,
    });
    if (!written) return null;
    const lifetime = before.lifetime + Math.max(0, c.delta);
    const tier = tierOf(programme.tiers(), lifetime);
    customers.setLoyaltyState(customerId, { balance, lifetime, tier });
    if (tier !== before.tier) ledger.recordTierChange(customerId, before.tier, tier, at);
    deps.happenings?.happened({ type: 'points.changed', customerId, delta: c.delta, balance, reason: c.reason, at });
    if (tier !== before.tier) deps.happenings?.happened({ type: 'tier.changed', customerId, from: before.tier, to: tier, at });
    const changed = deps.changes.markCustomerChanged(customerId, {
      reason: tier === before.tier ? 'points' : 'tier',
      detail: {
        delta: c.delta,
        balance,
        ...(tier === before.tier ? {} : { tier, previousTier: before.tier }),
        ...(typeof c.detail?.note === 'string' ? { note: c.detail.note } : {}),
      },
      notify: true,
    });
    return { balance, tier, previousTier: before.tier, passes: changed.passes, pushes: changed.pushes };
  });

  /**
   * Every customer's tier again by the rule (after the thresholds changed); their cards are marked changed. Returns
   * how many customers changed tier.
   */
  const retierAll = db.transaction((): number => {
    const tiers = programme.tiers();
    const at = deps.now();
    const moved: Array<{ id: number; from: string; to: string }> = [];
    for (const row of customers.allTierStates()) {
      const tier = tierOf(tiers, row.lifetime_points);
      if (tier !== row.tier) moved.push({ id: row.id, from: row.tier, to: tier });
    }
    for (const m of moved) {
      const state = customers.loyaltyState(m.id)!;
      customers.setLoyaltyState(m.id, { ...state, tier: m.to });
      ledger.recordTierChange(m.id, m.from, m.to, at);
      deps.happenings?.happened({ type: 'tier.changed', customerId: m.id, from: m.from, to: m.to, at });
      deps.changes.markCustomerChanged(m.id, { reason: 'tier', detail: { tier: m.to, previousTier: m.from } });
    }
    return moved.length;
  });

  return { credit, retierAll };
}

export type Points = ReturnType<typeof createPoints>;
