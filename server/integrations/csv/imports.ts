/**
 * CSV imports of customers and purchases: an upload (kept in the data folder's imports/), a mapping of its columns,
 * a check of every row (nothing is written while any row is wrong), then the run: the `import.run` job, a thousand
 * rows per transaction with the progress recorded in the same one, so that a kill resumes where it stopped. Rows
 * that match what is stored change nothing: the same file imported twice is the same data.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable } from 'node:stream';
import type { CustomersRepository, PurchasesRepository } from '../../customers/customers-module.js';
import type { Db } from '../../db/connection.js';
import { AppError, notFound } from '../../errors.js';
import type { JobsRepository } from '../../jobs/jobs-repository.js';
import type { JobHandler } from '../../jobs/types.js';
import type { Till } from '../../loyalty/till.js';
import type { ExternalIdsRepository } from '../api/external-ids-repository.js';
import type { ImportCheck, ImportKind, ImportMapping, ImportRowProblem, ImportUpload, ImportView } from '../schemas.js';
import { csvRecords, sniffCsv } from './csv-file.js';
import { planCustomerRow, rowProblem, type CustomerPlan, type StoreLookup } from './customer-rows.js';
import { problem } from './values.js';
import { CUSTOMER_FIELDS, PURCHASE_FIELDS, REQUIRED, suggestMapping } from './fields.js';
import type { ImportRow, ImportsRepository } from './imports-repository.js';
import { planPurchaseRow, type PurchasePlan } from './purchase-rows.js';

export const IMPORT_JOB = 'import.run';
/** The largest file accepted (a million customers is about 100 MB). */
export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;
const MAX_LISTED_PROBLEMS = 500;
const BATCH = 1_000;

export interface ImportsDeps {
  db: Db;
  now(): number;
  dataDir: string;
  repo: ImportsRepository;
  customers: CustomersRepository;
  purchases: PurchasesRepository;
  till: Pick<Till, 'recordPurchase'>;
  externalIds: ExternalIdsRepository;
  entryTier(): string;
  stores(): Array<{ id: number; name: string }>;
  timeZone(): string;
  jobs: Pick<JobsRepository, 'enqueue'>;
  wake(): void;
}

type Plan = { plan: CustomerPlan | PurchasePlan } | { problems: ImportRowProblem[] };

const fieldsOf = (kind: ImportKind): readonly string[] => (kind === 'customers' ? CUSTOMER_FIELDS : PURCHASE_FIELDS);
/** A cell Passerelle's export protected from spreadsheet formulas ('=…) reads as it was. */
const unprotect = (cell: string): string => (/^'[=+\-@]/.test(cell) ? cell.slice(1) : cell);
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

export function createImports(deps: ImportsDeps) {
  const { repo } = deps;
  const dir = join(deps.dataDir, 'imports');
  const fileOf = (id: number) => join(dir, `${id}.csv`);

  function require(id: number): ImportRow {
    return repo.get(id) ?? (() => { throw notFound('Import'); })();
  }
  const view = ({ fileBytes: _bytes, ...v }: ImportRow): ImportView => v;

  function storeLookup(): StoreLookup {
    const stores = deps.stores();
    const byName = new Map(stores.map((s) => [s.name.trim().toLowerCase(), s.id]));
    const ids = new Set(stores.map((s) => s.id));
    return {
      find(text) {
        const t = text.trim();
        if (/^\d{1,9}$/.test(t) && ids.has(Number(t))) return Number(t);
        return byName.get(t.toLowerCase());
      },
    };
  }

  /** The row planner for a file under a mapping; its memory of rows seen makes duplicates visible. */
  function planner(imp: ImportRow, mapping: ImportMapping): (cells: string[], row: number) => Plan {
    const columns: Record<string, { index: number; header: string }> = {};
    for (const [field, header] of Object.entries(mapping)) {
      if (header) columns[field] = { index: imp.headers.indexOf(header), header };
    }
    const stores = storeLookup();
    if (imp.kind === 'customers') {
      const ctx = { columns, customers: deps.customers, externalIds: deps.externalIds, stores, seen: { emails: new Map(), externalIds: new Map() } };
      return (cells, row) => planCustomerRow(cells.map(unprotect), row, ctx);
    }
    const ctx = { columns, customers: deps.customers, purchases: deps.purchases, externalIds: deps.externalIds, stores, timeZone: deps.timeZone(), seen: new Map() };
    return (cells, row) => planPurchaseRow(cells.map(unprotect), row, ctx);
  }

  function checkMapping(imp: ImportRow, mapping: ImportMapping): void {
    const fields = fieldsOf(imp.kind);
    const used = new Map<string, string>();
    for (const [field, header] of Object.entries(mapping)) {
      if (!fields.includes(field)) throw new AppError('IMPORT_FIELD_UNKNOWN', `"${field}" is not a field of a ${imp.kind} import.`, 400, { field });
      if (header === null || header === '') continue;
      if (!imp.headers.includes(header)) throw new AppError('IMPORT_COLUMN_UNKNOWN', `The file has no column "${header}".`, 400, { column: header });
      const other = used.get(header);
      if (other) throw new AppError('IMPORT_COLUMN_TWICE', `The column "${header}" is mapped to both ${other} and ${field}.`, 400, { column: header });
      used.set(header, field);
    }
    const missing = REQUIRED[imp.kind].filter((f) => !mapping[f]);
    if (missing.length > 0) throw new AppError('IMPORT_FIELD_REQUIRED', `Choose the column of: ${missing.join(', ')}.`, 400, { fields: missing.join(',') });
    if (imp.kind === 'purchases' && !mapping.customerEmail && !mapping.customerExternalId) {
      throw new AppError('IMPORT_FIELD_REQUIRED', 'Choose the column naming the customer (e-mail or customer id).', 400, { fields: 'customerEmail' });
    }
  }

  async function runJob(importId: number, heartbeat: () => void, signal: AbortSignal): Promise<'done' | 'stopped'> {
    const imp = repo.get(importId);
    if (!imp || imp.status !== 'running' || !imp.mapping) return 'done';
    const plan = planner(imp, imp.mapping);
    const entryTier = deps.entryTier();
    let batch: Array<{ row: number; cells: string[] }> = [];
    let next = imp.doneRows;
    const write = deps.db.transaction((rows: typeof batch, nextRow: number) => {
      const counts = { created: 0, updated: 0, unchanged: 0 };
      for (const { row, cells } of rows) {
        const p = plan(cells, row);
        if ('problems' in p) throw new AppError('IMPORT_ROW_INVALID', `Row ${row}: ${p.problems.map((x) => `${x.column}: ${x.problem}`).join('; ')}`, 409);
        applyPlan(p.plan, entryTier, counts);
      }
      repo.progress(importId, nextRow, counts, deps.now());
    });
    try {
      for await (const { index, cells } of csvRecords(fileOf(importId), imp, imp.doneRows)) {
        batch.push({ row: index + 2, cells });
        next = index + 1;
        if (batch.length === BATCH) {
          write(batch, next);
          batch = [];
          heartbeat();
          await tick();
          if (signal.aborted) return 'stopped';
        }
      }
      if (batch.length > 0) write(batch, next);
      repo.finish(importId, 'done', null, deps.now());
      await rm(fileOf(importId), { force: true });
    } catch (err) {
      repo.finish(importId, 'failed', err instanceof Error ? err.message : String(err), deps.now());
    }
    return 'done';
  }

  function applyPlan(p: CustomerPlan | PurchasePlan, entryTier: string, counts: { created: number; updated: number; unchanged: number }): void {
    switch (p.action) {
      case 'unchanged':
        counts.unchanged++;
        return;
      case 'update': {
        if (Object.keys(p.patch).length > 0) deps.customers.update(p.id, p.patch, 'import');
        if (p.externalId !== null) deps.externalIds.set(p.id, p.externalId, deps.now());
        counts.updated++;
        return;
      }
      case 'create': {
        if ('customerId' in p) {
          deps.till.recordPurchase(p.customerId, p.input, { by: 'import', source: 'import' });
        } else {
          const c = deps.customers.create({ ...p.input, source: 'import', consentSource: 'import' }, entryTier);
          if (p.externalId !== null) deps.externalIds.set(c.id, p.externalId, deps.now());
        }
        counts.created++;
      }
    }
  }

  return {
    /** Stores the uploaded file and reads its shape; nothing is imported yet. */
    async upload(kind: ImportKind, fileName: string, body: Readable): Promise<ImportUpload> {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const temp = join(dir, `upload-${randomBytes(8).toString('hex')}.part`);
      let size = 0;
      const cap = new Transform({
        transform(chunk: Buffer, _enc, done) {
          size += chunk.length;
          if (size > MAX_IMPORT_BYTES) done(new AppError('PAYLOAD_TOO_LARGE', `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB.`, 413));
          else done(null, chunk);
        },
      });
      try {
        await pipeline(body, cap, createWriteStream(temp, { mode: 0o600 }));
        if (size === 0) throw new AppError('IMPORT_EMPTY', 'The file is empty.', 400);
        const shape = await sniffCsv(temp);
        if (shape.headers.length === 0 || shape.headers.every((h) => h === '')) throw new AppError('IMPORT_NO_HEADER', 'The first line of the file should name its columns.', 400);
        const id = repo.insert({ kind, fileName: fileName.slice(0, 255) || 'import.csv', fileBytes: (await stat(temp)).size, delimiter: shape.delimiter, hasBom: shape.hasBom, encoding: shape.encoding, headers: shape.headers, at: deps.now() });
        await rename(temp, fileOf(id));
        return { import: view(require(id)), preview: shape.preview.slice(0, 5), fields: [...fieldsOf(kind)], required: [...REQUIRED[kind]], suggested: suggestMapping(kind, shape.headers) };
      } finally {
        await rm(temp, { force: true });
      }
    },

    get: (id: number): ImportView => view(require(id)),

    /** Every row checked under `mapping`: the report, and whether the import may run. Writes nothing else. */
    async check(id: number, mapping: ImportMapping, onProgress?: (rows: number) => void): Promise<ImportView> {
      const imp = require(id);
      if (imp.status === 'running') throw new AppError('IMPORT_RUNNING', 'This import is running.', 409);
      checkMapping(imp, mapping);
      const plan = planner(imp, mapping);
      const check: ImportCheck = { rows: 0, problemCount: 0, problems: [], create: 0, update: 0, unchanged: 0 };
      for await (const { index, cells } of csvRecords(fileOf(id), imp)) {
        const p = plan(cells, index + 2);
        check.rows++;
        if ('problems' in p) {
          check.problemCount += p.problems.length;
          for (const problem of p.problems) if (check.problems.length < MAX_LISTED_PROBLEMS) check.problems.push(problem);
        } else check[p.plan.action]++;
        if (check.rows % 2_000 === 0) {
          onProgress?.(check.rows);
          await tick();
        }
      }
      if (check.rows === 0) {
        check.problems.push(rowProblem(2, '', problem('NO_ROWS')));
        check.problemCount = 1;
      }
      repo.checked(id, mapping, check, deps.now());
      return view(require(id));
    },

    /** Starts a checked import (the job runs it); refused while any row is wrong. */
    start(id: number): ImportView {
      const imp = require(id);
      if (imp.status === 'running') return view(imp);
      if (imp.status !== 'valid') {
        throw new AppError('IMPORT_NOT_CHECKED', imp.status === 'invalid' ? 'Some rows are wrong: correct the file or the mapping, then check again.' : 'Check the file first.', 409);
      }
      deps.db.transaction(() => {
        repo.started(id, deps.now());
        deps.jobs.enqueue(IMPORT_JOB, { importId: id }, deps.now(), { dedupeKey: `import:${id}` });
      })();
      setImmediate(deps.wake);
      return view(require(id));
    },

    job(): JobHandler<{ importId: number }> {
      return {
        kind: IMPORT_JOB,
        leaseMs: 5 * 60_000,
        backoff: () => 60_000,
        maxAttempts: 3,
        async handle([job], ctx) {
          const result = await runJob(job!.payload.importId, ctx.heartbeat, ctx.signal);
          return [result === 'stopped' ? { kind: 'release' } : { kind: 'done' }];
        },
      };
    },

    /** Uploads left a week without being imported go (their files too). */
    async purge(before: number): Promise<void> {
      for (const id of repo.staleIds(before)) {
        await rm(fileOf(id), { force: true });
        repo.remove(id);
      }
    },

    /** For the CLI: check and run in this process, reporting progress. */
    async runHere(id: number, onProgress: (done: number) => void): Promise<ImportView> {
      deps.db.transaction(() => repo.started(id, deps.now()))();
      const timer = setInterval(() => onProgress(repo.get(id)?.doneRows ?? 0), 250);
      try {
        await runJob(id, () => {}, new AbortController().signal);
      } finally {
        clearInterval(timer);
      }
      return view(require(id));
    },
  };
}

export type Imports = ReturnType<typeof createImports>;
