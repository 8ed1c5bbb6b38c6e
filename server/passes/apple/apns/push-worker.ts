/**
 * Drains the push outbox through the APNs sender.
 *
 * It claims due rows in batches (a lock of `lockMs`), hands them to the sender with a deadline inside that lock, and
 * commits outcomes in small transactions as the answers arrive (see `commit`). So:
 * - a row marked done is never sent again;
 * - a kill leaves the claimed, unfinished rows locked until the lock runs out, then any worker sends them;
 * - the only pushes sent twice are those APNs had received when the process died but whose outcome had not been
 *   committed yet: the streams in flight at that moment (at most the sender's window), plus, in the default 'turn'
 *   mode, the answers of the current event-loop turn (at most COMMIT_BATCH). HTTP/2 cannot tell us whether a request
 *   whose answer we never read was delivered, so "at most once" would mean "maybe never"; a duplicate is harmless
 *   here (the phone asks what changed and gets the same pass). push-worker-kill.test.ts measures it.
 */
import type { Db } from '../../../db/connection.js';
import type { ApnsLog, ApnsSender } from './apns-sender.js';
import type { CredentialsProblem, PushOutcome } from './apns-outcome.js';
import { readApnsStatus, writeApnsStatus } from './apns-status.js';
import { backoffDelay, type BackoffPolicy } from './backoff.js';
import { createPushOutbox, type PushJob } from './push-outbox.js';
import { removeTokenRegistrations } from './registration-removal.js';

export interface PushWorkerOptions {
  db: Db;
  sender: Pick<ApnsSender, 'send'>;
  /** The sender's topic; a row for another pass type cannot be sent with this certificate and fails. */
  topic: string;
  now?: () => number;
  /**
   * How long a claimed row stays locked: after a crash, the rows the dead process held wait this long before any
   * worker sends them. The sender hands a row back by 80 % of it, so a live worker never outlasts its own lock.
   */
  lockMs?: number;
  /** When there is nothing to do, how often to look again (enqueuers call `wake()` instead of waiting). */
  pollMs?: number;
  /** Rows held in memory at once (queued in the sender or in flight). */
  maxClaimed?: number;
  claimBatch?: number;
  /** Attempts (429, 5xx, lost answers) before a push is given up as failed. */
  maxAttempts?: number;
  retryBackoff?: BackoffPolicy;
  /**
   * When outcomes are committed. 'turn' (default): the answers that arrived in one turn of the event loop, in one
   * transaction at its end, at most COMMIT_BATCH rows. 'answer': one transaction per answer, before the stream that
   * replaces it leaves the process. After a kill, the pushes sent twice are those APNs had received whose outcome
   * was not committed: at most the window with 'answer'; with 'turn', the window plus the batch not yet committed
   * (their replacements may already be on the wire). 'answer' costs a WAL append per push and a checkpoint, with its
   * fsyncs, every thousand or so: about a third more CPU per push through the outbox, measured in bench/apns.ts.
   */
  commit?: 'turn' | 'answer';
  log?: ApnsLog;
  /** Called when a credentials problem stops the worker. */
  onHalt?(problem: CredentialsProblem): void;
}

/** Most outcomes committed in one transaction in the 'turn' mode. */
export const COMMIT_BATCH = 128;

export interface PushWorkerStats {
  sent: number;
  removed: number;
  retried: number;
  failed: number;
  released: number;
  /** Rows queued again while in flight, left pending for one more push. */
  rearmed: number;
}

export interface PushWorker {
  start(): void;
  /** Look for due rows now (after `enqueuePushes` committed). */
  wake(): void;
  /** Stops claiming and waits (up to `timeoutMs`) for the rows in hand to be settled. */
  stop(timeoutMs?: number): Promise<void>;
  /** Resolves when nothing is due and nothing is in hand (rows waiting for a retry time may remain). */
  idle(): Promise<void>;
  state(): 'running' | 'stopped' | 'halted';
  stats(): PushWorkerStats;
}

export function createPushWorker(options: PushWorkerOptions): PushWorker {
  const { db, sender, topic } = options;
  const clock = options.now ?? Date.now;
  const lockMs = options.lockMs ?? 10_000;
  const pollMs = options.pollMs ?? 1_000;
  const maxClaimed = options.maxClaimed ?? 2_000;
  const claimBatch = options.claimBatch ?? 500;
  const maxAttempts = options.maxAttempts ?? 20;
  const retryBackoff = options.retryBackoff ?? { baseMs: 5_000, maxMs: 30 * 60_000 };
  const outbox = createPushOutbox(db);
  const commitPerAnswer = options.commit === 'answer';
  const answered: Array<{ job: PushJob; outcome: PushOutcome }> = [];
  let flushQueued = false;

  let state: 'running' | 'stopped' | 'halted' = 'stopped';
  const inHand = new Set<number>();
  let fillQueued = false;
  let pollTimer: NodeJS.Timeout | undefined;
  const idleWaiters: Array<() => void> = [];
  const stopWaiters: Array<() => void> = [];
  let statusOk: boolean | undefined;
  let statusCode: string | undefined;
  const stats: PushWorkerStats = { sent: 0, removed: 0, retried: 0, failed: 0, released: 0, rearmed: 0 };

  function setStatus(ok: boolean, now: number, code?: string, message?: string): void {
    // Written on a change only: one row per outage, not one per push that met it.
    if (ok ? statusOk === true : statusOk === false && statusCode === code) return;
    statusOk = ok;
    statusCode = code;
    writeApnsStatus(db, ok ? { ok, at: now } : { ok, code: code ?? 'Unknown', message: message ?? '', at: now });
  }

  function scheduleFill(): void {
    if (fillQueued || state !== 'running') return;
    fillQueued = true;
    setImmediate(fill);
  }

  function fill(): void {
    fillQueued = false;
    if (state !== 'running' || !db.open) return;
    if (pollTimer) clearTimeout(pollTimer);
    pollTimer = undefined;
    while (inHand.size < maxClaimed) {
      const now = clock();
      const jobs = outbox.claim(now, now + lockMs, Math.min(claimBatch, maxClaimed - inHand.size));
      // The sender gives up on a row well before its lock runs out, so no other claim can overlap it.
      const deadline = now + Math.floor(lockMs * 0.8);
      for (const job of jobs) dispatch(job, deadline);
      if (jobs.length === 0) break;
    }
    if (inHand.size === 0) {
      resolveAll(idleWaiters);
      pollTimer = setTimeout(fill, pollMs);
    }
  }

  function resolveAll(waiters: Array<() => void>): void {
    for (const resolve of waiters.splice(0)) resolve();
  }

  function dispatch(job: PushJob, deadline: number): void {
    if (inHand.has(job.id)) return;
    inHand.add(job.id);
    if (job.topic !== topic) {
      settle(job, { kind: 'failed', status: 0, reason: `TopicMismatch: the certificate pushes to ${topic}` });
      return;
    }
    sender.send(job.token, { deadline }).then(
      (outcome) => settle(job, outcome),
      (err: unknown) => settle(job, { kind: 'not-sent', reason: String(err) }),
    );
  }

  function settle(job: PushJob, outcome: PushOutcome): void {
    if (commitPerAnswer) return commit([{ job, outcome }]);
    answered.push({ job, outcome });
    if (answered.length >= COMMIT_BATCH) return commit(answered.splice(0));
    if (!flushQueued) {
      flushQueued = true;
      setImmediate(flush);
    }
  }

  function flush(): void {
    flushQueued = false;
    if (answered.length > 0) commit(answered.splice(0));
  }

  /** Writes outcomes in one transaction; a row stays in hand (never claimed twice) until its outcome is committed. */
  function commit(batch: Array<{ job: PushJob; outcome: PushOutcome }>): void {
    if (db.open) {
      const now = clock();
      db.transaction(() => {
        for (const { job, outcome } of batch) record(job, outcome, now);
      })();
    }
    for (const { job } of batch) inHand.delete(job.id);
    if (state === 'running' && inHand.size <= maxClaimed / 2) scheduleFill();
    if (inHand.size === 0 && state !== 'running') {
      resolveAll(stopWaiters);
      resolveAll(idleWaiters);
    }
  }

  function record(job: PushJob, outcome: PushOutcome, now: number): void {
    switch (outcome.kind) {
      case 'ok':
        stats.sent++;
        if (!outbox.done(job, now)) stats.rearmed++;
        setStatus(true, now);
        return;
      case 'remove-registration': {
        stats.removed++;
        const note = `${outcome.status} ${outcome.reason}`;
        db.transaction(() => {
          removeTokenRegistrations(db, job.token, job.topic, outcome.status, outcome.reason, now);
          outbox.done(job, now, note);
        })();
        setStatus(true, now);
        return;
      }
      case 'retry': {
        const attempts = job.attempts + 1;
        const error = `${outcome.status} ${outcome.reason}`;
        if (attempts >= maxAttempts) {
          stats.failed++;
          outbox.fail(job, error, now);
          options.log?.warn({ jobId: job.id, attempts, error }, 'APNs push given up after repeated failures');
        } else {
          stats.retried++;
          outbox.reschedule(job, now + backoffDelay(retryBackoff, attempts), error, now);
        }
        return;
      }
      case 'not-sent': {
        stats.released++;
        const closing = outcome.reason === 'SenderClosed' || outcome.reason === 'CredentialsProblem';
        outbox.release(job, closing ? now : now + 1_000, now);
        if (outcome.reason.startsWith('Unreachable')) setStatus(false, now, 'Unreachable', outcome.reason);
        return;
      }
      case 'credentials-problem':
        stats.released++;
        outbox.release(job, now, now);
        halt(outcome, now);
        return;
      case 'failed':
        stats.failed++;
        outbox.fail(job, `${outcome.status} ${outcome.reason}`, now);
        options.log?.warn({ jobId: job.id, status: outcome.status, reason: outcome.reason }, 'APNs refused a push; not retried');
        return;
    }
  }

  function halt(problem: CredentialsProblem, now: number): void {
    if (state === 'halted') return;
    state = 'halted';
    if (pollTimer) clearTimeout(pollTimer);
    pollTimer = undefined;
    setStatus(false, now, problem.reason, problem.message);
    // Outside the transaction that records it.
    if (options.onHalt) setImmediate(options.onHalt, problem);
  }

  return {
    start() {
      if (state === 'running') return;
      const status = readApnsStatus(db);
      statusOk = status?.ok;
      statusCode = status?.code;
      state = 'running';
      scheduleFill();
    },
    wake: scheduleFill,
    async stop(timeoutMs = 5_000) {
      if (state === 'running') state = 'stopped';
      if (pollTimer) clearTimeout(pollTimer);
      pollTimer = undefined;
      resolveAll(idleWaiters);
      if (inHand.size === 0) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        stopWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
    idle() {
      if (state !== 'running' && inHand.size === 0) return Promise.resolve();
      return new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        scheduleFill();
      });
    },
    state: () => state,
    stats: () => ({ ...stats }),
  };
}
