/**
 * A linear STORE-only ZIP writer (APPNOTE 6.3.x). PNGs and a few KB of JSON gain nothing from deflate, and Wallet
 * reads stored entries fine. The archive size is known up front, so it is written into one buffer in one pass:
 * every input byte is copied exactly once. No ZIP64: a pass is far below 4 GB and 65,535 entries.
 */
import { crc32 } from 'node:zlib';

export interface ZipEntry {
  /** Forward slashes, no leading slash; UTF-8. */
  name: string;
  data: Buffer;
  /** Pass it when it is known already (images are content-addressed and hashed once). */
  crc32?: number;
}

const LOCAL_HEADER = 30;
const CENTRAL_HEADER = 46;
const END_RECORD = 22;
const VERSION_STORE = 10; // 1.0: stored entries, no directories
const FLAG_UTF8_NAMES = 0x0800; // general purpose bit 11

function dosDateTime(at: Date): { time: number; date: number } {
  // DOS dates start in 1980; use UTC so the same instant gives the same bytes on every machine.
  const year = Math.min(Math.max(at.getUTCFullYear(), 1980), 2107);
  return {
    time: (at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | (at.getUTCSeconds() >> 1),
    date: ((year - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate(),
  };
}

export function writeZip(entries: readonly ZipEntry[], modified: Date): Buffer {
  const count = entries.length;
  if (count > 0xffff) throw new RangeError('zip: too many entries');
  const nameLengths = new Array<number>(count);
  const crcs = new Array<number>(count);
  let dataSize = 0;
  let namesSize = 0;
  for (let i = 0; i < count; i++) {
    const e = entries[i]!;
    nameLengths[i] = Buffer.byteLength(e.name, 'utf8');
    crcs[i] = e.crc32 ?? crc32(e.data);
    namesSize += nameLengths[i]!;
    dataSize += e.data.length;
  }
  const centralSize = CENTRAL_HEADER * count + namesSize;
  const centralOffset = LOCAL_HEADER * count + namesSize + dataSize;
  const total = centralOffset + centralSize + END_RECORD;
  if (total > 0xffffffff) throw new RangeError('zip: archive over 4 GB');

  const { time, date } = dosDateTime(modified);
  // allocUnsafeSlow: never a slice of the shared pool, so a worker can transfer the ArrayBuffer without copying.
  const out = Buffer.allocUnsafeSlow(total);
  const offsets = new Array<number>(count);
  let at = 0;
  for (let i = 0; i < count; i++) {
    const e = entries[i]!;
    const size = e.data.length;
    offsets[i] = at;
    out.writeUInt32LE(0x04034b50, at);
    out.writeUInt16LE(VERSION_STORE, at + 4);
    out.writeUInt16LE(FLAG_UTF8_NAMES, at + 6);
    out.writeUInt16LE(0, at + 8); // method: stored
    out.writeUInt16LE(time, at + 10);
    out.writeUInt16LE(date, at + 12);
    out.writeUInt32LE(crcs[i]!, at + 14);
    out.writeUInt32LE(size, at + 18);
    out.writeUInt32LE(size, at + 22);
    out.writeUInt16LE(nameLengths[i]!, at + 26);
    out.writeUInt16LE(0, at + 28); // extra field length
    at += LOCAL_HEADER;
    at += out.write(e.name, at, 'utf8');
    at += e.data.copy(out, at);
  }
  for (let i = 0; i < count; i++) {
    const e = entries[i]!;
    const size = e.data.length;
    out.writeUInt32LE(0x02014b50, at);
    out.writeUInt16LE(VERSION_STORE, at + 4); // made by: MS-DOS/FAT attributes, spec 1.0
    out.writeUInt16LE(VERSION_STORE, at + 6);
    out.writeUInt16LE(FLAG_UTF8_NAMES, at + 8);
    out.writeUInt16LE(0, at + 10);
    out.writeUInt16LE(time, at + 12);
    out.writeUInt16LE(date, at + 14);
    out.writeUInt32LE(crcs[i]!, at + 16);
    out.writeUInt32LE(size, at + 20);
    out.writeUInt32LE(size, at + 24);
    out.writeUInt16LE(nameLengths[i]!, at + 28);
    out.fill(0, at + 30, at + 42); // extra and comment lengths, disk number, internal and external attributes
    out.writeUInt32LE(offsets[i]!, at + 42);
    at += CENTRAL_HEADER;
    at += out.write(e.name, at, 'utf8');
  }
  out.writeUInt32LE(0x06054b50, at);
  out.writeUInt16LE(0, at + 4);
  out.writeUInt16LE(0, at + 6);
  out.writeUInt16LE(count, at + 8);
  out.writeUInt16LE(count, at + 10);
  out.writeUInt32LE(centralSize, at + 12);
  out.writeUInt32LE(centralOffset, at + 16);
  out.writeUInt16LE(0, at + 20); // comment length
  return out;
}
