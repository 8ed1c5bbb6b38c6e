/**
 * Google's subscriber to "cards changed": called inside the caller's transaction with the cards, customers or designs
 * a change touched, it records what the change asks of Google (a notification for points and tier, a message to add,
 * a card to retire) and queues one coalesced `google.object` job per Google card. The caller wakes the runner after
 * its commit (GoogleWaker.wake). Customers without a Google card are not touched: their object is made when they
 * first ask for it (the save link).
 */
import type { Db } from '../../db/connection.js';
import { createCardsRepository, type CardsRepository } from './cards-repository.js';
import { createMessagesRepository, type MessagesRepository } from './messages-repository.js';
import { enqueueObjectJobs } from './object-job.js';

export interface ChangeTarget {
  /** Cards of any wallet: their Google twins (same customer and design) are updated. */
  passIds?: readonly number[];
  customerIds?: readonly number[];
  designIds?: readonly number[];
}

export interface GoogleChange {
  /** 'design', 'points', 'tier', 'message', 'retire', 'profile'… */
  reason: string;
  /** For 'message': the lock-screen text. */
  text?: string;
  /** For 'retire': EXPIRED (it ran its course) or INACTIVE (revoked). */
  state?: 'EXPIRED' | 'INACTIVE' | 'ACTIVE';
  /** Tell the customer (notifyPreference on the next patch); default: for points and tier. */
  notify?: boolean;
}

/** Changes Google lets a patch notify about (its allowlist includes loyaltyPoints.balance and rewardsTier). */
export const NOTIFYING_REASONS: ReadonlySet<string> = new Set(['points', 'tier']);

const repos = new WeakMap<Db, { cards: CardsRepository; messages: MessagesRepository }>();
function reposOf(db: Db) {
  let r = repos.get(db);
  if (!r) repos.set(db, (r = { cards: createCardsRepository(db), messages: createMessagesRepository(db) }));
  return r;
}

/** Returns the Google cards queued for an update. */
export function googleCardsChanged(db: Db, target: ChangeTarget, change: GoogleChange, now: number): number[] {
  const { cards, messages } = reposOf(db);
  return db.transaction(() => {
    const ids = new Set<number>();
    if (target.passIds?.length) for (const id of cards.twinsOf(target.passIds)) ids.add(id);
    if (target.customerIds?.length) for (const id of cards.idsOfCustomers(target.customerIds)) ids.add(id);
    if (target.designIds?.length) for (const id of cards.idsOfDesigns(target.designIds)) ids.add(id);
    const list = [...ids];
    if (list.length === 0) return list;
    // A message notifies through its own type (TEXT_AND_NOTIFY), not through the object's update.
    if (change.reason !== 'message' && (change.notify ?? NOTIFYING_REASONS.has(change.reason))) cards.requestNotify(list);
    if (change.reason === 'message' && change.text?.trim()) messages.queue(list, change.text.trim(), now);
    if (change.state) cards.setState(list, change.state);
    enqueueObjectJobs(db, list, now);
    return list;
  })();
}

/** The card change as the neutral "cards changed" path hands it to each wallet. */
export interface ChangedCards {
  passIds: readonly number[];
  change: { reason: string; detail?: Record<string, unknown>; notify?: boolean };
  at: number;
}

/** Google's subscriber to "cards changed" (the neutral path calls inTransaction inside its transaction). */
export function googleSubscriber(db: Db, waker: Pick<GoogleWaker, 'wake'>) {
  return {
    name: 'google',
    inTransaction({ passIds, change, at }: ChangedCards): number {
      const text = change.reason === 'message' && typeof change.detail?.text === 'string' ? change.detail.text : undefined;
      // A card retired by the shop (revoked, or its customer leaving) moves to the wallet's expired passes.
      const state = change.detail?.state;
      const retire: Pick<GoogleChange, 'state'> = state === 'EXPIRED' || state === 'INACTIVE' || state === 'ACTIVE' ? { state } : {};
      return googleCardsChanged(
        db,
        { passIds },
        { reason: change.reason, ...(text ? { text } : {}), ...retire, ...(change.notify === undefined ? {} : { notify: change.notify }) },
        at,
      ).length;
    },
    afterCommit(): void {
      waker.wake();
    },
  };
}

export interface GoogleWaker {
  /** The running google.object runner's wake(); unset while it is not running (CLI, tests). */
  set(wake: (() => void) | undefined): void;
  wake(): void;
}

export function createGoogleWaker(): GoogleWaker {
  let current: (() => void) | undefined;
  return {
    set: (wake) => void (current = wake),
    wake: () => current?.(),
  };
}
