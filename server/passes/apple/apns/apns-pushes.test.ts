import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeDatabase, type Db } from '../../../db/connection.js';
import { createSettingsRepository } from '../../../settings/settings-repository.js';
import { eventually, startApnsFixture, type ApnsFixture } from '../../../testing/apns-fixture.js';
import { createServerCertificate } from '../../../testing/tls-server-certificate.js';
import { openMigratedDatabase, seedRegisteredPasses } from '../../../testing/wallet-fixtures.js';
import { startApnsPushes, type ApnsPushes } from './apns-pushes.js';
import { enqueuePushes } from './push-outbox.js';

describe('APNs pushes as the server runs them (settings → sender → worker)', () => {
  let dir: string;
  let db: Db;
  let pushes: ApnsPushes | undefined;
  const fakes: ApnsFixture[] = [];
  afterEach(async () => {
    await pushes?.stop();
    for (const f of fakes.splice(0)) await f.fake.close();
    closeDatabase(db);
    rmSync(dir, { recursive: true, force: true });
  });

  it('pushes to the APNs of the settings, and follows a settings change without a restart', async () => {
    dir = mkdtempSync(join(tmpdir(), 'passerelle-apns-pushes-'));
    db = openMigratedDatabase();
    const settings = createSettingsRepository(db, dir);
    const a = await startApnsFixture();
    const b = await startApnsFixture();
    fakes.push(a, b);
    const caFile = join(dir, 'ca.pem');
    writeFileSync(caFile, a.fake.caPem);
    settings.setMany({ 'apns.host': '127.0.0.1', 'apns.port': a.fake.port, 'apns.caFile': caFile });

    pushes = startApnsPushes({ db, settings, identity: a.identity, worker: { pollMs: 60_000 } });
    expect(pushes.status()).toBeUndefined();
    const { passIds, tokensByPass } = seedRegisteredPasses(db, { passes: 4, passTypeIdentifier: a.identity.passTypeIdentifier });
    enqueuePushes(db, passIds.slice(0, 2));
    pushes.wake();
    await eventually(() => a.fake.pushes.length === 2, 'two pushes to the first APNs');
    // The fake records a push when it arrives; the worker commits its outcome when the answer comes back.
    await eventually(() => pushes?.status()?.ok === true, 'the status to say pushes work');

    // Both fakes share the test CA, so only host and port change.
    settings.setMany({ 'apns.port': b.fake.port });
    enqueuePushes(db, passIds.slice(2));
    pushes.wake();
    await eventually(() => b.fake.pushes.length === 2, 'two pushes to the second APNs');
    expect(b.fake.pushes.map((p) => p.token).sort()).toEqual(passIds.slice(2).map((id) => tokensByPass.get(id)![0]).sort());
    expect(a.fake.pushes).toHaveLength(2);
  });

  it('stops on a CA that does not match the server, and starts again once the setting is fixed', async () => {
    dir = mkdtempSync(join(tmpdir(), 'passerelle-apns-pushes-'));
    db = openMigratedDatabase();
    const settings = createSettingsRepository(db, dir);
    const fx = await startApnsFixture();
    fakes.push(fx);
    const wrongCa = join(dir, 'wrong-ca.pem');
    const rightCa = join(dir, 'right-ca.pem');
    writeFileSync(wrongCa, createServerCertificate().caPem);
    writeFileSync(rightCa, fx.fake.caPem);
    settings.setMany({ 'apns.host': '127.0.0.1', 'apns.port': fx.fake.port, 'apns.caFile': wrongCa });

    pushes = startApnsPushes({ db, settings, identity: fx.identity, worker: { pollMs: 60_000 } });
    const { passIds } = seedRegisteredPasses(db, { passes: 3, passTypeIdentifier: fx.identity.passTypeIdentifier });
    enqueuePushes(db, passIds);
    pushes.wake();
    await eventually(() => pushes?.status()?.ok === false, 'the problem to be reported');
    expect(pushes.status()).toMatchObject({ code: 'UntrustedServer', message: expect.stringMatching(/--ca/) });
    expect(fx.fake.pushes).toHaveLength(0);

    settings.setMany({ 'apns.caFile': rightCa });
    pushes.wake();
    await eventually(() => fx.fake.pushes.length === 3 && pushes?.status()?.ok === true, 'the pushes after the fix');
  });
});

