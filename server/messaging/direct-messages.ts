/**
 * A lock-screen message to one customer (the customer panel), through the guard: sent, held back with its reason, or
 * waiting for quiet hours to end. A waiting message is a message_sends row and a `message.direct` job at the end of
 * quiet hours; the job asks the guard again then (a purchase overnight starts a silence) and settles the row in the
 * same transaction as the message goes, so a job run twice sends once.
 */
import type { Db } from '../db/connection.js';
import { AppError, notFound } from '../errors.js';
import type { JobHandler } from '../jobs/types.js';
import type { JobsRepository } from '../jobs/jobs-repository.js';
import type { LockScreen } from '../passes/cards/lock-screen.js';
import type { Guard } from './guard.js';
import type { DirectMessageResult, MessageCategory } from './schemas.js';
import type { SendsRepository } from './sends-repository.js';

export const DIRECT_JOB = 'message.direct';

export interface DirectDeps {
  db: Db;
  now(): number;
  guard: Guard;
  sends: SendsRepository;
  lockScreen: LockScreen;
  jobs: JobsRepository;
  /** True while Apple pushes wait for the shop's Pass Type ID certificate (the development identity signs). */
  applePushesWaiting(): boolean;
}

export function createDirectMessages(deps: DirectDeps) {
  const { db, guard, sends, lockScreen } = deps;

  function deliver(customerId: number, text: string, origin: string): { passes: number; devices: number; apple: boolean } {
    const cards = lockScreen.cardsOf(customerId);
    const shown = lockScreen.show([customerId], text, { origin });
    return { passes: shown.passes, devices: shown.pushes, apple: cards.some((c) => c.platform === 'apple') };
  }

  /**
   * One message to one customer through the guard: from the customer panel ('direct'), or an automation's moment
   * ('automation': a welcome, a tier reached), which records it as its own.
   */
  const send = (customerId: number, text: string, category: MessageCategory, origin: 'direct' | 'automation' = 'direct'): DirectMessageResult =>
    db.transaction((): DirectMessageResult => {
      const at = deps.now();
      const cards = lockScreen.cardsOf(customerId);
      const reason = guard.check(customerId, category, at);
      if (reason === undefined) throw notFound('Customer');
      if (cards.length === 0) throw new AppError('NO_CARD', 'This customer has no card yet: there is nowhere to show a message.', 409);
      // Wallet notifies only when the field's value changes: the same text again would arrive silently.
      if (cards.every((p) => p.message === text)) {
        throw new AppError('MESSAGE_UNCHANGED', 'This is already the message on the card; Wallet shows only a different one.', 409);
      }
      const base = { customerId, origin, category, text, at };
      if (reason !== null) {
        sends.record({ ...base, outcome: 'held', reason });
        return { outcome: 'held', passes: 0, devices: 0, reason, until: null };
      }
      const until = guard.quietUntil(at);
      if (until !== null) {
        const id = sends.record({ ...base, outcome: 'waiting' });
        deps.jobs.enqueue(DIRECT_JOB, { sendId: id }, at, { runAt: until, dedupeKey: `${DIRECT_JOB}:${id}` });
        return { outcome: 'waiting', passes: 0, devices: 0, reason: null, until };
      }
      const done = deliver(customerId, text, origin);
      sends.record({ ...base, outcome: 'sent', devices: done.devices });
      const waiting = done.apple && done.devices > 0 && deps.applePushesWaiting();
      return { outcome: waiting ? 'waiting_certificate' : 'sent', passes: done.passes, devices: done.devices, reason: null, until: null };
    })();

  const handler: JobHandler<{ sendId: number }> = {
    kind: DIRECT_JOB,
    backoff: (n) => Math.min(3_600_000, 30_000 * 2 ** n),
    async handle(jobs) {
      return jobs.map((job) => {
        const at = deps.now();
        // The settings may have moved quiet hours since: wait again until they end.
        const until = guard.quietUntil(at);
        if (until !== null) return { kind: 'release' as const, at: until };
        db.transaction(() => {
          const waiting = sends.waiting(job.payload.sendId);
          if (!waiting) return;
          const reason = guard.check(waiting.customerId, waiting.category, at);
          if (reason === undefined) return;
          if (reason !== null) {
            sends.settle(waiting.id, 'held', reason, 0, at);
            return;
          }
          const done = deliver(waiting.customerId, waiting.text, 'direct');
          sends.settle(waiting.id, 'sent', null, done.devices, at);
        })();
        return { kind: 'done' as const };
      });
    },
  };

  return { send, handler };
}

export type DirectMessages = ReturnType<typeof createDirectMessages>;
