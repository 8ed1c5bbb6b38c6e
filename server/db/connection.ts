import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type Db = Database.Database;

export interface OpenOptions {
  readonly?: boolean;
}

/**
 * The one place that opens the SQLite file and sets its pragmas.
 *
 * - WAL: readers never block the writer, and the admin UI stays responsive while a bulk job writes.
 * - foreign_keys: SQLite leaves them off by default; our schema relies on them.
 * - busy_timeout: the CLI (backup, login-link, migrate) may touch the file while the server runs.
 * - synchronous=NORMAL: in WAL mode this is still crash-safe for the database (no corruption); a power cut can lose
 *   only the last transactions that were not yet checkpointed. Every durable side effect (a push, a Google call)
 *   goes through the jobs table, so a lost transaction is re-done, never half-done. FULL would fsync on every
 *   commit and cost an order of magnitude in write throughput for points at the till and bulk imports.
 */
export function openDatabase(file: string, opts: OpenOptions = {}): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, { readonly: opts.readonly ?? false });
  if (!opts.readonly) db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  return db;
}

/** Checkpoint the WAL into the main file and close; called on graceful shutdown. */
export function closeDatabase(db: Db): void {
  if (!db.open) return;
  if (!db.readonly) db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}
