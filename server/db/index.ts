import { join } from 'node:path';
import { findAppRoot } from '../app-root.js';
import { openDatabase, type Db } from './connection.js';
import { asDatabaseError, checkDatabase, inspectDatabaseFile } from './file-check.js';
import { loadMigrations, migrate, type MigrateResult } from './migrate.js';
import { createPrivateFile, ensurePrivateDir, makePrivate } from './private-files.js';

export const DATABASE_FILE = 'passerelle.sqlite';

export function migrationsDir(): string {
  return join(findAppRoot(), 'server', 'db', 'migrations');
}

export function databasePath(dataDir: string): string {
  return join(dataDir, DATABASE_FILE);
}

/**
 * Opens the data folder's database and brings its schema up to date. Refuses, with a message that names the file
 * and the way back, a database that is empty, foreign, damaged (db/file-check.ts) or newer than this app; a new
 * install gets a database readable by its owner only, in a folder that is too (db/private-files.ts).
 */
export function openAppDatabase(dataDir: string): { db: Db; migration: MigrateResult } {
  ensurePrivateDir(dataDir);
  const file = databasePath(dataDir);
  if (inspectDatabaseFile(file) === 'absent') createPrivateFile(file);
  // SQLite creates the -wal and -shm files with the database's own mode; older installs are tightened here.
  makePrivate(file, `${file}-wal`, `${file}-shm`);
  let db: Db | undefined;
  try {
    db = openDatabase(file);
    checkDatabase(db, file);
    const migration = migrate(db, loadMigrations(migrationsDir()));
    return { db, migration };
  } catch (err) {
    try {
      db?.close();
    } catch {
      // Closing a damaged database may fail too; the first error is the one to report.
    }
    throw asDatabaseError(err, file);
  }
}
