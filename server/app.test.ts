import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listRoutes } from './http/fastify.js';
import { createHarness, type Harness } from './testing/app-harness.js';

/** Fills a route's path parameters so that the request reaches that route's handler. */
function concrete(url: string): string {
  return url.replace(/:[A-Za-z]+/g, '1').replace(/\*$/, 'admin.html');
}

describe('the two listeners', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.close());

  it('public listener answers 404 for every admin route', async () => {
    const adminRoutes = listRoutes(h.app.admin).filter((r) => r.url !== '/health' && r.method !== 'HEAD');
    expect(adminRoutes.length).toBeGreaterThan(8);
    for (const r of adminRoutes) {
      const res = await h.public({ method: r.method as 'GET', url: concrete(r.url), headers: { cookie: h.cookie } });
      expect(res.statusCode, `${r.method} ${r.url} on the public listener`).toBe(404);
      expect(res.json()).toMatchObject({ code: 'NOT_FOUND' });
    }
  });

  it('public listener exposes only public routes', () => {
    const routes = listRoutes(h.app.public);
    const urls = routes.map((r) => r.url);
    expect(urls.every((u) => !u.startsWith('/api/') && u !== '/login')).toBe(true);
    expect(urls).toContain('/health');
    // The REST API of the shop's other systems: every route behind a key.
    const rest = routes.filter((r) => r.url.startsWith('/v1/') && r.method !== 'HEAD');
    expect(rest.length).toBeGreaterThan(4);
    expect(rest.every((r) => r.access === 'apiKey')).toBe(true);
  });

  it('admin API answers 401 without a session, for every API route', async () => {
    const apiRoutes = listRoutes(h.app.admin).filter(
      (r) => r.url.startsWith('/api/') && r.url !== '/api/session' && r.method !== 'HEAD',
    );
    expect(apiRoutes.length).toBeGreaterThan(5);
    for (const r of apiRoutes) {
      const res = await h.admin({ method: r.method as 'GET', url: concrete(r.url), anonymous: true });
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(401);
      expect(res.json()).toEqual({ code: 'UNAUTHENTICATED', message: expect.any(String) });
    }
  });

  it('admin API refuses a forged or expired session cookie', async () => {
    const res = await h.admin({ method: 'GET', url: '/api/overview', anonymous: true, headers: { cookie: 'passerelle_session=forged' } });
    expect(res.statusCode).toBe(401);
  });

  it('admin API answers with a session', async () => {
    const res = await h.admin({ method: 'GET', url: '/api/overview' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ customers: 0, empty: true });
  });

  it('refuses a foreign Host (DNS rebinding), even with a valid session', async () => {
    for (const host of ['evil.example', 'evil.example:4380', '127.0.0.1.evil.example:4380', '127.0.0.1:9999']) {
      const res = await h.admin({ method: 'GET', url: '/api/overview', headers: { host } });
      expect(res.statusCode, host).toBe(403);
      expect(res.json()).toMatchObject({ code: 'HOST_NOT_ALLOWED' });
    }
    const ui = await h.admin({ method: 'GET', url: '/', headers: { host: 'evil.example' } });
    expect(ui.statusCode).toBe(403);
  });

  it('refuses a foreign Origin, even with a valid session', async () => {
    for (const origin of ['http://evil.example', 'null', 'http://127.0.0.1:9999', 'file://']) {
      const res = await h.admin({ method: 'POST', url: '/api/demo', headers: { origin } });
      expect(res.statusCode, origin).toBe(403);
      expect(res.json()).toMatchObject({ code: 'ORIGIN_NOT_ALLOWED' });
    }
    const same = await h.admin({ method: 'GET', url: '/api/overview', headers: { origin: 'http://localhost:4380', host: 'localhost:4380' } });
    expect(same.statusCode).toBe(200);
  });

  it('health answers on both listeners', async () => {
    expect((await h.public({ method: 'GET', url: '/health' })).json()).toMatchObject({ status: 'ok' });
    expect((await h.admin({ method: 'GET', url: '/health', anonymous: true })).statusCode).toBe(200);
  });

  it('sends a CSP and anti-framing headers with the admin UI', async () => {
    const res = await h.admin({ method: 'GET', url: '/', anonymous: true });
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});
