/** The durable job module: one repository and one runner for every kind of background work of the server. */
import type { Module } from '../module.js';
import type { Services } from '../services.js';
import { createJobsRepository, type JobsRepository } from './jobs-repository.js';
import { jobRoutes } from './routes.js';
import { createJobRunner, type JobRunner } from './runner.js';

/** Done rows are kept a week (Settings and support read them), then purged. */
const KEEP_DONE_MS = 7 * 24 * 3_600_000;
const PURGE_EVERY_MS = 3_600_000;

export interface JobsParts {
  jobs: JobsRepository;
  runner: JobRunner;
}

export function createJobs(services: Services): { parts: JobsParts; module: Module } {
  const jobs = createJobsRepository(services.db);
  const runner = createJobRunner({ db: services.db, jobs, now: services.now, log: services.log.child({ feature: 'jobs' }) });
  let purger: NodeJS.Timeout | undefined;
  const purge = () => {
    const removed = jobs.purgeDone(services.now() - KEEP_DONE_MS);
    if (removed > 0) services.log.info({ removed }, 'old finished jobs purged');
  };
  return {
    parts: { jobs, runner },
    module: {
      name: 'jobs',
      adminRoutes: [jobRoutes(services, { jobs, runner })],
      // The runner itself is started last and stopped first by the composition root (every kind registered first;
      // jobs in flight released before the parts they use close).
      start() {
        purge();
        purger = setInterval(purge, PURGE_EVERY_MS);
        purger.unref();
      },
      stop() {
        if (purger) clearInterval(purger);
      },
    },
  };
}
