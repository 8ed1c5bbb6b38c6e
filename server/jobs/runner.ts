/**
 * Drives every job kind through its handler: one loop per kind, each claiming its due rows in batches with a lease,
 * handing them to the handler with a deadline inside that lease, and committing outcomes in small transactions as
 * they come (see `commit`). So, for every kind:
 * - a row marked done is never run again (unless enqueued again);
 * - a kill leaves the claimed, unsettled rows leased until the lease runs out, then any runner takes them;
 * - the only rows run twice after a kill are those whose outcome was known but not committed yet: the handler's
 *   rows in flight, plus (in the default 'turn' mode) the outcomes of the current event-loop turn, at most
 *   COMMIT_BATCH. A handler whose effect must not repeat records it in the outcome's own transaction (`apply`) or
 *   checks for it before acting.
 */
import type { Db } from '../db/connection.js';
import type { JobsRepository } from './jobs-repository.js';
import type { Job, JobHandler, JobOutcome } from './types.js';

/** Most outcomes committed in one transaction in the 'turn' mode. */
export const COMMIT_BATCH = 128;

export interface KindStats {
  done: number;
  retried: number;
  failed: number;
  released: number;
  /** Rows enqueued again while in flight, left pending for one more run. */
  rearmed: number;
}

export type KindState = 'running' | 'paused' | 'stopped';

export interface RunnerLog {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface RunnerOptions {
  db: Db;
  jobs: JobsRepository;
  now?: () => number;
  log?: RunnerLog;
  /** When a kind has nothing to do, how often it looks again (enqueuers call `wake(kind)` instead of waiting). */
  pollMs?: number;
}


export interface JobRunner {
  /** Adds a kind (before or after start). */
  register(handler: JobHandler<never>): void;
  /** Starts every registered kind that is not paused. */
  start(): void;
  /** Look for due rows of `kind` now (after the transaction that enqueued them committed), or of every kind. */
  wake(kind?: string): void;
  /** Stops claiming for `kind`; rows in hand are settled as they come. `resume` starts it again. */
  pause(kind: string): void;
  /** Pauses `kind` and waits (up to `timeoutMs`) for its rows in hand to be settled. */
  drain(kind: string, timeoutMs?: number): Promise<void>;
  /** Removes a kind (drain it first); its rows wait in the table for a handler. */
  unregister(kind: string): void;
  resume(kind: string): void;
  state(kind: string): KindState | undefined;
  /** Resolves when `kind` (or every kind) has nothing due and nothing in hand; rows waiting for a retry may remain. */
  idle(kind?: string): Promise<void>;
  /** Stops every kind and waits (up to `timeoutMs`) for rows in hand to be settled. */
  stop(timeoutMs?: number): Promise<void>;
  stats(kind: string): KindStats;
  kinds(): string[];
}

interface Loop {
  handler: JobHandler<unknown>;
  state: KindState;
  inHand: Set<number>;
  fillQueued: boolean;
  pollTimer: NodeJS.Timeout | undefined;
  answered: Array<{ job: Job; outcome: JobOutcome }>;
  flushQueued: boolean;
  idleWaiters: Array<() => void>;
  settleWaiters: Array<() => void>;
  stats: KindStats;
  controller: AbortController;
}

const DEFAULT_LEASE_MS = 30_000;
const DEFAULT_MAX_ATTEMPTS = 10;

export function createJobRunner(options: RunnerOptions): JobRunner {
  const { db, jobs } = options;
  const clock = options.now ?? Date.now;
  const pollMs = options.pollMs ?? 1_000;
  const loops = new Map<string, Loop>();
  let started = false;

  function loopOf(kind: string): Loop {
    const loop = loops.get(kind);
    if (!loop) throw new Error(`no job handler for kind ${kind}`);
    return loop;
  }

  const resolveAll = (waiters: Array<() => void>) => {
    for (const resolve of waiters.splice(0)) resolve();
  };

  function scheduleFill(loop: Loop): void {
    if (loop.fillQueued || loop.state !== 'running') return;
    loop.fillQueued = true;
    setImmediate(() => fill(loop));
  }

  function fill(loop: Loop): void {
    loop.fillQueued = false;
    if (loop.state !== 'running' || !db.open) return;
    if (loop.pollTimer) clearTimeout(loop.pollTimer);
    loop.pollTimer = undefined;
    const { handler } = loop;
    const batch = handler.batch ?? 1;
    const inFlight = Math.max(batch, handler.inFlight ?? batch);
    const leaseMs = handler.leaseMs ?? DEFAULT_LEASE_MS;
    while (loop.inHand.size < inFlight && loop.state === 'running') {
      const now = clock();
      const claimed = jobs.claim(handler.kind, now, now + leaseMs, Math.min(batch, inFlight - loop.inHand.size));
      if (claimed.length === 0) break;
      // The handler must be done well before the lease runs out, so that no other claim overlaps this one.
      dispatch(loop, claimed, now + Math.floor(leaseMs * 0.8));
    }
    if (loop.inHand.size === 0) {
      resolveAll(loop.idleWaiters);
      loop.pollTimer = setTimeout(() => fill(loop), pollMs);
    }
  }

  function dispatch(loop: Loop, claimed: Job[], deadline: number): void {
    for (const job of claimed) loop.inHand.add(job.id);
    const failure = (err: unknown): JobOutcome => ({ kind: 'retry', error: err instanceof Error ? err.message : String(err) });
    let result: Promise<JobOutcome[]> | Array<Promise<JobOutcome>>;
    try {
      const ids = claimed.map((j) => j.id);
      const leaseMs = loop.handler.leaseMs ?? DEFAULT_LEASE_MS;
      const heartbeat = () => {
        if (db.open) jobs.extendLease(ids, clock() + leaseMs);
      };
      result = loop.handler.handle(claimed, { now: clock, signal: loop.controller.signal, deadline, heartbeat });
    } catch (err) {
      for (const job of claimed) settle(loop, job, failure(err));
      return;
    }
    if (Array.isArray(result)) {
      claimed.forEach((job, i) => {
        const outcome = result[i] ?? Promise.resolve(failure(new Error('the handler gave no outcome for this job')));
        outcome.then(
          (o) => settle(loop, job, o),
          (err: unknown) => settle(loop, job, failure(err)),
        );
      });
      return;
    }
    result.then(
      (outcomes) => claimed.forEach((job, i) => settle(loop, job, outcomes[i] ?? failure(new Error('the handler gave no outcome for this job')))),
      (err: unknown) => claimed.forEach((job) => settle(loop, job, failure(err))),
    );
  }

  function settle(loop: Loop, job: Job, outcome: JobOutcome): void {
    if (loop.handler.commit === 'answer') return commit(loop, [{ job, outcome }]);
    loop.answered.push({ job, outcome });
    if (loop.answered.length >= COMMIT_BATCH) return commit(loop, loop.answered.splice(0));
    if (!loop.flushQueued) {
      loop.flushQueued = true;
      setImmediate(() => {
        loop.flushQueued = false;
        if (loop.answered.length > 0) commit(loop, loop.answered.splice(0));
      });
    }
  }

  /** Writes outcomes in one transaction; a row stays in hand (never claimed twice here) until it is committed. */
  function commit(loop: Loop, batch: Array<{ job: Job; outcome: JobOutcome }>): void {
    if (db.open) {
      const now = clock();
      try {
        db.transaction(() => {
          for (const { job, outcome } of batch) record(loop, job, outcome, now);
        })();
      } catch (err) {
        // Nothing of this batch was recorded: its leases run out and the rows run again.
        options.log?.error({ err, kind: loop.handler.kind }, 'job outcomes could not be recorded');
      }
    }
    for (const { job } of batch) loop.inHand.delete(job.id);
    const inFlight = Math.max(loop.handler.batch ?? 1, loop.handler.inFlight ?? 1);
    if (loop.state === 'running' && loop.inHand.size <= inFlight / 2) scheduleFill(loop);
    if (loop.inHand.size === 0) {
      resolveAll(loop.settleWaiters);
      if (loop.state !== 'running') resolveAll(loop.idleWaiters);
    }
  }

  function record(loop: Loop, job: Job, outcome: JobOutcome, now: number): void {
    const { handler, stats } = loop;
    switch (outcome.kind) {
      case 'done':
        outcome.apply?.();
        stats.done++;
        if (!jobs.complete(job, now, outcome.note)) stats.rearmed++;
        return;
      case 'retry': {
        const attempts = job.attempts + 1;
        if (attempts >= (handler.maxAttempts ?? DEFAULT_MAX_ATTEMPTS)) {
          stats.failed++;
          jobs.fail(job, outcome.error, now);
          options.log?.warn({ kind: handler.kind, jobId: job.id, attempts, error: outcome.error }, 'job given up after repeated failures');
        } else {
          stats.retried++;
          jobs.retry(job, outcome.at ?? now + handler.backoff(attempts), outcome.error, now);
        }
        outcome.apply?.();
        return;
      }
      case 'fail':
        stats.failed++;
        jobs.fail(job, outcome.error, now);
        outcome.apply?.();
        options.log?.warn({ kind: handler.kind, jobId: job.id, error: outcome.error }, 'job failed; not retried');
        return;
      case 'release':
        stats.released++;
        jobs.release(job, outcome.at ?? now, now);
        outcome.apply?.();
        return;
    }
  }

  function waitSettled(loop: Loop, timeoutMs: number): Promise<void> {
    if (loop.inHand.size === 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      loop.settleWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  function halt(loop: Loop, state: 'paused' | 'stopped'): void {
    if (loop.state === 'running' || state === 'stopped') loop.state = state;
    if (loop.pollTimer) clearTimeout(loop.pollTimer);
    loop.pollTimer = undefined;
    resolveAll(loop.idleWaiters);
  }

  return {
    register(handler) {
      if (loops.has(handler.kind)) throw new Error(`job kind ${handler.kind} is registered twice`);
      const loop: Loop = {
        handler: handler as JobHandler<unknown>,
        state: 'stopped',
        inHand: new Set(),
        fillQueued: false,
        pollTimer: undefined,
        answered: [],
        flushQueued: false,
        idleWaiters: [],
        settleWaiters: [],
        stats: { done: 0, retried: 0, failed: 0, released: 0, rearmed: 0 },
        controller: new AbortController(),
      };
      loops.set(handler.kind, loop);
      if (started) {
        loop.state = 'running';
        scheduleFill(loop);
      }
    },
    start() {
      started = true;
      for (const loop of loops.values()) {
        if (loop.state !== 'stopped') continue;
        if (loop.controller.signal.aborted) loop.controller = new AbortController();
        loop.state = 'running';
        scheduleFill(loop);
      }
    },
    wake(kind) {
      if (kind === undefined) for (const loop of loops.values()) scheduleFill(loop);
      else {
        const loop = loops.get(kind);
        if (loop) scheduleFill(loop);
      }
    },
    pause(kind) {
      halt(loopOf(kind), 'paused');
    },
    async drain(kind, timeoutMs = 5_000) {
      const loop = loopOf(kind);
      halt(loop, 'paused');
      await waitSettled(loop, timeoutMs);
    },
    unregister(kind) {
      const loop = loops.get(kind);
      if (!loop) return;
      halt(loop, 'stopped');
      loops.delete(kind);
    },
    resume(kind) {
      const loop = loopOf(kind);
      if (loop.state === 'paused' || (loop.state === 'stopped' && started)) {
        if (loop.controller.signal.aborted) loop.controller = new AbortController();
        loop.state = 'running';
        scheduleFill(loop);
      }
    },
    state: (kind) => loops.get(kind)?.state,
    idle(kind) {
      const wait = (loop: Loop) => {
        if (loop.state !== 'running' && loop.inHand.size === 0) return Promise.resolve();
        return new Promise<void>((resolve) => {
          loop.idleWaiters.push(resolve);
          scheduleFill(loop);
        });
      };
      if (kind !== undefined) return wait(loopOf(kind));
      return Promise.all([...loops.values()].map(wait)).then(() => undefined);
    },
    async stop(timeoutMs = 5_000) {
      started = false;
      for (const loop of loops.values()) {
        halt(loop, 'stopped');
        loop.controller.abort();
      }
      await Promise.all([...loops.values()].map((loop) => waitSettled(loop, timeoutMs)));
    },
    stats: (kind) => ({ ...loopOf(kind).stats }),
    kinds: () => [...loops.keys()],
  };
}
