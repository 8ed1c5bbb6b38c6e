/**
 * The `webhook.deliver` job kind: one try of one delivery, signed afresh (a new timestamp each try), on the Standard
 * Webhooks schedule: at once, then after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h; after the eighth failure the
 * delivery is failed for good (the Settings screen shows it; "redeliver" arms it again). An endpoint that answers
 * 410 Gone, or has failed for five days without a success, is disabled. Each try's outcome (the delivery's state, the
 * attempt in the log, the endpoint's health) is committed with the job's own: a kill leaves nothing half-recorded.
 */
import type { JobHandler, JobOutcome } from '../../jobs/types.js';
import { outbound, OutboundError } from '../outbound/outbound.js';
import { webhookHeaders } from './signature.js';
import { WEBHOOK_DELIVER_JOB, type DeliverPayload } from './webhook-messages.js';
import type { WebhooksRepository } from './webhooks-repository.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
/** Waits after the 1st, 2nd… failed try (the first try is immediate). */
export const RETRY_SCHEDULE_MS = [5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR] as const;
export const MAX_TRIES = RETRY_SCHEDULE_MS.length + 1;
/** Failing this long without one success disables the endpoint. */
export const DISABLE_AFTER_MS = 5 * 24 * HOUR;
export const DELIVERY_TIMEOUT_MS = 15 * SECOND;
/** What is read of a receiver's answer (the log keeps 1,000 characters of it). */
const MAX_RESPONSE_BYTES = 64 * 1024;

export interface DeliverJobDeps {
  repo: WebhooksRepository;
  now(): number;
  userAgent: string;
  /** Tests shorten the schedule; the spec's by default. */
  schedule?: readonly number[];
  timeoutMs?: number;
}

export function deliverJob(deps: DeliverJobDeps): JobHandler<DeliverPayload> {
  const { repo } = deps;
  const schedule = deps.schedule ?? RETRY_SCHEDULE_MS;
  const maxTries = schedule.length + 1;

  async function attempt(payload: DeliverPayload, tries: number, signal: AbortSignal): Promise<JobOutcome> {
    const delivery = repo.delivery(payload.deliveryId);
    if (!delivery) return { kind: 'done', note: 'the delivery no longer exists' };
    if (delivery.status === 'succeeded') return { kind: 'done', note: 'delivered before' };
    const endpoint = repo.endpoint(delivery.endpointId);
    if (!endpoint || !endpoint.enabled) {
      return { kind: 'fail', error: 'the endpoint is disabled', apply: () => repo.setStatus(delivery.id, 'failed') };
    }
    const started = deps.now();
    const secrets = [endpoint.secret, ...(endpoint.previousSecret && (endpoint.previousUntil ?? 0) > started ? [endpoint.previousSecret] : [])];
    const headers = {
      'content-type': 'application/json',
      'user-agent': deps.userAgent,
      ...webhookHeaders(secrets, delivery.msgId, Math.floor(started / 1000), delivery.body),
    };
    let status: number | null = null;
    let response = '';
    let error: string | null = null;
    try {
      const res = await outbound(endpoint.url, { method: 'POST', headers, body: delivery.body, timeoutMs: deps.timeoutMs ?? DELIVERY_TIMEOUT_MS, maxBytes: MAX_RESPONSE_BYTES, signal });
      status = res.status;
      response = res.body;
      if (res.redirectedTo) error = `redirected to ${res.redirectedTo} (not followed: change the endpoint's URL)`;
      else if (status < 200 || status >= 300) error = `answered ${status}`;
    } catch (err) {
      if (signal.aborted) return { kind: 'release' };
      error = err instanceof OutboundError ? err.message : String(err);
    }
    const at = deps.now();
    const record = { deliveryId: delivery.id, at, status, response, error, durationMs: at - started };
    if (error === null) {
      return {
        kind: 'done',
        note: `${status}`,
        apply: () => {
          repo.recordAttempt(record, null);
          repo.setStatus(delivery.id, 'succeeded');
          repo.markHealthy(endpoint.id);
        },
      };
    }
    if (status === 410) {
      return {
        kind: 'fail',
        error: 'the receiver answered 410 Gone: endpoint disabled',
        apply: () => {
          repo.recordAttempt(record, null);
          repo.setStatus(delivery.id, 'failed');
          repo.disable(endpoint.id, 'The receiver answered 410 Gone.', at);
        },
      };
    }
    const last = tries >= maxTries;
    const next = last ? null : at + schedule[tries - 1]!;
    const failingFor = at - (endpoint.failingSince ?? at);
    return {
      kind: 'retry',
      error,
      ...(next !== null ? { at: next } : {}),
      apply: () => {
        repo.recordAttempt(record, next);
        repo.markFailing(endpoint.id, at);
        if (last) repo.setStatus(delivery.id, 'failed');
        if (failingFor >= DISABLE_AFTER_MS) {
          repo.disable(endpoint.id, `No delivery succeeded for ${Math.round(failingFor / (24 * HOUR))} days.`, at);
        }
      },
    };
  }

  return {
    kind: WEBHOOK_DELIVER_JOB,
    // Receivers are independent: a slow one must not hold the others up.
    batch: 1,
    inFlight: 8,
    // Settled by 80 % of the lease (runner.ts): a try that times out still ends inside it.
    leaseMs: 20 * SECOND,
    maxAttempts: maxTries,
    backoff: (attempts) => schedule[Math.min(attempts, schedule.length) - 1]!,
    commit: 'answer',
    handle: (jobs, ctx) => jobs.map((job) => attempt(job.payload, job.attempts + 1, ctx.signal)),
  };
}
