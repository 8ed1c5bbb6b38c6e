/**
 * A/B variants of a campaign's message (seed 000: "en variant les éléments de leurs campagnes… et en comparant leurs
 * performances"): the campaign's own text is variant A, up to two more (B, C) are kept here. Each recipient of a run
 * gets one, drawn at random but fixed per (run, customer), so a run resumed after a kill draws the same; the draw is
 * independent of the control group's. Their results are the analytics' (GET /api/kpis/campaigns/:id).
 */
import type { Db } from '../db/connection.js';

export type VariantKey = 'A' | 'B' | 'C';
export const EXTRA_VARIANTS = ['B', 'C'] as const;

export interface StoredVariant {
  variant: 'B' | 'C';
  messageFr: string;
  messageEn: string;
}

/** The variant of a recipient among `count` (A, then B, C), evenly. */
export function pickVariant(runId: number, customerId: number, count: number): VariantKey {
  if (count <= 1) return 'A';
  let h = Math.imul(runId ^ 0x2545f491, 0x9e3779b1) ^ Math.imul(customerId ^ 0x5bd1e995, 0x85ebca77);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  h = Math.imul(h, 0x297a2d39);
  h ^= h >>> 15;
  return (['A', 'B', 'C'] as const)[(h >>> 0) % count]!;
}

export function createVariantsRepository(db: Db) {
  const of = db.prepare<[number], { variant: 'B' | 'C'; message_fr: string; message_en: string }>(
    'SELECT variant, message_fr, message_en FROM campaign_variants WHERE campaign_id = ? ORDER BY variant',
  );
  const insert = db.prepare<[number, string, string, string]>('INSERT INTO campaign_variants (campaign_id, variant, message_fr, message_en) VALUES (?, ?, ?, ?)');
  return {
    of: (campaignId: number): StoredVariant[] => of.all(campaignId).map((r) => ({ variant: r.variant, messageFr: r.message_fr, messageEn: r.message_en })),
    /** B, C… in order (inside the transaction that created the campaign). */
    save(campaignId: number, variants: ReadonlyArray<{ messageFr: string; messageEn?: string | undefined }>): void {
      variants.forEach((v, i) => insert.run(campaignId, EXTRA_VARIANTS[i]!, v.messageFr.trim(), v.messageEn?.trim() ?? ''));
    },
  };
}

export type VariantsRepository = ReturnType<typeof createVariantsRepository>;
