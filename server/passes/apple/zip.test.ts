import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { withFiles } from '../../testing/openssl.js';
import { readZip } from '../../testing/zip-reader.js';
import { writeZip } from './zip.js';

const entries = [
  { name: 'pass.json', data: Buffer.from('{"formatVersion":1}') },
  { name: 'icon.png', data: randomBytes(5000) },
  { name: 'fr.lproj/pass.strings', data: Buffer.from('\ufeff"a" = "é";', 'utf16le') },
  { name: 'zh-Hans.lproj/logo.png', data: randomBytes(70_000) },
  { name: 'café ü.txt', data: Buffer.from('utf-8 name') },
  { name: 'empty', data: Buffer.alloc(0) },
];

describe('writeZip', () => {
  it('round-trips through an independent reader, names, bytes and CRCs', () => {
    const zip = writeZip(entries, new Date('2026-05-01T12:34:56Z'));
    const files = readZip(zip);
    expect([...files.keys()]).toEqual(entries.map((e) => e.name));
    for (const e of entries) expect(files.get(e.name)!.data.equals(e.data)).toBe(true);
    expect(files.get('café ü.txt')!.flags & 0x0800).toBe(0x0800);
  });

  it('writes the same bytes whether or not the CRC is given', () => {
    const at = new Date('2026-05-01T00:00:00Z');
    const given = entries.map((e) => ({ ...e, crc32: crc32(e.data) }));
    expect(writeZip(given, at).equals(writeZip(entries, at))).toBe(true);
  });

  it('is accepted by Info-ZIP unzip (test mode checks every CRC) and by Python’s zipfile (UTF-8 names)', () => {
    const zip = writeZip(entries, new Date());
    const names = withFiles({ 'a.zip': zip }, (dir) => {
      const test = spawnSync('unzip', ['-t', `${dir}/a.zip`]);
      expect(test.status, test.stdout.toString()).toBe(0);
      const py = 'import json, sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(json.dumps(z.namelist()))';
      const r = spawnSync('python3', ['-c', py, `${dir}/a.zip`]);
      expect(r.status, r.stderr.toString()).toBe(0);
      return JSON.parse(r.stdout.toString()) as string[];
    });
    expect(names).toEqual(entries.map((e) => e.name));
  });

  it('writes an empty archive as a bare end record', () => {
    const zip = writeZip([], new Date());
    expect(zip.length).toBe(22);
    expect(readZip(zip).size).toBe(0);
  });
});
