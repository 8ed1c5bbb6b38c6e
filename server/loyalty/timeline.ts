/**
 * A customer's timeline: purchases, points, tier changes, coupons, wallet events and messages, newest first. Each
 * item carries facts, never sentences: the UI writes them in its language (tier ids become the programme's names).
 */
import { Type, type Static } from 'typebox';
import type { WalletEvent } from '../passes/cards/wallet-events.js';
import type { CustomersParts } from '../customers/customers-module.js';
import type { LedgerRepository } from './ledger-repository.js';

export const TimelineItem = Type.Object({
  at: Type.Integer(),
  kind: Type.Enum(['enrolled', 'purchase', 'points', 'tier', 'coupon', 'couponRedeemed', 'wallet', 'message', 'messageHeld', 'messageWaiting', 'mail']),
  /** purchase: amountCents, channel, storeName, points; points: delta, reason, note; tier: from, to; coupon: name, code;
   * wallet: event, platform; message: text, automation; mail: mailKind; enrolled: source, referredBy;
   * messageHeld / messageWaiting (messaging/: a message the guard kept back, or one waiting for quiet hours to end):
   * text, reason, category, campaign, automation. */
  facts: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()])),
});
export type TimelineItem = Static<typeof TimelineItem>;
export const Timeline = Type.Object({ items: Type.Array(TimelineItem) });

export interface TimelineSources extends CustomersParts {
  ledger: LedgerRepository;
  walletEvents(customerId: number, limit: number): WalletEvent[];
  mails(customerId: number): Array<{ kind: string; sentAt: number }>;
  /** Messages meant for the customer (messaging/sends-repository.ts); the sent ones show through wallet events. */
  sends?(customerId: number, limit: number): Array<{ at: number; outcome: string; reason: string | null; text: string; category: string; campaignName: string | null; automation?: string | null }>;
  now(): number;
}

const LIMIT = 100;

export function timelineOf(s: TimelineSources, customerId: number): { items: TimelineItem[] } {
  const customer = s.customers.require(customerId);
  const items: TimelineItem[] = [
    { at: customer.createdAt, kind: 'enrolled', facts: { source: customer.source, referredBy: customer.referredBy?.name ?? null } },
  ];
  const purchasePoints = new Map<number, number>();
  for (const e of s.ledger.entries(customerId, LIMIT * 2)) {
    if (e.reason === 'purchase' && e.purchaseId !== null) {
      purchasePoints.set(e.purchaseId, (purchasePoints.get(e.purchaseId) ?? 0) + e.delta);
      continue;
    }
    const note = typeof e.detail.note === 'string' ? e.detail.note : null;
    const name = e.detail.name as { fr?: string; en?: string } | undefined;
    items.push({
      at: e.createdAt,
      kind: 'points',
      facts: { delta: e.delta, reason: e.reason, note, rewardFr: name?.fr ?? null, rewardEn: name?.en ?? null },
    });
  }
  for (const p of s.purchases.listOf(customerId, LIMIT)) {
    items.push({
      at: p.purchasedAt,
      kind: 'purchase',
      facts: { amountCents: p.amountCents, channel: p.channel, storeName: p.storeName, points: purchasePoints.get(p.id) ?? 0 },
    });
  }
  for (const t of s.ledger.tierChanges(customerId, LIMIT)) items.push({ at: t.at, kind: 'tier', facts: { from: t.from, to: t.to } });
  for (const c of s.ledger.couponsOf(customerId, s.now())) {
    items.push({ at: c.issuedAt, kind: 'coupon', facts: { nameFr: c.name.fr, nameEn: c.name.en, code: c.code, status: c.status } });
    if (c.redeemedAt !== null) {
      items.push({ at: c.redeemedAt, kind: 'couponRedeemed', facts: { nameFr: c.name.fr, nameEn: c.name.en, by: c.redeemedBy } });
    }
  }
  for (const e of s.walletEvents(customerId, LIMIT)) {
    if (e.kind === 'updated') continue; // every points change makes one; the points line already says it
    if (e.kind === 'message') {
      // automation: which one sent it (automations/), for "Message automatique (Anniversaire)".
      const automation = typeof e.detail.automation === 'string' ? e.detail.automation : null;
      items.push({ at: e.occurredAt, kind: 'message', facts: { text: typeof e.detail.text === 'string' ? e.detail.text : '', automation } });
    } else {
      items.push({ at: e.occurredAt, kind: 'wallet', facts: { event: e.kind, platform: e.platform } });
    }
  }
  for (const m of s.mails(customerId)) items.push({ at: m.sentAt, kind: 'mail', facts: { mailKind: m.kind } });
  for (const m of s.sends?.(customerId, LIMIT) ?? []) {
    if (m.outcome !== 'held' && m.outcome !== 'waiting') continue;
    items.push({
      at: m.at,
      kind: m.outcome === 'held' ? 'messageHeld' : 'messageWaiting',
      facts: { text: m.text, reason: m.reason, category: m.category, campaign: m.campaignName, automation: m.automation ?? null },
    });
  }
  items.sort((a, b) => b.at - a.at);
  return { items: items.slice(0, LIMIT * 2) };
}
