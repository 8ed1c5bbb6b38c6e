/**
 * A STORE-only zip written to disk entry by entry (a bulk export of 10,000 passes is ~1 GB: never held in memory).
 * Each entry is one writev of header, name and data; the central directory is written at the end. Past 65,535
 * entries or 4 GB of archive, the ZIP64 end records and per-entry offsets are used (APPNOTE 6.3.x, 4.3.14–4.3.15,
 * 4.5.3); the entries themselves (one pass, one CSV) stay far below 4 GB, so local headers never need ZIP64.
 */
import { open, rm, type FileHandle } from 'node:fs/promises';
import { crc32 } from 'node:zlib';

const U16 = 0xffff;
const U32 = 0xffffffff;
const FLAG_UTF8 = 0x0800;
const UNIX = 3 << 8;
const FILE_MODE = (0o100644 << 16) >>> 0;

interface Written {
  name: Buffer;
  crc: number;
  size: number;
  offset: number;
}

export interface ZipFileWriter {
  add(name: string, data: Buffer, crc?: number): Promise<void>;
  /** Writes the central directory and closes the file. */
  close(): Promise<void>;
  /** Closes and deletes the partial file. */
  abort(): Promise<void>;
  readonly entries: number;
}

function dosTime(at: Date): { time: number; date: number } {
  const year = Math.min(Math.max(at.getUTCFullYear(), 1980), 2107);
  return {
    time: (at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | (at.getUTCSeconds() >> 1),
    date: ((year - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate(),
  };
}

export async function createZipFile(path: string, options: { modified?: Date; forceZip64?: boolean } = {}): Promise<ZipFileWriter> {
  const file: FileHandle = await open(path, 'w', 0o600);
  const { time, date } = dosTime(options.modified ?? new Date());
  const written: Written[] = [];
  let position = 0;
  let closed = false;

  async function write(buffers: Buffer[]): Promise<void> {
    const total = buffers.reduce((n, b) => n + b.length, 0);
    let done = 0;
    // writev may write less than asked (large buffers): finish the rest from where it stopped.
    while (done < total) {
      let skip = done;
      const rest: Buffer[] = [];
      for (const b of buffers) {
        if (skip >= b.length) {
          skip -= b.length;
          continue;
        }
        rest.push(skip > 0 ? b.subarray(skip) : b);
        skip = 0;
      }
      const { bytesWritten } = await file.writev(rest, position + done);
      done += bytesWritten;
    }
    position += total;
  }

  function centralEntry(e: Written, zip64: boolean): Buffer[] {
    const needsOffset = zip64 || e.offset > U32;
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    // Made by Unix, so that readers take the names as UTF-8 (bit 11) rather than guess a DOS code page, and the
    // files come out as rw-r--r--.
    header.writeUInt16LE(UNIX | (needsOffset ? 45 : 10), 4);
    header.writeUInt16LE(needsOffset ? 45 : 10, 6);
    header.writeUInt16LE(FLAG_UTF8, 8);
    header.writeUInt16LE(0, 10); // stored
    header.writeUInt16LE(time, 12);
    header.writeUInt16LE(date, 14);
    header.writeUInt32LE(e.crc, 16);
    header.writeUInt32LE(e.size, 20);
    header.writeUInt32LE(e.size, 24);
    header.writeUInt16LE(e.name.length, 28);
    header.writeUInt16LE(needsOffset ? 12 : 0, 30); // extra: the ZIP64 offset
    header.writeUInt32LE(FILE_MODE, 38);
    header.writeUInt32LE(needsOffset ? U32 : e.offset, 42);
    if (!needsOffset) return [header, e.name];
    const extra = Buffer.alloc(12);
    extra.writeUInt16LE(0x0001, 0);
    extra.writeUInt16LE(8, 2);
    extra.writeBigUInt64LE(BigInt(e.offset), 4);
    return [header, e.name, extra];
  }

  return {
    get entries() {
      return written.length;
    },

    async add(name, data, crc) {
      if (closed) throw new Error('zip: already closed');
      if (data.length >= U32) throw new RangeError('zip: entry over 4 GB');
      const nameBytes = Buffer.from(name, 'utf8');
      const sum = crc ?? crc32(data);
      const header = Buffer.alloc(30);
      header.writeUInt32LE(0x04034b50, 0);
      header.writeUInt16LE(10, 4);
      header.writeUInt16LE(FLAG_UTF8, 6);
      header.writeUInt16LE(0, 8);
      header.writeUInt16LE(time, 10);
      header.writeUInt16LE(date, 12);
      header.writeUInt32LE(sum, 14);
      header.writeUInt32LE(data.length, 18);
      header.writeUInt32LE(data.length, 22);
      header.writeUInt16LE(nameBytes.length, 26);
      header.writeUInt16LE(0, 28);
      const offset = position;
      await write([header, nameBytes, data]);
      written.push({ name: nameBytes, crc: sum, size: data.length, offset });
    },

    async close() {
      if (closed) return;
      closed = true;
      try {
        const centralOffset = position;
        const forced = options.forceZip64 === true;
        // The central directory goes out in slices so that a huge export never builds one huge array.
        for (let i = 0; i < written.length; i += 1024) {
          await write(written.slice(i, i + 1024).flatMap((e) => centralEntry(e, forced)));
        }
        const centralSize = position - centralOffset;
        const count = written.length;
        const zip64 = forced || count >= U16 || centralOffset >= U32 || centralSize >= U32;
        const tail: Buffer[] = [];
        if (zip64) {
          const record = Buffer.alloc(56);
          record.writeUInt32LE(0x06064b50, 0);
          record.writeBigUInt64LE(44n, 4); // size of the rest of this record
          record.writeUInt16LE(45, 12);
          record.writeUInt16LE(45, 14);
          record.writeBigUInt64LE(BigInt(count), 24);
          record.writeBigUInt64LE(BigInt(count), 32);
          record.writeBigUInt64LE(BigInt(centralSize), 40);
          record.writeBigUInt64LE(BigInt(centralOffset), 48);
          const locator = Buffer.alloc(20);
          locator.writeUInt32LE(0x07064b50, 0);
          locator.writeBigUInt64LE(BigInt(position), 8);
          locator.writeUInt32LE(1, 16);
          tail.push(record, locator);
        }
        const end = Buffer.alloc(22);
        end.writeUInt32LE(0x06054b50, 0);
        end.writeUInt16LE(zip64 ? U16 : count, 8);
        end.writeUInt16LE(zip64 ? U16 : count, 10);
        end.writeUInt32LE(zip64 ? U32 : centralSize, 12);
        end.writeUInt32LE(zip64 ? U32 : centralOffset, 16);
        tail.push(end);
        await write(tail);
        await file.sync();
      } finally {
        await file.close();
      }
    },

    async abort() {
      if (!closed) {
        closed = true;
        await file.close().catch(() => undefined);
      }
      await rm(path, { force: true });
    },
  };
}
