import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAppRoot } from '../app-root.js';
import { startFakeMapServices, type FakeMapServices } from '../testing/fake-map-services.js';

const root = findAppRoot();

// Each command is a real process (tsx compiles on start): slow on a loaded 2-core machine, hence the long timeout.
describe('passerelle store …', { timeout: 240_000 }, () => {
  let dataDir: string;
  let fake: FakeMapServices;
  // Asynchronous: the stand-in geocoder answers from this process while the command runs.
  const cli = (...args: string[]) =>
    new Promise<{ code: number; out: string; err: string }>((done) =>
      execFile(
        process.execPath,
        ['--import', 'tsx', join(root, 'server/cli.ts'), ...args],
        { cwd: root, env: { ...process.env, PASSERELLE_DATA_DIR: dataDir, PASSERELLE_LOG_LEVEL: 'silent' }, timeout: 90_000 },
        (error, out, err) => done({ code: error ? Number(error.code ?? 1) : 0, out, err }),
      ),
    );

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'passerelle-cli-store-'));
    fake = await startFakeMapServices();
  });
  afterAll(async () => {
    rmSync(dataDir, { recursive: true, force: true });
    await fake.close();
  });

  it('adds by geocoding, edits, lists, closes for a holiday, imports, refuses a bad CSV, and deletes', async () => {
    expect((await cli('settings', 'set', 'geocoder.url', fake.url)).code).toBe(0);
    const added = await cli('store', 'add', '--name', 'Paix', '--geocode', '18 rue de la paix', '--hours', 'mon-sat 10:00-19:00', '--radius', '100');
    expect(added.err).toBe('');
    expect(added.out).toMatch(/^Store 1 added: Paix \(48\.86880, 2\.33110\)/);
    expect((await cli('store', 'edit', '1', '--hours', 'tue-sat 09:30-12:30,14:00-19:00', '--text-fr', 'Tout près !')).code).toBe(0);
    expect((await cli('store', 'closure', '1', '--from', '2030-12-25', '--note', 'Noël')).out).toBe('Store 1: closed from 2030-12-25 to 2030-12-25.\n');
    const list = (await cli('store', 'list')).out;
    expect(list).toContain('Paix — 18 Rue de la Paix, 75002 Paris — 100 m');
    expect(list).toContain('tue-sat 09:30-12:30,14:00-19:00 (+1 exceptional dates)');

    writeFileSync(join(dataDir, 'bad.csv'), 'name,latitude,longitude\nA,45,4\nB,,4\n');
    const bad = await cli('store', 'import', join(dataDir, 'bad.csv'));
    expect(bad.code).toBe(1);
    expect(bad.out).toBe('row 3, latitude: empty\n');
    expect(bad.err).toBe('error: Nothing imported: 1 problem to fix.\n');
    writeFileSync(join(dataDir, 'good.csv'), 'name,latitude,longitude,city\nA,45.76,4.83,Lyon\nB,43.3,5.37,Marseille\n');
    expect((await cli('store', 'import', join(dataDir, 'good.csv'))).out).toBe('2 stores imported.\n');
    expect((await cli('store', 'delete', '2')).code).toBe(0);
    expect((await cli('store', 'list')).out.match(/^ {3}\d {2}/gm)).toHaveLength(2);
    expect((await cli('store', 'edit', '1', '--radius', '300')).code).not.toBe(0);
  });
});
