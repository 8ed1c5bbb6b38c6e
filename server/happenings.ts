/**
 * "Something happened" to a customer: the one neutral hook that features announce their facts through (a card
 * installed or removed, a customer enrolled, a purchase recorded, a tier reached, a reward redeemed, an event posted
 * by the website), and that others listen to (webhooks and CRM connectors, the automations) without anyone polling
 * tables or importing the announcer.
 *
 * `happened` is called inside the transaction that wrote the fact, and every listener runs there, synchronously: a
 * listener only does synchronous SQL (enqueue its durable jobs), so the fact and what it set off are committed
 * together or not at all: a kill can lose neither half. A listener that throws rolls the whole change back, which
 * is what "nothing lost" means. Work that must wait for the commit (waking a job runner) goes in `afterCommit`.
 */
export type HappeningType = Happening['type'];

export type Happening = { customerId: number; at: number } & (
  | { type: 'card.installed' | 'card.uninstalled'; passId: number; platform: 'apple' | 'google'; detail: Record<string, unknown> }
  /** A new customer by enrolment, the admin, the CLI or the API (imports and the demo are not enrolments). */
  | { type: 'customer.enrolled'; source: string }
  /** Identity, consent or preferences changed through the API (the CRMs' profiles follow). */
  | { type: 'customer.updated'; source: string }
  | { type: 'purchase.recorded'; purchaseId: number; pointsEarned: number; source: string }
  | { type: 'points.changed'; delta: number; balance: number; reason: string }
  | { type: 'tier.changed'; from: string; to: string }
  | { type: 'reward.redeemed'; rewardId: number; name: { fr: string; en: string }; costPoints: number; couponId: number | null; by: string }
  /** Posted through the REST API (cart_abandoned, back_in_stock_interest, custom). */
  | { type: 'customer.event'; eventId: number; eventType: string; name: string | null }
);

export interface HappeningListener {
  name: string;
  /** Inside the announcer's transaction: synchronous SQL only. */
  inTransaction(h: Happening): void;
  /** Once, on the next turn of the event loop after one or more happenings (their commit): wake workers. */
  afterCommit?(): void;
}

export interface Happenings {
  happened(h: Happening): void;
  /** Adds a listener; returns its removal. */
  listen(listener: HappeningListener): () => void;
}

export function createHappenings(): Happenings {
  const listeners: HappeningListener[] = [];
  // A bulk change (every tier recomputed) announces thousands of happenings: their listeners are woken once.
  let wakeQueued = false;
  return {
    happened(h) {
      for (const l of listeners) l.inTransaction(h);
      if (wakeQueued || !listeners.some((l) => l.afterCommit)) return;
      wakeQueued = true;
      setImmediate(() => {
        wakeQueued = false;
        for (const l of listeners) l.afterCommit?.();
      });
    },
    listen(listener) {
      listeners.push(listener);
      return () => {
        const i = listeners.indexOf(listener);
        if (i >= 0) listeners.splice(i, 1);
      };
    },
  };
}
