import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { instanceOn, registerInstance, runningInstances } from './instances.js';

describe('running instances', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'passerelle-run-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const base = { adminUrl: 'http://127.0.0.1:4380', publicUrl: 'http://127.0.0.1:4381', adminPort: 4380, publicPort: 4381, mode: 'headless' as const, startedAt: 1 };

  it('finds the server of a data folder by its absolute path, and forgets it once removed', () => {
    const remove = registerInstance(dir, { ...base, dataDir: join(dir, 'shop', '..', 'shop') });
    expect(instanceOn(dir, join(dir, 'shop'))).toMatchObject({ pid: process.pid, adminUrl: base.adminUrl });
    expect(instanceOn(dir, join(dir, 'other'))).toBeUndefined();
    remove();
    remove();
    expect(runningInstances(dir)).toEqual([]);
  });

  it('a note whose process has ended is ignored and removed; a damaged note too', async () => {
    const child = spawn(process.execPath, ['-e', '0']);
    const pid = child.pid!;
    await new Promise((done) => child.once('exit', done));
    registerInstance(dir, { ...base, dataDir: '/gone' }, pid);
    writeFileSync(join(dir, '12.json'), '{ not json');
    registerInstance(dir, { ...base, dataDir: '/here', startedAt: 5 });
    expect(runningInstances(dir).map((i) => i.dataDir)).toEqual(['/here']);
    expect(readdirSync(dir)).toEqual([`${process.pid}.json`]);
  });

  it('reads nothing from a folder that does not exist', () => {
    expect(runningInstances(join(dir, 'none'))).toEqual([]);
  });
});
