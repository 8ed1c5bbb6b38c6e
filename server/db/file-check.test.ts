import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findAppRoot } from '../app-root.js';
import { loadDemoBrand } from '../demo/load.js';
import { thrownCode } from '../testing/thrown.js';
import { backupDatabase } from './backup.js';
import { closeDatabase, openDatabase } from './connection.js';
import { databasePath, openAppDatabase } from './index.js';

const mode = (path: string) => statSync(path).mode & 0o777;

/** A data folder holding a closed demo database, to damage. */
async function demoDataDir(dir: string): Promise<string> {
  const { db } = openAppDatabase(dir);
  await loadDemoBrand(db, { customers: 60 });
  closeDatabase(db);
  return databasePath(dir);
}

describe('secrets on disk are private', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'passerelle-modes-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a new install: data folder 0700, database and its WAL/SHM 0600, backups too', async () => {
    const dataDir = join(dir, 'data');
    const { db } = openAppDatabase(dataDir);
    db.prepare(`INSERT INTO settings (key, value, updated_at) VALUES ('x', '1', 0)`).run();
    const file = databasePath(dataDir);
    expect(mode(dataDir)).toBe(0o700);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) expect(mode(f), f).toBe(0o600);
    const backup = join(dataDir, 'backups', 'copy.sqlite');
    mkdirSync(join(dataDir, 'backups'), { mode: 0o755 });
    await backupDatabase(db, backup);
    expect(mode(backup)).toBe(0o600);
    closeDatabase(db);
  });

  it('tightens an older install written under the usual umask', () => {
    const dataDir = join(dir, 'old');
    closeDatabase(openAppDatabase(dataDir).db);
    chmodSync(dataDir, 0o755);
    chmodSync(databasePath(dataDir), 0o644);
    writeFileSync(`${databasePath(dataDir)}-wal`, '', { mode: 0o644 });
    const { db } = openAppDatabase(dataDir);
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(databasePath(dataDir))).toBe(0o600);
    expect(mode(`${databasePath(dataDir)}-wal`)).toBe(0o600);
    closeDatabase(db);
  });
});

describe('damaged, empty and foreign databases are refused, not used', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'passerelle-damaged-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const refused = (dataDir: string) => {
    const before = readFileSync(databasePath(dataDir));
    const code = thrownCode(() => openAppDatabase(dataDir));
    expect(readFileSync(databasePath(dataDir)).equals(before), 'the file is left as it was').toBe(true);
    return code;
  };

  it('a zero-byte file is not turned into a new install', () => {
    writeFileSync(databasePath(dir), '');
    expect(refused(dir)).toBe('DATABASE_EMPTY');
    expect(statSync(databasePath(dir)).size).toBe(0);
  });

  it('a file that is not SQLite, or SQLite without our schema, is foreign', () => {
    writeFileSync(databasePath(dir), 'customer_id,email\n1,a@example.fr\n');
    expect(refused(dir)).toBe('DATABASE_FOREIGN');
    rmSync(databasePath(dir));
    const other = openDatabase(databasePath(dir));
    other.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY, total INTEGER); INSERT INTO invoices VALUES (1, 100);');
    closeDatabase(other);
    expect(refused(dir)).toBe('DATABASE_FOREIGN');
  });

  it('a truncated database is damaged', async () => {
    const file = await demoDataDir(dir);
    truncateSync(file, Math.floor(statSync(file).size / 2));
    expect(refused(dir)).toBe('DATABASE_DAMAGED');
  });

  it('corrupted pages are found by the check at start, not by a 500 later', async () => {
    const file = await demoDataDir(dir);
    const size = statSync(file).size;
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(4096, 0xa5), 0, 4096, Math.floor(size / 2 / 4096) * 4096);
    closeSync(fd);
    expect(refused(dir)).toBe('DATABASE_DAMAGED');
  });

  it('the message names the file and the way back', () => {
    writeFileSync(databasePath(dir), '');
    try {
      openAppDatabase(dir);
    } catch (err) {
      const message = (err as Error).message;
      expect(message).toContain(databasePath(dir));
      expect(message).toContain('passerelle restore');
      expect(message).toContain(join(dir, 'backups'));
      expect(message).not.toContain('\n');
    }
    expect.assertions(4);
  });
});

/** As a person meets it: `passerelle serve` on a truncated database prints one clear paragraph and exits 1. */
describe('starting on a truncated database', { timeout: 120_000 }, () => {
  it('exits with code 1, the message and no stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'passerelle-damaged-start-'));
    try {
      const file = await demoDataDir(dir);
      truncateSync(file, Math.floor(statSync(file).size / 3));
      const root = findAppRoot();
      const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'server/cli.ts'), 'serve'], {
        cwd: root,
        env: { ...process.env, PASSERELLE_DATA_DIR: dir, PASSERELLE_ADMIN_PORT: '0', PASSERELLE_PUBLIC_PORT: '0', PASSERELLE_LOG_LEVEL: 'silent' },
        encoding: 'utf8',
        timeout: 90_000,
      });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(file);
      expect(r.stderr).toMatch(/damaged/);
      expect(r.stderr).toContain('passerelle restore');
      expect(r.stderr).not.toMatch(/^\s+at /m);
      expect(r.stdout).not.toMatch(/ready/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
