import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listRoutes } from './fastify.js';
import { createHarness, type Harness } from '../testing/app-harness.js';

const BODIES: Array<{ payload: string; type: string }> = [
  { payload: '{"a":', type: 'application/json' },
  { payload: '[]', type: 'application/json' },
  { payload: 'null', type: 'application/json' },
  { payload: '"\u0000\ud800"', type: 'application/json' },
  { payload: JSON.stringify({ __proto__: { admin: true }, constructor: { prototype: 1 } }), type: 'application/json' },
  { payload: JSON.stringify({ name: 'x'.repeat(100_000) }), type: 'application/json' },
  { payload: '<xml/>', type: 'application/xml' },
  { payload: 'a=1&b=2', type: 'application/x-www-form-urlencoded' },
];

const QUERIES = ['?limit=-1', '?limit=abc', '?offset=1e99', '?q=' + '%'.repeat(3), '?q=' + 'x'.repeat(5000), '?token=', '?%zz'];

/** Every route of both listeners, with a session, gets hostile input: the answer is a 4xx `{ code, message }`. */
describe('hostile input never produces a 5xx', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.close());

  const check = (label: string, res: { statusCode: number; body: string; headers: Record<string, unknown> }) => {
    expect(res.statusCode, label).toBeLessThan(500);
    if (res.statusCode >= 400) {
      const body = JSON.parse(res.body) as { code: unknown; message: unknown };
      expect(typeof body.code, label).toBe('string');
      expect(typeof body.message, label).toBe('string');
      expect(res.body, label).not.toMatch(/\bat .+:\d+:\d+/);
    }
  };

  it('admin routes', async () => {
    const routes = listRoutes(h.app.admin).filter(
      (r) => (r.url.startsWith('/api/') || r.url === '/login') && r.method !== 'HEAD',
    );
    for (const r of routes) {
      const url = r.url.replace(/:[A-Za-z]+/g, 'not-a-number');
      for (const q of QUERIES) check(`${r.method} ${url}${q}`, await h.admin({ method: r.method as 'GET', url: url + q }));
      if (r.method === 'GET' || r.method === 'DELETE') continue;
      for (const b of BODIES) {
        const res = await h.admin({ method: r.method as 'POST', url, payload: b.payload, headers: { 'content-type': b.type } });
        check(`${r.method} ${url} ${b.type} ${b.payload.slice(0, 20)}`, res);
      }
    }
  });

  it('public routes and unknown paths', async () => {
    for (const url of ['/health', '/health?x=%00', '/../../etc/passwd', '/%2e%2e/', '/v1/passes/x/y', '/' + 'a'.repeat(10_000)]) {
      for (const method of ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'] as const) {
        check(`${method} ${url.slice(0, 30)}`, await h.public({ method, url }));
      }
    }
  });
});

describe('graceful shutdown', () => {
  it('checkpoints the WAL into the database file and closes it', async () => {
    const h = await createHarness();
    const file = join(h.dataDir, 'passerelle.sqlite');
    h.app.services.settings.setMany({ 'brand.name': 'Avant fermeture' });
    await h.app.close();
    expect(!existsSync(`${file}-wal`) || statSync(`${file}-wal`).size === 0).toBe(true);
    expect(h.app.services.db.open).toBe(false);
    await h.close();
  });
});
