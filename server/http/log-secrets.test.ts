import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAppRoot } from '../app-root.js';
import { buildApp, type Passerelle } from '../app.js';
import { SESSION_COOKIE } from '../auth/guard.js';
import { sha256Hex } from '../auth/tokens.js';
import { loadConfig } from '../config.js';
import { loadDemoBrand } from '../demo/load.js';
import type { PassRow } from '../passes/cards/passes-repository.js';
import { ADMIN_HOST_HEADER } from '../testing/app-harness.js';
import { loggedUrl, REDACTED } from './log-redaction.js';
import { createLogger } from './logger.js';

describe('loggedUrl', () => {
  it('shows plain parameters and redacts the rest, for matched and unmatched paths', () => {
    expect(loggedUrl({ url: '/api/customers/12/pass?limit=5&q=marie', routeUrl: '/api/customers/:id/pass', params: { id: '12' } })).toBe(
      `/api/customers/12/pass?limit=5&q=${REDACTED}`,
    );
    expect(loggedUrl({ url: '/p/abcdefabcdefabcdefabcdefabcdefabcdefabcdefa/qr.png', routeUrl: '/p/:downloadId/qr.png', params: { downloadId: 'x' } })).toBe(
      `/p/${REDACTED}/qr.png`,
    );
    expect(loggedUrl({ url: '/login?token=secret-token', routeUrl: '/login', params: {} })).toBe(`/login?token=${REDACTED}`);
    expect(loggedUrl({ url: '/p/abcdefabcdefabcdefabcdefabcdefabcdefabcdefa/nothing?x=1', params: {} })).toBe(
      `/p/${REDACTED}/nothing?x=${REDACTED}`,
    );
    expect(loggedUrl({ url: '/assets/index-abc.js', routeUrl: '/*', params: { '*': 'assets/index-abc.js' } })).toBe('/assets/index-abc.js');
  });
});

/**
 * A burst of ordinary and odd traffic on both listeners with everything logged (trace), then the whole log is searched
 * for every secret the database holds: download ids, pass authentication tokens, device library ids and push
 * tokens, referral codes, and the session and login tokens (as sent and as stored).
 */
describe('no secret in the logs', () => {
  let dataDir: string;
  let app: Passerelle;
  const log: string[] = [];
  let passes: PassRow[];
  const sent: string[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'passerelle-log-secrets-'));
    const config = loadConfig({ env: { PASSERELLE_DATA_DIR: dataDir, PASSERELLE_LOG_LEVEL: 'trace' }, cwd: dataDir, appRoot: findAppRoot() });
    app = await buildApp(config, { logger: createLogger(config, { write: (line: string) => void log.push(line) }) });
    await loadDemoBrand(app.services.db, { customers: 4 });
    passes = [1, 2, 3].map((id) => app.parts.apple.issuer.issuePass(id));
  });
  afterAll(async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('logs the traffic without any of them', async () => {
    const session = app.services.sessions.createSession('test');
    const login = app.services.sessions.createLoginToken();
    sent.push(session, login);
    const admin = (url: string, method: 'GET' | 'POST' = 'GET', extra: Record<string, string> = {}) =>
      app.admin.inject({ method, url, headers: { host: ADMIN_HOST_HEADER, cookie: `${SESSION_COOKIE}=${session}`, ...extra } });

    await app.admin.inject({ method: 'GET', url: `/login?token=${login}`, headers: { host: ADMIN_HOST_HEADER } });
    await app.admin.inject({ method: 'GET', url: `/login?token=${login}&again=${login}`, headers: { host: ADMIN_HOST_HEADER } });
    for (const p of passes) {
      const device = `device${p.id}0123456789abcdef`;
      const pushToken = sha256Hex(`push-${p.id}`);
      sent.push(device, pushToken);
      const ws = `/apple/v1/devices/${device}/registrations/${p.passTypeIdentifier}`;
      const auth = { authorization: `ApplePass ${p.authToken}` };
      await app.public.inject({ method: 'GET', url: `/p/${p.downloadId}` });
      await app.public.inject({ method: 'GET', url: `/p/${p.downloadId}/qr.png` });
      await app.public.inject({ method: 'GET', url: `/p/${p.downloadId}/nothing?d=${p.downloadId}` });
      await app.public.inject({ method: 'GET', url: `/p/${p.downloadId}x` });
      await app.public.inject({ method: 'POST', url: `${ws}/${p.serial}`, headers: auth, payload: { pushToken } });
      await app.public.inject({ method: 'POST', url: `${ws}/${p.serial}`, headers: auth, payload: { pushToken: [pushToken] } });
      await app.public.inject({ method: 'GET', url: ws });
      await app.public.inject({ method: 'GET', url: `${ws}/nothing/here` });
      await app.public.inject({ method: 'GET', url: `/apple/v1/passes/${p.passTypeIdentifier}/${p.serial}`, headers: auth });
      await app.public.inject({ method: 'GET', url: `/apple/v1/passes/${p.passTypeIdentifier}/${p.serial}?token=${p.authToken}` });
      await app.public.inject({ method: 'GET', url: `/nothing/${p.authToken}`, headers: { 'x-api-key': p.authToken } });
      await admin(`/api/customers/${p.customerId}/pass`);
      await admin(`/api/customers/${p.customerId}/wallet`);
      await admin(`/api/customers?q=${p.downloadId}`);
      await admin(`/api/nothing/${p.downloadId}`, 'POST', { 'content-type': 'application/json' });
    }

    const db = app.services.db;
    const column = (sql: string) => db.prepare<[], { v: string }>(sql).all().map((r) => r.v);
    const secrets = [
      ...column('SELECT download_id AS v FROM passes'),
      ...column('SELECT auth_token AS v FROM passes'),
      ...column('SELECT device_library_id AS v FROM devices'),
      ...column('SELECT push_token AS v FROM devices'),
      ...column('SELECT referral_code AS v FROM customers'),
      ...column('SELECT token_hash AS v FROM admin_sessions'),
      ...column('SELECT token_hash AS v FROM login_tokens'),
      ...sent,
    ];
    expect(column('SELECT device_library_id AS v FROM devices')).toHaveLength(passes.length);
    expect(secrets.length).toBeGreaterThan(20);
    const text = log.join('');
    expect(log.length).toBeGreaterThan(40);
    for (const secret of secrets) expect(text.includes(secret), `log holds ${secret}`).toBe(false);
    expect(text).toContain(`/p/${REDACTED}`);
  });
});
