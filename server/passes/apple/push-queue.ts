/**
 * The update flow's link to the durable APNs push outbox (apns/push-outbox.ts): queue one push per registered device
 * of the given passes in the caller's transaction, then wake the worker (which looks on the next turn of the event
 * loop, after the synchronous transaction committed; it also polls on its own).
 */
import type { Db } from '../../db/connection.js';
import { enqueuePushes } from './apns/push-outbox.js';

export type EnqueuePushes = (db: Db, passIds: readonly number[]) => number;

export const outboxPushes =
  (now: () => number): EnqueuePushes =>
  (db, passIds) =>
    enqueuePushes(db, passIds, now());

export interface PushWaker {
  /** The running push worker's wake(); unset while pushes are not running (no identity, CLI, tests). */
  set(wake: (() => void) | undefined): void;
  wake(): void;
}

export function createPushWaker(): PushWaker {
  let current: (() => void) | undefined;
  return {
    set(wake) {
      current = wake;
    },
    wake() {
      current?.();
    },
  };
}
