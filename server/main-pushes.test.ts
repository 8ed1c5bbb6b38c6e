/**
 * The running server's pass update pushes, started by startServer as `npm run serve` starts them: with APNs pointed
 * at a local fake (settings apns.host/port/caFile, set before the start), a phone registered over HTTP gets a push
 * when its card changes; a Pass Type ID certificate imported in Settings meanwhile is what the next push authenticates
 * with, without a restart; with the development identity and Apple's host, pushes wait and the log says so.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from './auth/guard.js';
import { closeDatabase } from './db/connection.js';
import { openAppDatabase } from './db/index.js';
import { loadDemoBrand } from './demo/load.js';
import { startServer, type RunningServer } from './main.js';
import { createDevIdentity } from './passes/apple/dev-identity.js';
import { createIdentityStore } from './passes/apple/identity/identity-store.js';
import { createSettingsRepository } from './settings/settings-repository.js';
import { eventually, sharedPki } from './testing/apns-fixture.js';
import { welcomeOff } from './testing/automations-off.js';
import { SimulatedDevice } from './testing/device-simulator.js';
import { startFakeApns, type FakeApns } from './testing/fake-apns.js';

const WAIT_LINE = 'APNs pushes wait for an imported Pass Type ID certificate';

describe('startServer: APNs pushes of the running server', () => {
  let dataDir: string;
  let running: RunningServer | undefined;
  let fake: FakeApns | undefined;
  let second: FakeApns | undefined;
  const logs: string[] = [];
  const logDestination = { write: (line: string) => void logs.push(line) };
  const env = () => ({
    PASSERELLE_DATA_DIR: dataDir,
    PASSERELLE_ADMIN_PORT: '0',
    PASSERELLE_PUBLIC_PORT: '0',
    PASSERELLE_LOG_LEVEL: 'info',
  });
  const start = async () => {
    running = await startServer({ env: env(), out: () => {}, cwd: dataDir, logDestination });
    return running;
  };
  const adminFetch = (server: RunningServer, path: string, init: RequestInit = {}) =>
    fetch(`${server.adminUrl}${path}`, {
      ...init,
      headers: { cookie: `${SESSION_COOKIE}=${server.app.services.sessions.createSession('test')}`, ...init.headers },
    });

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'passerelle-main-pushes-'));
    logs.length = 0;
  });
  afterEach(async () => {
    await running?.close();
    await fake?.close();
    await second?.close();
    running = fake = second = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('with APNs pointed at a stand-in, a card changed in the admin reaches the registered phone as a push', async () => {
    // Before the start, as `passerelle settings apns --host … --port … --ca …` would: the fake trusts the
    // development identity's certificate (issued by its WWDR stand-in) and pushes to its pass type only.
    const { db } = openAppDatabase(dataDir);
    const identity = createIdentityStore(db).current();
    const topic = identity.identity.passTypeIdentifier;
    fake = await startFakeApns({ clientCaPem: identity.pems.wwdrPem, topic });
    const caFile = join(dataDir, 'fake-apns-ca.pem');
    writeFileSync(caFile, fake.caPem);
    createSettingsRepository(db, dataDir).setMany({ 'apns.host': '127.0.0.1', 'apns.port': fake.port, 'apns.caFile': caFile });
    closeDatabase(db);

    const server = await start();
    expect(logs.join('')).not.toContain(WAIT_LINE);
    await loadDemoBrand(server.app.services.db, { customers: 3 });
    welcomeOff(server.app.services.db); // the pushes counted here are the points changes'
    const pass = server.app.parts.apple.issuer.issuePass(1);
    const phone = new SimulatedDevice({ wwdrPem: identity.pems.wwdrPem });
    const card = await phone.download(`${server.publicUrl}/p/${pass.downloadId}`);
    expect(await phone.register(card.serialNumber)).toBe(201);
    expect((await phone.listUpdates(card.webServiceURL, topic, false)).serialNumbers).toEqual([card.serialNumber]);

    const points = await adminFetch(server, '/api/customers/1/points', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ delta: 25, reason: 'adjustment' }),
    });
    expect(points.status).toBe(200);
    expect(await points.json()).toMatchObject({ passes: 1, pushes: 1 });

    await eventually(() => fake!.countFor(phone.pushToken) === 1, 'the push for the registered phone');
    expect(fake.pushes).toHaveLength(1);
    expect(fake.pushes[0]).toMatchObject({ token: phone.pushToken, topic, body: '{}' });
    expect(fake.pushes[0]!.headers['apns-topic']).toBe(topic);
    // What the phone does on that push: ask what changed, fetch it.
    expect(await phone.onPush()).toEqual([card.serialNumber]);

    // Settings sees pushes running, and working once the worker has committed APNs' answer.
    const apns = async () => (await (await adminFetch(server, '/api/wallet/apns')).json()) as { pushes: string; status: { ok: boolean } | null };
    expect((await apns()).pushes).toBe('running');
    await expect.poll(async () => (await apns()).status, { timeout: 20_000 }).toMatchObject({ ok: true });
  });

  it('a certificate imported in Settings while pushes run: the next push authenticates with it, without a restart', async () => {
    // Two stand-ins for APNs with one server certificate (one caFile): the first trusts only the development
    // identity's issuer, the second only the imported certificate's, so a push the second accepts was sent with it.
    const { db } = openAppDatabase(dataDir);
    const dev = createIdentityStore(db).current();
    const topic = dev.identity.passTypeIdentifier;
    const tls = sharedPki().server;
    const shop = createDevIdentity({ passTypeIdentifier: topic });
    fake = await startFakeApns({ clientCaPem: dev.pems.wwdrPem, topic, serverCertificate: tls });
    second = await startFakeApns({ clientCaPem: shop.wwdrPem, topic, serverCertificate: tls });
    const caFile = join(dataDir, 'fake-apns-ca.pem');
    writeFileSync(caFile, fake.caPem);
    createSettingsRepository(db, dataDir).setMany({ 'apns.host': '127.0.0.1', 'apns.port': fake.port, 'apns.caFile': caFile });
    closeDatabase(db);

    const server = await start();
    await loadDemoBrand(server.app.services.db, { customers: 3 });
    welcomeOff(server.app.services.db); // the pushes counted here are the points changes'
    const pass = server.app.parts.apple.issuer.issuePass(1);
    const phone = new SimulatedDevice({ wwdrPem: dev.pems.wwdrPem });
    const card = await phone.download(`${server.publicUrl}/p/${pass.downloadId}`);
    expect(await phone.register(card.serialNumber)).toBe(201);
    const addPoints = async () => {
      const res = await adminFetch(server, '/api/customers/1/points', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ delta: 10, reason: 'adjustment' }),
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ pushes: 1 });
    };
    const apns = async () => (await (await adminFetch(server, '/api/wallet/apns')).json()) as { pushes: string };

    await addPoints();
    await eventually(() => fake!.countFor(phone.pushToken) === 1, 'the push sent with the development identity');

    const imported = await adminFetch(server, '/api/settings/apple', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ certPem: shop.certificatePem, keyPem: shop.privateKeyPem, wwdrPem: shop.wwdrPem }),
    });
    expect(imported.status).toBe(200);
    // 'running' again only once the pushes hold the imported certificate (restart-needed while they switch).
    await expect.poll(async () => (await apns()).pushes, { timeout: 20_000 }).toBe('running');

    server.app.services.settings.setMany({ 'apns.port': second.port });
    await addPoints();
    await eventually(() => second!.countFor(phone.pushToken) === 1, 'the push sent with the imported certificate');
    expect(second.stats().tlsFailures).toBe(0);
    expect(fake.countFor(phone.pushToken)).toBe(1);
    expect((await apns()).pushes).toBe('running');
  });

  it('with the development identity and Apple’s host, pushes do not start and the log says why', async () => {
    const server = await start();
    expect(logs.join('')).toContain(WAIT_LINE);
    const res = await adminFetch(server, '/api/wallet/apns');
    expect(await res.json()).toEqual({ pushes: 'waiting-certificate', status: null });
  });
});
