/** Settings → CRM connectors: keys, base URLs, connection tests, and pushing every customer once (a first sync). */
import { AppError } from '../../errors.js';
import type { JobsRepository } from '../../jobs/jobs-repository.js';
import type { JobRunner } from '../../jobs/runner.js';
import type { CrmConnectionInput, CrmConnectionView } from '../schemas.js';
import type { CrmProvider } from './crm-provider.js';
import { crmJobKind, type CrmJob } from './crm-jobs.js';
import type { CrmProviderId, CrmRepository } from './crm-repository.js';

export interface CrmDeps {
  repo: CrmRepository;
  providers: Record<CrmProviderId, CrmProvider>;
  jobs: Pick<JobsRepository, 'enqueueMany' | 'counts'>;
  runner: Pick<JobRunner, 'resume' | 'wake' | 'state'>;
  now(): number;
  /** Every customer id, in pages. */
  customerIds(afterId: number, limit: number): number[];
}

export function createCrm(deps: CrmDeps) {
  const { repo } = deps;
  const provider = (id: CrmProviderId) => deps.providers[id];

  function view(id: CrmProviderId): CrmConnectionView {
    const p = provider(id);
    const c = repo.get(id);
    const kind = crmJobKind(id);
    const queue = deps.jobs.counts(deps.now()).find((q) => q.kind === kind);
    return {
      provider: id,
      label: p.label,
      connected: c !== undefined,
      apiKeyHint: c ? `…${c.apiKey.slice(-4)}` : null,
      baseUrl: c?.baseUrl ?? p.defaultBaseUrl,
      defaultBaseUrl: p.defaultBaseUrl,
      enabled: c?.enabled ?? false,
      lastTest: c && c.lastTestAt !== null ? { at: c.lastTestAt, ok: c.lastTestOk === true, message: c.lastTestMessage ?? '' } : null,
      lastSyncAt: c?.lastSyncAt ?? null,
      synced: c?.synced ?? 0,
      lastError: c && c.lastError !== null && c.lastErrorAt !== null ? { at: c.lastErrorAt, message: c.lastError } : null,
      queued: queue?.pending ?? 0,
      paused: deps.runner.state(kind) === 'paused',
    };
  }

  /** A changed or tested key gets its waiting pushes going again. */
  function resume(id: CrmProviderId): void {
    const kind = crmJobKind(id);
    if (deps.runner.state(kind) === 'paused') deps.runner.resume(kind);
    deps.runner.wake(kind);
  }

  return {
    list: (): CrmConnectionView[] => (Object.keys(deps.providers) as CrmProviderId[]).map(view),
    view,
    save(id: CrmProviderId, input: CrmConnectionInput): CrmConnectionView {
      const current = repo.get(id);
      const apiKey = input.apiKey ?? current?.apiKey;
      if (!apiKey) throw new AppError('API_KEY_REQUIRED', `Paste your ${provider(id).label} API key to connect.`, 400);
      repo.save(id, { apiKey, baseUrl: (input.baseUrl || current?.baseUrl || provider(id).defaultBaseUrl).replace(/\/+$/, ''), enabled: input.enabled ?? current?.enabled ?? true }, deps.now());
      resume(id);
      return view(id);
    },
    remove(id: CrmProviderId): void {
      repo.remove(id);
    },
    async test(id: CrmProviderId): Promise<CrmConnectionView> {
      const c = repo.get(id);
      if (!c) throw new AppError('CRM_NOT_CONNECTED', `${provider(id).label} is not connected yet: save an API key first.`, 409);
      const result = await provider(id).test(c);
      repo.recordTest(id, result.ok, result.message, deps.now());
      if (result.ok) resume(id);
      return view(id);
    },
    /** Every customer's profile queued once (coalesced with what is waiting): a first sync, or after a long outage. */
    syncAll(id: CrmProviderId): number {
      const c = repo.get(id);
      if (!c || !c.enabled) throw new AppError('CRM_NOT_CONNECTED', `${provider(id).label} is not connected.`, 409);
      const kind = crmJobKind(id);
      let queued = 0;
      for (let after = 0; ; ) {
        const ids = deps.customerIds(after, 5_000);
        if (ids.length === 0) break;
        queued += deps.jobs.enqueueMany(
          kind,
          ids.map((customerId) => ({ dedupeKey: `${kind}:profile:${customerId}`, payload: { op: 'profile', customerId } satisfies CrmJob })),
          deps.now(),
        );
        after = ids[ids.length - 1]!;
      }
      resume(id);
      return queued;
    },
  };
}

export type Crm = ReturnType<typeof createCrm>;
