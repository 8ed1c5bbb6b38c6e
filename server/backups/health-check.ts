/** The doctor's line about backups: the newest daily or manual backup, and how old it is. */
import { join } from 'node:path';
import { ok, warn, type HealthCheck } from '../health/types.js';
import { BACKUPS_FOLDER, listBackups } from './backup-files.js';

/** Older than this, a week of cards and points could be lost: a warning. */
export const BACKUP_WARN_AGE_MS = 7 * 86_400_000;

export function backupCheck(dataDir: string): HealthCheck {
  return {
    id: 'backup',
    title: 'Last backup',
    run(context) {
      // What a restore would bring back: not the copies a restore kept, nor files uploaded to be restored.
      const last = listBackups(dataDir).find((b) => b.kind === 'daily' || b.kind === 'manual');
      if (!last) {
        return warn('BACKUP_NONE', `No backup yet in ${join(dataDir, BACKUPS_FOLDER)}: one is made every day while Passerelle runs, or now from Settings → Backups; keep a copy on another disk.`);
      }
      const days = Math.floor((context.now - last.createdAt) / 86_400_000);
      const when = new Date(last.createdAt).toISOString().slice(0, 16).replace('T', ' ');
      if (context.now - last.createdAt > BACKUP_WARN_AGE_MS) return warn('BACKUP_OLD', `The last backup is ${days} days old (${when} UTC, ${last.name}).`, { days, name: last.name });
      return ok('BACKUP_RECENT', `Last backup ${when} UTC (${last.name}).`, { days, name: last.name });
    },
  };
}
