/**
 * APNs pushes as jobs of kind `apns.push` (server/jobs/), so that a crash or a kill in the middle of a fan-out
 * resumes where it stopped.
 *
 * One row per (push token, pass type identifier), keyed `apns:<token>:<passTypeIdentifier>`: a push only tells the
 * phone "ask me what changed for this pass type", and APNs coalesces pushes to one device and topic anyway, so ten
 * changed passes on one phone need one push. The jobs module coalesces on that key: queuing again a push that is
 * still pending changes nothing, one that is done (or failed) is armed again, and one that is in flight moves to a new
 * generation, so that the runner, seeing it changed under it, leaves the row pending instead of marking it done (the
 * phone may have asked for its changes before the newest one was committed, so it gets another push).
 */
import type { Db } from '../../../db/connection.js';
import { createJobsRepository, type JobsRepository } from '../../../jobs/jobs-repository.js';
import type { Job } from '../../../jobs/types.js';

export const APNS_PUSH_KIND = 'apns.push';

export interface PushPayload {
  token: string;
  topic: string;
}

export interface PushJob extends Job<PushPayload> {
  token: string;
  topic: string;
}

type Statements = ReturnType<typeof prepare>;
const cache = new WeakMap<Db, Statements>();

function prepare(db: Db) {
  return {
    jobs: createJobsRepository(db),
    // json_each takes every pass id in one bound parameter; GROUP BY keeps one row per phone and pass type.
    targets: db.prepare<[string], { token: string; topic: string }>(
      `SELECT d.push_token AS token, p.pass_type_identifier AS topic
       FROM json_each(?) AS j
       JOIN registrations r ON r.pass_id = j.value
       JOIN passes p ON p.id = r.pass_id
       JOIN devices d ON d.id = r.device_id
       WHERE p.platform = 'apple' AND p.pass_type_identifier <> '' AND d.push_token <> ''
       GROUP BY d.push_token, p.pass_type_identifier`,
    ),
  };
}

function statements(db: Db): Statements {
  let s = cache.get(db);
  if (!s) {
    s = prepare(db);
    cache.set(db, s);
  }
  return s;
}

export const pushKey = (token: string, topic: string): string => `apns:${token}:${topic}`;

/**
 * Queues a push to every device registered for these passes (Apple passes with a pass type identifier), in one
 * transaction: inside a caller's transaction it becomes part of it, so a pass change and its pushes commit together.
 * Returns how many push rows were queued or armed again. Wake the runner's `apns.push` kind after the commit.
 */
export function enqueuePushes(db: Db, passIds: readonly number[], now: number = Date.now()): number {
  if (passIds.length === 0) return 0;
  const s = statements(db);
  return db.transaction(() => {
    const rows = s.targets.all(JSON.stringify(passIds)).map((t) => ({ dedupeKey: pushKey(t.token, t.topic), payload: t }));
    return s.jobs.enqueueMany(APNS_PUSH_KIND, rows, now);
  })();
}

export const asPushJob = (job: Job): PushJob => {
  const p = job.payload as Partial<PushPayload> | null;
  return { ...(job as Job<PushPayload>), token: String(p?.token ?? ''), topic: String(p?.topic ?? '') };
};

/** The outbox seen as pushes (tests and the kill test's child read it this way). */
export interface PushOutbox {
  claim(now: number, lockUntil: number, limit: number): PushJob[];
  /** Marks the push done; false when it was queued again meanwhile, in which case it is due again now. */
  done(job: PushJob, now: number, note?: string): boolean;
  reschedule(job: PushJob, runAt: number, error: string, now: number): void;
  fail(job: PushJob, error: string, now: number): void;
  release(job: PushJob, runAt: number, now: number): void;
  pendingCount(): number;
}

export function createPushOutbox(db: Db, jobs: JobsRepository = statements(db).jobs): PushOutbox {
  return {
    claim: (now, lockUntil, limit) => jobs.claim(APNS_PUSH_KIND, now, lockUntil, limit).map(asPushJob),
    done: (job, now, note) => jobs.complete(job, now, note),
    reschedule: (job, runAt, error, now) => jobs.retry(job, runAt, error, now),
    fail: (job, error, now) => jobs.fail(job, error, now),
    release: (job, runAt, now) => jobs.release(job, runAt, now),
    pendingCount: () => jobs.pendingCount(APNS_PUSH_KIND),
  };
}
