/**
 * The CRM job kinds, one per CRM (`crm.klaviyo`, `crm.brevo`: a CRM that refuses its key does not hold the other up).
 * A profile job pushes the customer as they are when it runs (coalesced per customer: ten point changes in a row are
 * one push); an event job pushes one wallet or loyalty event. Paced under the CRM's limits, retried on 429 (at its
 * Retry-After) and 5xx; a refused key pauses the kind until the key is saved or tested again.
 */
import type { Happening, HappeningListener } from '../../happenings.js';
import type { JobsRepository } from '../../jobs/jobs-repository.js';
import type { JobHandler, JobOutcome } from '../../jobs/types.js';
import { CRM_EVENTS, type CrmEventKind, type CrmProfile, type CrmProvider } from './crm-provider.js';
import type { CrmProviderId, CrmRepository } from './crm-repository.js';
import { createPacer } from './pacer.js';

export type CrmJob =
  | { op: 'profile'; customerId: number }
  | { op: 'event'; customerId: number; kind: CrmEventKind; uniqueId: string; time: number; properties: Record<string, string | number | boolean> };

export const crmJobKind = (provider: CrmProviderId): string => `crm.${provider}`;

const MINUTE = 60_000;
const BACKOFF_MS = [30_000, 2 * MINUTE, 10 * MINUTE, 30 * MINUTE, 60 * MINUTE, 2 * 60 * MINUTE, 4 * 60 * MINUTE, 8 * 60 * MINUTE, 12 * 60 * MINUTE];

export interface CrmJobDeps {
  repo: CrmRepository;
  now(): number;
  /** The customer as the CRMs see them now, or undefined when they are gone. */
  profile(customerId: number): CrmProfile | undefined;
  /** The key was refused: stop claiming this kind's jobs. */
  pause(kind: string): void;
}

export function crmJob(provider: CrmProvider, deps: CrmJobDeps): JobHandler<CrmJob> {
  const pacer = createPacer(provider.ratePerSecond);
  const kind = crmJobKind(provider.id);

  async function run(job: CrmJob, signal: AbortSignal): Promise<JobOutcome> {
    const conn = deps.repo.get(provider.id);
    if (!conn || !conn.enabled) return { kind: 'done', note: `${provider.label} is not connected` };
    const profile = deps.profile(job.customerId);
    if (!profile) return { kind: 'done', note: 'the customer no longer exists' };
    try {
      await pacer.take(signal);
    } catch {
      return { kind: 'release' };
    }
    const result =
      job.op === 'profile'
        ? await provider.pushProfile(conn, profile, signal)
        : await provider.pushEvent(conn, { kind: job.kind, email: profile.email, uniqueId: job.uniqueId, time: job.time, properties: job.properties }, signal);
    if (signal.aborted) return { kind: 'release' };
    const at = deps.now();
    if (result.ok) return { kind: 'done', apply: () => deps.repo.recordSync(provider.id, at) };
    const apply = () => deps.repo.recordError(provider.id, result.error, at);
    if (result.auth) {
      // Queued before the runner's next claim: the row goes back as it was, due, and waits for a key that works
      // (saving or testing one resumes the kind; so does a restart, which tries once and pauses again).
      setImmediate(() => deps.pause(kind));
      return { kind: 'release', apply };
    }
    if (result.retry) return { kind: 'retry', error: result.error, ...(result.at !== undefined ? { at: result.at } : {}), apply };
    return { kind: 'fail', error: result.error, apply };
  }

  return {
    kind,
    batch: 1,
    inFlight: 4,
    leaseMs: 60_000,
    maxAttempts: BACKOFF_MS.length + 1,
    backoff: (attempts) => BACKOFF_MS[Math.min(attempts, BACKOFF_MS.length) - 1]!,
    handle: (jobs, ctx) => jobs.map((job) => run(job.payload, ctx.signal)),
  };
}

const PROFILE_FACTS = new Set<Happening['type']>([
  'card.installed',
  'card.uninstalled',
  'customer.enrolled',
  'customer.updated',
  'points.changed',
  'tier.changed',
]);

function eventOf(h: Happening): Omit<Extract<CrmJob, { op: 'event' }>, 'customerId'> | undefined {
  if (!(h.type in CRM_EVENTS)) return undefined;
  const base = { op: 'event' as const, kind: h.type as CrmEventKind, time: h.at };
  switch (h.type) {
    case 'card.installed':
    case 'card.uninstalled':
      return { ...base, uniqueId: `${h.type}:${h.passId}:${h.at}`, properties: { platform: h.platform } };
    case 'tier.changed':
      return { ...base, uniqueId: `${h.type}:${h.customerId}:${h.to}:${h.at}`, properties: { from: h.from, to: h.to } };
    case 'reward.redeemed':
      return { ...base, uniqueId: `${h.type}:${h.customerId}:${h.rewardId}:${h.at}`, properties: { reward: h.name.fr, cost_points: h.costPoints } };
    default:
      return undefined;
  }
}

/** Happenings → CRM jobs for every enabled connection, in the happening's transaction. */
export function crmListener(deps: { repo: CrmRepository; jobs: Pick<JobsRepository, 'enqueue'>; now(): number; wake(kind: string): void }): HappeningListener {
  const touched = new Set<string>();
  return {
    name: 'crm',
    inTransaction(h) {
      const profile = PROFILE_FACTS.has(h.type);
      const event = eventOf(h);
      if (!profile && !event) return;
      const at = deps.now();
      for (const conn of deps.repo.enabled()) {
        const kind = crmJobKind(conn.provider);
        if (profile) deps.jobs.enqueue(kind, { op: 'profile', customerId: h.customerId } satisfies CrmJob, at, { dedupeKey: `${kind}:profile:${h.customerId}` });
        if (event) deps.jobs.enqueue(kind, { ...event, customerId: h.customerId } satisfies CrmJob, at, { dedupeKey: `${kind}:event:${event.uniqueId}` });
        touched.add(kind);
      }
    },
    afterCommit() {
      for (const kind of touched) deps.wake(kind);
      touched.clear();
    },
  };
}
