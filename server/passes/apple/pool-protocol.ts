/** Messages between pool.ts and pool-worker.ts (structured-cloned; the design's bytes travel as shared memory). */
import type { PassInput } from './packager.js';
import type { PassRecipe } from './pass-recipe.js';
import type { DigestName } from './pkcs7.js';
import type { SigningIdentityPems } from './signing-identity.js';

export interface PoolWorkerData {
  identity: SigningIdentityPems;
  digest: DigestName;
}

/**
 * A design's images laid out in one SharedArrayBuffer: posting it with every task shares the memory instead of
 * copying it, and each worker takes its own copy the first time it sees `key` (the content address of the set).
 */
export interface SharedDesign {
  key: string;
  buffer: SharedArrayBuffer;
  files: { name: string; offset: number; length: number; sha1: string; crc32: number }[];
  /** The design-wide part of pass.json for recipes (pass-recipe.ts), as JSON; each worker parses it once per key. */
  template?: { key: string; json: string };
}

/** A pass.json written by the caller, or a recipe the worker writes it from with the design's template. */
export type PassData = Omit<PassInput, 'images'> | { recipe: PassRecipe };

export interface BuildTask {
  design: SharedDesign;
  passes: PassData[];
  /** Epoch ms of the signing time, so a batch signed by a worker carries the caller's clock. */
  at?: number;
}

export type BuildResult =
  | { ok: true; passes: Uint8Array[] }
  | { ok: false; error: { code: string; message: string; statusCode: number } };
