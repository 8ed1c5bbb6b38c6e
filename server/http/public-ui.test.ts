import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../testing/app-harness.js';

/** A built UI as vite writes it: three pages, their own files and one chunk they share. */
function fakeBuild(dir: string): void {
  mkdirSync(join(dir, 'assets'), { recursive: true });
  mkdirSync(join(dir, '.vite'), { recursive: true });
  for (const page of ['admin', 'enrol', 'scanner']) {
    writeFileSync(join(dir, `${page}.html`), `<!doctype html><title>${page}</title><script type="module" src="/assets/${page}-1.js"></script>`);
    writeFileSync(join(dir, 'assets', `${page}-1.js`), `import './shared-1.js'; /* ${page} */`);
    writeFileSync(join(dir, 'assets', `${page}-1.css`), `/* ${page} */`);
  }
  // Big enough to be worth compressing, as the real shared chunk is.
  writeFileSync(join(dir, 'assets', 'shared-1.js'), `/* svelte */\n${'export const a = "enrolment";\n'.repeat(400)}`);
  const entry = (page: string) => ({ file: `assets/${page}-1.js`, isEntry: true, imports: ['_shared-1.js'], css: [`assets/${page}-1.css`] });
  writeFileSync(
    join(dir, '.vite', 'manifest.json'),
    JSON.stringify({ '_shared-1.js': { file: 'assets/shared-1.js' }, 'admin.html': entry('admin'), 'enrol.html': entry('enrol'), 'scanner.html': entry('scanner') }),
  );
}

describe('the public listener serves the public pages and only their files', () => {
  let h: Harness;
  let uiDir: string;
  beforeAll(async () => {
    uiDir = mkdtempSync(join(tmpdir(), 'passerelle-ui-'));
    fakeBuild(uiDir);
    h = await createHarness({ PASSERELLE_UI_DIR: uiDir });
  });
  afterAll(async () => {
    await h.close();
    rmSync(uiDir, { recursive: true, force: true });
  });

  it('serves /join and /scan with a strict CSP', async () => {
    for (const [url, page] of [['/join', 'enrol'], ['/scan', 'scanner']]) {
      const res = await h.public({ method: 'GET', url: url! });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain(`<title>${page}</title>`);
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    }
  });

  it('serves the files of the public pages, never the admin app’s', async () => {
    for (const name of ['enrol-1.js', 'enrol-1.css', 'scanner-1.js', 'shared-1.js']) {
      const res = await h.public({ method: 'GET', url: `/assets/${name}` });
      expect(res.statusCode, name).toBe(200);
      expect(res.headers['cache-control']).toContain('immutable');
    }
    expect((await h.public({ method: 'GET', url: '/assets/shared-1.js' })).headers['content-type']).toContain('javascript');
    for (const url of ['/assets/admin-1.js', '/assets/admin-1.css', '/admin.html', '/', '/assets/..%2fadmin.html', '/assets/%2e%2e%2f.vite%2fmanifest.json']) {
      // 404, or 400 for a name the route's pattern refuses: never the file.
      expect([400, 404], url).toContain((await h.public({ method: 'GET', url })).statusCode);
    }
  });

  it('compresses what a phone accepts: brotli first, gzip, else the plain file, never one it refused', async () => {
    const url = '/assets/shared-1.js';
    const plain = await h.public({ method: 'GET', url });
    expect(plain.headers['content-encoding']).toBeUndefined();
    const br = await h.public({ method: 'GET', url, headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toContain('accept-encoding');
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 4);
    expect(brotliDecompressSync(br.rawPayload).equals(plain.rawPayload)).toBe(true);
    const gz = await h.public({ method: 'GET', url, headers: { 'accept-encoding': 'br;q=0, gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).equals(plain.rawPayload)).toBe(true);
    const refused = await h.public({ method: 'GET', url, headers: { 'accept-encoding': 'br;q=0, gzip;q=0' } });
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(refused.rawPayload.equals(plain.rawPayload)).toBe(true);
    // Tiny files are not worth it; the page itself is sent the same way.
    expect((await h.public({ method: 'GET', url: '/assets/enrol-1.css', headers: { 'accept-encoding': 'br' } })).headers['content-encoding']).toBeUndefined();
    expect((await h.public({ method: 'GET', url: '/join', headers: { 'accept-encoding': 'br' } })).body).toContain('<title>enrol</title>');
  });

  it('the admin listener still serves the admin app at /', async () => {
    const res = await h.admin({ method: 'GET', url: '/', anonymous: true });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<title>admin</title>');
  });
});
