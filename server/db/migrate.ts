import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../errors.js';
import type { Db } from './connection.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const FILE_PATTERN = /^(\d{3})_([a-z0-9_]+)\.sql$/;

/** Reads `NNN_name.sql` files; versions must run 1, 2, 3… without gaps so that `user_version` is unambiguous. */
export function loadMigrations(dir: string): Migration[] {
  const migrations = readdirSync(dir)
    .map((file) => ({ file, match: FILE_PATTERN.exec(file) }))
    .filter((m): m is { file: string; match: RegExpExecArray } => m.match !== null)
    .map(({ file, match }) => ({
      version: Number(match[1]),
      name: match[2] ?? file,
      sql: readFileSync(join(dir, file), 'utf8'),
    }))
    .sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.version}_${m.name} is out of sequence (expected ${i + 1})`);
  });
  return migrations;
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export interface MigrateResult {
  from: number;
  to: number;
  applied: string[];
}

/**
 * Forward-only: each migration runs in its own transaction together with the bump of `user_version`, so a failure
 * leaves the database at the previous version. A database written by a newer Passerelle is refused, not guessed at.
 */
export function migrate(db: Db, migrations: Migration[], upTo: number = migrations.length): MigrateResult {
  const from = schemaVersion(db);
  const latest = migrations.length;
  if (from > latest) {
    throw new AppError(
      'DATABASE_TOO_NEW',
      `This database is at schema version ${from} but this Passerelle knows only up to ${latest}. ` +
        'It was written by a newer version: update Passerelle, or restore a backup made by this version.',
      500,
    );
  }
  const applied: string[] = [];
  for (const m of migrations) {
    if (m.version <= from || m.version > upTo) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
    applied.push(`${String(m.version).padStart(3, '0')}_${m.name}`);
  }
  return { from, to: schemaVersion(db), applied };
}
