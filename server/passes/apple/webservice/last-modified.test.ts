import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findAppRoot } from '../../../app-root.js';
import { buildApp, type Passerelle } from '../../../app.js';
import { loadConfig } from '../../../config.js';
import { loadDemoBrand } from '../../../demo/load.js';
import type { PassRow } from '../../cards/passes-repository.js';

/** RFC 9110 §8.8.2.1: Last-Modified never later than Date; and If-Modified-Since never hides a newer version. */
describe('Last-Modified of the web service’s passes', () => {
  let dataDir: string;
  let app: Passerelle | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function start(now?: () => number): Promise<{ app: Passerelle; pass: PassRow }> {
    dataDir = mkdtempSync(join(tmpdir(), 'passerelle-last-modified-'));
    const config = loadConfig({ env: { PASSERELLE_DATA_DIR: dataDir, PASSERELLE_LOG_LEVEL: 'silent' }, cwd: dataDir, appRoot: findAppRoot() });
    app = await buildApp(config, now ? { now } : {});
    await loadDemoBrand(app.services.db, { customers: 2 });
    return { app, pass: app.parts.apple.issuer.issuePass(1) };
  }
  const fetchPass = (a: Passerelle, pass: PassRow, ifModifiedSince?: string) =>
    a.public.inject({
      method: 'GET',
      url: `/apple/v1/passes/${pass.passTypeIdentifier}/${pass.serial}`,
      headers: { authorization: `ApplePass ${pass.authToken}`, ...(ifModifiedSince ? { 'if-modified-since': ifModifiedSince } : {}) },
    });
  const change = (a: Passerelle, pass: PassRow) => a.parts.cards.changes.markPassesChanged([pass.id], { reason: 'points' });

  it('eight quick changes: Last-Modified is still not later than Date', async () => {
    const { app: a, pass } = await start();
    for (let i = 0; i < 8; i++) change(a, pass);
    const res = await fetchPass(a, pass);
    expect(res.statusCode).toBe(200);
    const lastModified = Date.parse(String(res.headers['last-modified']));
    const date = Date.parse(String(res.headers.date));
    expect(lastModified).toBeLessThanOrEqual(date);
  });

  it('a phone holding any earlier version gets the newer one, and the latest gets 304 once the clock caught up', async () => {
    // A fixed second (the development identity's certificate starts today, so the clock is today's).
    let clock = Math.floor(Date.now() / 1000) * 1000 + 250;
    const { app: a, pass } = await start(() => clock);
    const held: string[] = [];
    for (let i = 0; i < 4; i++) {
      change(a, pass); // all within the same second of the clock
      const res = await fetchPass(a, pass);
      expect(res.statusCode).toBe(200);
      const lm = String(res.headers['last-modified']);
      expect(Date.parse(lm)).toBeLessThanOrEqual(clock);
      held.push(lm);
    }
    change(a, pass);
    clock += 60_000;
    for (const lm of held) expect((await fetchPass(a, pass, lm)).statusCode, lm).toBe(200);
    const latest = String((await fetchPass(a, pass)).headers['last-modified']);
    expect((await fetchPass(a, pass, latest)).statusCode).toBe(304);
  });
});
