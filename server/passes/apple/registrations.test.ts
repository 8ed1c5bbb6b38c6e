import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type Db } from '../../db/connection.js';
import { migrationsDir } from '../../db/index.js';
import { loadMigrations, migrate } from '../../db/migrate.js';
import { createRegistrations, MAX_DEVICES_PER_PASS } from './registrations.js';

describe('registrations', () => {
  let db: Db;
  let clock = 1_000;
  const now = () => clock++;
  beforeEach(() => {
    db = openDatabase(':memory:');
    migrate(db, loadMigrations(migrationsDir()));
    db.exec(`INSERT INTO customers (id, first_name, referral_code, created_at, updated_at) VALUES (1, 'A', 'R1', 0, 0);
      INSERT INTO card_designs (id, name, kind, design, created_at, updated_at) VALUES (1, 'd', 'loyalty', '{}', 0, 0);
      INSERT INTO passes (id, customer_id, design_id, platform, serial, pass_type_identifier, auth_token, download_id, updated_at, created_at)
        VALUES (1, 1, 1, 'apple', 'S1', 'pass.a', 'tok', 'dl1', 0, 0);`);
  });
  afterEach(() => closeDatabase(db));
  const dli = (i: number) => `device-${String(i).padStart(4, '0')}`;
  const events = () => db.prepare<[], { kind: string }>('SELECT kind FROM wallet_events ORDER BY id').all().map((e) => e.kind);

  it('records installed for the first device only and uninstalled when the last one leaves; devices without passes go', () => {
    const r = createRegistrations(db, now);
    expect(r.register(dli(1), 'aa', 1)).toBe('created');
    expect(r.register(dli(1), 'bb', 1)).toBe('existing');
    expect(r.register(dli(2), 'cc', 1)).toBe('created');
    expect(events()).toEqual(['installed']);
    expect(r.devicesOfPass(1)).toBe(2);
    expect(r.unregister(dli(1), 1)).toBe(true);
    expect(r.unregister(dli(1), 1)).toBe(false);
    expect(events()).toEqual(['installed']);
    expect(r.unregister(dli(2), 1)).toBe(true);
    expect(events()).toEqual(['installed', 'uninstalled']);
    expect(db.prepare('SELECT COUNT(*) AS n FROM devices').get()).toEqual({ n: 0 });
  });

  it('lists the device’s serials changed after a tag, with the latest tag', () => {
    const r = createRegistrations(db, now);
    r.register(dli(1), 'aa', 1);
    expect(r.updatedSince(dli(1), 'pass.a', undefined)).toEqual({ serials: ['S1'], lastTag: 0 });
    db.prepare('UPDATE passes SET update_tag = 50 WHERE id = 1').run();
    expect(r.updatedSince(dli(1), 'pass.a', 49)).toEqual({ serials: ['S1'], lastTag: 50 });
    expect(r.updatedSince(dli(1), 'pass.a', 50).serials).toEqual([]);
    expect(r.updatedSince(dli(1), 'pass.other', undefined).serials).toEqual([]);
    expect(r.updatedSince(dli(9), 'pass.a', undefined).serials).toEqual([]);
  });

  it(`keeps a pass on at most ${MAX_DEVICES_PER_PASS} devices: a stranger cannot push the owner's phone off`, () => {
    const r = createRegistrations(db, now);
    expect(r.register('owner-iphone', 'ab'.repeat(32), 1)).toBe('created');
    for (let i = 1; i < MAX_DEVICES_PER_PASS; i++) expect(r.register(dli(i), 'cd'.repeat(32), 1)).toBe('created');
    for (let i = 100; i < 110; i++) expect(r.register(dli(i), 'cd'.repeat(32), 1)).toBe('full');
    expect(r.devicesOfPass(1)).toBe(MAX_DEVICES_PER_PASS);
    const kept = db.prepare<[], { device_library_id: string }>('SELECT device_library_id FROM devices ORDER BY id').all().map((d) => d.device_library_id);
    expect(kept).toContain('owner-iphone');
    expect(kept).not.toContain(dli(100));
    expect(kept).toHaveLength(MAX_DEVICES_PER_PASS);
    // The owner's phone re-registers with a new push token while the list is full.
    expect(r.register('owner-iphone', 'ef'.repeat(32), 1)).toBe('existing');
    expect(db.prepare(`SELECT push_token FROM devices WHERE device_library_id = 'owner-iphone'`).get()).toEqual({ push_token: 'ef'.repeat(32) });
    // Once a made-up device is gone (APNs said its token is dead, or it unregistered), a new one fits again.
    expect(r.unregister(dli(5), 1)).toBe(true);
    expect(r.register('owner-ipad', 'ab'.repeat(32), 1)).toBe('created');
  });
});
