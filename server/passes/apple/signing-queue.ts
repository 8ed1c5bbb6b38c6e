/**
 * The one signing pool of the server (apple/pool.ts: one worker per core), started on first need and stopped when
 * idle, shared by the web service, public and admin downloads, and bulk exports. After a design edit every registered
 * phone asks for its new pass within seconds, and signing on the event loop would stall every other request
 * meanwhile. Builds asked for in the same turn of the event loop go to the workers together, in batches (fewer thread
 * hops). Phones come first: 'phone' builds go to the pool at once, 'bulk' builds (exports) wait here and at most one
 * bulk batch per thread is in the pool at a time, so a phone's pass never queues behind a 20,000-card export.
 * `threads: 0` signs on the calling thread instead.
 */
import { availableParallelism } from 'node:os';
import { AppError } from '../../errors.js';
import { createPackager, type Packager, type PreparedImage } from './packager.js';
import { passInputOf, type TemplateRef } from './pass-recipe.js';
import { createPassPool, type DesignHandle, type PassData, type PassPool } from './pool.js';
import type { CurrentIdentity } from './identity/identity-store.js';

export interface BuildQueueOptions {
  /** Worker threads; 0 signs on the calling thread (default: one per core). */
  threads?: number;
  /** The pool stops after this long without a build. */
  idleMs?: number;
  /** Passes per task sent to a worker. */
  batch?: number;
  /** A worker failed (the batch was signed on the calling thread instead). */
  onPoolError?: (err: unknown) => void;
}

/** One pass to build: its pass.json, or a recipe with its design's template (written by the worker). */
export interface BuildJob {
  images: readonly PreparedImage[];
  template?: TemplateRef;
  data: PassData;
}

export type BuildPriority = 'phone' | 'bulk';

export interface BuildQueue {
  build(identity: CurrentIdentity, job: BuildJob, priority?: BuildPriority): Promise<Buffer>;
  /** Builds waiting or in flight. */
  readonly pending: number;
  /** Worker threads signing (0: on the calling thread). */
  readonly threads: number;
  close(): Promise<void>;
}

interface Waiting {
  priority: BuildPriority;
  identity: CurrentIdentity;
  job: BuildJob;
  pool: PassPool;
  handle: DesignHandle;
  data: PassData;
  resolve(bytes: Buffer): void;
  reject(err: unknown): void;
}

export function createBuildQueue(options: BuildQueueOptions = {}): BuildQueue {
  const idleMs = options.idleMs ?? 60_000;
  const batchSize = options.batch ?? 32;
  let pool: { fingerprint: string; pool: PassPool } | undefined;
  let local: { fingerprint: string; packager: Packager } | undefined;
  let queue: Waiting[] = [];
  /** Bulk builds not yet in the pool, and bulk batches in it. */
  const bulk: Waiting[] = [];
  let bulkInPool = 0;
  let flushScheduled = false;
  let idleTimer: NodeJS.Timeout | undefined;
  let pending = 0;
  let closed = false;

  function poolFor(identity: CurrentIdentity): PassPool {
    if (pool && pool.fingerprint !== identity.fingerprint) {
      void pool.pool.close();
      pool = undefined;
    }
    pool ??= {
      fingerprint: identity.fingerprint,
      pool: createPassPool({ identity: identity.pems, ...(options.threads ? { threads: options.threads } : {}) }),
    };
    return pool.pool;
  }

  function scheduleFlush(): void {
    if (flushScheduled) return;
    flushScheduled = true;
    setImmediate(flush);
  }

  /** Phone builds all go; bulk builds only while fewer bulk batches than threads are in the pool. */
  function flush(): void {
    flushScheduled = false;
    const waiting = queue;
    queue = [];
    const room = Math.max(1, pool?.pool.threads ?? 1) - bulkInPool;
    if (room > 0 && bulk.length > 0) waiting.push(...bulk.splice(0, room * batchSize));
    dispatch(waiting);
  }

  function dispatch(waiting: Waiting[]): void {
    const groups = new Map<PassPool, Map<string, Waiting[]>>();
    for (const w of waiting) {
      const byDesign = groups.get(w.pool) ?? new Map<string, Waiting[]>();
      groups.set(w.pool, byDesign);
      const group = byDesign.get(w.handle.key);
      if (group) group.push(w);
      else byDesign.set(w.handle.key, [w]);
    }
    for (const group of [...groups.values()].flatMap((byDesign) => [...byDesign.values()])) {
      for (let i = 0; i < group.length; i += batchSize) {
        const batch = group.slice(i, i + batchSize);
        const bulkBatch = batch.some((w) => w.priority === 'bulk');
        if (bulkBatch) bulkInPool++;
        batch[0]!.pool
          .buildMany(batch[0]!.handle, batch.map((w) => w.data))
          .then(
            (built) => batch.forEach((w, j) => w.resolve(built[j]!)),
            (err: unknown) => (err instanceof AppError ? batch.forEach((w) => w.reject(err)) : poolFailed(batch[0]!.pool, batch, err)),
          )
          .finally(() => {
            if (!bulkBatch) return;
            bulkInPool--;
            if (bulk.length > 0) scheduleFlush();
          });
      }
    }
  }

  function buildHere(identity: CurrentIdentity, { images, template, data }: BuildJob): Buffer {
    if (local?.fingerprint !== identity.fingerprint) local = { fingerprint: identity.fingerprint, packager: createPackager(identity.identity) };
    if (!('recipe' in data)) return local.packager.build({ ...data, images });
    if (!template) throw new Error('build queue: a recipe needs its template');
    return local.packager.build(passInputOf(template.template, data.recipe, images));
  }

  /** A worker died or could not start: this batch is signed here, and the next build starts a new pool. */
  function poolFailed(failed: PassPool, batch: Waiting[], err: unknown): void {
    if (closed) return batch.forEach((w) => w.reject(err));
    options.onPoolError?.(err);
    if (pool?.pool === failed) {
      pool = undefined;
      void failed.close().catch(() => undefined);
    }
    for (const w of batch) {
      try {
        w.resolve(buildHere(w.identity, w.job));
      } catch (buildError) {
        w.reject(buildError);
      }
    }
  }

  function stopWhenIdle(): void {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      idleTimer = undefined;
      if (pending > 0 || !pool) return;
      const stopping = pool.pool;
      pool = undefined;
      void stopping.close();
    }, idleMs);
    idleTimer.unref();
  }

  return {
    get pending() {
      return pending;
    },
    /** The pool's threads, also before it starts (it starts on the first build): callers size their batches on it. */
    get threads() {
      return options.threads === 0 ? 0 : (pool?.pool.threads ?? options.threads ?? availableParallelism());
    },
    async build(identity, job, priority = 'phone') {
      if (closed) throw new Error('build queue closed');
      if (options.threads === 0) return buildHere(identity, job);
      const target = poolFor(identity);
      const handle = target.setDesign(job.images, job.template);
      const { data } = job;
      pending++;
      try {
        return await new Promise<Buffer>((resolve, reject) => {
          (priority === 'bulk' ? bulk : queue).push({ priority, identity, job, pool: target, handle, data, resolve, reject });
          scheduleFlush();
        });
      } finally {
        pending--;
        stopWhenIdle();
      }
    },
    async close() {
      closed = true;
      for (const w of bulk.splice(0)) w.reject(new Error('build queue closed'));
      if (idleTimer) clearTimeout(idleTimer);
      const stopping = pool?.pool;
      pool = undefined;
      await stopping?.close();
    },
  };
}
