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
  /** The loyalty programme's name of the tier (absent for rows read without it). */
  tier_name_fr?: string | null;
  tier_name_en?: string | null;
  /** The secret of the customer's preferences page link. */
  preferences_token?: string | null;
}

// The tier's name comes from the loyalty programme's tiers (loyalty owns them; this read model only joins them).
export const CUSTOMER_FACTS_SQL = `SELECT c.id, c.first_name, c.last_name, c.email, c.points_balance, c.tier, c.referral_code,
  c.created_at, s.name AS store_name, t.name_fr AS tier_name_fr, t.name_en AS tier_name_en, c.preferences_token
  FROM customers c LEFT JOIN stores s ON s.id = c.preferred_store_id LEFT JOIN loyalty_tiers t ON t.id = c.tier`;

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
    ...(row.tier_name_fr && row.tier_name_en ? { tierLabel: { fr: row.tier_name_fr, en: row.tier_name_en } } : {}),
    memberId: memberIdOf(row.id),
    referralCode: row.referral_code,
    referralUrl: `${publicUrl}/r/${encodeURIComponent(row.referral_code)}`,
    ...(row.preferences_token ? { preferencesUrl: `${publicUrl}/preferences/${row.preferences_token}` } : {}),
    memberSince: row.created_at,
    storeName: row.store_name,
  };
}

/**
 * The tier look of the design this customer's card takes: the look of the tier the loyalty programme gives them
 * (loyalty/tier-rule.ts, the one rule), or none (the design's base look) when the design has no look for it.
 */
export function tierFor(content: DesignContent, customer: Pick<CardCustomer, 'tier'>): string | undefined {
  return content.tiers.some((t) => t.id === customer.tier) ? customer.tier : undefined;
}
