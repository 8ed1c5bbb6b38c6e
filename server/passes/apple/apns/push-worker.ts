/**
 * APNs pushes as a job kind (server/jobs/): the handler that sends each claimed `apns.push` row through the sender and
 * turns APNs's answer into the row's outcome, and `createPushWorker`, a runner with this one kind (tests, benchmarks
 * and the kill test's child use it; the server registers the handler on its shared runner).
 *
 * The runner commits outcomes as answers arrive, so the only pushes sent twice after a kill are those APNs had
 * received whose outcome was not committed yet: the streams in flight (at most the sender's window) plus, in the
 * default 'turn' mode, the answers of the current event-loop turn (at most COMMIT_BATCH). HTTP/2 cannot tell whether
 * a request whose answer we never read was delivered, so "at most once" would mean "maybe never"; a duplicate is
 * harmless here (the phone asks what changed and gets the same pass). push-worker-kill.test.ts measures it.
 */
import type { Db } from '../../../db/connection.js';
import { createJobsRepository } from '../../../jobs/jobs-repository.js';
import { COMMIT_BATCH, createJobRunner, type JobRunner } from '../../../jobs/runner.js';
import type { JobHandler, JobOutcome } from '../../../jobs/types.js';
import type { ApnsLog, ApnsSender } from './apns-sender.js';
import type { CredentialsProblem, PushOutcome } from './apns-outcome.js';
import { readApnsStatus, writeApnsStatus } from './apns-status.js';
import { backoffDelay, type BackoffPolicy } from './backoff.js';
import { APNS_PUSH_KIND, asPushJob, type PushPayload } from './push-outbox.js';
import { removeTokenRegistrations } from './registration-removal.js';
import type { WalletEvents } from '../../cards/wallet-events.js';

export { COMMIT_BATCH };

export interface PushHandlerOptions {
  db: Db;
  /** The sender pushes go through now; undefined while pushes wait (rows are released untouched). */
  sender: () => Pick<ApnsSender, 'send'> | undefined;
  /** The sender's topic; a row for another pass type cannot be sent with this certificate and fails. */
  topic: () => string;
  /**
   * How long a claimed row stays leased: after a crash, the rows the dead process held wait this long before any
   * runner sends them. The sender hands a row back by 80 % of it, so a live runner never outlasts its own lease.
   */
  lockMs?: number;
  /** Rows held in memory at once (queued in the sender or in flight). */
  maxClaimed?: number;
  claimBatch?: number;
  /** Attempts (429, 5xx, lost answers) before a push is given up as failed. */
  maxAttempts?: number;
  retryBackoff?: BackoffPolicy;
  /** See JobHandler.commit: 'answer' costs about a third more CPU per push (bench/apns.ts). */
  commit?: 'turn' | 'answer';
  log?: ApnsLog;
  /** Stops claiming pushes (a credentials problem: every further push would fail the same way). */
  pause(): void;
  /** Called when a credentials problem stops pushes. */
  onHalt?(problem: CredentialsProblem): void;
  /** The cards' wallet-events writer: a dead token's uninstalls are written and announced through it. */
  events?: Pick<WalletEvents, 'record'>;
}

export interface PushCounts {
  sent: number;
  removed: number;
}

export interface PushHandler extends JobHandler<PushPayload> {
  counts(): PushCounts;
  /** Re-reads the stored APNs status before (re)starting, so that only changes are written. */
  reloadStatus(): void;
}

export function createApnsPushHandler(options: PushHandlerOptions): PushHandler {
  const { db } = options;
  const retryBackoff = options.retryBackoff ?? { baseMs: 5_000, maxMs: 30 * 60_000 };
  const counts: PushCounts = { sent: 0, removed: 0 };
  let statusOk: boolean | undefined;
  let statusCode: string | undefined;
  let halted = false;

  function setStatus(ok: boolean, now: number, code?: string, message?: string): void {
    // Written on a change only: one row per outage, not one per push that met it.
    if (ok ? statusOk === true : statusOk === false && statusCode === code) return;
    statusOk = ok;
    statusCode = code;
    writeApnsStatus(db, ok ? { ok, at: now } : { ok, code: code ?? 'Unknown', message: message ?? '', at: now });
  }

  function halt(problem: CredentialsProblem, now: number): void {
    setStatus(false, now, problem.reason, problem.message);
    if (halted) return;
    halted = true;
    options.pause();
    // Outside the transaction that records it.
    if (options.onHalt) setImmediate(options.onHalt, problem);
  }

  function outcomeOf(token: string, topic: string, outcome: PushOutcome, now: () => number): JobOutcome {
    switch (outcome.kind) {
      case 'ok':
        return {
          kind: 'done',
          apply: () => {
            counts.sent++;
            setStatus(true, now());
          },
        };
      case 'remove-registration': {
        const note = `${outcome.status} ${outcome.reason}`;
        return {
          kind: 'done',
          note,
          apply: () => {
            counts.removed++;
            removeTokenRegistrations(db, token, topic, outcome.status, outcome.reason, now(), options.events);
            setStatus(true, now());
          },
        };
      }
      case 'retry':
        return { kind: 'retry', error: `${outcome.status} ${outcome.reason}` };
      case 'not-sent': {
        const closing = outcome.reason === 'SenderClosed' || outcome.reason === 'CredentialsProblem';
        return {
          kind: 'release',
          at: closing ? now() : now() + 1_000,
          ...(outcome.reason.startsWith('Unreachable') ? { apply: () => setStatus(false, now(), 'Unreachable', outcome.reason) } : {}),
        };
      }
      case 'credentials-problem':
        return { kind: 'release', at: now(), apply: () => halt(outcome, now()) };
      case 'failed':
        // The runner logs it, with the kind and the row.
        return { kind: 'fail', error: `${outcome.status} ${outcome.reason}` };
    }
  }

  const lockMs = options.lockMs ?? 10_000;
  return {
    kind: APNS_PUSH_KIND,
    batch: options.claimBatch ?? 500,
    inFlight: options.maxClaimed ?? 2_000,
    leaseMs: lockMs,
    maxAttempts: options.maxAttempts ?? 20,
    backoff: (attempts) => backoffDelay(retryBackoff, attempts),
    ...(options.commit ? { commit: options.commit } : {}),
    handle(jobs, ctx) {
      const sender = options.sender();
      const topic = options.topic();
      return jobs.map((raw) => {
        const job = asPushJob(raw);
        if (!sender) return Promise.resolve<JobOutcome>({ kind: 'release', at: ctx.now() + 1_000 });
        if (job.topic !== topic) {
          return Promise.resolve<JobOutcome>({ kind: 'fail', error: `0 TopicMismatch: the certificate pushes to ${topic}` });
        }
        return sender.send(job.token, { deadline: ctx.deadline }).then(
          (outcome) => outcomeOf(job.token, job.topic, outcome, ctx.now),
          (err: unknown) => outcomeOf(job.token, job.topic, { kind: 'not-sent', reason: String(err) }, ctx.now),
        );
      });
    },
    counts: () => ({ ...counts }),
    reloadStatus() {
      const status = readApnsStatus(db);
      statusOk = status?.ok;
      statusCode = status?.code;
      halted = false;
    },
  };
}

export interface PushWorkerOptions extends Omit<PushHandlerOptions, 'sender' | 'topic' | 'pause'> {
  sender: Pick<ApnsSender, 'send'>;
  topic: string;
  now?: () => number;
  /** When there is nothing to do, how often to look again (enqueuers call `wake()` instead of waiting). */
  pollMs?: number;
}

export interface PushWorkerStats extends PushCounts {
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

/** A runner of its own with the one `apns.push` kind, sending through `sender`. */
export function createPushWorker(options: PushWorkerOptions): PushWorker {
  const { db } = options;
  let runner: JobRunner | undefined;
  const handler = createApnsPushHandler({
    ...options,
    sender: () => options.sender,
    topic: () => options.topic,
    pause: () => runner?.pause(APNS_PUSH_KIND),
  });
  runner = createJobRunner({
    db,
    jobs: createJobsRepository(db),
    ...(options.now ? { now: options.now } : {}),
    ...(options.log ? { log: options.log } : {}),
    ...(options.pollMs ? { pollMs: options.pollMs } : {}),
  });
  runner.register(handler);
  const r = runner;
  return {
    start() {
      handler.reloadStatus();
      if (r.state(APNS_PUSH_KIND) === 'paused') r.resume(APNS_PUSH_KIND);
      else r.start();
    },
    wake: () => r.wake(APNS_PUSH_KIND),
    stop: (timeoutMs) => r.stop(timeoutMs),
    idle: () => r.idle(APNS_PUSH_KIND),
    state() {
      const s = r.state(APNS_PUSH_KIND);
      return s === 'paused' ? 'halted' : s === 'running' ? 'running' : 'stopped';
    },
    stats() {
      const s = r.stats(APNS_PUSH_KIND);
      const c = handler.counts();
      return { ...c, retried: s.retried, failed: s.failed, released: s.released, rearmed: s.rearmed };
    },
  };
}
