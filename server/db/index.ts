import { join } from 'node:path';
import { findAppRoot } from '../app-root.js';
import { openDatabase, type Db } from './connection.js';
import { loadMigrations, migrate, type MigrateResult } from './migrate.js';

export const DATABASE_FILE = 'passerelle.sqlite';

export function migrationsDir(): string {
  return join(findAppRoot(), 'server', 'db', 'migrations');
}

export function databasePath(dataDir: string): string {
  return join(dataDir, DATABASE_FILE);
}

/** Opens the data folder's database and brings its schema up to date (refusing one newer than this app). */
export function openAppDatabase(dataDir: string): { db: Db; migration: MigrateResult } {
  const db = openDatabase(databasePath(dataDir));
  try {
    const migration = migrate(db, loadMigrations(migrationsDir()));
    return { db, migration };
  } catch (err) {
    db.close();
    throw err;
  }
}
