/** The customer data a card shows, read in one query, and the tier whose look the card takes. */
import type { Db } from '../../db/connection.js';
import type { CardCustomer } from '../design/placeholders.js';
import type { DesignContent } from '../design/schema.js';

export interface CustomerRow {
  id: number;
  first_name: string;
  last_name: string;
  email: string | null;
  points_balance: number;
  tier: string;
  referral_code: string;
  created_at: number;
  store_name: string | null;
}

export const CUSTOMER_FACTS_SQL = `SELECT c.id, c.first_name, c.last_name, c.email, c.points_balance, c.tier, c.referral_code,
  c.created_at, s.name AS store_name
  FROM customers c LEFT JOIN stores s ON s.id = c.preferred_store_id`;

export function createCustomerFacts(db: Db) {
  const one = db.prepare<[number], CustomerRow>(`${CUSTOMER_FACTS_SQL} WHERE c.id = ?`);
  return { get: (id: number): CustomerRow | undefined => one.get(id) };
}

/** The number staff see under the barcode and the scanner reads back: stable, short, not a secret. */
export const memberIdOf = (customerId: number): string => `M-${String(customerId).padStart(6, '0')}`;

export function cardCustomer(row: CustomerRow, publicUrl: string): CardCustomer {
  return {
    firstName: row.first_name,
    lastName: row.last_name,
    email: row.email,
    points: row.points_balance,
    tier: row.tier,
    memberId: memberIdOf(row.id),
    referralCode: row.referral_code,
    referralUrl: `${publicUrl}/r/${encodeURIComponent(row.referral_code)}`,
    memberSince: row.created_at,
    storeName: row.store_name,
  };
}

/**
 * The tier variant of the design for this customer. The stored tier wins when the design has a variant of that name:
 * it comes from lifetime points and never drops when points are spent on a reward. Otherwise (a design whose tiers
 * are named differently, or customers imported without tiers) the design's own thresholds apply to the balance.
 */
export function tierFor(content: DesignContent, customer: Pick<CardCustomer, 'tier' | 'points'>): string | undefined {
  if (content.tiers.length === 0) return undefined;
  if (content.tiers.some((t) => t.id === customer.tier)) return customer.tier;
  let best: DesignContent['tiers'][number] | undefined;
  for (const t of content.tiers) if (t.minPoints <= customer.points && (!best || t.minPoints > best.minPoints)) best = t;
  return best?.id;
}
