/**
 * Uploaded images, stored content-addressed (id = SHA-256 of the original bytes), and their PNG variants, made
 * lazily with sharp on first use and cached in image_variants with their SHA-1, computed once, for manifest.json.
 */
import { hash } from 'node:crypto';
import type { Db } from '../../db/connection.js';
import { AppError, notFound } from '../../errors.js';
import type { DesignContent, DesignKind, ImageRole } from '../design/schema.js';
import { IMAGE_MIMES, inspectImage, renderSlot, type ImageMime } from './decode.js';
import { APPLE_SCALES, SLOTS, appleSlot, type Scale, type SlotName } from './slots.js';

export interface ImageInfo {
  id: string;
  mime: ImageMime;
  width: number;
  height: number;
  byteSize: number;
}

export interface Variant {
  imageId: string;
  slot: SlotName;
  scale: Scale;
  width: number;
  height: number;
  png: Buffer;
  sha1: string;
}

interface ImageRow {
  id: string;
  mime: ImageMime;
  width: number;
  height: number;
  byte_size: number;
}

const ID = /^[0-9a-f]{64}$/;
// Enough for every image of a few designs at all scales; variants never change, so the cache is never stale.

const info = (r: ImageRow): ImageInfo => ({ id: r.id, mime: r.mime, width: r.width, height: r.height, byteSize: r.byte_size });

export function createImagePipeline(db: Db, now: () => number = Date.now) {
  const getInfo = db.prepare<[string], ImageRow>('SELECT id, mime, width, height, byte_size FROM images WHERE id = ?');
  const getOriginal = db.prepare<[string], { original: Buffer; mime: ImageMime }>('SELECT original, mime FROM images WHERE id = ?');
  const insertImage = db.prepare(
    `INSERT INTO images (id, mime, width, height, byte_size, original, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO NOTHING`,
  );
  const getVariant = db.prepare<[string, string, number], { width: number; height: number; png: Buffer; sha1: string }>(
    'SELECT width, height, png, sha1 FROM image_variants WHERE image_id = ? AND role = ? AND scale = ?',
  );
  const insertVariant = db.prepare(
    `INSERT INTO image_variants (image_id, role, scale, width, height, png, sha1, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (image_id, role, scale) DO NOTHING`,
  );
  // Two previews asking for the same variant at once make it once.
  const inflight = new Map<string, Promise<Variant>>();

  function image(id: string): ImageInfo | undefined {
    if (!ID.test(id)) return undefined;
    const row = getInfo.get(id);
    return row ? info(row) : undefined;
  }

  async function ingestImage(bytes: Buffer, declaredMime: string): Promise<ImageInfo> {
    const id = hash('sha256', bytes, 'hex');
    const known = getInfo.get(id);
    // The same bytes were proven an image when first stored; only the declared type still has to be acceptable.
    if (known && (IMAGE_MIMES as readonly string[]).includes(declaredMime.split(';')[0]!.trim().toLowerCase())) return info(known);
    const decoded = await inspectImage(bytes, declaredMime);
    insertImage.run(id, decoded.mime, decoded.width, decoded.height, bytes.length, bytes, now());
    return info(getInfo.get(id)!);
  }

  async function make(imageId: string, slot: SlotName, scale: Scale): Promise<Variant> {
    const row = ID.test(imageId) ? getOriginal.get(imageId) : undefined;
    if (!row) throw notFound('Image');
    const { png, width, height } = await renderSlot(row.original, row.mime, slot, scale);
    const sha1 = hash('sha1', png, 'hex');
    insertVariant.run(imageId, slot, scale, width, height, png, sha1, now());
    // Read back: if another process made it first, everyone uses the same bytes and SHA-1.
    const stored = getVariant.get(imageId, slot, scale)!;
    return { imageId, slot, scale, ...stored };
  }

  async function variant(imageId: string, slot: SlotName, scale: Scale): Promise<Variant> {
    if (!(SLOTS[slot].scales as readonly number[]).includes(scale)) {
      throw new AppError('SCALE_UNSUPPORTED', `The ${slot} size exists at @${SLOTS[slot].scales.join('x, @')}x only`, 400);
    }
    const cached = getVariant.get(imageId, slot, scale);
    if (cached) return { imageId, slot, scale, ...cached };
    const key = `${imageId}/${slot}/${scale}`;
    let pending = inflight.get(key);
    if (!pending) {
      pending = make(imageId, slot, scale).finally(() => inflight.delete(key));
      inflight.set(key, pending);
    }
    return pending;
  }

  /** @1x, @2x and @3x of an image in its Apple role on a card of `kind`. */
  function variantsFor(imageId: string, role: ImageRole, kind: DesignKind): Promise<Variant[]> {
    const slot = appleSlot(role, kind);
    return Promise.all(APPLE_SCALES.map((scale) => variant(imageId, slot, scale)));
  }

  return {
    image,
    ingestImage,
    variant,
    variantsFor,
    /** For validation: the decoded size of a stored image. */
    imageSize: (id: string) => image(id),
  };
}

export type ImagePipeline = ReturnType<typeof createImagePipeline>;
