import { renameSync, rmSync } from 'node:fs';
import { openDatabase, closeDatabase, type Db } from './connection.js';

/**
 * SQLite's online backup API: a consistent snapshot even while the server writes. It is written beside the target
 * and renamed, so an interrupted backup never leaves a half file under the requested name; the copy is switched
 * out of WAL mode so that it is one self-contained file.
 */
export async function backupDatabase(db: Db, target: string): Promise<void> {
  const tmp = `${target}.partial`;
  rmSync(tmp, { force: true });
  await db.backup(tmp);
  const copy = openDatabase(tmp);
  try {
    const check = copy.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new Error(`backup failed its integrity check: ${String(check)}`);
    copy.pragma('journal_mode = DELETE');
  } finally {
    closeDatabase(copy);
  }
  rmSync(`${tmp}-wal`, { force: true });
  rmSync(`${tmp}-shm`, { force: true });
  renameSync(tmp, target);
}
