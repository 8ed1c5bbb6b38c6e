import { hash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { AppError } from '../../errors.js';

/**
 * A design's image, hashed once when the design is saved and reused by every pass built from it: the SHA-1 goes
 * into manifest.json, the CRC-32 into the zip headers. Content-addressed: same bytes, same sha1.
 */
export interface PreparedImage {
  /** Path inside the pass, e.g. `icon@2x.png` or `fr.lproj/logo.png`. */
  readonly name: string;
  readonly bytes: Buffer;
  readonly sha1: string;
  readonly crc32?: number;
}

// Pass bundles hold PNGs at the top level or in one .lproj folder; anything else (.DS_Store, ../, pass.json)
// must never be smuggled in through a design image.
const IMAGE_PATH = /^(?:[a-zA-Z]{2,3}(?:[-_][a-zA-Z0-9]{2,8})*\.lproj\/)?[a-zA-Z][a-zA-Z0-9_-]*(?:@[23]x)?\.png$/;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function assertImagePath(name: string): void {
  if (!IMAGE_PATH.test(name)) {
    throw new AppError('PASS_FILE_NAME_INVALID', `"${name}" is not a pass image path (name[@2x|@3x].png)`, 400);
  }
}

export function prepareImage(name: string, bytes: Buffer): PreparedImage {
  assertImagePath(name);
  if (bytes.length < PNG_SIGNATURE.length || !bytes.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE)) {
    throw new AppError('PASS_IMAGE_INVALID', `${name} is not a PNG`, 400);
  }
  return Object.freeze({ name, bytes, sha1: hash('sha1', bytes, 'hex'), crc32: crc32(bytes) });
}

export function prepareImages(images: ReadonlyMap<string, Buffer> | Readonly<Record<string, Buffer>>): PreparedImage[] {
  const entries = images instanceof Map ? [...images] : Object.entries(images);
  return entries.map(([name, bytes]) => prepareImage(name, bytes));
}
