import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from './db/connection.js';
import { createHarness } from './testing/app-harness.js';
import { runCli } from './testing/cli-process.js';

// Each command is a real process (tsx compiles on start): slow on a loaded 2-core machine, hence the long timeout.
describe('passerelle CLI', { timeout: 180_000 }, () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'passerelle-cli-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const cli = (args: string[], input?: string) => runCli(dataDir, args, { ...(input !== undefined ? { input } : {}), timeoutMs: 60_000 });

  it('migrate creates the database at the latest schema, then has nothing to do', () => {
    expect(cli(['migrate'])).toMatchObject({ code: 0, out: expect.stringMatching(/Migrated from 0 to \d+: 001_core/) });
    expect(cli(['migrate'])).toMatchObject({ code: 0, out: expect.stringMatching(/already at schema version/) });
    expect(cli(['migrate', '--status']).out).toMatch(/Schema version (\d+) of \1/);
  });

  it('settings lists, sets and refuses bad values without saving them', () => {
    expect(cli(['settings']).out).toMatch(/brand\.name\s+Ma boutique\s+\(default\)/);
    expect(cli(['settings', 'set', 'brand.name', 'Maison Claire'])).toMatchObject({ code: 0 });
    expect(cli(['settings', 'get', 'brand.name']).out.trim()).toBe('Maison Claire');
    const bad = cli(['settings', 'set', 'brand.primaryColor', 'pink']);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/^error: brand\.primaryColor/);
    expect(bad.err).not.toMatch(/at .*\.ts/);
    expect(cli(['settings', 'set', 'server.publicPort', '5001']).out).toMatch(/restart/);
    expect(cli(['settings', 'get', 'server.publicPort']).out.trim()).toBe('5001');
    expect(cli(['settings', 'get', 'nope'])).toMatchObject({ code: 1, err: expect.stringMatching(/Unknown setting "nope"/) });
  });

  it('admin-password stores a hash and refuses a short one', () => {
    expect(cli(['settings', 'admin-password', '--password-stdin'], 'short\n')).toMatchObject({ code: 1 });
    expect(cli(['settings', 'admin-password', '--password-stdin'], 'a very long password\n')).toMatchObject({ code: 0 });
    const db = openDatabase(join(dataDir, 'passerelle.sqlite'));
    const row = db.prepare("SELECT value FROM settings WHERE key = 'admin.passwordHash'").get() as { value: string };
    closeDatabase(db);
    expect(row.value).toMatch(/^"scrypt\$/);
    expect(row.value).not.toContain('a very long password');
  });

  it('backup writes a self-contained copy that opens and holds the data; it will not overwrite', () => {
    const target = join(dataDir, 'backup.sqlite');
    expect(cli(['backup', target])).toMatchObject({ code: 0, out: expect.stringMatching(/Backup written/) });
    expect(existsSync(`${target}-wal`)).toBe(false);
    const copy = openDatabase(target, { readonly: true });
    expect(copy.prepare("SELECT value FROM settings WHERE key = 'brand.name'").get()).toEqual({ value: '"Maison Claire"' });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    closeDatabase(copy);
    expect(cli(['backup', target])).toMatchObject({ code: 1, err: expect.stringMatching(/--force/) });
    expect(cli(['backup', target, '--force'])).toMatchObject({ code: 0 });
  });

  it('login-link prints a link whose token opens a session of the server on that data folder', async () => {
    const r = cli(['login-link']);
    expect(r.code).toBe(0);
    const token = /token=([\w-]+)/.exec(r.out)?.[1] ?? '';
    expect(token.length).toBeGreaterThan(40);
    const h = await createHarness({ PASSERELLE_DATA_DIR: dataDir });
    try {
      const res = await h.admin({ method: 'GET', url: `/login?token=${token}`, anonymous: true });
      expect(res.headers.location).toBe('/');
    } finally {
      await h.app.close();
    }
  });

  it('unknown commands and options fail with a usage message', () => {
    expect(cli(['frobnicate']).code).not.toBe(0);
    expect(cli(['demo', '--customers', 'many']).err).toMatch(/whole number/);
  });
});
