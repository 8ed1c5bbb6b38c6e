/**
 * Proving that an upload is an image, and turning it into PNGs. Uploads are hostile: the declared type is only a
 * hint, the magic bytes decide; rasters are fully decoded (a PNG header followed by garbage fails here, not in a
 * pass); SVGs are rasterised by sharp and refused when they could reach outside themselves.
 */
import type { Metadata, Sharp } from 'sharp';
import { loadSharp } from '../../lazy-modules.js';
import { AppError } from '../../errors.js';
import { SLOTS, type Scale, type SlotName } from './slots.js';

export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
export const MAX_SVG_BYTES = 1024 * 1024;
export const MAX_SIDE = 4096;
/** Apple's smallest image is the 29 pt icon. */
export const MIN_SIDE = 29;

import { IMAGE_MIMES, type ImageMime } from './schemas.js';

export { IMAGE_MIMES, type ImageMime };

/** An SVG is rasterised with its long side at this many pixels (crisper than any Apple or Google slot needs). */
const SVG_RASTER_SIDE = 2048;
/** 72 dpi is SVG's 1:1; the cap stops a tiny declared size from asking librsvg for an enormous raster. */
const SVG_MAX_DENSITY = 72 * 64;

export interface DecodedInfo {
  mime: ImageMime;
  width: number;
  height: number;
}

const notAnImage = (why: string) => new AppError('NOT_AN_IMAGE', `This file is not a usable image: ${why}.`, 400);

function sniff(bytes: Buffer): 'png' | 'jpeg' | 'other-image' | null {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  const head = bytes.subarray(0, 12).toString('latin1');
  if (/^GIF8|^BM|^II\*\0|^MM\0\*|^RIFF....WEBP|^....ftyp/s.test(head)) return 'other-image';
  return null;
}

// Anything that would make librsvg (or a browser, should the file ever be opened) fetch, run or expand something.
const SVG_FORBIDDEN: ReadonlyArray<[RegExp, string]> = [
  [/<script/i, 'it contains a script'],
  [/<foreignObject/i, 'it embeds a foreign document'],
  [/<!ENTITY|<!DOCTYPE[^>]*\[/i, 'it declares XML entities'],
  [/\son[a-z]+\s*=/i, 'it has event handlers'],
  // The lookahead starts right after `=` or `(` so that an optional quote cannot be skipped by backtracking.
  [/\bhref\s*=(?!\s*["']?\s*(?:#|data:image\/(?:png|jpeg|gif|webp)[;,]))/i, 'it refers to an external resource'],
  [/url\((?!\s*["']?\s*(?:#|data:image\/(?:png|jpeg|gif|webp)[;,]))/i, 'it refers to an external resource'],
  [/@import/i, 'it imports a stylesheet'],
];

function checkSvgText(bytes: Buffer): void {
  if (bytes.length > MAX_SVG_BYTES) {
    throw new AppError('IMAGE_TOO_LARGE', `SVG files are limited to ${MAX_SVG_BYTES / 1024 / 1024} MB.`, 413);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw notAnImage('an SVG must be UTF-8 text');
  }
  if (!/<svg[\s>]/i.test(text)) throw notAnImage('no <svg> element');
  for (const [pattern, why] of SVG_FORBIDDEN) if (pattern.test(text)) throw notAnImage(`SVG refused, ${why}`);
}

function checkSides(width: number | undefined, height: number | undefined): { width: number; height: number } {
  if (!width || !height) throw notAnImage('its size cannot be read');
  if (width > MAX_SIDE || height > MAX_SIDE) {
    throw new AppError(
      'IMAGE_DIMENSIONS_TOO_LARGE',
      `The image is ${width}×${height} px; the limit is ${MAX_SIDE}×${MAX_SIDE} px.`,
      400,
    );
  }
  if (width < MIN_SIDE || height < MIN_SIDE) {
    throw new AppError('IMAGE_TOO_SMALL', `The image is ${width}×${height} px; it must be at least ${MIN_SIDE}×${MIN_SIDE} px.`, 400);
  }
  return { width, height };
}

/** Density that rasterises an SVG of declared size w×h (at 72 dpi) with its long side at `side` pixels. */
function svgDensity(w: number, h: number, side = SVG_RASTER_SIDE): number {
  return Math.min(SVG_MAX_DENSITY, Math.max(1, (72 * side) / Math.max(w, h)));
}

async function svgDeclaredSize(bytes: Buffer): Promise<{ width: number; height: number }> {
  try {
    // Reading the header only: the pixel limit is enforced by checkSides on the size it declares.
    const meta = await loadSharp()(bytes, { failOn: 'error', limitInputPixels: false }).metadata();
    if (meta.format !== 'svg' || !meta.width || !meta.height) throw new Error('not svg');
    return { width: meta.width, height: meta.height };
  } catch {
    throw notAnImage('the SVG cannot be read');
  }
}

/** Checks an upload and returns its real type and decoded size, or throws a 4xx AppError saying why not. */
export async function inspectImage(bytes: Buffer, declaredMime: string): Promise<DecodedInfo> {
  const declared = declaredMime.split(';')[0]!.trim().toLowerCase();
  if (!(IMAGE_MIMES as readonly string[]).includes(declared)) {
    throw new AppError('UNSUPPORTED_IMAGE_TYPE', 'Upload a PNG, JPEG or SVG image.', 415);
  }
  if (bytes.length > MAX_IMAGE_BYTES) {
    throw new AppError('IMAGE_TOO_LARGE', `Images are limited to ${MAX_IMAGE_BYTES / 1024 / 1024} MB.`, 413);
  }
  if (bytes.length === 0) throw notAnImage('the file is empty');
  const kind = sniff(bytes);
  if (kind === 'other-image') throw new AppError('UNSUPPORTED_IMAGE_TYPE', 'Upload a PNG, JPEG or SVG image.', 415);
  if (kind === null) {
    if (declared !== 'image/svg+xml') throw notAnImage(`it is not a ${declared === 'image/png' ? 'PNG' : 'JPEG'} file`);
    checkSvgText(bytes);
    const declaredSize = await svgDeclaredSize(bytes);
    const density = svgDensity(declaredSize.width, declaredSize.height);
    checkSides(Math.round((declaredSize.width * density) / 72), Math.round((declaredSize.height * density) / 72));
    const rendered = await loadSharp()(bytes, { density, failOn: 'error', limitInputPixels: MAX_SIDE * MAX_SIDE })
      .png()
      .toBuffer({ resolveWithObject: true })
      .catch(() => {
        throw notAnImage('the SVG cannot be drawn');
      });
    return { mime: 'image/svg+xml', ...checkSides(rendered.info.width, rendered.info.height) };
  }
  let meta: Metadata;
  try {
    meta = await loadSharp()(bytes, { failOn: 'error', limitInputPixels: false }).metadata();
  } catch {
    throw notAnImage('its data is damaged');
  }
  if (meta.format !== kind) throw notAnImage('its data is damaged');
  // Before decoding a single pixel: a small file may declare an enormous size.
  const size = checkSides(meta.autoOrient?.width ?? meta.width, meta.autoOrient?.height ?? meta.height);
  try {
    // A full decode, at reduced size: truncated or corrupt pixel data fails here.
    await loadSharp()(bytes, { failOn: 'error', limitInputPixels: MAX_SIDE * MAX_SIDE }).resize(64, 64, { fit: 'inside' }).raw().toBuffer();
  } catch {
    throw notAnImage('its data is damaged or truncated');
  }
  return { mime: kind === 'png' ? 'image/png' : 'image/jpeg', ...size };
}

/** A sharp pipeline on a stored original; an SVG is drawn at the scale the target box needs, not upscaled after. */
async function source(original: Buffer, mime: ImageMime, target: { width: number; height: number; fit: string }): Promise<Sharp> {
  if (mime !== 'image/svg+xml') {
    return loadSharp()(original, { failOn: 'error', limitInputPixels: MAX_SIDE * MAX_SIDE }).rotate();
  }
  const declared = await svgDeclaredSize(original);
  const fx = target.width / declared.width;
  const fy = target.height / declared.height;
  const factor = Math.min(target.fit === 'cover' ? Math.max(fx, fy) : Math.min(fx, fy), MAX_SIDE / Math.max(declared.width, declared.height));
  const density = Math.min(SVG_MAX_DENSITY, Math.max(1, 72 * factor));
  return loadSharp()(original, { density, limitInputPixels: MAX_SIDE * MAX_SIDE });
}

/** The PNG of a stored image for one slot at one scale. */
export async function renderSlot(
  original: Buffer,
  mime: ImageMime,
  slot: SlotName,
  scale: Scale,
): Promise<{ png: Buffer; width: number; height: number }> {
  const spec = SLOTS[slot];
  const width = spec.width * scale;
  const height = spec.height * scale;
  const pipeline = (await source(original, mime, { width, height, fit: spec.fit })).resize(width, height, {
    fit: spec.fit,
    position: 'centre',
    background: { r: 0, g: 0, b: 0, alpha: 0 },
    withoutEnlargement: 'noEnlarge' in spec && spec.noEnlarge,
  });
  const { data, info } = await pipeline.png({ compressionLevel: 9, adaptiveFiltering: true }).toBuffer({ resolveWithObject: true });
  return { png: data, width: info.width, height: info.height };
}
