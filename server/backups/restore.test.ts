import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSessionsRepository } from '../auth/sessions-repository.js';
import { backupDatabase } from '../db/backup.js';
import { closeDatabase, openDatabase, type Db } from '../db/connection.js';
import { databasePath, openAppDatabase } from '../db/index.js';
import { acquireLock, lockHolder } from '../db/server-lock.js';
import { loadDemoBrand } from '../demo/load.js';
import { createRegistrations } from '../passes/apple/registrations.js';
import { thrownCode } from '../testing/thrown.js';
import { listBackups } from './backup-files.js';
import { runRestore } from './restore-run.js';
import { allRows } from '../testing/db-rows.js';

describe('backup, then restore', () => {
  let dir: string;
  let source: string;
  let backup: string;
  const rows = (dataDir: string) => {
    const db = openDatabase(databasePath(dataDir), { readonly: true });
    try {
      return allRows(db);
    } finally {
      db.close();
    }
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'passerelle-restore-'));
    source = join(dir, 'shop');
    const { db } = openAppDatabase(source);
    await loadDemoBrand(db, { customers: 40 });
    db.exec(`INSERT INTO passes (customer_id, design_id, platform, serial, pass_type_identifier, auth_token, download_id, updated_at, created_at)
             VALUES (1, 1, 'apple', 'S-1', 'pass.test', 'token-0123456789abcdef', 'dl-1', 1, 1)`);
    createRegistrations(db).register('device0123456789', 'ab'.repeat(32), 1);
    createSessionsRepository(db).createSession('test');
    backup = join(dir, 'copy.sqlite');
    await backupDatabase(db, backup);
    closeDatabase(db);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('into another data folder: every table’s rows are identical', () => {
    const target = join(dir, 'elsewhere');
    const run = runRestore({ dataDir: target, source: backup, now: Date.now() });
    expect(run.keptAs).toBeUndefined();
    const before = rows(source);
    expect(Object.keys(before).length).toBeGreaterThan(10);
    expect((before.customers ?? []).length).toBe(40);
    expect(rows(target)).toEqual(before);
    expect(statSync(databasePath(target)).mode & 0o777).toBe(0o600);
    expect(readFileSync(backup).subarray(0, 15).toString()).toBe('SQLite format 3');
  });

  it('over a database: the one replaced is kept as a dated copy, and nothing of it leaks into the restored one', () => {
    const before = rows(source);
    const { db } = openAppDatabase(source);
    db.prepare(`UPDATE settings SET value = '"Changed after the backup"' WHERE key = 'brand.name'`).run();
    db.prepare(`INSERT INTO settings (key, value, updated_at) VALUES ('brand.name', '"Changed after the backup"', 0) ON CONFLICT DO NOTHING`).run();
    closeDatabase(db);
    const changed = rows(source);
    expect(changed).not.toEqual(before);
    const run = runRestore({ dataDir: source, source: backup, now: Date.now() });
    expect(rows(source)).toEqual(before);
    expect(run.keptAs).toMatch(/passerelle-\d{4}-\d{2}-\d{2}-\d{6}-before-restore\.sqlite$/);
    const kept = openDatabase(run.keptAs!, { readonly: true });
    expect(allRows(kept)).toEqual(changed);
    kept.close();
    expect(listBackups(source).map((b) => b.kind)).toContain('before-restore');
  });

  it('refuses a backup that is damaged, foreign, empty or newer than the app, and changes nothing', () => {
    const before = readFileSync(databasePath(source));
    const bad = (name: string, content: Buffer | string) => {
      const f = join(dir, name);
      writeFileSync(f, content);
      return f;
    };
    const truncated = bad('truncated.sqlite', readFileSync(backup));
    truncateSync(truncated, Math.floor(statSync(truncated).size / 2));
    const newer = bad('newer.sqlite', readFileSync(backup));
    const n = openDatabase(newer);
    n.pragma('user_version = 999');
    n.pragma('journal_mode = DELETE');
    n.close();
    const blank = join(dir, 'blank.sqlite');
    const b = openDatabase(blank);
    b.pragma('journal_mode = DELETE');
    b.close();
    const cases: Array<[string, string]> = [
      [truncated, 'BACKUP_INVALID'],
      [bad('notes.sqlite', 'not a database at all'), 'BACKUP_INVALID'],
      [bad('empty.sqlite', ''), 'BACKUP_INVALID'],
      [blank, 'BACKUP_INVALID'],
      [newer, 'BACKUP_TOO_NEW'],
      [join(dir, 'missing.sqlite'), 'BACKUP_INVALID'],
    ];
    for (const [file, code] of cases) {
      expect(thrownCode(() => runRestore({ dataDir: source, source: file, now: Date.now() })), file).toBe(code);
      expect(readFileSync(databasePath(source)).equals(before), file).toBe(true);
    }
    expect(listBackups(source)).toEqual([]);
    expect(existsSync(`${databasePath(source)}.restoring`)).toBe(false);
  });

  it('restores over a damaged database, keeping the damaged file aside', () => {
    truncateSync(databasePath(source), Math.floor(statSync(databasePath(source)).size / 3));
    expect(thrownCode(() => openAppDatabase(source))).toBe('DATABASE_DAMAGED');
    const run = runRestore({ dataDir: source, source: backup, now: Date.now() });
    expect(existsSync(run.keptAs!)).toBe(true);
    const { db } = openAppDatabase(source);
    expect(db.prepare('SELECT COUNT(*) AS n FROM customers').get()).toEqual({ n: 40 });
    closeDatabase(db);
  });

  it('the folder lock: a second holder is refused while the first lives, a stale lock is taken over', () => {
    const lock = acquireLock(source, 'server');
    expect(lockHolder(source)).toMatchObject({ pid: process.pid, role: 'server' });
    expect(thrownCode(() => acquireLock(source, 'restore'))).toBe('SERVER_RUNNING');
    lock.release();
    expect(lockHolder(source)).toBeUndefined();
    writeFileSync(join(source, 'passerelle.pid'), JSON.stringify({ pid: 2 ** 22 + 12345, role: 'server', startedAt: 0 }));
    const again = acquireLock(source, 'restore');
    expect(lockHolder(source)).toMatchObject({ pid: process.pid, role: 'restore' });
    again.release();
  });
});
