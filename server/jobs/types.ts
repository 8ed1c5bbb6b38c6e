/**
 * Durable background work: every kind of it (APNs pushes, bulk exports, Google object updates, webhook deliveries,
 * campaign sends, automation ticks, daily backups) is a row of the `jobs` table and a handler of its kind. The
 * repository (jobs-repository.ts) enqueues, claims with a lease, and records outcomes; the runner (runner.ts) drives
 * one loop per kind through its handler. A crash or a kill leaves claimed rows leased: when the lease runs out, any
 * runner claims them again, so handlers must be idempotent (a push sent twice is harmless; a message sent twice is
 * not, so such handlers check their own "already sent" record before acting).
 */

export interface Job<P = unknown> {
  id: number;
  kind: string;
  dedupeKey: string | null;
  payload: P;
  /** Failed attempts so far (a release does not count). */
  attempts: number;
  /** Bumped each time the row is enqueued again while claimed: an outcome for an older generation re-arms the row. */
  generation: number;
  runAt: number;
  createdAt: number;
}

export type JobOutcome = (
  /** Finished. `note` is kept on the row (e.g. "410 Unregistered"). */
  | { kind: 'done'; note?: string }
  /** Failed this time; tried again after the handler's backoff for this attempt (or at `at`: a Retry-After). */
  | { kind: 'retry'; error: string; at?: number }
  /** Failed for good (dead letter): kept as failed with the error, shown in Settings, "retry now" arms it again. */
  | { kind: 'fail'; error: string }
  /** Not attempted (the sender is closing, the credentials are missing): back to pending, no attempt counted. */
  | { kind: 'release'; at?: number }
) & {
  /**
   * Work recorded in the same transaction as the row's new state (synchronous SQL only): "sent" marks of a campaign,
   * a dead device's registrations removed. Committed together, so a kill cannot keep one without the other.
   */
  apply?: () => void;
};

export interface JobContext {
  now(): number;
  /** Aborted when the runner stops: long jobs (a bulk export) stop at the next safe point and `release`. */
  signal: AbortSignal;
  /** The time by which every outcome of this claim must be settled (the lease minus a margin). */
  deadline: number;
  /** Extends the lease of this claim's rows by the handler's lease time (long jobs call it as they progress). */
  heartbeat(): void;
}

/** How long to wait before attempt n+1 after n failed attempts (n ≥ 1). */
export type Backoff = (attempts: number) => number;

export interface JobHandler<P = unknown> {
  kind: string;
  /** Rows claimed at once and given to one handle() call (default 1). */
  batch?: number;
  /** Rows held at once across handle() calls in flight (default: batch). */
  inFlight?: number;
  /** How long a claim holds its rows (default 30 s): a dead process's rows wait this long before another run. */
  leaseMs?: number;
  /** Failed attempts before a row is dead-lettered (default 10). */
  maxAttempts?: number;
  backoff: Backoff;
  /**
   * When outcomes are committed. 'turn' (default): the outcomes known in one turn of the event loop, in one
   * transaction at its end (at most COMMIT_BATCH, runner.ts). 'answer': one transaction per outcome, before the
   * handler's next row starts: fewer repeats after a kill, one WAL append per row.
   */
  commit?: 'turn' | 'answer';
  /**
   * Handles claimed rows. Returns one outcome per job, in the order given: either a promise of the whole array, or
   * an array of promises so that each outcome is committed as soon as it is known (APNs answers stream back one by
   * one). A thrown error or rejected promise counts as `retry` with its message.
   */
  handle(jobs: Array<Job<P>>, ctx: JobContext): Promise<JobOutcome[]> | Array<Promise<JobOutcome>>;
}

export interface EnqueueOptions {
  /** One live row per key: enqueueing a key again while pending coalesces (the new payload replaces the old). */
  dedupeKey?: string;
  /** Not before (epoch ms); default now. */
  runAt?: number;
}
