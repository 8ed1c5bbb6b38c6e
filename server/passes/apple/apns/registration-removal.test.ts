/** What a dead push token leaves behind: registrations, uninstalled events and device rows (real SQLite, real worker). */
import { afterEach, describe, expect, it } from 'vitest';
import { closeDatabase, type Db } from '../../../db/connection.js';
import { startApnsFixture, type ApnsFixture } from '../../../testing/apns-fixture.js';
import { openMigratedDatabase, registerDevice, seedRegisteredPasses } from '../../../testing/wallet-fixtures.js';
import { createRegistrations } from '../registrations.js';
import { createApnsSender, type ApnsSender } from './apns-sender.js';
import { enqueuePushes } from './push-outbox.js';
import { createPushWorker, type PushWorker } from './push-worker.js';
import { removeTokenRegistrations } from './registration-removal.js';

describe('registration removal after APNs declares a token dead', () => {
  let db: Db;
  let fx: ApnsFixture | undefined;
  let sender: ApnsSender | undefined;
  let worker: PushWorker | undefined;
  afterEach(async () => {
    await worker?.stop();
    await sender?.close(100);
    await fx?.fake.close();
    worker = sender = fx = undefined;
    closeDatabase(db);
  });

  const devices = () => db.prepare<[], { push_token: string }>('SELECT push_token FROM devices ORDER BY id').all().map((d) => d.push_token);
  const registrationsOf = (token: string) =>
    db
      .prepare<[string], { pass_id: number }>('SELECT r.pass_id FROM registrations r JOIN devices d ON d.id = r.device_id WHERE d.push_token = ? ORDER BY r.pass_id')
      .all(token)
      .map((r) => r.pass_id);

  it('410 through the worker: the dead phone’s device row goes with its last registration, the other phone stays', async () => {
    db = openMigratedDatabase();
    fx = await startApnsFixture();
    sender = createApnsSender({ identity: fx.identity, endpoint: fx.endpoint });
    worker = createPushWorker({ db, sender, topic: fx.identity.passTypeIdentifier, pollMs: 50 });
    const { passIds, tokensByPass } = seedRegisteredPasses(db, { passes: 2, passTypeIdentifier: fx.identity.passTypeIdentifier });
    const [alone, shared] = passIds as [number, number];
    const dead = tokensByPass.get(alone)![0]!;
    const alive = tokensByPass.get(shared)![0]!;
    registerDevice(db, dead, shared);
    fx.fake.failToken(dead, { status: 410, reason: 'Unregistered' });

    enqueuePushes(db, passIds);
    worker.start();
    await worker.idle();

    expect(devices()).toEqual([alive]);
    expect(registrationsOf(alive)).toEqual([shared]);
    expect(db.prepare('SELECT count(*) AS n FROM registrations').get()).toEqual({ n: 1 });
    expect(db.prepare(`SELECT pass_id FROM wallet_events WHERE kind = 'uninstalled'`).all()).toEqual([{ pass_id: alone }]);
  });

  it('a device that still holds a pass of another pass type keeps its row, until that topic reports the token dead too', () => {
    db = openMigratedDatabase();
    const { passIds, tokensByPass } = seedRegisteredPasses(db, { passes: 1, passTypeIdentifier: 'pass.fr.fauvette.loyalty' });
    const other = seedRegisteredPasses(db, { passes: 1, passTypeIdentifier: 'pass.fr.fauvette.gift' });
    const token = tokensByPass.get(passIds[0]!)![0]!;
    registerDevice(db, token, other.passIds[0]!);

    expect(removeTokenRegistrations(db, token, 'pass.fr.fauvette.loyalty', 410, 'Unregistered', 1_000)).toEqual({
      registrations: 1,
      uninstalled: 1,
      devices: 0,
    });
    expect(registrationsOf(token)).toEqual([other.passIds[0]]);

    // The gift card is also on the other seeded phone, so it stays installed; the dead phone now holds nothing.
    expect(removeTokenRegistrations(db, token, 'pass.fr.fauvette.gift', 400, 'DeviceTokenNotForTopic', 2_000)).toEqual({
      registrations: 1,
      uninstalled: 0,
      devices: 1,
    });
    expect(devices()).not.toContain(token);
    expect(devices()).toHaveLength(1);
  });

  it('a token nobody registered changes nothing; the phone adding the pass again registers afresh', () => {
    db = openMigratedDatabase();
    const { passIds, tokensByPass } = seedRegisteredPasses(db, { passes: 1, passTypeIdentifier: 'pass.fr.fauvette.loyalty' });
    expect(removeTokenRegistrations(db, 'ff'.repeat(32), 'pass.fr.fauvette.loyalty', 410, 'Unregistered', 1_000)).toEqual({
      registrations: 0,
      uninstalled: 0,
      devices: 0,
    });

    const token = tokensByPass.get(passIds[0]!)![0]!;
    const library = db.prepare<[string], { device_library_id: string }>('SELECT device_library_id FROM devices WHERE push_token = ?').get(token)!;
    removeTokenRegistrations(db, token, 'pass.fr.fauvette.loyalty', 410, 'Unregistered', 1_000);
    expect(devices()).toEqual([]);
    // Restored from a backup, the phone registers with a new token: a new device row and "installed" again.
    const registrations = createRegistrations(db, () => 3_000);
    expect(registrations.register(library.device_library_id, 'aa'.repeat(32), passIds[0]!)).toBe('created');
    expect(devices()).toEqual(['aa'.repeat(32)]);
    expect(db.prepare('SELECT kind FROM wallet_events ORDER BY id').all()).toEqual([{ kind: 'uninstalled' }, { kind: 'installed' }]);
  });
});
