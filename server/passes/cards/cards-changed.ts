/**
 * The one path for "a card changed": anything that changes what a card shows (a design edit, points, tier, a
 * lock-screen message, the nearest stores, a campaign visual) calls markPassesChanged (or its design / customer
 * forms), which in ONE transaction, the caller's:
 * - bumps each pass's version (a new cache key: the bytes of the old version are never served again),
 * - gives it the next update tag (what Apple's "what changed?" call compares) and a later change time,
 * - records one wallet event per pass (cards/wallet-events.ts is the one writer of that table),
 * - lets each wallet queue its own durable work: Apple one push job per registered device, Google one object-update
 *   job per object (coalesced on its key).
 * After the commit, each wallet wakes its workers (and Apple builds the changed passes ahead). A crash before the
 * commit leaves nothing done; after it, the jobs deliver. No feature imports a wallet: wallets subscribe here.
 */
import type { Db } from '../../db/connection.js';
import { createTagSequence } from './update-tags.js';
import { createWalletEvents, type WalletEventKind } from './wallet-events.js';

export interface CardChange {
  /** Why, kept in the event: 'design', 'points', 'tier', 'message', 'stores', … */
  reason: string;
  /** The event recorded per pass: 'updated' (default) or 'message' for a lock-screen message. */
  event?: Extract<WalletEventKind, 'updated' | 'message'>;
  detail?: Record<string, unknown>;
  /** The customer should be told on the lock screen (Google's notifyPreference; Apple decides by field). */
  notify?: boolean;
}

export interface ChangedCards {
  passIds: readonly number[];
  change: CardChange;
  at: number;
  tag: number;
}

export interface WalletSubscriber {
  name: string;
  /**
   * Inside the caller's transaction (synchronous SQL only): queue this wallet's durable work for the changed passes
   * (it picks its own platform's among them). Returns how many phone updates it queued.
   */
  inTransaction(changed: ChangedCards): number;
  /** On the next turn of the event loop, once the transaction committed: wake workers, build ahead. */
  afterCommit?(changed: ChangedCards): void;
}

export interface ChangeResult {
  /** Cards whose version moved on. */
  passes: number;
  /** Phone updates the wallets queued (Apple pushes, Google object updates). */
  pushes: number;
  tag: number;
}

export interface CardChanges {
  /** Adds a wallet; returns its unsubscribe. */
  subscribe(subscriber: WalletSubscriber): () => void;
  markPassesChanged(passIds: readonly number[], change: CardChange): ChangeResult;
  /** Every card of the design (call inside the transaction that saved the design). */
  markDesignChanged(designId: number, detail?: Record<string, unknown>): ChangeResult;
  markCustomerChanged(customerId: number, change: CardChange): ChangeResult;
  /** Every card of these customers, as one change (one tag, one update per phone). */
  markCustomersChanged(customerIds: readonly number[], change: CardChange): ChangeResult;
}

export function createCardChanges(deps: { db: Db; now: () => number }): CardChanges {
  const { db } = deps;
  const subscribers: WalletSubscriber[] = [];
  const tags = createTagSequence(db);
  const events = createWalletEvents(db);
  // The change time is kept in whole seconds' steps so that each change is at least one second later than the last
  // one of the same pass: HTTP dates (Last-Modified) have one-second resolution.
  const bump = db.prepare(
    `UPDATE passes SET version = version + 1, update_tag = ?, updated_at = MAX(?, (updated_at / 1000 + 1) * 1000)
     WHERE id IN (SELECT value FROM json_each(?))`,
  );
  const ofDesign = db.prepare<[number], { id: number }>('SELECT id FROM passes WHERE design_id = ?');
  const ofCustomer = db.prepare<[number], { id: number }>('SELECT id FROM passes WHERE customer_id = ?');
  const ofCustomers = db.prepare<[string], { id: number }>('SELECT id FROM passes WHERE customer_id IN (SELECT value FROM json_each(?))');

  const markPassesChanged = db.transaction((passIds: readonly number[], change: CardChange): ChangeResult => {
    if (passIds.length === 0) return { passes: 0, pushes: 0, tag: 0 };
    const at = deps.now();
    const tag = tags.next(at);
    const ids = JSON.stringify(passIds);
    const passes = bump.run(tag, at, ids).changes;
    events.recordMany(ids, change.event ?? 'updated', { reason: change.reason, ...change.detail }, at);
    const changed: ChangedCards = { passIds, change, at, tag };
    let pushes = 0;
    for (const s of subscribers) pushes += s.inTransaction(changed);
    if (passes > 0) {
      const after = subscribers.filter((s) => s.afterCommit);
      if (after.length > 0) setImmediate(() => after.forEach((s) => s.afterCommit!(changed)));
    }
    return { passes, pushes, tag };
  });

  return {
    subscribe(subscriber) {
      subscribers.push(subscriber);
      return () => {
        const i = subscribers.indexOf(subscriber);
        if (i >= 0) subscribers.splice(i, 1);
      };
    },
    markPassesChanged,
    markDesignChanged: (designId, detail = {}) =>
      markPassesChanged(
        ofDesign.all(designId).map((r) => r.id),
        { reason: 'design', detail },
      ),
    markCustomerChanged: (customerId, change) =>
      markPassesChanged(
        ofCustomer.all(customerId).map((r) => r.id),
        change,
      ),
    markCustomersChanged: (customerIds, change) =>
      markPassesChanged(
        customerIds.length === 0 ? [] : ofCustomers.all(JSON.stringify(customerIds)).map((r) => r.id),
        change,
      ),
  };
}
