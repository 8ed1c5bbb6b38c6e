/**
 * The append-only points ledger, tier changes and coupons: the only SQL on those tables. A line with a `once_key`
 * is written at most once (a unique index), which is what makes referral rewards, purchase points and double-tapped
 * redemptions happen exactly once.
 */
import { randomInt } from 'node:crypto';
import type { Db } from '../db/connection.js';
import type { Coupon, LedgerEntry, PointsReason } from './schemas.js';

interface LedgerRow {
  id: number;
  delta: number;
  reason: PointsReason;
  purchase_id: number | null;
  detail: string;
  created_at: number;
}

interface CouponRow {
  id: number;
  code: string;
  customer_id: number;
  reward_id: number | null;
  design_id: number | null;
  name_fr: string;
  name_en: string;
  status: 'active' | 'redeemed' | 'void';
  issued_at: number;
  expires_at: number | null;
  redeemed_at: number | null;
  redeemed_by: string | null;
}

export interface NewEntry {
  customerId: number;
  delta: number;
  reason: PointsReason;
  purchaseId?: number | null;
  onceKey?: string | null;
  detail?: Record<string, unknown>;
  at: number;
}

const toEntry = (r: LedgerRow): LedgerEntry => ({
  id: r.id,
  delta: r.delta,
  reason: r.reason,
  purchaseId: r.purchase_id,
  detail: JSON.parse(r.detail) as Record<string, unknown>,
  createdAt: r.created_at,
});

export const toCoupon = (r: CouponRow, now: number): Coupon => ({
  id: r.id,
  code: r.code,
  customerId: r.customer_id,
  rewardId: r.reward_id,
  designId: r.design_id,
  name: { fr: r.name_fr, en: r.name_en },
  status: r.status === 'active' && r.expires_at !== null && r.expires_at <= now ? 'expired' : r.status,
  issuedAt: r.issued_at,
  expiresAt: r.expires_at,
  redeemedAt: r.redeemed_at,
  redeemedBy: r.redeemed_by,
});

const COUPON_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
/** C- and 12 characters of 32 (60 bits): what a coupon card's barcode carries; unguessable. */
export function newCouponCode(): string {
  let code = 'C-';
  for (let i = 0; i < 12; i++) code += COUPON_ALPHABET[randomInt(32)];
  return code;
}

export function createLedgerRepository(db: Db) {
  const insert = db.prepare(
    `INSERT INTO points_ledger (customer_id, delta, reason, purchase_id, once_key, detail, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  const sums = db.prepare<[number], { balance: number; lifetime: number }>(
    `SELECT COALESCE(SUM(delta), 0) AS balance, COALESCE(SUM(CASE WHEN delta > 0 THEN delta ELSE 0 END), 0) AS lifetime
     FROM points_ledger WHERE customer_id = ?`,
  );
  const entriesOf = db.prepare<[number, number], LedgerRow>(
    'SELECT id, delta, reason, purchase_id, detail, created_at FROM points_ledger WHERE customer_id = ? ORDER BY created_at DESC, id DESC LIMIT ?',
  );
  const byOnceKey = db.prepare<[string], { id: number }>('SELECT id FROM points_ledger WHERE once_key = ?');
  const pointsOfPurchase = db.prepare<[number], { n: number }>("SELECT COALESCE(SUM(delta), 0) AS n FROM points_ledger WHERE purchase_id = ? AND reason = 'purchase'");
  const addTierChange = db.prepare('INSERT INTO loyalty_tier_changes (customer_id, from_tier, to_tier, changed_at) VALUES (?, ?, ?, ?)');
  const tierChangesOf = db.prepare<[number, number], { from_tier: string; to_tier: string; changed_at: number }>(
    'SELECT from_tier, to_tier, changed_at FROM loyalty_tier_changes WHERE customer_id = ? ORDER BY changed_at DESC, id DESC LIMIT ?',
  );
  // Points expiry (FIFO): what is still unexpired of the credits older than the cutoff is what spending and earlier
  // expiries have not consumed: credits before the cutoff minus every debit so far.
  const expirable = db.prepare<[number, number], { amount: number }>(
    `SELECT MAX(0, COALESCE(SUM(CASE WHEN delta > 0 AND created_at <= ? THEN delta ELSE 0 END), 0)
                 + COALESCE(SUM(CASE WHEN delta < 0 THEN delta ELSE 0 END), 0)) AS amount
     FROM points_ledger WHERE customer_id = ?`,
  );
  const creditedBetween = db.prepare<[number, number], { customer_id: number }>(
    'SELECT DISTINCT customer_id FROM points_ledger WHERE delta > 0 AND created_at > ? AND created_at <= ?',
  );

  const couponSelect = 'SELECT * FROM coupons';
  const couponByCode = db.prepare<[string], CouponRow>(`${couponSelect} WHERE code = ?`);
  const couponById = db.prepare<[number], CouponRow>(`${couponSelect} WHERE id = ?`);
  const couponsOf = db.prepare<[number], CouponRow>(`${couponSelect} WHERE customer_id = ? ORDER BY issued_at DESC, id DESC`);
  const activeCouponOfCard = db.prepare<[number, number], CouponRow>(`${couponSelect} WHERE customer_id = ? AND design_id = ? AND status = 'active'`);
  const insertCoupon = db.prepare(
    `INSERT INTO coupons (code, customer_id, reward_id, design_id, name_fr, name_en, issued_at, expires_at)
     VALUES (@code, @customerId, @rewardId, @designId, @fr, @en, @at, @expiresAt)`,
  );
  // Only an active, unexpired coupon turns redeemed: a second try changes nothing (changes = 0).
  const redeem = db.prepare(
    `UPDATE coupons SET status = 'redeemed', redeemed_at = @at, redeemed_by = @by, redeemed_store_id = @storeId
     WHERE id = @id AND status = 'active' AND (expires_at IS NULL OR expires_at > @at)`,
  );
  const voidCoupon = db.prepare("UPDATE coupons SET status = 'void' WHERE id = ? AND status = 'active'");

  return {
    /** Appends a line; false when its once-key was already used (nothing written). */
    append(e: NewEntry): boolean {
      const r = insert.run(e.customerId, e.delta, e.reason, e.purchaseId ?? null, e.onceKey ?? null, JSON.stringify(e.detail ?? {}), e.at);
      return r.changes === 1;
    },
    used: (onceKey: string): boolean => byOnceKey.get(onceKey) !== undefined,
    sums: (customerId: number) => sums.get(customerId)!,
    entries: (customerId: number, limit = 100): LedgerEntry[] => entriesOf.all(customerId, limit).map(toEntry),
    /** Balance and lifetime points of every customer with ledger lines, from the ledger. */
    allSums: () =>
      db
        .prepare<[], { customer_id: number; balance: number; lifetime: number }>(
          `SELECT customer_id, SUM(delta) AS balance, SUM(CASE WHEN delta > 0 THEN delta ELSE 0 END) AS lifetime
           FROM points_ledger GROUP BY customer_id`,
        )
        .all(),
    pointsOfPurchase: (purchaseId: number): number => pointsOfPurchase.get(purchaseId)?.n ?? 0,
    recordTierChange: (customerId: number, from: string, to: string, at: number): void => void addTierChange.run(customerId, from, to, at),
    tierChanges: (customerId: number, limit = 100) =>
      tierChangesOf.all(customerId, limit).map((r) => ({ from: r.from_tier, to: r.to_tier, at: r.changed_at })),
    expirable: (customerId: number, cutoff: number): number => expirable.get(cutoff, customerId)?.amount ?? 0,
    customersCreditedBetween: (from: number, to: number): number[] => creditedBetween.all(from, to).map((r) => r.customer_id),

    couponByCode: (code: string, now: number): Coupon | undefined => {
      const r = couponByCode.get(code.trim().toUpperCase());
      return r ? toCoupon(r, now) : undefined;
    },
    couponById: (id: number, now: number): Coupon | undefined => {
      const r = couponById.get(id);
      return r ? toCoupon(r, now) : undefined;
    },
    couponsOf: (customerId: number, now: number): Coupon[] => couponsOf.all(customerId).map((r) => toCoupon(r, now)),
    activeCouponOfCard: (customerId: number, designId: number, now: number): Coupon | undefined => {
      const r = activeCouponOfCard.get(customerId, designId);
      return r ? toCoupon(r, now) : undefined;
    },
    insertCoupon(c: { customerId: number; rewardId: number | null; designId: number | null; name: { fr: string; en: string }; at: number; expiresAt: number | null }): number {
      return Number(
        insertCoupon.run({ code: newCouponCode(), customerId: c.customerId, rewardId: c.rewardId, designId: c.designId, fr: c.name.fr, en: c.name.en, at: c.at, expiresAt: c.expiresAt })
          .lastInsertRowid,
      );
    },
    /** True when this call redeemed it; false when it was not active (used, void or expired). */
    redeemCoupon: (id: number, at: number, by: string, storeId: number | null): boolean => redeem.run({ id, at, by, storeId }).changes === 1,
    voidCoupon: (id: number): boolean => voidCoupon.run(id).changes === 1,
  };
}

export type LedgerRepository = ReturnType<typeof createLedgerRepository>;
