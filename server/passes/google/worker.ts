/**
 * `google.object` jobs on a runner of their own: for the kill test's child process and the benchmark, which run the
 * Google parts without the rest of the server. The server registers the same handler on its shared runner.
 */
import type { Db } from '../../db/connection.js';
import { createJobsRepository } from '../../jobs/jobs-repository.js';
import { createJobRunner, type JobRunner } from '../../jobs/runner.js';
import type { GoogleParts } from './google-parts.js';
import { GOOGLE_OBJECT_KIND, createObjectHandler, type ObjectHandlerOptions } from './object-job.js';

export interface GoogleWorker {
  runner: JobRunner;
  idle(): Promise<void>;
  stop(timeoutMs?: number): Promise<void>;
}

export function startGoogleWorker(db: Db, google: Pick<GoogleParts, 'sync'>, options: ObjectHandlerOptions & { pollMs?: number } = {}): GoogleWorker {
  const runner = createJobRunner({ db, jobs: createJobsRepository(db), pollMs: options.pollMs ?? 5_000 });
  runner.register(createObjectHandler(google.sync, options) as never);
  runner.start();
  return { runner, idle: () => runner.idle(GOOGLE_OBJECT_KIND), stop: (timeoutMs) => runner.stop(timeoutMs) };
}
