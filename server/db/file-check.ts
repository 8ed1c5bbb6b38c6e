/**
 * What Passerelle checks about a database file before it uses it (at start, and a backup before it is restored),
 * and the one-paragraph messages that say what is wrong, which file, and the way back. A database that is empty,
 * not SQLite, SQLite without our tables, or damaged is refused and left untouched: opening it anyway would turn a
 * zero-byte file into a new empty install, or let a damaged one start and fail request after request.
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AppError } from '../errors.js';
import type { Db } from './connection.js';

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * quick_check reads every page (about 4 ms per MB on the build machine: 0.4 s for a 93 MB, 50,000-customer demo).
 * Above this size the start checks only the header and schema, and the daily backup's verification (which runs
 * quick_check on its copy) or `passerelle check` does the rest, so that a large brand still starts in about a second.
 */
export const QUICK_CHECK_MAX_BYTES = 256 * 1024 * 1024;

/** Tables every Passerelle database has had since migration 001. */
const CORE_TABLES = ['settings', 'customers', 'admin_sessions'];

export type FileState = 'absent' | 'present';

/** Where the way back is: the backups folder beside the database. */
function wayBack(file: string): string {
  const backups = join(dirname(file), 'backups');
  return (
    'To get your data back, restore a backup with `passerelle restore <backup file>` ' +
    `(automatic backups are kept in ${backups}, or use a copy you made with \`passerelle backup\`)`
  );
}

export function emptyDatabase(file: string): AppError {
  return new AppError(
    'DATABASE_EMPTY',
    `The database ${file} is empty (0 bytes). Passerelle did not start and left the file as it is: a database never ` +
      `empties itself, so it was probably cut short by a failed copy or a full disk. ${wayBack(file)}. ` +
      'If this is a new installation with nothing in it yet, delete the file and start Passerelle again.',
    500,
  );
}

export function foreignDatabase(file: string, why: string): AppError {
  return new AppError(
    'DATABASE_FOREIGN',
    `The file ${file} is not a Passerelle database (${why}). Passerelle did not start and left the file as it is. ` +
      `If PASSERELLE_DATA_DIR points at the wrong folder, correct it; otherwise move this file away. ${wayBack(file)}.`,
    500,
  );
}

export function damagedDatabase(file: string, detail: string): AppError {
  return new AppError(
    'DATABASE_DAMAGED',
    `The database ${file} is damaged (${detail.slice(0, 200)}). Passerelle did not start, so as not to make it ` +
      `worse, and left the file as it is. ${wayBack(file)}: restoring keeps the damaged file aside as a dated copy.`,
    500,
  );
}

/** Whether the file starts with SQLite's 16-byte header. */
export function hasSqliteHeader(file: string): boolean {
  const head = Buffer.alloc(SQLITE_HEADER.length);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  return head.equals(SQLITE_HEADER);
}

/** Before opening: absent (a new install), or present with an SQLite header; refuses empty and foreign files. */
export function inspectDatabaseFile(file: string): FileState {
  if (!existsSync(file)) return 'absent';
  const size = statSync(file).size;
  if (size === 0) throw emptyDatabase(file);
  if (!hasSqliteHeader(file)) throw foreignDatabase(file, 'it does not start like an SQLite database: it is damaged, or it is another kind of file');
  return 'present';
}

export interface CheckOptions {
  /** quick_check even above QUICK_CHECK_MAX_BYTES (a backup about to be restored, `passerelle check`). */
  full?: boolean;
}

/**
 * After opening: the schema is ours (or the database is brand new and empty), and quick_check finds nothing wrong.
 * Throws DATABASE_FOREIGN or DATABASE_DAMAGED.
 */
export function checkDatabase(db: Db, file: string, opts: CheckOptions = {}): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  const tables = new Set(
    db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .all()
      .map((r) => r.name),
  );
  if (version === 0 && tables.size > 0) throw foreignDatabase(file, `it holds other tables (${[...tables].slice(0, 3).join(', ')}…) and no Passerelle schema`);
  if (version > 0 && !CORE_TABLES.every((t) => tables.has(t))) throw foreignDatabase(file, `its schema lacks Passerelle's tables`);
  const size = file === ':memory:' || !existsSync(file) ? 0 : statSync(file).size;
  if (opts.full || size <= QUICK_CHECK_MAX_BYTES) {
    const result = db.pragma('quick_check(1)', { simple: true }) as string;
    if (result !== 'ok') throw damagedDatabase(file, result);
  }
}

/** An error raised while opening or reading a damaged file (SQLite's own), as the clear message; others unchanged. */
export function asDatabaseError(err: unknown, file: string): unknown {
  if (err instanceof AppError) return err;
  const code = (err as { code?: unknown }).code;
  if (typeof code !== 'string') return err;
  if (code === 'SQLITE_NOTADB') return foreignDatabase(file, 'SQLite does not recognise it as a database: it is damaged, or it is another kind of file');
  if (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_IOERR_SHORT_READ')) return damagedDatabase(file, (err as Error).message);
  return err;
}
