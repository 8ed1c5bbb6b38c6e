/**
 * Putting a backup back in place of the data folder's database, with no server using it (the CLI holds the folder's
 * lock; the admin UI's restore runs while its server is closed, see main.ts).
 *
 * 1. The backup is copied beside the database (`passerelle.sqlite.restoring`), never used in place: the person's file
 *    stays as it was whatever happens next.
 * 2. The copy is checked: SQLite, quick_check clean, Passerelle's schema, and a schema version this app knows (an
 *    older one is migrated at the next start). A bad file stops here and nothing else changes.
 * 3. The current database is kept as a dated copy in the backups folder (checkpointed first when it can be opened;
 *    copied as it is, WAL included, when it is damaged, which is often why one restores).
 * 4. The swap: the old WAL and SHM go (they belong to the old file: left beside the new one, SQLite would replay
 *    them into it), then one rename puts the copy in place, atomically on the same file system.
 */
import { copyFileSync, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../errors.js';
import { closeDatabase, openDatabase, type Db } from './connection.js';
import { asDatabaseError, checkDatabase, hasSqliteHeader } from './file-check.js';
import { databasePath } from './index.js';
import { schemaVersion } from './migrate.js';
import { createPrivateFile, ensurePrivateDir, makePrivate } from './private-files.js';

export interface RestoreOptions {
  dataDir: string;
  /** The backup to restore. */
  source: string;
  /** Where the current database's dated copy goes (the backups folder). */
  keepDir: string;
  /** The highest schema version this app knows (the number of migrations). */
  latestVersion: number;
  now: number;
}

export interface RestoreResult {
  restoredFrom: string;
  /** The dated copy of the database that was replaced; undefined when there was none. */
  keptAs: string | undefined;
  /** The backup's schema version (the next start migrates it to the latest). */
  schemaVersion: number;
}

const invalid = (source: string, why: string) =>
  new AppError('BACKUP_INVALID', `${source} cannot be restored: ${why}. Nothing was changed.`, 400);

/** A dated name: 2026-12-07-163015 (local time, sortable). */
export function stamp(now: number): string {
  const d = new Date(now);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

/** Checks a candidate as restore will (steps 1–2) without changing anything; the copy is removed afterwards. */
export function checkBackupFile(source: string, latestVersion: number, scratch: string): number {
  const staging = stage(source, scratch);
  try {
    return verifyStaged(staging, source, latestVersion);
  } finally {
    removeWithJournals(staging);
  }
}

function stage(source: string, staging: string): string {
  if (!existsSync(source) || !statSync(source).isFile()) throw invalid(source, 'there is no such file');
  if (statSync(source).size === 0) throw invalid(source, 'the file is empty');
  if (!hasSqliteHeader(source)) throw invalid(source, 'it is not an SQLite database');
  removeWithJournals(staging);
  createPrivateFile(staging);
  copyFileSync(source, staging);
  makePrivate(staging);
  return staging;
}

/** The staged copy's schema version, once it is known to be a sound Passerelle database; left in DELETE mode. */
function verifyStaged(staging: string, source: string, latestVersion: number): number {
  let db: Db | undefined;
  try {
    db = openDatabase(staging);
    checkDatabase(db, source, { full: true });
    const version = schemaVersion(db);
    if (version === 0) throw invalid(source, 'it holds no Passerelle data');
    if (version > latestVersion) {
      throw new AppError(
        'BACKUP_TOO_NEW',
        `${source} was written by a newer Passerelle (schema version ${version}; this one knows up to ${latestVersion}). ` +
          'Update Passerelle first, then restore it. Nothing was changed.',
        400,
      );
    }
    db.pragma('journal_mode = DELETE');
    return version;
  } catch (caught) {
    if (caught instanceof AppError && caught.code.startsWith('BACKUP_')) throw caught;
    const err = asDatabaseError(caught, source);
    const reason = err instanceof AppError ? (err.code === 'DATABASE_FOREIGN' ? 'it is not a Passerelle database' : 'it is damaged') : (err as Error).message;
    throw invalid(source, reason);
  } finally {
    try {
      if (db) closeDatabase(db);
    } catch {
      // A damaged file may not close cleanly; the error above says what matters.
    }
  }
}

function removeWithJournals(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) rmSync(f, { force: true });
}

/** Keeps the current database (and its WAL when it could not be checkpointed) as a dated copy. */
function keepCurrent(file: string, keepDir: string, now: number): string | undefined {
  if (!existsSync(file)) return undefined;
  let db: Db | undefined;
  try {
    db = openDatabase(file);
    db.pragma('wal_checkpoint(TRUNCATE)');
  } catch {
    // Damaged: copied as it is below, WAL included.
  } finally {
    try {
      db?.close();
    } catch {
      // idem
    }
  }
  ensurePrivateDir(keepDir);
  const kept = join(keepDir, `passerelle-${stamp(now)}-before-restore.sqlite`);
  copyPrivate(file, kept);
  if (existsSync(`${file}-wal`) && statSync(`${file}-wal`).size > 0) copyPrivate(`${file}-wal`, `${kept}-wal`);
  return kept;
}

function copyPrivate(from: string, to: string): void {
  rmSync(to, { force: true });
  createPrivateFile(to);
  copyFileSync(from, to);
  makePrivate(to);
}

export function restoreDatabase(opts: RestoreOptions): RestoreResult {
  ensurePrivateDir(opts.dataDir);
  const file = databasePath(opts.dataDir);
  const staging = `${file}.restoring`;
  stage(opts.source, staging);
  let version: number;
  try {
    version = verifyStaged(staging, opts.source, opts.latestVersion);
  } catch (err) {
    removeWithJournals(staging);
    throw err;
  }
  const keptAs = keepCurrent(file, opts.keepDir, opts.now);
  rmSync(`${file}-wal`, { force: true });
  rmSync(`${file}-shm`, { force: true });
  renameSync(staging, file);
  return { restoredFrom: opts.source, keptAs, schemaVersion: version };
}
