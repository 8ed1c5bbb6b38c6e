/**
 * The backups folder, `<dataDir>/backups/`: automatic daily backups (`passerelle-2026-12-07-daily.sqlite`, one per
 * day, the last `backups.keep` kept), backups made on request (`…-manual.sqlite`) and the copies a restore keeps of
 * the database it replaced (`…-before-restore.sqlite`), and files sent from the admin UI to be restored
 * (`…-uploaded.sqlite`); all but the daily ones stay until someone deletes them.
 */
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../errors.js';
import { stamp } from '../db/restore.js';

export const BACKUPS_FOLDER = 'backups';

export type BackupKind = 'daily' | 'manual' | 'before-restore' | 'uploaded' | 'other';

export interface BackupFile {
  name: string;
  kind: BackupKind;
  bytes: number;
  /** When the file was written (its modification time). */
  createdAt: number;
}

/** What a backup's name may be, in URLs and on disk: no folder, no hidden file, an SQLite extension. */
export const BACKUP_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,120}\.sqlite$/;

export const backupsDir = (dataDir: string): string => join(dataDir, BACKUPS_FOLDER);

function kindOf(name: string): BackupKind {
  if (/-daily\.sqlite$/.test(name)) return 'daily';
  if (/-manual\.sqlite$/.test(name)) return 'manual';
  if (/-before-restore\.sqlite$/.test(name)) return 'before-restore';
  if (/-uploaded\.sqlite$/.test(name)) return 'uploaded';
  return 'other';
}

/** The local calendar day of `now`: 2026-12-07. */
export const localDay = (now: number): string => stamp(now).slice(0, 10);
export const dailyName = (day: string): string => `passerelle-${day}-daily.sqlite`;
export const manualName = (now: number): string => `passerelle-${stamp(now)}-manual.sqlite`;
export const uploadedName = (now: number): string => `passerelle-${stamp(now)}-uploaded.sqlite`;

/** Every backup in the folder, newest first. */
export function listBackups(dataDir: string): BackupFile[] {
  const dir = backupsDir(dataDir);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => BACKUP_NAME.test(name))
    .map((name) => {
      const st = statSync(join(dir, name));
      return { name, kind: kindOf(name), bytes: st.size, createdAt: Math.round(st.mtimeMs) };
    })
    .sort((a, b) => b.createdAt - a.createdAt || b.name.localeCompare(a.name));
}

/** The path of a backup named in a request; 404 when there is none by that name. */
export function backupPath(dataDir: string, name: string): string {
  const file = join(backupsDir(dataDir), name);
  if (!BACKUP_NAME.test(name) || !existsSync(file)) throw new AppError('NOT_FOUND', `There is no backup named ${name}.`, 404);
  return file;
}

/** Deletes the daily backups beyond the `keep` most recent (by the day in their names); returns the deleted names. */
export function pruneDaily(dataDir: string, keep: number): string[] {
  const daily = listBackups(dataDir)
    .filter((b) => b.kind === 'daily')
    .map((b) => b.name)
    .sort()
    .reverse();
  const gone = daily.slice(Math.max(1, keep));
  for (const name of gone) rmSync(join(backupsDir(dataDir), name), { force: true });
  return gone;
}
