import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Type } from 'typebox';
import pino from 'pino';
import { assertAccessDeclared, installAccessControl } from './access.js';
import { createServer, listRoutes } from './fastify.js';
import { createHarness, type Harness } from '../testing/app-harness.js';

const concrete = (url: string) => url.replace(/:[A-Za-z]+/g, '1').replace(/\*$/, 'admin.html');

/** Ways of writing a path that a string test on the raw URL does not recognise but a router or a proxy may. */
function variants(path: string): string[] {
  const [first = '', ...rest] = path.slice(1).split('/');
  const tail = rest.length ? `/${rest.join('/')}` : '';
  const encodeFirst = (s: string) => `%${s.charCodeAt(0).toString(16)}${s.slice(1)}`;
  const out = [
    `/${encodeFirst(first)}${tail}`, // /%61pi/customers
    `/${first.split('').map((c) => `%${c.charCodeAt(0).toString(16)}`).join('')}${tail}`, // every letter encoded
    `/${first.toUpperCase()}${tail}`, // /API/customers
    `/${first[0]?.toUpperCase()}${first.slice(1)}${tail}`, // /Api/customers
    `//${first}${tail}`, // //api/customers
    `/${first}/${tail}`.replace(/\/\/+/g, '//'), // /api//customers
    `${path}/`, // trailing slash
    `${path}.`, // trailing dot
    `${path}%2e`, // encoded trailing dot
    `/${first}%2f${rest.join('%2f')}`, // encoded slashes
    `/./${first}${tail}`, // dot segment
    `/x/../${first}${tail}`, // parent segment
    `${path};jsessionid=1`, // path parameter
    `${path}%00`, // NUL
  ];
  return [...new Set(out)].filter((v) => v !== path);
}

describe('every route declares who may call it', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.close());

  it('lists every route of both listeners with its access', () => {
    const table = (app: Harness['app']['admin']) =>
      listRoutes(app)
        .filter((r) => r.method !== 'HEAD')
        .map((r) => `${r.method} ${r.url} ${r.access}`)
        .sort();
    const admin = table(h.app.admin);
    const pub = table(h.app.public);
    // Each route appears with an access the listener knows; the admin API is session-only except signing in.
    for (const line of admin) expect(line, line).toMatch(/ (public|session)$/);
    for (const line of pub) expect(line, line).toMatch(/ (public|applePass|staff|apiKey|googleCallback)$/);
    const publicAdmin = admin.filter((l) => l.endsWith(' public'));
    expect(publicAdmin).toEqual(
      expect.arrayContaining(['GET /health public', 'GET /login public', 'GET /api/session public', 'POST /api/session public']),
    );
    expect(publicAdmin.filter((l) => / \/api\//.test(l) && !/ \/api\/session /.test(l))).toEqual([]);
    expect(pub).toEqual(
      expect.arrayContaining([
        'GET /health public',
        'GET /apple/v1/passes/:passTypeIdentifier/:serialNumber applePass',
        'POST /apple/v1/devices/:deviceLibraryIdentifier/registrations/:passTypeIdentifier/:serialNumber applePass',
        'DELETE /apple/v1/devices/:deviceLibraryIdentifier/registrations/:passTypeIdentifier/:serialNumber applePass',
      ]),
    );
  });

  it('answers 401 or 404 (400 when undecodable), never data, to encoded, doubled-slash, mixed-case and trailing-dot admin paths without a session', async () => {
    const sessionRoutes = listRoutes(h.app.admin).filter((r) => r.access === 'session' && r.method !== 'HEAD');
    expect(sessionRoutes.length).toBeGreaterThan(20);
    let tried = 0;
    for (const r of sessionRoutes) {
      const path = concrete(r.url);
      for (const url of [path, ...variants(path)]) {
        const res = await h.admin({ method: r.method as 'GET', url, anonymous: true });
        tried++;
        const label = `${r.method} ${url} → ${res.statusCode} ${res.body.slice(0, 80)}`;
        if (res.statusCode === 200 && r.method === 'GET' && res.headers['content-type']?.toString().startsWith('text/html')) {
          // The UI shell (the static wildcard) answers any GET path that is no API route with index.html: no data.
          expect(res.body, label).toContain('<!doctype html>');
          continue;
        }
        // 400: a path the router cannot even decode (a NUL byte). Never a 2xx, never data.
        expect([400, 401, 404], label).toContain(res.statusCode);
        expect(res.json(), label).toMatchObject({ code: expect.stringMatching(/^(UNAUTHENTICATED|NOT_FOUND|BAD_REQUEST)$/) });
      }
    }
    expect(tried).toBeGreaterThan(300);
  });

  it('the same variants with a session still reach nothing they should not (no 5xx)', async () => {
    for (const r of listRoutes(h.app.admin).filter((x) => x.access === 'session' && x.method === 'GET')) {
      for (const url of variants(concrete(r.url))) {
        const res = await h.admin({ method: 'GET', url });
        expect(res.statusCode, `GET ${url}`).toBeLessThan(500);
      }
    }
  });

  it('refuses to start with a route that declares no access, or one its listener cannot verify', async () => {
    const log = pino({ level: 'silent' });
    const bare = createServer({ logger: log, name: 'admin' });
    installAccessControl(bare, 'admin', {});
    bare.get('/api/forgotten', { schema: { response: { 200: Type.Object({}) } } }, async () => ({}));
    await bare.ready();
    expect(() => assertAccessDeclared(bare)).toThrow(/GET \/api\/forgotten \(no access declared\)/);
    await bare.close();

    const pub = createServer({ logger: log, name: 'public' });
    installAccessControl(pub, 'public', {});
    pub.get('/api/customers', { config: { access: 'session' } }, async () => ({}));
    await pub.ready();
    expect(() => assertAccessDeclared(pub)).toThrow(/GET \/api\/customers \(session\)/);
    await pub.close();
  });
});
