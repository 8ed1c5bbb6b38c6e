import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { openDatabase, closeDatabase, type Db } from './connection.js';
import { checkDatabase } from './file-check.js';
import { schemaVersion } from './migrate.js';
import { createPrivateFile, PRIVATE_DIR_MODE } from './private-files.js';

export interface BackupResult {
  file: string;
  schemaVersion: number;
}

/**
 * SQLite's online backup API: a consistent snapshot even while the server writes. It is written beside the target
 * and renamed, so an interrupted backup never leaves a half file under the requested name; the copy is switched
 * out of WAL mode so that it is one self-contained file, readable by its owner only (it holds every customer and
 * pass token). Before the rename the copy is verified as a restore would check it: it opens, quick_check finds
 * nothing wrong (a damaged source shows up here, in the daily backup, rather than on the day of the restore), and
 * its schema version is the source's.
 */
export async function backupDatabase(db: Db, target: string): Promise<BackupResult> {
  const tmp = `${target}.partial`;
  ensureFolder(dirname(target));
  rmSync(tmp, { force: true });
  createPrivateFile(tmp);
  try {
    await db.backup(tmp);
    const expected = schemaVersion(db);
    const copy = openDatabase(tmp);
    try {
      checkDatabase(copy, target, { full: true });
      const version = schemaVersion(copy);
      if (version !== expected) throw new Error(`the copy is at schema version ${version}, the database at ${expected}`);
      copy.pragma('journal_mode = DELETE');
    } finally {
      closeDatabase(copy);
    }
    rmSync(`${tmp}-wal`, { force: true });
    rmSync(`${tmp}-shm`, { force: true });
    renameSync(tmp, target);
    return { file: target, schemaVersion: expected };
  } catch (err) {
    for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) rmSync(f, { force: true });
    throw err;
  }
}

/** The folder of a backup: created private; an existing folder chosen by the person (`backup ~/x.sqlite`) is left alone. */
function ensureFolder(dir: string): void {
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
}
