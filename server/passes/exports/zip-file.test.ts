import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readZip } from '../../testing/zip-reader.js';
import { createZipFile } from './zip-file.js';

const dir = mkdtempSync(join(tmpdir(), 'passerelle-zip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const entries: Array<[string, Buffer]> = [
  ['000001-Zoe-Lefevre.pkpass', Buffer.from('first pass bytes')],
  ['links.csv', Buffer.from('\uFEFFcustomer_id,name\r\n1,Zoé Lefèvre\r\n')],
  ['empty.txt', Buffer.alloc(0)],
  ['été/ünïcode.bin', Buffer.alloc(300_000, 7)],
];

async function write(name: string, forceZip64 = false): Promise<Buffer> {
  const path = join(dir, name);
  const zip = await createZipFile(path, { forceZip64 });
  for (const [n, data] of entries) await zip.add(n, data);
  await zip.close();
  return readFileSync(path);
}

/** Info-ZIP's own check, when the machine has it: an independent reader of ZIP and ZIP64. */
function unzipTest(path: string): { ok: boolean; out: string } | undefined {
  const r = spawnSync('unzip', ['-t', path], { encoding: 'utf8' });
  if (r.error) return undefined;
  return { ok: r.status === 0, out: r.stdout + r.stderr };
}

describe('zip file writer', () => {
  it('writes stored entries that an independent reader and Info-ZIP read back', async () => {
    const zip = await write('plain.zip');
    const read = readZip(zip);
    expect([...read.keys()]).toEqual(entries.map(([n]) => n));
    for (const [name, data] of entries) expect(read.get(name)!.data.equals(data), name).toBe(true);
    const check = unzipTest(join(dir, 'plain.zip'));
    if (check) expect(check.ok, check.out).toBe(true);
  });

  it('writes valid ZIP64 end records (used past 65,535 entries or 4 GB)', async () => {
    const zip = await write('zip64.zip', true);
    expect(zip.includes(Buffer.from([0x50, 0x4b, 0x06, 0x06]))).toBe(true);
    expect(zip.includes(Buffer.from([0x50, 0x4b, 0x06, 0x07]))).toBe(true);
    const check = unzipTest(join(dir, 'zip64.zip'));
    if (check) expect(check.ok, check.out).toBe(true);
    const py = spawnSync('python3', ['-c', 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); print(z.testzip()); print(len(z.namelist()))', join(dir, 'zip64.zip')], {
      encoding: 'utf8',
    });
    if (!py.error) expect(py.stdout.trim().split('\n'), py.stderr).toEqual(['None', String(entries.length)]);
  });

  it('abort removes the partial file', async () => {
    const path = join(dir, 'aborted.zip');
    const zip = await createZipFile(path);
    await zip.add('a', Buffer.from('a'));
    await zip.abort();
    expect(existsSync(path)).toBe(false);
  });
});
