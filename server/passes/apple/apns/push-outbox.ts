/**
 * APNs pushes as rows of the `jobs` table (kind `apns.push`), so that a crash or a kill in the middle of a fan-out
 * resumes where it stopped (001_core.sql, ENGINEERING.md "Data").
 *
 * One row per (push token, pass type identifier), keyed `apns:<token>:<passTypeIdentifier>`: a push only tells the
 * phone "ask me what changed for this pass type", and APNs coalesces pushes to one device and topic anyway, so ten
 * changed passes on one phone need one push. Queuing again a push that is still pending changes nothing; queuing one
 * that is done (or failed) arms it again. Queuing one that is in flight bumps its `seq`, and the worker, seeing the
 * payload changed under it, leaves the row pending instead of marking it done: the phone may have asked for its
 * changes before the newest one was committed, so it gets another push.
 */
import type { Db } from '../../../db/connection.js';

export const APNS_PUSH_KIND = 'apns.push';

export interface PushJob {
  id: number;
  /** Exactly as stored: `done` compares it to know whether the row was queued again meanwhile. */
  payload: string;
  attempts: number;
  token: string;
  topic: string;
}

interface PushPayload {
  token: string;
  topic: string;
  seq: number;
}

type Statements = ReturnType<typeof prepare>;
const cache = new WeakMap<Db, Statements>();

function prepare(db: Db) {
  return {
    // json_each takes every pass id in one bound parameter, so 10,000 passes are one statement; GROUP BY keeps one row
    // per key within it (two passes on one phone would otherwise bump `seq` of the row the statement just inserted).
    enqueue: db.prepare<{ ids: string; now: number }>(
      `INSERT INTO jobs (kind, dedupe_key, payload, status, attempts, run_at, created_at, updated_at)
       SELECT '${APNS_PUSH_KIND}', 'apns:' || d.push_token || ':' || p.pass_type_identifier,
              json_object('token', d.push_token, 'topic', p.pass_type_identifier, 'seq', 0),
              'pending', 0, @now, @now, @now
       FROM json_each(@ids) AS j
       JOIN registrations r ON r.pass_id = j.value
       JOIN passes p ON p.id = r.pass_id
       JOIN devices d ON d.id = r.device_id
       WHERE p.platform = 'apple' AND p.pass_type_identifier <> '' AND d.push_token <> ''
       GROUP BY d.push_token, p.pass_type_identifier
       ON CONFLICT (dedupe_key) DO UPDATE SET
         payload    = json_set(jobs.payload, '$.seq', coalesce(json_extract(jobs.payload, '$.seq'), 0) + 1),
         status     = 'pending',
         attempts   = CASE WHEN jobs.status = 'pending' THEN jobs.attempts ELSE 0 END,
         run_at     = CASE WHEN jobs.status = 'pending' THEN jobs.run_at ELSE excluded.run_at END,
         last_error = CASE WHEN jobs.status = 'pending' THEN jobs.last_error ELSE NULL END,
         updated_at = excluded.updated_at`,
    ),
    claim: db.prepare<{ now: number; lockUntil: number; limit: number }, { id: number; payload: string; attempts: number }>(
      `UPDATE jobs SET locked_until = @lockUntil, updated_at = @now
       WHERE id IN (
         SELECT id FROM jobs
         WHERE status = 'pending' AND run_at <= @now AND (locked_until IS NULL OR locked_until < @now)
           AND kind = '${APNS_PUSH_KIND}'
         ORDER BY run_at LIMIT @limit)
       RETURNING id, payload, attempts`,
    ),
    done: db.prepare<{ id: number; payload: string; note: string | null; now: number }>(
      `UPDATE jobs SET status = 'done', locked_until = NULL, last_error = @note, updated_at = @now
       WHERE id = @id AND status = 'pending' AND payload = @payload`,
    ),
    rearm: db.prepare<{ id: number; now: number }>(
      `UPDATE jobs SET locked_until = NULL, run_at = @now, updated_at = @now WHERE id = @id AND status = 'pending'`,
    ),
    reschedule: db.prepare<{ id: number; runAt: number; error: string; now: number }>(
      `UPDATE jobs SET attempts = attempts + 1, run_at = @runAt, locked_until = NULL, last_error = @error, updated_at = @now
       WHERE id = @id AND status = 'pending'`,
    ),
    fail: db.prepare<{ id: number; error: string; now: number }>(
      `UPDATE jobs SET status = 'failed', attempts = attempts + 1, locked_until = NULL, last_error = @error, updated_at = @now
       WHERE id = @id AND status = 'pending'`,
    ),
    release: db.prepare<{ id: number; runAt: number; now: number }>(
      `UPDATE jobs SET locked_until = NULL, run_at = max(run_at, @runAt), updated_at = @now WHERE id = @id AND status = 'pending'`,
    ),
    pending: db.prepare<[], { n: number }>(
      `SELECT count(*) AS n FROM jobs WHERE status = 'pending' AND kind = '${APNS_PUSH_KIND}'`,
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

/**
 * Queues a push to every device registered for these passes (Apple passes with a pass type identifier), in one
 * transaction: inside a caller's transaction it becomes part of it, so a pass change and its pushes commit together.
 * Returns how many push rows were queued or armed again. Call the worker's `wake()` after the commit.
 */
export function enqueuePushes(db: Db, passIds: readonly number[], now: number = Date.now()): number {
  if (passIds.length === 0) return 0;
  const s = statements(db);
  return db.transaction(() => s.enqueue.run({ ids: JSON.stringify(passIds), now }).changes)();
}

export interface PushOutbox {
  /** Locks up to `limit` due pushes until `lockUntil`. */
  claim(now: number, lockUntil: number, limit: number): PushJob[];
  /** Marks the push done; false when it was queued again meanwhile, in which case it is due again now. */
  done(job: PushJob, now: number, note?: string): boolean;
  reschedule(job: PushJob, runAt: number, error: string, now: number): void;
  fail(job: PushJob, error: string, now: number): void;
  /** Gives the row back untouched (never sent), due again at `runAt` at the earliest. */
  release(job: PushJob, runAt: number, now: number): void;
  pendingCount(): number;
}

export function createPushOutbox(db: Db): PushOutbox {
  const s = statements(db);
  return {
    claim(now, lockUntil, limit) {
      return s.claim.all({ now, lockUntil, limit }).map((row) => {
        const p = JSON.parse(row.payload) as PushPayload;
        return { id: row.id, payload: row.payload, attempts: row.attempts, token: p.token, topic: p.topic };
      });
    },
    done(job, now, note) {
      if (s.done.run({ id: job.id, payload: job.payload, note: note ?? null, now }).changes === 1) return true;
      s.rearm.run({ id: job.id, now });
      return false;
    },
    reschedule(job, runAt, error, now) {
      s.reschedule.run({ id: job.id, runAt, error, now });
    },
    fail(job, error, now) {
      s.fail.run({ id: job.id, error, now });
    },
    release(job, runAt, now) {
      s.release.run({ id: job.id, runAt, now });
    },
    pendingCount: () => s.pending.get()?.n ?? 0,
  };
}
