import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDatabase, type Db } from '../../../db/connection.js';
import { openMigratedDatabase, pushTokenFor, registerDevice, seedRegisteredPasses } from '../../../testing/wallet-fixtures.js';
import { APNS_PUSH_KIND, createPushOutbox, enqueuePushes } from './push-outbox.js';

const TOPIC = 'pass.test.outbox';
const NOW = 1_760_000_000_000;

describe('push outbox (jobs table)', () => {
  let db: Db;
  beforeEach(() => {
    db = openMigratedDatabase();
  });
  afterEach(() => closeDatabase(db));

  const jobs = () =>
    db
      .prepare<[], { dedupe_key: string; status: string; attempts: number; payload: string; kind: string }>(
        'SELECT dedupe_key, status, attempts, payload, kind FROM jobs ORDER BY id',
      )
      .all();

  it('queues one push per device and pass type, keyed so that a pending push is not queued twice', () => {
    const seeded = seedRegisteredPasses(db, { passes: 3, passTypeIdentifier: TOPIC, secondDeviceEvery: 3 });
    const [p1, p2] = seeded.passIds;
    // The first pass's phone also holds the second pass: still one push to that phone.
    registerDevice(db, seeded.tokensByPass.get(p1!)![0]!, p2!);
    expect(enqueuePushes(db, [p1!, p2!], NOW)).toBe(3);
    const byKey = (a: { dedupe_key: string }, b: { dedupe_key: string }) => a.dedupe_key.localeCompare(b.dedupe_key);
    expect(jobs().sort(byKey)).toEqual(
      [...seeded.tokensByPass.get(p1!)!, ...seeded.tokensByPass.get(p2!)!].map((token) => ({
        dedupe_key: `apns:${token}:${TOPIC}`,
        status: 'pending',
        attempts: 0,
        payload: JSON.stringify({ token, topic: TOPIC }),
        kind: APNS_PUSH_KIND,
      })).sort(byKey),
    );
    // Queued again while pending and unclaimed: still three rows, all pending.
    enqueuePushes(db, [p1!, p2!], NOW + 1);
    expect(jobs().map((j) => j.status)).toEqual(['pending', 'pending', 'pending']);
  });

  it('leaves out passes without registrations, Google passes and passes without a pass type identifier', () => {
    const seeded = seedRegisteredPasses(db, { passes: 3, passTypeIdentifier: TOPIC });
    const [a, b, c] = seeded.passIds;
    db.prepare(`UPDATE passes SET platform = 'google' WHERE id = ?`).run(a!);
    db.prepare(`UPDATE passes SET pass_type_identifier = '' WHERE id = ?`).run(b!);
    db.prepare(`DELETE FROM registrations WHERE pass_id = ?`).run(c!);
    expect(enqueuePushes(db, [a!, b!, c!, 999_999], NOW)).toBe(0);
    expect(enqueuePushes(db, [], NOW)).toBe(0);
  });

  it('a done push is armed again by a new change; one changed while in flight stays pending', () => {
    const { passIds } = seedRegisteredPasses(db, { passes: 2, passTypeIdentifier: TOPIC });
    enqueuePushes(db, passIds, NOW);
    const outbox = createPushOutbox(db);
    const [first, second] = outbox.claim(NOW, NOW + 30_000, 10);
    expect(outbox.done(first!, NOW + 1)).toBe(true);
    // The second pass changes again while its push is in flight.
    enqueuePushes(db, [passIds[1]!], NOW + 2);
    expect(outbox.done(second!, NOW + 3)).toBe(false);
    expect(jobs().map((j) => j.status)).toEqual(['done', 'pending']);
    expect(outbox.claim(NOW + 3, NOW + 30_000, 10).map((j) => j.token)).toEqual([second!.token]);
    // The first pass changes after its push was done: armed again, attempts reset.
    enqueuePushes(db, [passIds[0]!], NOW + 4);
    expect(jobs()[0]).toMatchObject({ status: 'pending', attempts: 0 });
  });

  it('claims only due, unlocked rows, and a lock that ran out makes a row claimable again', () => {
    const { passIds } = seedRegisteredPasses(db, { passes: 5, passTypeIdentifier: TOPIC });
    enqueuePushes(db, passIds, NOW);
    const outbox = createPushOutbox(db);
    expect(outbox.claim(NOW, NOW + 1_000, 3)).toHaveLength(3);
    expect(outbox.claim(NOW, NOW + 1_000, 10)).toHaveLength(2);
    expect(outbox.claim(NOW + 500, NOW + 1_500, 10)).toHaveLength(0);
    const again = outbox.claim(NOW + 1_001, NOW + 2_000, 10);
    expect(again).toHaveLength(5);
    outbox.reschedule(again[0]!, NOW + 60_000, '503 ServiceUnavailable', NOW + 1_002);
    outbox.release(again[1]!, NOW + 1_002, NOW + 1_002);
    outbox.fail(again[2]!, '400 BadPriority', NOW + 1_002);
    const next = outbox.claim(NOW + 2_001, NOW + 3_000, 10).map((j) => j.id);
    expect(next).toContain(again[1]!.id);
    expect(next).not.toContain(again[0]!.id);
    expect(next).not.toContain(again[2]!.id);
    expect(outbox.pendingCount()).toBe(4);
  });

  it('queues 10,000 pushes in one call', () => {
    const { passIds } = seedRegisteredPasses(db, { passes: 10_000, passTypeIdentifier: TOPIC });
    expect(enqueuePushes(db, passIds, NOW)).toBe(10_000);
    expect(createPushOutbox(db).pendingCount()).toBe(10_000);
    expect(new Set(jobs().map((j) => j.dedupe_key))).toEqual(new Set(passIds.map((_, i) => `apns:${pushTokenFor(i + 1)}:${TOPIC}`)));
  });

  it('inside a caller’s transaction, a rollback takes the pushes with it', () => {
    const { passIds } = seedRegisteredPasses(db, { passes: 2, passTypeIdentifier: TOPIC });
    expect(() =>
      db.transaction(() => {
        enqueuePushes(db, passIds, NOW);
        throw new Error('the pass change failed');
      })(),
    ).toThrow('the pass change failed');
    expect(jobs()).toHaveLength(0);
  });
});
