/** Exports over HTTP on a real app holding the demo brand: admin downloads, the public link, bulk zips, the poster. */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../demo/generate.js';
import { createHarness, type Harness } from '../../testing/app-harness.js';
import { expectedManifest, openPass, verifyPass } from '../../testing/pkpass.js';
import { readZip } from '../../testing/zip-reader.js';
import { CSV_HEADER } from './export-passes.js';
import { FAILURE_BUDGETS, RATE_LIMITS } from '../../http/rate-limits.js';

const PUBLIC_URL = 'https://cartes.fauvette.example';
const CUSTOMERS = 1_000;

describe('pass exports', () => {
  let h: Harness;
  let wwdr = '';
  beforeAll(async () => {
    h = await createHarness({ PASSERELLE_PUBLIC_URL: PUBLIC_URL }, { start: true });
    generateDemo(h.app.services.db, { customers: CUSTOMERS, now: Date.now() });
    wwdr = h.app.parts.apple.identity.current().pems.wwdrPem;
  });
  afterAll(() => h.close());

  const customer = (id: number) =>
    h.app.services.db.prepare<[number], { email: string; first_name: string; last_name: string }>(
      'SELECT email, first_name, last_name FROM customers WHERE id = ?',
    ).get(id)!;
  const fromPublic = (url: string, ip: string) => h.public({ method: 'GET', url, headers: { 'x-forwarded-for': ip } });

  it('downloads a customer’s .pkpass from the admin, named after the brand and the customer', async () => {
    const res = await h.admin({ method: 'GET', url: '/api/customers/12/pass.pkpass' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.apple.pkpass');
    const c = customer(12);
    const ascii = (s: string) => s.normalize('NFKD').replace(/[^A-Za-z0-9]+/g, '');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="Maison-Fauvette-[A-Za-z0-9-]+\.pkpass"$/);
    expect(res.headers['content-disposition']!.replace(/-/g, '')).toContain(`${ascii(c.first_name)}${ascii(c.last_name)}`);
    expect(verifyPass(res.rawPayload, wwdr).ok).toBe(true);
    const { passJson } = openPass(res.rawPayload);
    expect(passJson.webServiceURL).toBe(`${PUBLIC_URL}/apple`);
    expect(await h.admin({ method: 'GET', url: '/api/customers/999999/pass.pkpass' })).toMatchObject({ statusCode: 404 });
  });

  it('gives the QR code of the public download link as PNG and SVG', async () => {
    const info = (await h.admin({ method: 'GET', url: '/api/customers/12/pass' })).json();
    expect(info.downloadUrl).toMatch(new RegExp(`^${PUBLIC_URL}/p/[A-Za-z0-9_-]{43}$`));
    const png = await h.admin({ method: 'GET', url: '/api/customers/12/pass-qr.png' });
    expect(png.headers['content-type']).toBe('image/png');
    const meta = await sharp(png.rawPayload).metadata();
    expect([meta.format, meta.width]).toEqual(['png', 600]);
    const svg = await h.admin({ method: 'GET', url: '/api/customers/12/pass-qr.svg' });
    expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(svg.body).toContain('<svg');
  });

  it('serves the pass on the public listener without a session, and nowhere on the admin listener', async () => {
    const { downloadUrl } = (await h.admin({ method: 'GET', url: '/api/customers/15/pass' })).json();
    const path = new URL(downloadUrl).pathname;
    const res = await fromPublic(path, '198.51.100.1');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.apple.pkpass');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(verifyPass(res.rawPayload, wwdr).ok).toBe(true);
    const admin = await h.admin({ method: 'GET', url: path });
    expect(admin.statusCode).toBe(404);
    expect(admin.headers['content-type']).not.toBe('application/vnd.apple.pkpass');
    const qr = await fromPublic(`${path}/qr.png`, '198.51.100.1');
    expect((await sharp(qr.rawPayload).metadata()).format).toBe('png');
  });

  it('answers the same 404 for unknown and malformed ids', async () => {
    const unknown = await fromPublic(`/p/${'A'.repeat(43)}`, '198.51.100.2');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual({ code: 'NOT_FOUND', message: expect.any(String) });
    for (const bad of ['short', 'A'.repeat(44), `${'A'.repeat(42)}%21`, '..%2f..%2fetc', `${'A'.repeat(42)}=`]) {
      const res = await fromPublic(`/p/${bad}`, '198.51.100.2');
      expect(res.statusCode, bad).toBe(404);
      expect(res.json(), bad).toEqual(unknown.json());
    }
  });

  it('rate limits the download link per address: 429 once the limit is spent', async () => {
    const pass = (await h.admin({ method: 'GET', url: '/api/customers/3/pass' })).json() as { downloadUrl: string };
    const path = new URL(pass.downloadUrl).pathname;
    const codes: number[] = [];
    for (let i = 0; i < RATE_LIMITS.download.max; i++) codes.push((await fromPublic(path, '203.0.113.9')).statusCode);
    expect(codes.every((c) => c === 200)).toBe(true);
    const limited = await fromPublic(path, '203.0.113.9');
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ code: 'RATE_LIMITED' });
    // Another address is not affected.
    expect((await fromPublic(path, '203.0.113.10')).statusCode).toBe(200);
  });

  it('closes downloads to an address that guessed too many ids, the right one included', async () => {
    const pass = (await h.admin({ method: 'GET', url: '/api/customers/4/pass' })).json() as { downloadUrl: string };
    const path = new URL(pass.downloadUrl).pathname;
    const budget = FAILURE_BUDGETS.downloads.max;
    for (let i = 0; i < budget; i++) expect((await fromPublic(`/p/${String(i).padStart(43, 'C')}`, '203.0.113.20')).statusCode).toBe(404);
    expect((await fromPublic(`/p/${'D'.repeat(43)}`, '203.0.113.20')).statusCode).toBe(429);
    expect((await fromPublic(path, '203.0.113.20')).statusCode).toBe(429);
    expect((await fromPublic(`${path}/qr.png`, '203.0.113.20')).statusCode).toBe(429);
    expect((await fromPublic(path, '203.0.113.21')).statusCode).toBe(200);
  });

  it(`exports all ${CUSTOMERS} demo customers as a zip of verified passes and a links.csv`, { timeout: 120_000 }, async () => {
    const start = await h.admin({ method: 'POST', url: '/api/exports/passes', payload: { scope: 'all' } });
    expect(start.statusCode, start.body).toBe(202);
    const { id } = start.json() as { id: number };
    expect((await h.admin({ method: 'POST', url: '/api/exports/passes', payload: { scope: 'all' } })).json().code).toBe('EXPORT_RUNNING');

    let status: { status: string; done: number; total: number };
    const seen: number[] = [];
    for (;;) {
      status = (await h.admin({ method: 'GET', url: `/api/exports/${id}` })).json();
      seen.push(status.done);
      if (status.status !== 'running') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(status).toEqual({ id, status: 'done', done: CUSTOMERS, total: CUSTOMERS });
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    const exportsDir = join(h.dataDir, 'exports');
    expect(statSync(exportsDir).mode & 0o777).toBe(0o700);
    for (const f of readdirSync(exportsDir)) expect(statSync(join(exportsDir, f)).mode & 0o777, f).toBe(0o600);

    const download = await h.admin({ method: 'GET', url: `/api/exports/${id}/download` });
    expect(download.headers['content-type']).toBe('application/zip');
    const zip = readZip(download.rawPayload);
    const passes = [...zip.keys()].filter((n) => n.endsWith('.pkpass'));
    expect(passes).toHaveLength(CUSTOMERS);
    passes.forEach((name, i) => {
      const bytes = zip.get(name)!.data;
      const opened = openPass(bytes);
      expect(opened.manifest, name).toEqual(expectedManifest(opened.files));
      // openssl for one pass in ten (each check is a process); the manifest of every one is checked above.
      if (i % 10 === 0) expect(verifyPass(bytes, wwdr).ok, name).toBe(true);
    });

    const csv = zip.get('links.csv')!.data.toString('utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe(CSV_HEADER.join(','));
    expect(lines).toHaveLength(CUSTOMERS + 1);
    const first = lines[1]!.split(',');
    expect(first[0]).toBe('1');
    expect(first[1]).toBe(customer(1).email);
    expect(passes).toContain(first[3]);
    expect(first[4]).toMatch(new RegExp(`^${PUBLIC_URL}/p/[A-Za-z0-9_-]{43}$`));
    expect(first[5]).toBe(`${first[4]}/qr.png`);
    // The link in the CSV serves that very customer's pass.
    const served = await fromPublic(new URL(first[4]!).pathname, '198.51.100.3');
    expect(openPass(served.rawPayload).passJson.serialNumber).toBe(openPass(zip.get(first[3]!)!.data).passJson.serialNumber);
  });

  it('exports a chosen list of customers, and refuses unknown ones or too many', async () => {
    const start = await h.admin({ method: 'POST', url: '/api/exports/passes', payload: { customerIds: [3, 5, 3, 8] } });
    expect(start.statusCode, start.body).toBe(202);
    const { id } = start.json() as { id: number };
    let status;
    do {
      await new Promise((r) => setTimeout(r, 50));
      status = (await h.admin({ method: 'GET', url: `/api/exports/${id}` })).json();
    } while (status.status === 'running');
    expect(status).toMatchObject({ status: 'done', total: 3 });
    const zip = readZip((await h.admin({ method: 'GET', url: `/api/exports/${id}/download` })).rawPayload);
    expect([...zip.keys()].filter((n) => n.endsWith('.pkpass')).map((n) => n.slice(0, 6))).toEqual(['000003', '000005', '000008']);

    const unknown = await h.admin({ method: 'POST', url: '/api/exports/passes', payload: { customerIds: [1, 999_999] } });
    expect([unknown.statusCode, unknown.json().code]).toEqual([400, 'UNKNOWN_CUSTOMERS']);
    const tooMany = await h.admin({ method: 'POST', url: '/api/exports/passes', payload: { customerIds: Array.from({ length: 10_001 }, (_, i) => i + 1) } });
    expect([tooMany.statusCode, tooMany.json().code]).toEqual([400, 'VALIDATION_ERROR']);
    expect((await h.admin({ method: 'POST', url: '/api/exports/passes', payload: { scope: 'segment' } })).statusCode).toBe(400);
    expect((await h.admin({ method: 'GET', url: '/api/exports/4242' })).statusCode).toBe(404);
  });

  it('prints an A4 poster with the enrolment QR code in the brand’s language', async () => {
    const res = await h.admin({ method: 'GET', url: '/api/poster.png' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="Maison-Fauvette-poster-fr.png"');
    const meta = await sharp(res.rawPayload).metadata();
    expect([meta.width, meta.height, meta.density]).toEqual([1240, 1754, 150]);
    expect((await h.admin({ method: 'GET', url: '/api/poster.png?locale=en' })).headers['content-disposition']).toContain('poster-en');
  });
});
