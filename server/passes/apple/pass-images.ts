/**
 * A design's images as a pass carries them: every role the Apple style shows, at @1x/@2x/@3x, named as Wallet expects
 * (`strip@2x.png`), hashed once (SHA-1 for the manifest, CRC-32 for the zip) from the image pipeline's variants.
 */
import { crc32 } from 'node:zlib';
import { APPLE_STYLE, SUPPORTED_ROLES } from '../design/apple-layout.js';
import type { DesignContent, DesignKind, ImageRole } from '../design/schema.js';
import type { ImagePipeline } from '../images/pipeline.js';
import { APPLE_SCALES, appleSlot, type Scale } from '../images/slots.js';
import type { PreparedImage } from './images.js';

const PREPARED_CACHE_SIZE = 256;

export function createPassImages(pipeline: Pick<ImagePipeline, 'variant'>) {
  const prepared = new Map<string, PreparedImage>();
  const variant = pipeline.variant;

  async function preparedVariant(imageId: string, role: ImageRole, kind: DesignKind, scale: Scale): Promise<PreparedImage> {
    const name = scale === 1 ? `${role}.png` : `${role}@${scale}x.png`;
    const key = `${imageId}/${appleSlot(role, kind)}/${scale}/${name}`;
    const hit = prepared.get(key);
    if (hit) return hit;
    const v = await variant(imageId, appleSlot(role, kind), scale);
    const p: PreparedImage = Object.freeze({ name, bytes: v.png, sha1: v.sha1, crc32: crc32(v.png) });
    if (prepared.size >= PREPARED_CACHE_SIZE) prepared.delete(prepared.keys().next().value!);
    prepared.set(key, p);
    return p;
  }

  /**
   * The images of a pass built from `content`, for the packager: every role the style shows, at @1x/@2x/@3x, with
   * the tier's strip in place of the design's.
   */
  async function preparedImages(content: DesignContent, tierId?: string): Promise<PreparedImage[]> {
    const tier = tierId === undefined ? undefined : content.tiers.find((t) => t.id === tierId);
    const images: Partial<Record<ImageRole, string>> = { ...content.images };
    if (tier?.strip) images.strip = tier.strip;
    const jobs: Array<Promise<PreparedImage>> = [];
    for (const role of SUPPORTED_ROLES[APPLE_STYLE[content.kind]]) {
      const id = images[role];
      if (!id) continue;
      for (const scale of APPLE_SCALES) jobs.push(preparedVariant(id, role, content.kind, scale));
    }
    return Promise.all(jobs);
  }

  return { preparedImages };
}

export type PassImages = ReturnType<typeof createPassImages>;
