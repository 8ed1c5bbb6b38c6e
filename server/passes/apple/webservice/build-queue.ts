/**
 * Signing for the web service on a worker pool (apple/pool.ts), started on first need and stopped when idle: after a
 * design edit every registered phone asks for its new pass within seconds, and signing on the event loop would stall
 * every other request meanwhile. Builds asked for in the same turn of the event loop go to the workers together, in
 * batches (fewer thread hops). `threads: 0` signs on the calling thread instead.
 */
import { availableParallelism } from 'node:os';
import { AppError } from '../../../errors.js';
import { createPackager, type Packager, type PreparedImage } from '../../apple/packager.js';
import { passInputOf, type TemplateRef } from '../../apple/pass-recipe.js';
import { createPassPool, type DesignHandle, type PassData, type PassPool } from '../../apple/pool.js';
import type { CurrentIdentity } from '../../identity/identity-store.js';

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

export interface BuildQueue {
  build(identity: CurrentIdentity, job: BuildJob): Promise<Buffer>;
  /** Builds waiting or in flight. */
  readonly pending: number;
  /** Worker threads signing (0: on the calling thread). */
  readonly threads: number;
  close(): Promise<void>;
}

interface Waiting {
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

  function flush(): void {
    flushScheduled = false;
    const waiting = queue;
    queue = [];
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
        batch[0]!.pool.buildMany(batch[0]!.handle, batch.map((w) => w.data)).then(
          (built) => batch.forEach((w, j) => w.resolve(built[j]!)),
          (err: unknown) => (err instanceof AppError ? batch.forEach((w) => w.reject(err)) : poolFailed(batch[0]!.pool, batch, err)),
        );
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
    async build(identity, job) {
      if (closed) throw new Error('build queue closed');
      if (options.threads === 0) return buildHere(identity, job);
      const target = poolFor(identity);
      const handle = target.setDesign(job.images, job.template);
      const { data } = job;
      pending++;
      try {
        return await new Promise<Buffer>((resolve, reject) => {
          queue.push({ identity, job, pool: target, handle, data, resolve, reject });
          if (!flushScheduled) {
            flushScheduled = true;
            setImmediate(flush);
          }
        });
      } finally {
        pending--;
        stopWhenIdle();
      }
    },
    async close() {
      closed = true;
      if (idleTimer) clearTimeout(idleTimer);
      const stopping = pool?.pool;
      pool = undefined;
      await stopping?.close();
    },
  };
}
