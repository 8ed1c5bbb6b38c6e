/**
 * Bulk pass building on worker threads (piscina), so a 10,000-card campaign neither blocks the event loop nor
 * leaves cores idle. Each worker imports the identity once; each design's images are copied once into shared
 * memory and only referenced by the tasks.
 */
import { hash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Piscina } from 'piscina';
import { loadPiscina } from '../../lazy-modules.js';
import { AppError } from '../../errors.js';
import type { PreparedImage } from './images.js';
import type { TemplateRef } from './pass-recipe.js';
import type { BuildResult, BuildTask, PassData, PoolWorkerData, SharedDesign } from './pool-protocol.js';
import type { DigestName } from './pkcs7.js';
import { createSigningIdentity, type SigningIdentityPems } from './signing-identity.js';

export type { PassData } from './pool-protocol.js';

export interface PassPoolOptions {
  identity: SigningIdentityPems;
  /** Default: one per core. */
  threads?: number;
  digest?: DigestName;
}

export interface DesignHandle {
  readonly key: string;
}

export interface PassPool {
  /**
   * Registers a design's images (prepared once), and the template its recipes are written with, and returns the
   * handle the builds refer to.
   */
  setDesign(images: readonly PreparedImage[], template?: TemplateRef): DesignHandle;
  forgetDesign(design: DesignHandle): void;
  build(design: DesignHandle, pass: PassData, at?: Date): Promise<Buffer>;
  /** Several passes in one task: fewer thread hops when fanning out a campaign. One invalid pass fails the batch. */
  buildMany(design: DesignHandle, passes: readonly PassData[], at?: Date): Promise<Buffer[]>;
  readonly threads: number;
  close(): Promise<void>;
}

/** Built code runs pool-worker.js; from source (tsx, vitest) the worker needs tsx to load the .ts file. */
function workerEntry(): { filename: string; execArgv?: string[] } {
  const js = new URL('./pool-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(js))) return { filename: fileURLToPath(js) };
  const hasTsx = process.execArgv.some((a) => a.includes('tsx'));
  return {
    filename: fileURLToPath(new URL('./pool-worker.ts', import.meta.url)),
    execArgv: hasTsx ? process.execArgv : [...process.execArgv, '--import', 'tsx'],
  };
}

const designKey = (images: readonly PreparedImage[]): string =>
  hash('sha1', images.map((i) => `${i.name}\0${i.sha1}`).join('\n'), 'hex');

function share(key: string, images: readonly PreparedImage[], template: TemplateRef | undefined): SharedDesign {
  if (images.some((i) => i.crc32 === undefined)) throw new Error('pool: images must come from prepareImages');
  const buffer = new SharedArrayBuffer(images.reduce((n, i) => n + i.bytes.length, 0));
  const view = Buffer.from(buffer);
  let offset = 0;
  const files = images.map((i) => {
    i.bytes.copy(view, offset);
    const file = { name: i.name, offset, length: i.bytes.length, sha1: i.sha1, crc32: i.crc32! };
    offset += i.bytes.length;
    return file;
  });
  return { key, buffer, files, ...(template ? { template: { key: template.key, json: template.json } } : {}) };
}

const asBuffer = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

export function createPassPool(options: PassPoolOptions): PassPool {
  // Fail here, on the caller's thread, rather than in every worker.
  createSigningIdentity(options.identity);
  const threads = options.threads ?? availableParallelism();
  const workerData: PoolWorkerData = { identity: options.identity, digest: options.digest ?? 'sha256' };
  const piscina: Piscina<BuildTask, BuildResult> = new (loadPiscina())<BuildTask, BuildResult>({
    ...workerEntry(),
    workerData,
    minThreads: threads,
    maxThreads: threads,
  });
  const designs = new Map<string, SharedDesign>();

  const designOf = (handle: DesignHandle): SharedDesign => {
    const design = designs.get(handle.key);
    if (!design) throw new Error('pool: unknown design; call setDesign first');
    return design;
  };

  async function run(handle: DesignHandle, passes: readonly PassData[], at: Date | undefined): Promise<Buffer[]> {
    const task: BuildTask = { design: designOf(handle), passes: [...passes], ...(at ? { at: at.getTime() } : {}) };
    const result = await piscina.run(task);
    if (!result.ok) throw new AppError(result.error.code, result.error.message, result.error.statusCode);
    return result.passes.map(asBuffer);
  }

  return {
    threads,
    setDesign(images, template) {
      const key = template ? `${designKey(images)}|${template.key}` : designKey(images);
      if (!designs.has(key)) designs.set(key, share(key, images, template));
      return { key };
    },
    forgetDesign(handle) {
      designs.delete(handle.key);
    },
    async build(design, pass, at) {
      const [out] = await run(design, [pass], at);
      return out!;
    },
    buildMany: run,
    close: () => piscina.destroy(),
  };
}
