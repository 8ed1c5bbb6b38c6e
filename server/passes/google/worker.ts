/**
 * Runs `google.object` jobs: a runner of its own with this one kind, started by the server (main.ts) once the
 * listeners are bound, until the composition root's shared runner takes the handler.
 */
import { createJobsRepository } from '../../jobs/jobs-repository.js';
import { createJobRunner, type JobRunner } from '../../jobs/runner.js';
import type { Services } from '../../services.js';
import { googleServices } from './google-services.js';
import { GOOGLE_OBJECT_KIND, createObjectHandler, type ObjectHandlerOptions } from './object-job.js';

export interface GoogleWorker {
  runner: JobRunner;
  wake(): void;
  idle(): Promise<void>;
  stop(timeoutMs?: number): Promise<void>;
}

export function startGoogleWorker(services: Services, options: ObjectHandlerOptions & { pollMs?: number } = {}): GoogleWorker {
  const google = googleServices(services);
  const runner = createJobRunner({
    db: services.db,
    jobs: createJobsRepository(services.db),
    now: services.now,
    log: services.log,
    pollMs: options.pollMs ?? 5_000,
  });
  runner.register(createObjectHandler(google.sync, options));
  runner.start();
  const wake = () => runner.wake(GOOGLE_OBJECT_KIND);
  google.waker.set(wake);
  return {
    runner,
    wake,
    idle: () => runner.idle(GOOGLE_OBJECT_KIND),
    async stop(timeoutMs) {
      google.waker.set(undefined);
      await runner.stop(timeoutMs);
    },
  };
}
