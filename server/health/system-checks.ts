/** Checks of the machine and the data folder: database integrity, the last backup, free disk space. */
import { readdirSync, statSync, statfsSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../db/connection.js';
import { fail, ok, skip, warn, type HealthCheck } from './types.js';

const DAY = 86_400_000;
const MB = 1024 * 1024;
/** Below this the database cannot grow through a campaign or a backup: a failure. */
export const DISK_FAIL_BYTES = 500 * MB;
export const DISK_WARN_BYTES = 2 * 1024 * MB;
/** Backups older than this are a warning: a week of cards and points could be lost. */
export const BACKUP_WARN_AGE_MS = 7 * DAY;

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

/** Backups of the data folder's backups/ (daily and on request), newest first by modification time. */
function newestBackup(dataDir: string): { name: string; at: number } | undefined {
  const folder = join(dataDir, 'backups');
  let names: string[];
  try {
    names = readdirSync(folder).filter((n) => n.endsWith('.sqlite') && !n.includes('before-restore') && !n.includes('uploaded'));
  } catch {
    return undefined;
  }
  return names
    .map((name) => ({ name, at: statSync(join(folder, name)).mtimeMs }))
    .sort((a, b) => b.at - a.at)[0];
}

export function backupCheck(dataDir: string): HealthCheck {
  return {
    id: 'backup',
    title: 'Last backup',
    run(context) {
      const last = newestBackup(dataDir);
      if (!last) {
        return warn('BACKUP_NONE', `No backup yet in ${join(dataDir, 'backups')}: make one (passerelle backup <file>, or Settings → Backups) and keep a copy on another disk.`);
      }
      const days = Math.floor((context.now - last.at) / DAY);
      const when = new Date(last.at).toISOString().slice(0, 16).replace('T', ' ');
      if (context.now - last.at > BACKUP_WARN_AGE_MS) return warn('BACKUP_OLD', `The last backup is ${days} days old (${when} UTC, ${last.name}).`, { days, name: last.name });
      return ok('BACKUP_RECENT', `Last backup ${when} UTC (${last.name}).`, { days, name: last.name });
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

/** Until Google Wallet support lands, a line that says so rather than a silent gap. */
export const googlePlaceholderCheck: HealthCheck = {
  id: 'google',
  title: 'Google Wallet',
  run: () => skip('GOOGLE_NOT_AVAILABLE', 'Google Wallet support arrives in a later version: nothing to check yet.'),
};
