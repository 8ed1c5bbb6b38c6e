/**
 * Google object updates as a job kind (`google.object`, server/jobs/): one row per card, keyed by the card, so that
 * ten changes to a card before its turn make one update. The row carries only the card's id: what to send is read
 * when it runs (the design and customer as they are then, the notify request and queued messages in SQLite), so a
 * coalesced payload loses nothing, and a kill loses nothing either (the row stays pending until its outcome commits).
 */
import type { Db } from '../../db/connection.js';
import { createJobsRepository } from '../../jobs/jobs-repository.js';
import type { Job, JobHandler, JobOutcome } from '../../jobs/types.js';
import type { CardOutcome, GoogleSync } from './sync.js';

export const GOOGLE_OBJECT_KIND = 'google.object';

export interface GoogleObjectPayload {
  passId: number;
}

export const objectJobKey = (passId: number): string => `google.object:${passId}`;

/** Queues an update of each card (inside the caller's transaction when there is one); wake the runner after commit. */
export function enqueueObjectJobs(db: Db, passIds: readonly number[], now: number): number {
  if (passIds.length === 0) return 0;
  const rows = [...new Set(passIds)].map((passId) => ({ dedupeKey: objectJobKey(passId), payload: { passId } satisfies GoogleObjectPayload }));
  return createJobsRepository(db).enqueueMany(GOOGLE_OBJECT_KIND, rows, now);
}

export interface ObjectHandlerOptions {
  /** Rows per handle() call: one batch request (default 20, Google's calls per second). */
  batch?: number;
  inFlight?: number;
  leaseMs?: number;
  maxAttempts?: number;
}

const toJobOutcome = (o: CardOutcome | undefined): JobOutcome => {
  if (!o) return { kind: 'retry', error: 'no outcome' };
  switch (o.kind) {
    case 'ok':
      return o.note ? { kind: 'done', note: o.note } : { kind: 'done' };
    case 'retry':
      return o.at === undefined ? { kind: 'retry', error: o.error } : { kind: 'retry', error: o.error, at: o.at };
    case 'fail':
      return { kind: 'fail', error: o.error };
    case 'release':
      return { kind: 'release', at: o.at };
  }
};

export function createObjectHandler(sync: Pick<GoogleSync, 'syncCards'>, options: ObjectHandlerOptions = {}): JobHandler<GoogleObjectPayload> {
  const batch = options.batch ?? 20;
  return {
    kind: GOOGLE_OBJECT_KIND,
    batch,
    inFlight: options.inFlight ?? batch * 2,
    // A batch waits for its pacing slots behind the batch in flight, and retries back off up to 8 s.
    leaseMs: options.leaseMs ?? 120_000,
    maxAttempts: options.maxAttempts ?? 12,
    backoff: (attempts) => Math.min(30 * 60_000, 5_000 * 2 ** (attempts - 1)),
    async handle(jobs: Array<Job<GoogleObjectPayload>>, ctx) {
      const ids = jobs.map((j) => Number(j.payload?.passId));
      const outcomes = await sync.syncCards(
        ids.filter((id) => Number.isSafeInteger(id)),
        ctx.signal,
      );
      return ids.map((id) => {
        if (!Number.isSafeInteger(id)) return { kind: 'fail', error: 'payload without a passId' } as const;
        const o = outcomes.get(id);
        // Stopping: whatever was cut short goes back unattempted.
        if (ctx.signal.aborted && o?.kind !== 'ok') return { kind: 'release' } as const;
        return toJobOutcome(o);
      });
    },
  };
}
