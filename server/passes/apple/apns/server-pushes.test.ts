/**
 * The running server's pushes follow the signing identity and the APNs settings without a restart: a real app on a
 * real SQLite file, a second connection to that file playing the CLI (another process), and fake APNs servers that
 * each trust one issuer, so that a push they accept says which certificate it was sent with.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findAppRoot } from '../../../app-root.js';
import { buildApp, type Passerelle } from '../../../app.js';
import { loadConfig } from '../../../config.js';
import { closeDatabase, openDatabase, type Db } from '../../../db/connection.js';
import { databasePath } from '../../../db/index.js';
import { createLogger } from '../../../http/logger.js';
import { createSettingsRepository } from '../../../settings/settings-repository.js';
import { eventually, sharedPki } from '../../../testing/apns-fixture.js';
import { startFakeApns, type FakeApns } from '../../../testing/fake-apns.js';
import { seedRegisteredPasses } from '../../../testing/wallet-fixtures.js';
import { createIdentityStore } from '../identity/identity-store.js';
import { checkAppleImport } from '../identity/import.js';
import { createDevCertificateAuthority, createDevIdentity, DEV_PASS_TYPE_IDENTIFIER, issuePassCertificate, type DevIdentity } from '../dev-identity.js';
import { readApnsStatus, writeApnsStatus } from './apns-status.js';
import { enqueuePushes } from './push-outbox.js';
import type { ServerPushes } from './server-pushes.js';

const DAY = 86_400_000;
const WAIT_LINE = 'APNs pushes wait for an imported Pass Type ID certificate (development identity in use)';
const RESTARTED = 'APNs pushes restarted with the new signing identity';
const FAILED = 'APNs pushes could not follow the signing identity; trying again later';

describe('startServerPushes: pushes follow the identity and the APNs settings while the server runs', () => {
  let dataDir: string;
  let app: Passerelle;
  let cli: Db | undefined;
  let controller: ServerPushes | undefined;
  const fakes: FakeApns[] = [];
  const lines: string[] = [];
  const logged = (msg: string) => lines.map((l) => JSON.parse(l) as { msg?: string }).filter((l) => l.msg === msg).length;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'passerelle-server-pushes-'));
    lines.length = 0;
    const config = loadConfig({ env: { PASSERELLE_DATA_DIR: dataDir, PASSERELLE_LOG_LEVEL: 'info' }, cwd: dataDir, appRoot: findAppRoot() });
    app = await buildApp(config, { logger: createLogger(config, { write: (line: string) => void lines.push(line) }) });
  });
  afterEach(async () => {
    await controller?.stop();
    controller = undefined;
    if (cli) closeDatabase(cli);
    cli = undefined;
    for (const fake of fakes.splice(0)) await fake.close();
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** The running server's pushes, started as main.ts starts them (with a sync interval of the test's choosing). */
  const startPushes = (options: { syncIntervalMs: number }): ServerPushes => {
    const pushes = app.parts.apple.pushes;
    pushes.start(options);
    app.parts.jobs.runner.start();
    return pushes;
  };
  /** Another process on the same database file, as `passerelle settings …` is. */
  const otherProcess = () => (cli ??= openDatabase(databasePath(dataDir)));
  /** A fake APNs that accepts only certificates issued by `clientCaPem`; all share one server certificate. */
  const fakeApns = async (clientCaPem: string) => {
    const fake = await startFakeApns({ clientCaPem, topic: DEV_PASS_TYPE_IDENTIFIER, serverCertificate: sharedPki().server });
    fakes.push(fake);
    return fake;
  };
  const apnsSettings = (fake: FakeApns) => {
    const caFile = join(dataDir, 'fake-apns-ca.pem');
    writeFileSync(caFile, fake.caPem);
    return { 'apns.host': '127.0.0.1', 'apns.port': fake.port, 'apns.caFile': caFile };
  };
  const pemImport = (shop: Pick<DevIdentity, 'certificatePem' | 'privateKeyPem' | 'wwdrPem'>, now?: Date) =>
    checkAppleImport({ kind: 'pem', certPem: shop.certificatePem, keyPem: shop.privateKeyPem, wwdr: shop.wwdrPem }, now);
  /** Queues one push per seeded phone and wakes the worker, as a card change does. */
  const pushToPhones = (passes: number) => {
    const { db } = app.services;
    const seeded = seedRegisteredPasses(db, { passes, passTypeIdentifier: DEV_PASS_TYPE_IDENTIFIER });
    enqueuePushes(db, seeded.passIds);
    app.parts.apple.pushes.wake();
    return seeded.tokens;
  };

  it('waiting on Apple’s host with the development identity, then APNs set elsewhere by another process: running at the next sync', async () => {
    controller = startPushes({ syncIntervalMs: 3_600_000 });
    expect(app.parts.apple.pushes.state()).toBe('waiting-certificate');
    expect(logged(WAIT_LINE)).toBe(1);
    const tokens = pushToPhones(2);

    const dev = app.parts.apple.identity.current();
    const fake = await fakeApns(dev.pems.wwdrPem);
    createSettingsRepository(otherProcess(), dataDir).setMany(apnsSettings(fake));
    await controller.sync();
    expect(app.parts.apple.pushes.state()).toBe('running');
    // The pushes queued while waiting leave now.
    await eventually(() => tokens.every((t) => fake.countFor(t) === 1), 'the pushes queued while waiting');

    // Back to Apple: waiting again (said once more, on entering), not once per sync.
    createSettingsRepository(otherProcess(), dataDir).setMany({ 'apns.host': 'api.push.apple.com', 'apns.port': 443, 'apns.caFile': '' });
    await controller.sync();
    await controller.sync();
    expect(app.parts.apple.pushes.state()).toBe('waiting-certificate');
    expect(logged(WAIT_LINE)).toBe(2);
  });

  it('looks again on its own timer: a change made by another process needs no call', async () => {
    controller = startPushes({ syncIntervalMs: 20 });
    expect(app.parts.apple.pushes.state()).toBe('waiting-certificate');
    const fake = await fakeApns(app.parts.apple.identity.current().pems.wwdrPem);
    createSettingsRepository(otherProcess(), dataDir).setMany(apnsSettings(fake));
    await eventually(() => app.parts.apple.pushes.state() === 'running', 'the timer’s sync to start pushes');
    expect(logged(WAIT_LINE)).toBe(1);
  });

  it('a certificate imported by another process (the CLI): restart-needed until the next sync, then pushes authenticate with it', async () => {
    // Only the imported certificate's issuer is trusted here: the development one would be refused in the handshake.
    const shop = createDevIdentity();
    const fake = await fakeApns(shop.wwdrPem);
    app.services.settings.setMany(apnsSettings(fake));
    controller = startPushes({ syncIntervalMs: 3_600_000 });
    expect(app.parts.apple.pushes.state()).toBe('running');

    createIdentityStore(otherProcess()).saveImported(pemImport(shop));
    // Truthful meanwhile: this process has not switched yet.
    expect(app.parts.apple.pushes.state()).toBe('restart-needed');
    await controller.sync();
    expect(app.parts.apple.pushes.state()).toBe('running');
    expect(logged(RESTARTED)).toBe(1);

    const tokens = pushToPhones(2);
    await eventually(() => tokens.every((t) => fake.countFor(t) === 1), 'the pushes sent with the imported certificate');
    expect(fake.stats().tlsFailures).toBe(0);
  });

  it('one sync at a time: an import in this process and three more calls restart the pushes once', async () => {
    const dev = app.parts.apple.identity.current();
    app.services.settings.setMany(apnsSettings(await fakeApns(dev.pems.wwdrPem)));
    controller = startPushes({ syncIntervalMs: 3_600_000 });
    expect(app.parts.apple.pushes.state()).toBe('running');

    // saveImported announces the change: its sync is under way before these calls, which then find nothing to do.
    app.parts.apple.identity.saveImported(pemImport(createDevIdentity()));
    await Promise.all([controller.sync(), controller.sync(), controller.sync()]);
    expect(app.parts.apple.pushes.state()).toBe('running');
    expect(logged(RESTARTED)).toBe(1);

    app.parts.apple.identity.removeImported();
    await controller.sync();
    expect(app.parts.apple.pushes.state()).toBe('running');
    expect(logged(RESTARTED)).toBe(2);
  });

  it('a problem recorded with the previous certificate is forgotten when pushes restart with a new one', async () => {
    const dev = app.parts.apple.identity.current();
    app.services.settings.setMany(apnsSettings(await fakeApns(dev.pems.wwdrPem)));
    controller = startPushes({ syncIntervalMs: 3_600_000 });
    const problem = { ok: false, code: 'BadCertificate', message: 'APNs refused the certificate', at: Date.now() };
    writeApnsStatus(app.services.db, problem);
    await controller.sync();
    // Same certificate: nothing restarts, the problem stands.
    expect(readApnsStatus(app.services.db)).toEqual(problem);

    app.parts.apple.identity.saveImported(pemImport(createDevIdentity()));
    await controller.sync();
    expect(logged(RESTARTED)).toBe(1);
    expect(readApnsStatus(app.services.db)).toBeUndefined();
  });

  it('a failure is logged once and never thrown; the sync after the fix brings pushes back', async () => {
    const dev = app.parts.apple.identity.current();
    app.services.settings.setMany(apnsSettings(await fakeApns(dev.pems.wwdrPem)));
    controller = startPushes({ syncIntervalMs: 3_600_000 });

    // Imported by another process when it was still valid; expired since.
    const then = Date.now() - 100 * DAY;
    const ca = createDevCertificateAuthority({ notBefore: new Date(then - 300 * DAY) });
    const old = issuePassCertificate(ca, { notBefore: new Date(then - 300 * DAY), notAfter: new Date(Date.now() - 30 * DAY) });
    const store = createIdentityStore(otherProcess(), () => then);
    store.saveImported(pemImport({ ...old, wwdrPem: ca.certificatePem }, new Date(then)));

    await expect(controller.sync()).resolves.toBeUndefined();
    await expect(controller.sync()).resolves.toBeUndefined();
    expect(logged(FAILED)).toBe(1);
    expect(app.parts.apple.pushes.state()).toBe('restart-needed');

    store.removeImported();
    await controller.sync();
    expect(app.parts.apple.pushes.state()).toBe('running');
  });

  it('stop: pushes stopped, no more syncs (an import no longer restarts anything), twice is fine', async () => {
    const dev = app.parts.apple.identity.current();
    app.services.settings.setMany(apnsSettings(await fakeApns(dev.pems.wwdrPem)));
    const pushes = startPushes({ syncIntervalMs: 20 });
    expect(app.parts.apple.pushes.state()).toBe('running');
    await Promise.all([pushes.stop(), pushes.stop()]);
    expect(app.parts.apple.pushes.state()).toBe('restart-needed');

    app.parts.apple.identity.saveImported(pemImport(createDevIdentity()));
    await pushes.sync();
    expect(app.parts.apple.pushes.state()).toBe('restart-needed');
    expect(logged(RESTARTED)).toBe(0);
  });
});
