/**
 * Many customers' cards at once: issued in small transactions on this thread, signed on the one signing pool behind
 * every phone's build ('bulk' priority), written in customer order to a sink (a zip for the admin, a folder for the
 * CLI) with links.csv at the end. A few chunks are in flight at a time, so the main thread prepares the next chunk
 * while the workers sign the previous one.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db } from '../../db/connection.js';
import { AppError } from '../../errors.js';
import type { CardFiles } from '../cards/card-files.js';
import { createCustomerFacts, type CustomerRow } from '../cards/customer-facts.js';
import type { PassRow } from '../cards/passes-repository.js';
import { CSV_BOM, csvRow } from './csv.js';
import { fileName } from './filenames.js';
import { createZipFile } from './zip-file.js';

export interface PassSink {
  add(name: string, bytes: Buffer): Promise<void>;
  finish(csv: string): Promise<void>;
  abort(): Promise<void>;
}

export interface ExportPassesDeps {
  db: Db;
  files: CardFiles;
  publicUrl: () => string;
}

export interface ExportPassesOptions {
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  /** Chunks being built at once (default 8: enough to keep every signing thread fed). */
  window?: number;
}

const CHUNK = 50;
export const CSV_HEADER = ['customer_id', 'email', 'name', 'file', 'download_url', 'qr_url'] as const;

export const downloadUrlOf = (publicUrl: string, downloadId: string): string => `${publicUrl}/p/${downloadId}`;
export const qrUrlOf = (publicUrl: string, downloadId: string): string => `${publicUrl}/p/${downloadId}/qr.png`;

export function allCustomerIds(db: Db): number[] {
  return db.prepare<[], { id: number }>('SELECT id FROM customers ORDER BY id').all().map((r) => r.id);
}

/** The ids in `ids` that are not customers (at most `limit`), to refuse an export before it starts. */
export function unknownCustomerIds(db: Db, ids: readonly number[], limit = 5): number[] {
  const exists = db.prepare<[number], { id: number }>('SELECT id FROM customers WHERE id = ?');
  const unknown: number[] = [];
  for (const id of ids) {
    if (!exists.get(id)) unknown.push(id);
    if (unknown.length >= limit) break;
  }
  return unknown;
}

export async function zipSink(path: string): Promise<PassSink> {
  const partial = `${path}.part`;
  const zip = await createZipFile(partial);
  return {
    add: (name, bytes) => zip.add(name, bytes),
    async finish(csv) {
      await zip.add('links.csv', Buffer.from(CSV_BOM + csv, 'utf8'));
      await zip.close();
      await rename(partial, path);
    },
    abort: () => zip.abort(),
  };
}

/**
 * One .pkpass file per customer and links.csv in a folder (CLI). Files already written stay: each is complete.
 * Every file opens a customer's card (links.csv lists the download links), so each is readable by its owner only,
 * and a folder created here is too.
 */
export async function folderSink(dir: string): Promise<PassSink> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  return {
    add: (name, bytes) => writeFile(join(dir, name), bytes, { mode: 0o600 }),
    finish: (csv) => writeFile(join(dir, 'links.csv'), CSV_BOM + csv, { encoding: 'utf8', mode: 0o600 }),
    abort: async () => undefined,
  };
}

interface Built {
  name: string;
  bytes: Buffer;
  csv: string;
}

export async function exportPasses(
  deps: ExportPassesDeps,
  customerIds: readonly number[],
  sink: PassSink,
  options: ExportPassesOptions = {},
): Promise<{ count: number }> {
  const { db, files } = deps;
  const customers = createCustomerFacts(db);
  const total = customerIds.length;
  try {
    const publicUrl = deps.publicUrl();
    const issueChunk = db.transaction((ids: readonly number[]) => {
      const out: Array<{ pass: PassRow; customer: CustomerRow }> = [];
      for (const id of ids) {
        const customer = customers.get(id);
        // A customer deleted while the export runs is left out rather than failing the whole export.
        if (customer) out.push({ pass: files.issue(id), customer });
      }
      return out;
    });

    const buildChunk = async (ids: readonly number[]): Promise<Built[]> => {
      const issued = issueChunk(ids);
      const bytes = await Promise.all(issued.map(({ pass, customer }) => files.build(pass, { customer, priority: 'bulk' })));
      return issued.map(({ pass, customer }, i) => {
        const name = fileName([String(customer.id).padStart(6, '0'), customer.first_name, customer.last_name], files.extension);
        const fullName = `${customer.first_name} ${customer.last_name}`.trim();
        const csv = csvRow([
          customer.id,
          customer.email,
          fullName,
          name,
          downloadUrlOf(publicUrl, pass.downloadId),
          qrUrlOf(publicUrl, pass.downloadId),
        ]);
        return { name, bytes: bytes[i]!, csv };
      });
    };

    const rows: string[] = [csvRow(CSV_HEADER)];
    const window = Math.max(2, options.window ?? 8);
    const inflight: Array<Promise<Built[]>> = [];
    let done = 0;
    let count = 0;
    const writeOut = async (chunk: Promise<Built[]>, size: number) => {
      for (const b of await chunk) {
        await sink.add(b.name, b.bytes);
        rows.push(b.csv);
        count++;
      }
      done += size;
      options.onProgress?.(done, total);
    };
    const sizes: number[] = [];
    for (let i = 0; i < total; i += CHUNK) {
      if (options.signal?.aborted) throw new AppError('EXPORT_CANCELLED', 'The export was stopped.', 409);
      const ids = customerIds.slice(i, i + CHUNK);
      const pending = buildChunk(ids);
      // Awaited in order below; this only keeps a failure from being reported as unhandled meanwhile.
      pending.catch(() => undefined);
      inflight.push(pending);
      sizes.push(ids.length);
      if (inflight.length >= window) await writeOut(inflight.shift()!, sizes.shift()!);
    }
    while (inflight.length > 0) await writeOut(inflight.shift()!, sizes.shift()!);
    await sink.finish(rows.join(''));
    return { count };
  } catch (err) {
    await sink.abort();
    throw err;
  }
}
