import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { thrownCode } from '../testing/thrown.js';
import { registerInstance } from '../runtime/instances.js';
import { findDataFolder } from './data-folder.js';

describe('which data folder a command works on', () => {
  let base: string;
  let runtimeDir: string;
  const note = (dataDir: string, pid: number) =>
    registerInstance(runtimeDir, { dataDir, adminUrl: `http://127.0.0.1:${pid % 60000}`, publicUrl: 'http://127.0.0.1:1', adminPort: 1, publicPort: 2, mode: 'headless', startedAt: pid }, pid);
  beforeEach(() => {
    base = mkdtempSync(join(tmpdir(), 'passerelle-folder-'));
    runtimeDir = join(base, 'running');
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));
  const find = (env: Record<string, string> = {}, create = false) =>
    findDataFolder({ env: { PASSERELLE_RUNTIME_DIR: runtimeDir, ...env }, cwd: join(base, 'here'), create });

  it('an explicit PASSERELLE_DATA_DIR is used as given', () => {
    expect(find({ PASSERELLE_DATA_DIR: join(base, 'mine') }).config.dataDir).toBe(join(base, 'mine'));
  });

  it('./data with a database in it is used; without one, the one running server’s folder, said in a note', () => {
    note(join(base, 'shop'), process.pid);
    const found = find();
    expect(found.config.dataDir).toBe(join(base, 'shop'));
    expect(found.running?.dataDir).toBe(join(base, 'shop'));
    expect(found.note).toMatch(/Using the data folder of the Passerelle running now/);
    mkdirSync(join(base, 'here', 'data'), { recursive: true });
    writeFileSync(join(base, 'here', 'data', 'passerelle.sqlite'), '');
    expect(find().config.dataDir).toBe(join(base, 'here', 'data'));
  });

  it('several servers: named, none chosen; none: a clear refusal, unless the command makes a database', () => {
    expect(thrownCode(() => find())).toBe('NO_DATA_FOLDER');
    expect(find({}, true).config.dataDir).toBe(join(base, 'here', 'data'));
    note(join(base, 'a'), process.pid);
    note(join(base, 'b'), process.ppid);
    expect(() => find()).toThrow(/Several Passerelle servers are running/);
    expect(() => find()).toThrow(`PASSERELLE_DATA_DIR=${join(base, 'a')}`);
    expect(() => find()).toThrow(`PASSERELLE_DATA_DIR=${join(base, 'b')}`);
  });
});
