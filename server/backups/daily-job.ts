/**
 * Automatic daily backups as a job kind (`backup.daily`, server/jobs/). One row per calendar day (dedupe key
 * `backup.daily:<day>`): the server schedules today's at start if there is none, and each run schedules the next
 * day's in the same transaction that marks it done, so a stopped computer simply backs up at its next start.
 *
 * A run is idempotent: if today's file exists (a second row for the same day, a run repeated after a kill) it is
 * not written again. Each backup is verified before it is renamed into place (db/backup.ts: quick_check and schema
 * version), so a failed verification is a failed run: retried with backoff, then kept as a failed job with its error.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { backupDatabase } from '../db/backup.js';
import type { Db } from '../db/connection.js';
import { ensurePrivateDir } from '../db/private-files.js';
import type { JobsRepository } from '../jobs/jobs-repository.js';
import type { JobHandler, JobOutcome } from '../jobs/types.js';
import { backupsDir, dailyName, localDay, pruneDaily } from './backup-files.js';

export const BACKUP_DAILY_KIND = 'backup.daily';
/** After a start, the day's backup waits this long: phones and the admin come first. */
export const START_DELAY_MS = 2 * 60_000;
/** Past local midnight, when the next day's backup is due (the computer may well be off: then at its next start). */
const AFTER_MIDNIGHT_MS = 10 * 60_000;

export const dailyKey = (day: string): string => `${BACKUP_DAILY_KIND}:${day}`;

export interface DailyBackupDeps {
  db: Db;
  dataDir: string;
  jobs: JobsRepository;
  /** The `backups.keep` setting, read at each run. */
  keep: () => number;
  log?: { info(obj: object, msg: string): void };
}

/** Local midnight after `now`, plus a margin. */
export function nextDayStart(now: number): number {
  const d = new Date(now);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).getTime() + AFTER_MIDNIGHT_MS;
}

/** Today's row, unless it exists already (pending, done or failed). */
export function scheduleDailyBackup(jobs: JobsRepository, now: number): void {
  const key = dailyKey(localDay(now));
  if (jobs.byKey(key) === undefined) jobs.enqueue(BACKUP_DAILY_KIND, {}, now, { dedupeKey: key, runAt: now + START_DELAY_MS });
}

export function createDailyBackupHandler(deps: DailyBackupDeps): JobHandler<Record<string, never>> {
  return {
    kind: BACKUP_DAILY_KIND,
    // A large database takes a while to copy and check; another runner must not start the same day meanwhile.
    leaseMs: 15 * 60_000,
    maxAttempts: 5,
    backoff: (attempts) => Math.min(6 * 3_600_000, 5 * 60_000 * 2 ** (attempts - 1)),
    async handle(jobs, ctx): Promise<JobOutcome[]> {
      const now = ctx.now();
      const day = localDay(now);
      const dir = backupsDir(deps.dataDir);
      ensurePrivateDir(dir);
      const file = join(dir, dailyName(day));
      const wrote = !existsSync(file);
      if (wrote) await backupDatabase(deps.db, file);
      const pruned = pruneDaily(deps.dataDir, deps.keep());
      if (wrote) deps.log?.info({ backup: dailyName(day), pruned }, 'daily backup written and verified');
      const next = nextDayStart(now);
      const nextKey = dailyKey(localDay(next));
      return jobs.map(() => ({
        kind: 'done',
        note: wrote ? dailyName(day) : `${dailyName(day)} (already there)`,
        apply: () => {
          deps.jobs.enqueue(BACKUP_DAILY_KIND, {}, now, { dedupeKey: nextKey, runAt: next });
        },
      }));
    },
  };
}

/** For Settings → Backups: when the next automatic backup is due, and the last one that failed for good. */
export function dailyBackupStatus(jobs: JobsRepository, now: number): { nextAt: number | null; lastError: { message: string; at: number } | null } {
  const pendingAt = (day: string) => {
    const row = jobs.byKey(dailyKey(day));
    return row?.status === 'pending' ? row.runAt : undefined;
  };
  const failed = jobs.failed(BACKUP_DAILY_KIND, 1)[0];
  return {
    nextAt: pendingAt(localDay(now)) ?? pendingAt(localDay(nextDayStart(now))) ?? null,
    lastError: failed ? { message: failed.lastError ?? 'failed', at: failed.updatedAt } : null,
  };
}
