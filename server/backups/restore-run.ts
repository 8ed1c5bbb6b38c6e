/**
 * One restore as the running server does it between closing and starting again (main.ts), and as the CLI does it
 * with the server stopped: db/restore.ts swaps the file; then the restored database is opened once, which migrates
 * an older backup to this app's schema and checks it as a start would, and the person who restored from the admin
 * UI is carried over so that they stay signed in (sessions live in the database, and the backup's are older).
 */
import { closeDatabase } from '../db/connection.js';
import { migrationsDir, openAppDatabase } from '../db/index.js';
import { loadMigrations } from '../db/migrate.js';
import { restoreDatabase, type RestoreResult } from '../db/restore.js';
import { createSessionsRepository, type SessionRow } from '../auth/sessions-repository.js';
import { backupsDir } from './backup-files.js';

export interface RestoreRun extends RestoreResult {
  /** The schema version after the migration at open. */
  migratedTo: number;
}

export function runRestore(opts: { dataDir: string; source: string; now: number; session?: SessionRow }): RestoreRun {
  const latestVersion = loadMigrations(migrationsDir()).length;
  const result = restoreDatabase({ dataDir: opts.dataDir, source: opts.source, keepDir: backupsDir(opts.dataDir), latestVersion, now: opts.now });
  const { db, migration } = openAppDatabase(opts.dataDir);
  try {
    if (opts.session) createSessionsRepository(db).adoptSession(opts.session);
  } finally {
    closeDatabase(db);
  }
  return { ...result, migratedTo: migration.to };
}
