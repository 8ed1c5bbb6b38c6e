/**
 * The `jobs` table, its only reader and writer (types.ts says what a job is).
 *
 * A row is claimed by setting `locked_until` (its lease); a crash leaves the lease to run out and any runner claims
 * the row again. Enqueueing under a dedupe key keeps one live row per key: a pending row takes the new payload (its
 * run time, attempts and last error stay: a row waiting for its retry keeps waiting); a done or failed row is armed
 * again from scratch; a claimed row is also bumped to a new generation, so that the outcome of the claim in flight
 * does not mark it done (see `complete`).
 */
import type { Db } from '../db/connection.js';
import type { EnqueueOptions, Job } from './types.js';

export interface EnqueueRow {
  dedupeKey?: string | null;
  payload: unknown;
  runAt?: number;
}

export interface KindCounts {
  kind: string;
  pending: number;
  /** Pending and due now (not waiting for a retry time). */
  due: number;
  /** Claimed by a runner and not settled. */
  running: number;
  failed: number;
  lastError: string | null;
  lastFailedAt: number | null;
}

export interface FailedJob {
  id: number;
  kind: string;
  dedupeKey: string | null;
  attempts: number;
  lastError: string | null;
  updatedAt: number;
}

interface Row {
  id: number;
  kind: string;
  dedupe_key: string | null;
  payload: string;
  attempts: number;
  generation: number;
  run_at: number;
  created_at: number;
}

const COALESCE = `ON CONFLICT (dedupe_key) DO UPDATE SET
         payload    = excluded.payload,
         generation = jobs.generation + 1,
         status     = 'pending',
         attempts   = CASE WHEN jobs.status = 'pending' THEN jobs.attempts ELSE 0 END,
         run_at     = CASE WHEN jobs.status = 'pending' THEN jobs.run_at ELSE excluded.run_at END,
         last_error = CASE WHEN jobs.status = 'pending' THEN jobs.last_error ELSE NULL END,
         updated_at = excluded.updated_at`;

function parse(payload: string): unknown {
  try {
    return JSON.parse(payload);
  } catch {
    return null;
  }
}

export function createJobsRepository(db: Db) {
  const insert = db.prepare<{ kind: string; key: string | null; payload: string; runAt: number; now: number }, { id: number }>(
    `INSERT INTO jobs (kind, dedupe_key, payload, status, attempts, run_at, created_at, updated_at)
     VALUES (@kind, @key, @payload, 'pending', 0, @runAt, @now, @now)
     ${COALESCE}
     RETURNING id`,
  );
  // Thousands of rows in one statement: json_each takes them all in one bound parameter.
  const insertMany = db.prepare<{ kind: string; rows: string; now: number }>(
    `INSERT INTO jobs (kind, dedupe_key, payload, status, attempts, run_at, created_at, updated_at)
     SELECT @kind, j.value ->> '$.k', j.value ->> '$.p', 'pending', 0, coalesce(j.value ->> '$.r', @now), @now, @now
     FROM json_each(@rows) AS j WHERE true
     ${COALESCE}`,
  );
  const claim = db.prepare<{ kind: string; now: number; lockUntil: number; limit: number }, Row>(
    `UPDATE jobs SET locked_until = @lockUntil, updated_at = @now
     WHERE id IN (
       SELECT id FROM jobs
       WHERE status = 'pending' AND kind = @kind AND run_at <= @now AND (locked_until IS NULL OR locked_until < @now)
       ORDER BY run_at LIMIT @limit)
     RETURNING id, kind, dedupe_key, payload, attempts, generation, run_at, created_at`,
  );
  const done = db.prepare<{ id: number; generation: number; note: string | null; now: number }>(
    `UPDATE jobs SET status = 'done', locked_until = NULL, last_error = @note, updated_at = @now
     WHERE id = @id AND status = 'pending' AND generation = @generation`,
  );
  const rearm = db.prepare<{ id: number; now: number }>(
    `UPDATE jobs SET locked_until = NULL, run_at = @now, updated_at = @now WHERE id = @id AND status = 'pending'`,
  );
  const retry = db.prepare<{ id: number; runAt: number; error: string; now: number }>(
    `UPDATE jobs SET attempts = attempts + 1, run_at = @runAt, locked_until = NULL, last_error = @error, updated_at = @now
     WHERE id = @id AND status = 'pending'`,
  );
  const fail = db.prepare<{ id: number; error: string; now: number }>(
    `UPDATE jobs SET status = 'failed', attempts = attempts + 1, locked_until = NULL, last_error = @error, updated_at = @now
     WHERE id = @id AND status = 'pending'`,
  );
  const release = db.prepare<{ id: number; runAt: number; now: number }>(
    `UPDATE jobs SET locked_until = NULL, run_at = max(run_at, @runAt), updated_at = @now WHERE id = @id AND status = 'pending'`,
  );
  const extend = db.prepare<{ ids: string; lockUntil: number }>(
    `UPDATE jobs SET locked_until = @lockUntil WHERE id IN (SELECT value FROM json_each(@ids)) AND status = 'pending'`,
  );
  const pendingOf = db.prepare<[string], { n: number }>(`SELECT count(*) AS n FROM jobs WHERE status = 'pending' AND kind = ?`);
  const counts = db.prepare<{ now: number }, Omit<KindCounts, 'lastError' | 'lastFailedAt'>>(
    `SELECT kind,
            count(*) FILTER (WHERE status = 'pending') AS pending,
            count(*) FILTER (WHERE status = 'pending' AND run_at <= @now) AS due,
            count(*) FILTER (WHERE status = 'pending' AND locked_until >= @now) AS running,
            count(*) FILTER (WHERE status = 'failed') AS failed
     FROM jobs WHERE status IN ('pending', 'failed') GROUP BY kind`,
  );
  const lastFailure = db.prepare<[string], { last_error: string | null; updated_at: number }>(
    `SELECT last_error, updated_at FROM jobs WHERE kind = ? AND status = 'failed' ORDER BY updated_at DESC LIMIT 1`,
  );
  const failedOf = db.prepare<[string, number], { id: number; kind: string; dedupe_key: string | null; attempts: number; last_error: string | null; updated_at: number }>(
    `SELECT id, kind, dedupe_key, attempts, last_error, updated_at FROM jobs
     WHERE kind = ? AND status = 'failed' ORDER BY updated_at DESC LIMIT ?`,
  );
  const retryFailed = db.prepare<{ kind: string; now: number }>(
    `UPDATE jobs SET status = 'pending', attempts = 0, run_at = @now, locked_until = NULL, updated_at = @now
     WHERE kind = @kind AND status = 'failed'`,
  );
  const purge = db.prepare<[number]>(`DELETE FROM jobs WHERE status = 'done' AND updated_at < ?`);
  const byKey = db.prepare<[string], { status: string; payload: string; run_at: number }>(
    'SELECT status, payload, run_at FROM jobs WHERE dedupe_key = ?',
  );

  const toJob = (r: Row): Job => ({
    id: r.id,
    kind: r.kind,
    dedupeKey: r.dedupe_key,
    payload: parse(r.payload),
    attempts: r.attempts,
    generation: r.generation,
    runAt: r.run_at,
    createdAt: r.created_at,
  });

  return {
    /** Queues one job (inside the caller's transaction when there is one); returns its row id. */
    enqueue(kind: string, payload: unknown, now: number, opts: EnqueueOptions = {}): number {
      return insert.get({ kind, key: opts.dedupeKey ?? null, payload: JSON.stringify(payload), runAt: opts.runAt ?? now, now })!.id;
    },

    /** Queues many jobs of one kind in one statement; returns how many rows were inserted or armed again. */
    enqueueMany(kind: string, rows: readonly EnqueueRow[], now: number): number {
      if (rows.length === 0) return 0;
      const json = JSON.stringify(rows.map((r) => ({ k: r.dedupeKey ?? null, p: JSON.stringify(r.payload), r: r.runAt ?? null })));
      return insertMany.run({ kind, rows: json, now }).changes;
    },

    /** Leases up to `limit` due rows of `kind` until `lockUntil`. */
    claim(kind: string, now: number, lockUntil: number, limit: number): Job[] {
      return claim.all({ kind, now, lockUntil, limit }).map(toJob);
    },

    /** Marks the claimed generation done; false when the row was enqueued again meanwhile (then it is due again now). */
    complete(job: Pick<Job, 'id' | 'generation'>, now: number, note?: string): boolean {
      if (done.run({ id: job.id, generation: job.generation, note: note ?? null, now }).changes === 1) return true;
      rearm.run({ id: job.id, now });
      return false;
    },
    retry(job: Pick<Job, 'id'>, runAt: number, error: string, now: number): void {
      retry.run({ id: job.id, runAt, error, now });
    },
    fail(job: Pick<Job, 'id'>, error: string, now: number): void {
      fail.run({ id: job.id, error, now });
    },
    /** Gives the row back unattempted, due again at `runAt` at the earliest. */
    release(job: Pick<Job, 'id'>, runAt: number, now: number): void {
      release.run({ id: job.id, runAt, now });
    },

    /** Keeps claimed rows leased until `lockUntil` (a long job still at work). */
    extendLease(ids: readonly number[], lockUntil: number): void {
      extend.run({ ids: JSON.stringify(ids), lockUntil });
    },
    pendingCount: (kind: string): number => pendingOf.get(kind)?.n ?? 0,
    /** Each kind's queue, for Settings. */
    counts(now: number): KindCounts[] {
      return counts.all({ now }).map((c) => {
        const last = c.failed > 0 ? lastFailure.get(c.kind) : undefined;
        return { ...c, lastError: last?.last_error ?? null, lastFailedAt: last?.updated_at ?? null };
      });
    },
    failed(kind: string, limit = 20): FailedJob[] {
      return failedOf.all(kind, limit).map((r) => ({
        id: r.id,
        kind: r.kind,
        dedupeKey: r.dedupe_key,
        attempts: r.attempts,
        lastError: r.last_error,
        updatedAt: r.updated_at,
      }));
    },
    /** "Retry now": every failed row of the kind pending again, attempts from zero. */
    retryFailed: (kind: string, now: number): number => retryFailed.run({ kind, now }).changes,
    /** Deletes done rows last touched before `before`. */
    purgeDone: (before: number): number => purge.run(before).changes,
    /** The row under a dedupe key (tests, and handlers checking their own state). */
    byKey(key: string): { status: string; payload: unknown; runAt: number } | undefined {
      const r = byKey.get(key);
      return r ? { status: r.status, payload: parse(r.payload), runAt: r.run_at } : undefined;
    },
  };
}

export type JobsRepository = ReturnType<typeof createJobsRepository>;
