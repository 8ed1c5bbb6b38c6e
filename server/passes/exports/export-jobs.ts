/**
 * Bulk exports started from the admin UI, as jobs of kind `export.passes` (server/jobs/): one at a time, in the
 * background, into <dataDir>/exports/, with their progress in pass_exports so that the UI can poll it. An export that
 * a stop or a crash interrupted is resumed when Passerelle runs again (written again from the start: its cards come
 * from the bytes cache or are signed anew; a half-written zip is never served). The few most recent zips are kept.
 */
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../errors.js';
import type { JobsRepository } from '../../jobs/jobs-repository.js';
import type { JobHandler, JobOutcome } from '../../jobs/types.js';
import type { Services } from '../../services.js';
import type { CardFiles } from '../cards/card-files.js';
import { allCustomerIds, exportPasses, unknownCustomerIds, zipSink } from './export-passes.js';
import { createExportsRepository, type ExportRow, type ExportScope } from './exports-repository.js';

export const EXPORT_KIND = 'export.passes';
const KEEP_FILES = 5;
const PROGRESS_EVERY_MS = 250;

export interface ExportJobs {
  start(scope: ExportScope): number;
  get(id: number): ExportRow | undefined;
  /** Absolute path of a finished export's zip. */
  pathOf(row: ExportRow): string | undefined;
  handler: JobHandler<{ exportId: number }>;
  /** At start: partial zips a stopped process left behind go (their exports are written again from the start). */
  removePartialFiles(): void;
}

export interface ExportJobsDeps {
  services: Pick<Services, 'db' | 'log' | 'now' | 'config' | 'urls'>;
  files: CardFiles;
  jobs: JobsRepository;
  /** Wakes the export kind once the job committed. */
  wake(): void;
}

export function createExportJobs(deps: ExportJobsDeps): ExportJobs {
  const { services, files } = deps;
  const repo = createExportsRepository(services.db, services.now);
  const dir = join(services.config.dataDir, 'exports');

  const idsOf = (scope: ExportScope): number[] =>
    'scope' in scope ? allCustomerIds(services.db) : [...new Set(scope.customerIds)];

  async function run(row: ExportRow, scope: ExportScope, signal: AbortSignal, heartbeat: () => void): Promise<JobOutcome> {
    const id = row.id;
    const stamp = new Date(services.now()).toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
    const file = `passes-${id}-${stamp}.zip`;
    let lastWrite = 0;
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      for (const old of repo.olderThan(KEEP_FILES - 1)) await rm(join(dir, old.file), { force: true });
      const sink = await zipSink(join(dir, file));
      const ids = idsOf(scope);
      await exportPasses({ db: services.db, files, publicUrl: () => services.urls.public() }, ids, sink, {
        signal,
        onProgress: (done) => {
          const t = Date.now();
          if (t - lastWrite >= PROGRESS_EVERY_MS) {
            lastWrite = t;
            repo.progress(id, done);
            heartbeat();
          }
        },
      });
      repo.finish(id, file);
      services.log.info({ exportId: id, passes: ids.length }, 'pass export done');
      return { kind: 'done' };
    } catch (err) {
      // Stopped with the server: the row stays running and the job resumes at the next start.
      if (signal.aborted) return { kind: 'release' };
      const message = err instanceof AppError ? err.message : 'The export failed; the details are in the Passerelle log.';
      if (!(err instanceof AppError)) services.log.error({ err, exportId: id }, 'pass export failed');
      repo.fail(id, message);
      return { kind: 'fail', error: message };
    }
  }

  const handler: JobHandler<{ exportId: number }> = {
    kind: EXPORT_KIND,
    batch: 1,
    inFlight: 1,
    leaseMs: 60_000,
    maxAttempts: 3,
    backoff: (attempts) => attempts * 30_000,
    async handle([job], ctx) {
      const row = job ? repo.get(job.payload.exportId) : undefined;
      if (!row || row.status !== 'running') return [{ kind: 'done', note: 'export no longer running' }];
      return [await run(row, repo.scopeOf(row.id), ctx.signal, ctx.heartbeat)];
    },
  };

  return {
    handler,
    removePartialFiles() {
      if (!existsSync(dir)) return;
      for (const name of readdirSync(dir)) if (/^passes-.*\.zip\.part$/.test(name)) rmSync(join(dir, name), { force: true });
    },
    start(scope) {
      if (repo.runningId() !== undefined) {
        throw new AppError('EXPORT_RUNNING', 'An export is already running; wait for it to finish.', 409);
      }
      const ids = idsOf(scope);
      if (!('scope' in scope)) {
        const unknown = unknownCustomerIds(services.db, ids);
        if (unknown.length > 0) throw new AppError('UNKNOWN_CUSTOMERS', `No customer with id ${unknown.join(', ')}.`, 400);
      }
      if (ids.length === 0) throw new AppError('NOTHING_TO_EXPORT', 'There are no customers to export yet.', 409);
      // Fail now, with a clear error, rather than in the background: no design, or an expired certificate.
      files.assertReady();
      const id = services.db.transaction(() => {
        const exportId = repo.create(scope, ids.length);
        deps.jobs.enqueue(EXPORT_KIND, { exportId }, services.now(), { dedupeKey: `export:${exportId}` });
        return exportId;
      })();
      deps.wake();
      return id;
    },
    get: (id) => repo.get(id),
    pathOf: (row) => (row.status === 'done' && row.file ? join(dir, row.file) : undefined),
  };
}
