import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type Db } from './connection.js';
import { migrationsDir, openAppDatabase } from './index.js';
import { loadMigrations, migrate, schemaVersion, type Migration } from './migrate.js';

describe('migrations runner', () => {
  let dir: string;
  let db: Db;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'passerelle-migrate-'));
    db = openDatabase(join(dir, 'test.sqlite'));
  });
  afterEach(() => {
    closeDatabase(db);
    rmSync(dir, { recursive: true, force: true });
  });

  const m = (version: number, sql: string): Migration => ({ version, name: `m${version}`, sql });

  it('sets the pragmas the app relies on', () => {
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
  });

  it('applies pending migrations in order and records user_version', () => {
    const r = migrate(db, [m(1, 'CREATE TABLE a (x INTEGER);'), m(2, 'CREATE TABLE b (y INTEGER);')]);
    expect(r).toEqual({ from: 0, to: 2, applied: ['001_m1', '002_m2'] });
    expect(migrate(db, [m(1, 'CREATE TABLE a (x INTEGER);'), m(2, 'CREATE TABLE b (y INTEGER);')]).applied).toEqual([]);
  });

  it('rolls a failing migration back whole and stays at the previous version', () => {
    migrate(db, [m(1, 'CREATE TABLE a (x INTEGER);')]);
    expect(() =>
      migrate(db, [m(1, ''), m(2, 'CREATE TABLE half (x INTEGER); INSERT INTO nowhere VALUES (1);')]),
    ).toThrow(/nowhere/);
    expect(schemaVersion(db)).toBe(1);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
  });

  it('refuses a database newer than the app with DATABASE_TOO_NEW', () => {
    db.pragma('user_version = 99');
    expect(() => migrate(db, [m(1, 'SELECT 1;')])).toThrowError(
      expect.objectContaining({ code: 'DATABASE_TOO_NEW', message: expect.stringMatching(/version 99.*only up to 1/) }),
    );
  });

  it('loads NNN_name.sql files and refuses gaps in the sequence', () => {
    writeFileSync(join(dir, '001_first.sql'), 'SELECT 1;');
    writeFileSync(join(dir, '003_third.sql'), 'SELECT 3;');
    writeFileSync(join(dir, 'README.md'), 'ignored');
    expect(() => loadMigrations(dir)).toThrow(/out of sequence/);
  });

  it('the shipped migrations are a gap-free sequence and open an app database from scratch', () => {
    const shipped = loadMigrations(migrationsDir());
    expect(shipped.length).toBeGreaterThanOrEqual(1);
    const { db: appDb, migration } = openAppDatabase(join(dir, 'app'));
    expect(migration.to).toBe(shipped.length);
    expect(appDb.pragma('integrity_check', { simple: true })).toBe('ok');
    closeDatabase(appDb);
  });
});
