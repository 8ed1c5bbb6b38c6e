/**
 * Points credited or debited by hand (a goodwill gesture, a correction, a reward taken at the till): one row in the
 * append-only ledger, the cached balance, the tier, and the customer's cards marked changed so that every phone
 * holding one gets the new balance within seconds — all in one transaction.
 *
 * The tier follows lifetime points (the sum of what was ever credited), with the default design's thresholds, and
 * never drops: spending points on a reward does not demote anyone (the demo generator and tierFor() agree).
 */
import type { Db } from '../db/connection.js';
import { AppError, notFound } from '../errors.js';
import type { CardChanges } from '../passes/cards/cards-changed.js';
import type { TierVariant } from '../passes/design/schema.js';

export const POINTS_REASONS = ['adjustment', 'reward', 'purchase', 'referral', 'expiry'] as const;
export type PointsReason = (typeof POINTS_REASONS)[number];

export interface PointsResult {
  balance: number;
  tier: string;
  previousTier: string;
  /** Cards marked changed, and pushes queued for their devices. */
  passes: number;
  pushes: number;
}

export interface PointsDeps {
  db: Db;
  now: () => number;
  /** The tiers lifetime points climb (today: the default card design's). */
  tiers(): readonly TierVariant[];
  changes: CardChanges;
}

/** The tier lifetime points earn among `tiers`; the current one when it ranks higher or the design has no tiers. */
export function tierAfter(tiers: readonly TierVariant[], current: string, lifetime: number): string {
  if (tiers.length === 0) return current;
  let earned: TierVariant | undefined;
  for (const t of tiers) if (t.minPoints <= lifetime && (!earned || t.minPoints > earned.minPoints)) earned = t;
  const held = tiers.find((t) => t.id === current);
  if (!earned || (held && held.minPoints >= earned.minPoints)) return current;
  return earned.id;
}

export function createPoints(deps: PointsDeps) {
  const { db } = deps;
  const customer = db.prepare<[number], { points_balance: number; tier: string }>('SELECT points_balance, tier FROM customers WHERE id = ?');
  const addRow = db.prepare('INSERT INTO points_ledger (customer_id, delta, reason, created_at) VALUES (?, ?, ?, ?)');
  const lifetime = db.prepare<[number], { n: number }>('SELECT COALESCE(SUM(delta), 0) AS n FROM points_ledger WHERE customer_id = ? AND delta > 0');
  const save = db.prepare('UPDATE customers SET points_balance = ?, tier = ?, updated_at = ? WHERE id = ?');
  return {
    add: db.transaction((customerId: number, delta: number, reason: PointsReason, note?: string): PointsResult => {
      const before = customer.get(customerId);
      if (!before) throw notFound('Customer');
      const balance = before.points_balance + delta;
      if (balance < 0) {
        throw new AppError('POINTS_INSUFFICIENT', `The customer has ${before.points_balance} points; ${-delta} cannot be taken.`, 409);
      }
      const at = deps.now();
      addRow.run(customerId, delta, reason, at);
      const tier = tierAfter(deps.tiers(), before.tier, lifetime.get(customerId)?.n ?? 0);
      save.run(balance, tier, at, customerId);
      const detail: Record<string, unknown> = { delta, balance, ...(tier === before.tier ? {} : { tier, previousTier: before.tier }) };
      if (note) detail.note = note;
      const changed = deps.changes.markCustomerChanged(customerId, { reason: tier === before.tier ? 'points' : 'tier', detail });
      return { balance, tier, previousTier: before.tier, passes: changed.passes, pushes: changed.pushes };
    }),
  };
}

export type Points = ReturnType<typeof createPoints>;
