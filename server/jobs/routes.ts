/** Settings → Background work: each job kind's queue (pending, failed with the last error) and "retry now". */
import { Type } from 'typebox';
import type { Server } from '../http/fastify.js';
import { errorResponses } from '../http/schemas.js';
import type { Services } from '../services.js';
import type { JobsRepository } from './jobs-repository.js';
import type { JobRunner } from './runner.js';
import { JobKind, JobQueue, FailedJob } from './schemas.js';

export function jobRoutes(services: Services, deps: { jobs: JobsRepository; runner: JobRunner }) {
  const { jobs, runner } = deps;
  return async function (app: Server): Promise<void> {
    app.get(
      '/api/jobs',
      { config: { access: 'session' }, schema: { response: { 200: Type.Object({ items: Type.Array(JobQueue) }), ...errorResponses } } },
      async () => {
        const counts = new Map(jobs.counts(services.now()).map((c) => [c.kind, c]));
        const kinds = [...new Set([...runner.kinds(), ...counts.keys()])].sort();
        return {
          items: kinds.map((kind) => ({
            kind,
            pending: 0,
            due: 0,
            running: 0,
            failed: 0,
            lastError: null,
            lastFailedAt: null,
            ...counts.get(kind),
            state: runner.state(kind) ?? ('idle' as const),
          })),
        };
      },
    );

    app.get(
      '/api/jobs/:kind/failed',
      {
        config: { access: 'session' },
        schema: { params: Type.Object({ kind: JobKind }), response: { 200: Type.Object({ items: Type.Array(FailedJob) }), ...errorResponses } },
      },
      async (request) => ({ items: jobs.failed(request.params.kind, 50).map(({ kind: _kind, ...rest }) => rest) }),
    );

    app.post(
      '/api/jobs/:kind/retry',
      {
        config: { access: 'session' },
        schema: { params: Type.Object({ kind: JobKind }), response: { 200: Type.Object({ retried: Type.Integer() }), ...errorResponses } },
      },
      async (request) => {
        const retried = jobs.retryFailed(request.params.kind, services.now());
        runner.wake(request.params.kind);
        return { retried };
      },
    );
  };
}
