/**
 * A tiny ZIP reader for tests, written from APPNOTE independently of server/passes/apple/zip.ts: it trusts the
 * central directory, cross-checks each local header against it, and checks every CRC, so a writer bug shows up
 * here rather than being mirrored.
 */
import { crc32 } from 'node:zlib';

export interface ZipFileEntry {
  name: string;
  data: Buffer;
  method: number;
  flags: number;
}

export function readZip(zip: Buffer): Map<string, ZipFileEntry> {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0 || eocd + 22 > zip.length) throw new Error('zip: no end of central directory record');
  const count = zip.readUInt16LE(eocd + 10);
  const cdSize = zip.readUInt32LE(eocd + 12);
  const cdOffset = zip.readUInt32LE(eocd + 16);
  if (cdOffset + cdSize !== eocd) throw new Error('zip: central directory does not end at the end record');

  const files = new Map<string, ZipFileEntry>();
  let at = cdOffset;
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`zip: bad central header ${i}`);
    const flags = zip.readUInt16LE(at + 8);
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const compressed = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localOffset = zip.readUInt32LE(at + 42);
    const name = zip.toString(flags & 0x0800 ? 'utf8' : 'latin1', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;

    if (zip.readUInt32LE(localOffset) !== 0x04034b50) throw new Error(`zip: bad local header for ${name}`);
    const localNameLength = zip.readUInt16LE(localOffset + 26);
    const localExtraLength = zip.readUInt16LE(localOffset + 28);
    const localName = zip.toString('utf8', localOffset + 30, localOffset + 30 + localNameLength);
    if (localName !== name) throw new Error(`zip: local name ${localName} ≠ central ${name}`);
    if (zip.readUInt32LE(localOffset + 14) !== crc) throw new Error(`zip: local CRC differs for ${name}`);
    if (method !== 0 || compressed !== size) throw new Error(`zip: ${name} is not stored`);
    const start = localOffset + 30 + localNameLength + localExtraLength;
    const data = zip.subarray(start, start + size);
    if (crc32(data) !== crc) throw new Error(`zip: CRC mismatch for ${name}`);
    if (files.has(name)) throw new Error(`zip: duplicate ${name}`);
    files.set(name, { name, data, method, flags });
  }
  return files;
}
