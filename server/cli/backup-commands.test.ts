import { mkdtempSync, rmSync, truncateSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/connection.js';
import { databasePath } from '../db/index.js';
import { acquireLock } from '../db/server-lock.js';
import { allRows } from '../testing/db-rows.js';
import { runCli } from '../testing/cli-process.js';

/** As a person does it: `passerelle backup`, then `passerelle restore` into another data folder. */
describe('passerelle backup / restore / check', { timeout: 240_000 }, () => {
  let dir: string;
  const shop = () => join(dir, 'shop');
  const other = () => join(dir, 'other');
  const cli = (dataDir: string, args: string[]) => runCli(dataDir, args, { timeoutMs: 120_000 });
  const rows = (dataDir: string) => {
    const db = openDatabase(databasePath(dataDir), { readonly: true });
    try {
      return allRows(db);
    } finally {
      db.close();
    }
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'passerelle-cli-backup-'));
    expect(cli(shop(), ['demo', '--customers', '50'])).toMatchObject({ code: 0 });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('backup then restore into another data folder gives identical rows', () => {
    const file = join(dir, 'shop-backup.sqlite');
    expect(cli(shop(), ['backup', file])).toMatchObject({ code: 0, out: expect.stringMatching(/verified/) });
    const restored = cli(other(), ['restore', file]);
    expect(restored.code, restored.err).toBe(0);
    expect(restored.out).toContain(databasePath(other()));
    expect(rows(other())).toEqual(rows(shop()));
    expect(cli(other(), ['check'])).toMatchObject({ code: 0, out: expect.stringMatching(/no problem found/) });
  });

  it('refuses while a server runs on the folder, naming it; a damaged backup changes nothing', () => {
    const file = join(dir, 'again.sqlite');
    expect(cli(shop(), ['backup', file]).code).toBe(0);
    const lock = acquireLock(other(), 'server');
    lock.update('http://127.0.0.1:4380');
    try {
      const r = cli(other(), ['restore', file]);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/already running on .*process \d+ \(admin http:\/\/127\.0\.0\.1:4380\)/);
      expect(r.err).not.toMatch(/^\s+at /m);
    } finally {
      lock.release();
    }
    const before = rows(other());
    truncateSync(file, Math.floor(statSync(file).size / 2));
    const bad = cli(other(), ['restore', file]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/cannot be restored: it is damaged\. Nothing was changed\./);
    expect(rows(other())).toEqual(before);
  });
});
