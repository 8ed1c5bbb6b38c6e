/**
 * Bulk exports started from the admin UI: one at a time, in the background, into <dataDir>/exports/, with their
 * progress in pass_exports so that the UI can poll it. The few most recent zips are kept; older ones are deleted.
 */
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../errors.js';
import type { Services } from '../../services.js';
import { passServices } from '../issuing/pass-services.js';
import { allCustomerIds, exportPasses, unknownCustomerIds, zipSink } from './export-passes.js';
import { createExportsRepository, type ExportRow, type ExportScope } from './exports-repository.js';

const KEEP_FILES = 5;
const PROGRESS_EVERY_MS = 250;

export interface ExportRunner {
  start(scope: ExportScope): number;
  get(id: number): ExportRow | undefined;
  /** Absolute path of a finished export's zip. */
  pathOf(row: ExportRow): string | undefined;
  /** Waits for the running export (tests), without stopping it. */
  idle(): Promise<void>;
  /** Stops the running export (its row is marked failed) and waits for it to wind down. */
  close(): Promise<void>;
}

const runners = new WeakMap<Services, ExportRunner>();

export function exportRunner(services: Services, options: { threads?: number } = {}): ExportRunner {
  let runner = runners.get(services);
  if (!runner) {
    runner = createExportRunner(services, options);
    runners.set(services, runner);
  }
  return runner;
}

function createExportRunner(services: Services, options: { threads?: number }): ExportRunner {
  const repo = createExportsRepository(services.db, services.now);
  const { issuer, identity } = passServices(services);
  const dir = join(services.config.dataDir, 'exports');
  repo.markInterrupted();
  // Partial zips of exports a stopped process left behind.
  if (existsSync(dir)) {
    for (const name of readdirSync(dir)) if (/^passes-.*\.zip\.part$/.test(name)) rmSync(join(dir, name), { force: true });
  }
  let running: { id: number; controller: AbortController; job: Promise<void> } | undefined;

  async function run(id: number, ids: readonly number[], controller: AbortController): Promise<void> {
    const stamp = new Date(services.now()).toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
    const file = `passes-${id}-${stamp}.zip`;
    let lastWrite = 0;
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      for (const old of repo.olderThan(KEEP_FILES - 1)) await rm(join(dir, old.file), { force: true });
      const sink = await zipSink(join(dir, file));
      await exportPasses({ db: services.db, issuer, identity, publicUrl: () => services.urls.public() }, ids, sink, {
        ...(options.threads ? { threads: options.threads } : {}),
        signal: controller.signal,
        onProgress: (done) => {
          const t = Date.now();
          if (t - lastWrite >= PROGRESS_EVERY_MS) {
            lastWrite = t;
            repo.progress(id, done);
          }
        },
      });
      repo.finish(id, file);
      services.log.info({ exportId: id, passes: ids.length }, 'pass export done');
    } catch (err) {
      const message = err instanceof AppError ? err.message : 'The export failed; the details are in the Passerelle log.';
      if (!(err instanceof AppError)) services.log.error({ err, exportId: id }, 'pass export failed');
      repo.fail(id, controller.signal.aborted ? 'Interrupted: Passerelle stopped while this export was running. Start it again.' : message);
    }
  }

  return {
    start(scope) {
      if (running || repo.runningId() !== undefined) {
        throw new AppError('EXPORT_RUNNING', 'An export is already running; wait for it to finish.', 409);
      }
      let ids: number[];
      if ('scope' in scope) {
        ids = allCustomerIds(services.db);
      } else {
        ids = [...new Set(scope.customerIds)];
        const unknown = unknownCustomerIds(services.db, ids);
        if (unknown.length > 0) throw new AppError('UNKNOWN_CUSTOMERS', `No customer with id ${unknown.join(', ')}.`, 400);
      }
      if (ids.length === 0) throw new AppError('NOTHING_TO_EXPORT', 'There are no customers to export yet.', 409);
      // Fail now, with a clear error, rather than in the background: no design, or an expired certificate.
      issuer.defaultDesignId();
      identity.current();
      const id = repo.create(scope, ids.length);
      const controller = new AbortController();
      const job = run(id, ids, controller).finally(() => {
        if (running?.id === id) running = undefined;
      });
      running = { id, controller, job };
      return id;
    },
    get: (id) => repo.get(id),
    pathOf: (row) => (row.status === 'done' && row.file ? join(dir, row.file) : undefined),
    idle: async () => {
      await running?.job;
    },
    async close() {
      if (!running) return;
      running.controller.abort();
      await running.job;
    },
  };
}
