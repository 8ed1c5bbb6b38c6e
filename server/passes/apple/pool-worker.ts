/** Piscina worker: the same packager as the main thread, with the identity imported once at worker start. */
import { Piscina } from 'piscina';
import { AppError } from '../../errors.js';
import type { PreparedImage } from './images.js';
import { createPackager } from './packager.js';
import { passInputOf, type PassTemplate } from './pass-recipe.js';
import type { BuildResult, BuildTask, PoolWorkerData, SharedDesign } from './pool-protocol.js';
import { createSigningIdentity } from './signing-identity.js';

const data = Piscina.workerData as PoolWorkerData;
const packager = createPackager(createSigningIdentity(data.identity), { digest: data.digest });

// Private copies of the shared design memory, by content key; a few designs at a time is the working set.
const MAX_DESIGNS = 32;
const designs = new Map<string, PreparedImage[]>();

function imagesOf(design: SharedDesign): PreparedImage[] {
  let images = designs.get(design.key);
  if (images) return images;
  images = design.files.map((f) => ({
    name: f.name,
    // Copied once per worker: V8 copies out of shared memory with relaxed atomics, ~10× slower than memcpy,
    // and every pass copies every image into its zip.
    bytes: Buffer.from(Buffer.from(design.buffer, f.offset, f.length)),
    sha1: f.sha1,
    crc32: f.crc32,
  }));
  if (designs.size >= MAX_DESIGNS) designs.delete(designs.keys().next().value!);
  designs.set(design.key, images);
  return images;
}

const templates = new Map<string, PassTemplate>();

function templateOf(design: SharedDesign): PassTemplate {
  const shared = design.template;
  if (!shared) throw new Error('pool: a recipe needs its design registered with a template');
  let template = templates.get(shared.key);
  if (template) return template;
  template = JSON.parse(shared.json) as PassTemplate;
  if (templates.size >= MAX_DESIGNS) templates.delete(templates.keys().next().value!);
  templates.set(shared.key, template);
  return template;
}

export default function build(task: BuildTask): BuildResult | ReturnType<typeof Piscina.move> {
  try {
    const images = imagesOf(task.design);
    const at = task.at === undefined ? new Date() : new Date(task.at);
    const passes = task.passes.map((p) =>
      packager.build('recipe' in p ? passInputOf(templateOf(task.design), p.recipe, images) : { ...p, images }, at),
    );
    const result: BuildResult = { ok: true, passes };
    // The zip writer allocates each pass in its own ArrayBuffer, so handing them over is a move, not a copy.
    return Piscina.move({
      [Piscina.transferableSymbol]: passes.map((p) => p.buffer),
      [Piscina.valueSymbol]: result,
    } as never);
  } catch (err) {
    if (err instanceof AppError) return { ok: false, error: { code: err.code, message: err.message, statusCode: err.statusCode } };
    throw err;
  }
}
