import type { Db } from '../db/connection.js';

export const DESIGN_KINDS = ['loyalty', 'coupon', 'eventTicket', 'giftCard', 'generic'] as const;
export type DesignKind = (typeof DESIGN_KINDS)[number];

export interface DesignSummary {
  id: number;
  name: string;
  kind: DesignKind;
  version: number;
  isDefault: boolean;
  updatedAt: number;
}

export function createDesignsRepository(db: Db) {
  const all = db.prepare<[], { id: number; name: string; kind: DesignKind; version: number; is_default: number; updated_at: number }>(
    'SELECT id, name, kind, version, is_default, updated_at FROM card_designs ORDER BY is_default DESC, name',
  );
  return {
    list(): DesignSummary[] {
      return all.all().map((r) => ({
        id: r.id,
        name: r.name,
        kind: r.kind,
        version: r.version,
        isDefault: r.is_default === 1,
        updatedAt: r.updated_at,
      }));
    },
  };
}
