import { Readable } from 'node:stream';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../testing/app-harness.js';

const png = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 4, background: '#2a7a5b' } }).png().toBuffer();

describe('image routes', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.close());

  const upload = (payload: Buffer | string | Readable, type: string) =>
    h.admin({ method: 'POST', url: '/api/images', payload, headers: { 'content-type': type } });

  it('stores an upload and serves each variant at the exact Apple pixel size', async () => {
    const bytes = await png(1500, 600);
    const res = await upload(bytes, 'image/png');
    expect(res.statusCode, res.body).toBe(201);
    const { id } = res.json();
    expect(res.json()).toEqual({ id: expect.stringMatching(/^[0-9a-f]{64}$/), mime: 'image/png', width: 1500, height: 600, byteSize: bytes.length });
    expect((await upload(bytes, 'image/png')).json().id).toBe(id);

    for (const [query, size] of [
      ['role=strip&kind=coupon&scale=3', [1125, 432]],
      ['role=strip&kind=loyalty&scale=3', [1125, 369]],
      ['role=strip&kind=eventTicket&scale=1', [375, 98]],
      ['role=icon&scale=2', [58, 58]],
      ['role=logo&scale=3', [375, 150]],
      ['role=background&kind=eventTicket&scale=3', [540, 660]],
      ['', [1024, 410]],
    ] as const) {
      const v = await h.admin({ method: 'GET', url: `/api/images/${id}?${query}` });
      expect(v.statusCode, query).toBe(200);
      expect(v.headers['content-type']).toBe('image/png');
      expect(v.headers['cache-control']).toContain('immutable');
      const meta = await sharp(v.rawPayload).metadata();
      expect([meta.format, meta.width, meta.height], query).toEqual(['png', ...size]);
    }
  });

  it('lists the recommended sizes per role and kind', async () => {
    const res = await h.admin({ method: 'GET', url: '/api/images/roles' });
    const items = res.json().items as Array<Record<string, unknown>>;
    expect(items).toContainEqual({ role: 'strip', kind: 'loyalty', scale: 3, width: 1125, height: 369, fit: 'exact' });
    expect(items).toContainEqual({ role: 'strip', kind: 'giftCard', scale: 1, width: 375, height: 144, fit: 'exact' });
    expect(items).toContainEqual({ role: 'logo', kind: 'coupon', scale: 3, width: 480, height: 150, fit: 'within' });
    expect(items.filter((i) => i.kind === 'generic' && i.role === 'strip')).toEqual([]);
    expect(items.filter((i) => i.kind === 'loyalty' && i.role === 'background')).toEqual([]);
  });

  it('refuses bad uploads with a clear 4xx code', async () => {
    const cases: Array<[Buffer | string, string, number, string]> = [
      ['I am a text file renamed photo.png', 'image/png', 400, 'NOT_AN_IMAGE'],
      [(await png(400, 400)).subarray(0, 60), 'image/png', 400, 'NOT_AN_IMAGE'],
      [await png(1, 1), 'image/png', 400, 'IMAGE_TOO_SMALL'],
      [Buffer.alloc(20 * 1024 * 1024, 7), 'image/png', 413, 'IMAGE_TOO_LARGE'],
      ['<svg xmlns="http://www.w3.org/2000/svg" width="50" height="50"><script>alert(1)</script></svg>', 'image/svg+xml', 400, 'NOT_AN_IMAGE'],
      [await png(100, 100), 'image/gif', 415, 'UNSUPPORTED_IMAGE_TYPE'],
      ['<a/>', 'application/xml', 415, 'UNSUPPORTED_IMAGE_TYPE'],
      ['{"image":"x"}', 'application/json', 415, 'UNSUPPORTED_IMAGE_TYPE'],
    ];
    for (const [payload, type, status, code] of cases) {
      const res = await upload(payload, type);
      expect([res.statusCode, res.json().code], `${type} ${String(payload).slice(0, 30)}`).toEqual([status, code]);
    }
    expect(h.app.services.db.prepare('SELECT COUNT(*) AS n FROM images WHERE width = 1 OR byte_size > 5000000').get()).toEqual({ n: 0 });
  });

  it('cuts off a body sent without a length at the limit', async () => {
    const chunks = Array.from({ length: 7 }, () => Buffer.alloc(1024 * 1024, 3));
    const res = await upload(Readable.from(chunks), 'image/png');
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('IMAGE_TOO_LARGE');
  });

  it('answers 404 for an unknown image and 400 for a bad id or query', async () => {
    expect((await h.admin({ method: 'GET', url: `/api/images/${'e'.repeat(64)}` })).statusCode).toBe(404);
    expect((await h.admin({ method: 'GET', url: '/api/images/../../etc/passwd' })).statusCode).toBe(404);
    expect((await h.admin({ method: 'GET', url: '/api/images/ABC' })).statusCode).toBe(400);
    const { id } = (await upload(await png(300, 300), 'image/png')).json();
    for (const q of ['role=footer', 'scale=4', 'kind=boardingPass', 'role=icon&x=1']) {
      expect((await h.admin({ method: 'GET', url: `/api/images/${id}?${q}` })).statusCode, q).toBe(400);
    }
  });

  it('is not on the public listener and needs a session', async () => {
    expect((await h.public({ method: 'GET', url: '/api/images/roles' })).statusCode).toBe(404);
    expect((await h.admin({ method: 'POST', url: '/api/images', payload: 'x', headers: { 'content-type': 'image/png' }, anonymous: true })).statusCode).toBe(401);
  });
});
