/**
 * The update flow: anything that changes what a pass shows (a design edit, points, tier, a lock-screen message)
 * goes through markPassesChanged, which in ONE transaction bumps each pass's version (new cache key, so the cached
 * bytes of the old version are never served again), gives it the next update tag (what the list endpoint compares)
 * and a later Last-Modified, records a wallet event, and queues a push for every device that registered it.
 * A crash before the commit leaves nothing done; after it, the outbox delivers the pushes.
 */
import type { Db } from '../../db/connection.js';
import type { EnqueuePushes, PushWaker } from './push-queue.js';
import { createTagSequence } from './update-tags.js';

export interface PassChange {
  /** Why, kept in the event: 'design', 'points', 'tier', 'message', … */
  reason: string;
  /** The event recorded per pass: 'updated' (default) or 'message' for a lock-screen message. */
  event?: 'updated' | 'message';
  detail?: Record<string, unknown>;
  /** The customer should be told on the lock screen (Google's notifyPreference; Apple decides by field). */
  notify?: boolean;
}

/** Another wallet's part of a change (Google): queues its own durable work inside the transaction. */
export interface ChangeSubscriber {
  name: string;
  inTransaction(changed: { passIds: readonly number[]; change: PassChange; at: number }): number;
  afterCommit?(): void;
}

export interface ChangeResult {
  passes: number;
  pushes: number;
  tag: number;
}

export interface PassUpdatesDeps {
  db: Db;
  now: () => number;
  enqueuePushes: EnqueuePushes;
  pushes?: PushWaker;
  /** Called on the next turn of the event loop (after the caller's transaction committed) with the changed passes. */
  onChanged?: (passIds: readonly number[]) => void;
}

export function createPassUpdates(deps: PassUpdatesDeps) {
  const { db } = deps;
  const enqueue = deps.enqueuePushes;
  const tags = createTagSequence(db);
  // Last-Modified is an HTTP-date (whole seconds): each change moves it to a later second than the previous one, so
  // that a phone holding the previous version never gets a 304 for the new one, even for two changes in one second.
  const bump = db.prepare(
    `UPDATE passes SET version = version + 1, update_tag = ?, updated_at = MAX(?, (updated_at / 1000 + 1) * 1000)
     WHERE id IN (SELECT value FROM json_each(?))`,
  );
  const record = db.prepare(
    `INSERT INTO wallet_events (pass_id, customer_id, platform, kind, detail, occurred_at)
     SELECT id, customer_id, platform, ?, ?, ? FROM passes WHERE id IN (SELECT value FROM json_each(?))`,
  );
  const ofDesign = db.prepare<[number], { id: number }>('SELECT id FROM passes WHERE design_id = ?');
  const ofCustomer = db.prepare<[number], { id: number }>('SELECT id FROM passes WHERE customer_id = ?');
  const subscribers: ChangeSubscriber[] = [];

  const markPassesChanged = db.transaction((passIds: readonly number[], change: PassChange): ChangeResult => {
    if (passIds.length === 0) return { passes: 0, pushes: 0, tag: 0 };
    const at = deps.now();
    const tag = tags.next(at);
    const ids = JSON.stringify(passIds);
    const passes = bump.run(tag, at, ids).changes;
    record.run(change.event ?? 'updated', JSON.stringify({ reason: change.reason, ...change.detail }), at, ids);
    let pushes = enqueue(db, passIds);
    for (const s of subscribers) pushes += s.inTransaction({ passIds, change, at });
    if (pushes > 0) deps.pushes?.wake();
    const after = subscribers.filter((s) => s.afterCommit);
    if (after.length > 0) setImmediate(() => after.forEach((s) => s.afterCommit!()));
    const changed = deps.onChanged;
    if (changed && passes > 0) setImmediate(() => changed(passIds));
    return { passes, pushes, tag };
  });

  return {
    /** Adds a wallet; returns its unsubscribe. */
    subscribe(subscriber: ChangeSubscriber): () => void {
      subscribers.push(subscriber);
      return () => void subscribers.splice(subscribers.indexOf(subscriber), 1);
    },
    markPassesChanged,
    /** Every pass of the design (call inside the transaction that saved the design). */
    markDesignChanged: (designId: number, detail: Record<string, unknown> = {}): ChangeResult =>
      markPassesChanged(
        ofDesign.all(designId).map((r) => r.id),
        { reason: 'design', detail },
      ),
    markCustomerChanged: (customerId: number, change: PassChange): ChangeResult =>
      markPassesChanged(
        ofCustomer.all(customerId).map((r) => r.id),
        change,
      ),
  };
}

export type PassUpdates = ReturnType<typeof createPassUpdates>;
