/**
 * Backups as a module of the composition root: Settings → Backups (admin routes) and the `backup.daily` job kind on
 * the server's shared runner, today's row scheduled at start (daily-job.ts).
 */
import type { JobsRepository } from '../jobs/jobs-repository.js';
import type { Module } from '../module.js';
import type { Services } from '../services.js';
import { createDailyBackupHandler, scheduleDailyBackup } from './daily-job.js';
import { backupCheck } from './health-check.js';
import { backupRoutes } from './routes.js';

export function createBackups(services: Services, deps: { jobs: JobsRepository }): Module {
  const log = services.log.child({ feature: 'backups' });
  return {
    name: 'backups',
    adminRoutes: [backupRoutes(services, { jobs: deps.jobs })],
    jobs: [
      createDailyBackupHandler({
        db: services.db,
        dataDir: services.config.dataDir,
        jobs: deps.jobs,
        keep: () => services.settings.get('backups.keep') as number,
        log,
      }),
    ],
    checks: [backupCheck(services.config.dataDir)],
    start: () => scheduleDailyBackup(deps.jobs, services.now()),
  };
}
