/** Checks of the machine and the data folder: database integrity, free disk space (backups/ has its own). */
import { statfsSync } from 'node:fs';
import type { Db } from '../db/connection.js';
import { fail, ok, skip, warn, type HealthCheck } from './types.js';

const MB = 1024 * 1024;
/** Below this the database cannot grow through a campaign or a backup: a failure. */
export const DISK_FAIL_BYTES = 500 * MB;
export const DISK_WARN_BYTES = 2 * 1024 * MB;

export function databaseCheck(db: Db): HealthCheck {
  return {
    id: 'database',
    title: 'Database',
    run() {
      // quick_check reads every page but skips index-content checks: seconds on a large database, not minutes.
      const rows = db.prepare<[], { quick_check: string }>('PRAGMA quick_check(5)').all();
      const problems = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
      if (problems.length === 0) return ok('DATABASE_OK', 'The database is in one piece (SQLite quick_check).');
      return fail('DATABASE_DAMAGED', `The database is damaged (${problems[0]}): restore the last backup (passerelle restore) and keep the damaged file.`);
    },
  };
}

export function diskCheck(dataDir: string): HealthCheck {
  return {
    id: 'disk',
    title: 'Disk space',
    run() {
      let free: number;
      try {
        const stats = statfsSync(dataDir);
        free = stats.bavail * stats.bsize;
      } catch (err) {
        return skip('DISK_UNKNOWN', `Free space of ${dataDir} unknown (${(err as NodeJS.ErrnoException).code ?? 'error'}).`);
      }
      const text = free >= 10 * 1024 * MB ? `${Math.round(free / (1024 * MB))} GB` : `${Math.round(free / MB)} MB`;
      if (free < DISK_FAIL_BYTES) return fail('DISK_FULL', `Only ${text} free where the data lives: free some space before the database or a backup fills it.`, { free: text });
      if (free < DISK_WARN_BYTES) return warn('DISK_LOW', `${text} free where the data lives: exports and backups will need more soon.`, { free: text });
      return ok('DISK_OK', `${text} free where the data lives.`, { free: text });
    },
  };
}
