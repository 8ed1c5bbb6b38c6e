import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type Db } from '../../db/connection.js';
import { migrationsDir } from '../../db/index.js';
import { loadMigrations, migrate } from '../../db/migrate.js';
import { rejectedCode } from '../../testing/thrown.js';
import { defaultDesign } from '../design/templates.js';
import { createPassImages } from '../apple/pass-images.js';
import { createImagePipeline, type ImagePipeline } from './pipeline.js';

const sha1 = (b: Buffer) => createHash('sha1').update(b).digest('hex');
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const png = (width: number, height: number, colour = '#884422') =>
  sharp({ create: { width, height, channels: 4, background: colour } }).png().toBuffer();
const jpeg = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: '#336699' } }).jpeg().toBuffer();
const svg = (body: string, attrs = 'width="300" height="100"') =>
  Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" ${attrs}>${body}</svg>`);

/** A valid small PNG whose header claims another size (CRC fixed, so only the size is a lie). */
function withDeclaredSize(bytes: Buffer, width: number, height: number): Buffer {
  const out = Buffer.from(bytes);
  out.writeUInt32BE(width, 16);
  out.writeUInt32BE(height, 20);
  out.writeUInt32BE(crc32(out.subarray(12, 29)), 29);
  return out;
}

/** A PNG whose pixels do not compress away, so that cutting it in half loses image data. */
async function noisyPng(width: number, height: number): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = (i * 7919 + (i >> 7) * 31) % 251;
  return sharp(raw, { raw: { width, height, channels: 3 } }).png().toBuffer();
}

describe('image pipeline', () => {
  let db: Db;
  let images: ImagePipeline;
  beforeEach(() => {
    db = openDatabase(':memory:');
    migrate(db, loadMigrations(migrationsDir()));
    images = createImagePipeline(db, () => 1_760_000_000_000);
  });
  afterEach(() => closeDatabase(db));

  const count = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

  it('ingests PNG, JPEG and SVG, content-addressed by SHA-256, once', async () => {
    const p = await png(400, 200);
    const a = await images.ingestImage(p, 'image/png');
    expect(a).toEqual({ id: sha256(p), mime: 'image/png', width: 400, height: 200, byteSize: p.length });
    expect(await images.ingestImage(p, 'image/png')).toEqual(a);
    expect(count('images')).toBe(1);
    expect(await images.ingestImage(await jpeg(640, 480), 'image/jpeg')).toMatchObject({ mime: 'image/jpeg', width: 640, height: 480 });
    // An SVG is drawn with its long side at 2048 px.
    const s = await images.ingestImage(svg('<rect width="300" height="100" fill="#c00"/>'), 'image/svg+xml; charset=utf-8');
    expect(s).toMatchObject({ mime: 'image/svg+xml', width: 2048, height: 683 });
    expect(count('images')).toBe(3);
  });

  it('trusts the bytes, not the declared type, and applies JPEG orientation', async () => {
    expect(await images.ingestImage(await jpeg(100, 60), 'image/png')).toMatchObject({ mime: 'image/jpeg' });
    const rotated = await sharp(await jpeg(300, 120)).withMetadata({ orientation: 6 }).jpeg().toBuffer();
    expect(await images.ingestImage(rotated, 'image/jpeg')).toMatchObject({ width: 120, height: 300 });
  });

  it('refuses what is not a PNG, JPEG or SVG image', async () => {
    const code = (bytes: Buffer, mime: string) => rejectedCode(images.ingestImage(bytes, mime));
    const p = await png(100, 100);
    expect(await code(p, 'image/gif')).toBe('UNSUPPORTED_IMAGE_TYPE');
    expect(await code(p, 'text/plain')).toBe('UNSUPPORTED_IMAGE_TYPE');
    const gif = await sharp({ create: { width: 50, height: 50, channels: 3, background: '#fff' } }).gif().toBuffer();
    expect(await code(gif, 'image/png')).toBe('UNSUPPORTED_IMAGE_TYPE');
    expect(await code(Buffer.from('hello, I am a text file renamed logo.png\n'), 'image/png')).toBe('NOT_AN_IMAGE');
    expect(await code(Buffer.alloc(0), 'image/png')).toBe('NOT_AN_IMAGE');
    const noisy = await noisyPng(300, 200);
    expect(await code(noisy.subarray(0, noisy.length >> 1), 'image/png')).toBe('NOT_AN_IMAGE');
    expect(await code(Buffer.concat([noisy.subarray(0, 33), Buffer.alloc(4000, 0x5a)]), 'image/png')).toBe('NOT_AN_IMAGE');
    const j = await jpeg(200, 200);
    expect(await code(j.subarray(0, 200), 'image/jpeg')).toBe('NOT_AN_IMAGE');
    expect(count('images')).toBe(0);
  });

  it('enforces the byte size and pixel dimension limits', async () => {
    const code = (bytes: Buffer, mime: string) => rejectedCode(images.ingestImage(bytes, mime));
    expect(await code(Buffer.alloc(20 * 1024 * 1024, 1), 'image/png')).toBe('IMAGE_TOO_LARGE');
    expect(await code(await png(1, 1), 'image/png')).toBe('IMAGE_TOO_SMALL');
    expect(await code(await png(28, 400), 'image/png')).toBe('IMAGE_TOO_SMALL');
    expect(await code(await png(4097, 40), 'image/png')).toBe('IMAGE_DIMENSIONS_TOO_LARGE');
    // 100 000 × 100 000 declared in a few hundred bytes: refused before a pixel is decoded.
    const bomb = withDeclaredSize(await png(64, 64), 100_000, 100_000);
    expect(bomb.length).toBeLessThan(1000);
    expect(await code(bomb, 'image/png')).toBe('IMAGE_DIMENSIONS_TOO_LARGE');
    expect(await code(svg('<rect/>', 'width="1000000" height="1000000"'), 'image/svg+xml')).toBe('IMAGE_DIMENSIONS_TOO_LARGE');
    expect(await code(svg(`<!--${'x'.repeat(1024 * 1024)}-->`), 'image/svg+xml')).toBe('IMAGE_TOO_LARGE');
  });

  it('refuses SVGs that run, fetch or expand anything', async () => {
    const code = (body: string, prolog = '') =>
      rejectedCode(images.ingestImage(Buffer.concat([Buffer.from(prolog), svg(body)]), 'image/svg+xml'));
    expect(await code('<script>alert(1)</script><rect width="10" height="10"/>')).toBe('NOT_AN_IMAGE');
    expect(await code('<SCRIPT type="text/javascript">x</SCRIPT>')).toBe('NOT_AN_IMAGE');
    expect(await code('<image xlink:href="http://evil.example/x.png" width="10" height="10"/>')).toBe('NOT_AN_IMAGE');
    expect(await code('<image href="file:///etc/passwd" width="10" height="10"/>')).toBe('NOT_AN_IMAGE');
    expect(await code('<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>')).toBe('NOT_AN_IMAGE');
    expect(await code('<rect width="10" height="10" onload="alert(1)"/>')).toBe('NOT_AN_IMAGE');
    expect(await code('<rect width="10" height="10" style="fill:url(https://evil.example/p#x)"/>')).toBe('NOT_AN_IMAGE');
    expect(await code('<style>@import url(x.css);</style>')).toBe('NOT_AN_IMAGE');
    expect(await code('<text>&lol;</text>', '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY lol "lol">]>')).toBe('NOT_AN_IMAGE');
    expect(await rejectedCode(images.ingestImage(Buffer.from('<html><body>hi</body></html>'), 'image/svg+xml'))).toBe('NOT_AN_IMAGE');
    expect(await rejectedCode(images.ingestImage(Buffer.from([0xc3, 0x28, 0x3c, 0x73, 0x76, 0x67, 0x3e]), 'image/svg+xml'))).toBe('NOT_AN_IMAGE');
    // Local references and embedded rasters are fine, and so is a DOCTYPE without entities.
    const ok = svg(
      '<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs>' +
        '<rect width="300" height="100" fill="url(#g)"/><use href="#g"/>',
    );
    const doctype = Buffer.from('<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">');
    expect(await images.ingestImage(Buffer.concat([doctype, ok]), 'image/svg+xml')).toMatchObject({ mime: 'image/svg+xml' });
  });

  it('makes every Apple size of a role at @1x/@2x/@3x, lazily, once, with its SHA-1', async () => {
    const { id } = await images.ingestImage(await png(1200, 600), 'image/png');
    expect(count('image_variants')).toBe(0);
    const icons = await images.variantsFor(id, 'icon', 'loyalty');
    expect(icons.map((v) => [v.width, v.height])).toEqual([[29, 29], [58, 58], [87, 87]]);
    const strips = (kind: Parameters<ImagePipeline['variantsFor']>[2]) => images.variantsFor(id, 'strip', kind);
    expect((await strips('loyalty')).map((v) => [v.slot, v.width, v.height])).toEqual([
      ['strip-123', 375, 123], ['strip-123', 750, 246], ['strip-123', 1125, 369],
    ]);
    expect((await strips('coupon')).map((v) => v.height)).toEqual([144, 288, 432]);
    expect((await strips('giftCard')).map((v) => v.height)).toEqual([144, 288, 432]);
    expect((await strips('eventTicket')).map((v) => v.height)).toEqual([98, 196, 294]);
    // A logo keeps its shape inside 160×50 pt.
    expect((await images.variantsFor(id, 'logo', 'loyalty')).map((v) => [v.width, v.height])).toEqual([[100, 50], [200, 100], [300, 150]]);
    expect((await images.variantsFor(id, 'thumbnail', 'generic'))[2]).toMatchObject({ width: 270, height: 135 });
    expect((await images.variantsFor(id, 'background', 'eventTicket'))[2]).toMatchObject({ width: 540, height: 660 });
    for (const v of icons) {
      expect(v.sha1).toBe(sha1(v.png));
      const meta = await sharp(v.png).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['png', v.width, v.height]);
    }
    const before = count('image_variants');
    const again = await images.variant(id, 'icon', 3);
    expect(again.png.equals(icons[2]!.png)).toBe(true);
    expect(count('image_variants')).toBe(before);
  });

  it('keeps sizes for Google and a preview of the original', async () => {
    const { id } = await images.ingestImage(await png(2000, 500), 'image/png');
    expect(await images.variant(id, 'google-logo', 1)).toMatchObject({ width: 660, height: 660 });
    expect(await images.variant(id, 'google-hero', 1)).toMatchObject({ width: 1032, height: 336 });
    expect(await images.variant(id, 'preview', 1)).toMatchObject({ width: 1024, height: 256 });
    const small = await images.ingestImage(await png(300, 200), 'image/png');
    expect(await images.variant(small.id, 'preview', 1)).toMatchObject({ width: 300, height: 200 });
    expect(await rejectedCode(images.variant(id, 'google-hero', 2))).toBe('SCALE_UNSUPPORTED');
    expect(await rejectedCode(images.variant('f'.repeat(64), 'icon', 1))).toBe('NOT_FOUND');
  });

  it('draws SVGs at the size each slot needs', async () => {
    const { id } = await images.ingestImage(svg('<circle cx="150" cy="50" r="40" fill="#0a0"/>'), 'image/svg+xml');
    const strip = await images.variant(id, 'strip-123', 3);
    expect([strip.width, strip.height]).toEqual([1125, 369]);
    expect((await sharp(strip.png).metadata()).format).toBe('png');
  });

  it('makes one variant once when asked twice at the same time', async () => {
    const { id } = await images.ingestImage(await png(500, 500), 'image/png');
    const [a, b] = await Promise.all([images.variant(id, 'icon', 2), images.variant(id, 'icon', 2)]);
    expect(a.sha1).toBe(b.sha1);
    expect(count('image_variants')).toBe(1);
  });

  it('prepares the images of a pass: every role the style shows, with the tier’s strip', async () => {
    const icon = await images.ingestImage(await png(200, 200, '#112233'), 'image/png');
    const logo = await images.ingestImage(await png(600, 200, '#445566'), 'image/png');
    const strip = await images.ingestImage(await png(1200, 500, '#778899'), 'image/png');
    const goldStrip = await images.ingestImage(await png(1200, 500, '#d9b45a'), 'image/png');
    const d = defaultDesign('loyalty', { name: 'B', primaryColor: '#1f4e79', website: '' }, { icon: icon.id });
    d.images.logo = logo.id;
    d.images.strip = strip.id;
    d.tiers[2]!.strip = goldStrip.id;

    const { preparedImages } = createPassImages(images);
    const member = await preparedImages(d, 'member');
    expect(member.map((p) => p.name)).toEqual([
      'icon.png', 'icon@2x.png', 'icon@3x.png', 'logo.png', 'logo@2x.png', 'logo@3x.png', 'strip.png', 'strip@2x.png', 'strip@3x.png',
    ]);
    for (const p of member) {
      expect(p.sha1).toBe(sha1(p.bytes));
      expect(p.crc32).toBe(crc32(p.bytes));
    }
    const gold = await preparedImages(d, 'gold');
    const stripOf = (list: typeof member) => list.find((p) => p.name === 'strip@3x.png')!;
    expect(stripOf(gold).sha1).not.toBe(stripOf(member).sha1);
    expect(stripOf(gold).sha1).toBe((await images.variant(goldStrip.id, 'strip-123', 3)).sha1);
    expect(gold.find((p) => p.name === 'icon.png')).toBe(member.find((p) => p.name === 'icon.png'));

    // A generic pass draws no strip; an event ticket draws background and thumbnail.
    const generic = await preparedImages({ ...d, kind: 'generic' });
    expect(generic.map((p) => p.name).filter((n) => n.startsWith('strip'))).toEqual([]);
    const ticket = { ...d, kind: 'eventTicket' as const, images: { icon: icon.id, background: strip.id, thumbnail: logo.id } };
    expect((await preparedImages(ticket)).map((p) => p.name)).toEqual(
      expect.arrayContaining(['background@3x.png', 'thumbnail@2x.png']),
    );
  });
});
