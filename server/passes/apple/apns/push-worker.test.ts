import { afterEach, describe, expect, it } from 'vitest';
import { closeDatabase, type Db } from '../../../db/connection.js';
import { startApnsFixture, type ApnsFixture } from '../../../testing/apns-fixture.js';
import { openMigratedDatabase, registerDevice, seedRegisteredPasses } from '../../../testing/wallet-fixtures.js';
import { createApnsSender, type ApnsSender, type ApnsSenderOptions } from './apns-sender.js';
import { readApnsStatus } from './apns-status.js';
import { enqueuePushes } from './push-outbox.js';
import { createPushWorker, type PushWorker, type PushWorkerOptions } from './push-worker.js';

describe('push worker: outbox → sender → fake APNs', () => {
  let db: Db;
  let fx: ApnsFixture;
  let sender: ApnsSender;
  let worker: PushWorker;
  afterEach(async () => {
    await worker?.stop();
    await sender?.close(100);
    await fx?.fake.close();
    closeDatabase(db);
  });

  async function setup(fake: Parameters<typeof startApnsFixture>[0] = {}, s: Partial<ApnsSenderOptions> = {}, w: Partial<PushWorkerOptions> = {}) {
    db = openMigratedDatabase();
    fx = await startApnsFixture(fake);
    sender = createApnsSender({ identity: fx.identity, endpoint: fx.endpoint, retryBackoff: { baseMs: 5, maxMs: 20 }, ...s });
    worker = createPushWorker({ db, sender, topic: fx.identity.passTypeIdentifier, pollMs: 50, ...w });
  }

  const jobStatuses = () =>
    Object.fromEntries(
      db.prepare<[], { status: string; n: number }>('SELECT status, count(*) AS n FROM jobs GROUP BY status').all().map((r) => [r.status, r.n]),
    );

  it('10,000 queued pushes reach APNs, each exactly once, and every row ends done', async () => {
    await setup();
    const { passIds, tokens } = seedRegisteredPasses(db, { passes: 10_000, passTypeIdentifier: fx.identity.passTypeIdentifier });
    expect(enqueuePushes(db, passIds)).toBe(10_000);
    worker.start();
    await worker.idle();
    expect(fx.fake.pushes).toHaveLength(10_000);
    expect(fx.fake.counts().size).toBe(10_000);
    for (const t of tokens) expect(fx.fake.countFor(t)).toBe(1);
    expect(jobStatuses()).toEqual({ done: 10_000 });
    expect(db.prepare('SELECT count(*) AS n FROM jobs WHERE locked_until IS NOT NULL').get()).toEqual({ n: 0 });
    expect(readApnsStatus(db)).toMatchObject({ ok: true });
    expect(worker.stats()).toMatchObject({ sent: 10_000, failed: 0, retried: 0 });
  });

  it('410 removes the registration, and records an uninstalled event when it was the pass’s last one', async () => {
    await setup();
    const topic = fx.identity.passTypeIdentifier;
    const { passIds, tokensByPass } = seedRegisteredPasses(db, { passes: 2, passTypeIdentifier: topic });
    const [alone, shared] = passIds as [number, number];
    const deadToken = tokensByPass.get(alone)![0]!;
    // The dead phone also holds the second pass, which another phone still holds.
    registerDevice(db, deadToken, shared);
    fx.fake.failToken(deadToken, { status: 410, reason: 'Unregistered' });
    enqueuePushes(db, passIds);
    worker.start();
    await worker.idle();

    const registrations = db.prepare<[], { pass_id: number }>('SELECT pass_id FROM registrations ORDER BY pass_id').all();
    expect(registrations).toEqual([{ pass_id: shared }]);
    const events = db.prepare('SELECT pass_id, customer_id, platform, kind, detail FROM wallet_events').all();
    const customer = db.prepare<[number], { customer_id: number }>('SELECT customer_id FROM passes WHERE id = ?').get(alone)!.customer_id;
    expect(events).toEqual([
      { pass_id: alone, customer_id: customer, platform: 'apple', kind: 'uninstalled', detail: JSON.stringify({ reason: 'apns-410', apnsReason: 'Unregistered' }) },
    ]);
    expect(jobStatuses()).toEqual({ done: 2 });
    expect(fx.fake.pushes.map((p) => p.token)).toEqual([tokensByPass.get(shared)![0]]);
  });

  it('a credentials problem stops the worker, keeps the pushes pending and tells the UI', async () => {
    await setup({ maxConcurrentStreams: 1 });
    const { passIds } = seedRegisteredPasses(db, { passes: 20, passTypeIdentifier: fx.identity.passTypeIdentifier });
    fx.fake.failNext(1, { status: 403, reason: 'BadCertificate' });
    enqueuePushes(db, passIds);
    worker.start();
    await worker.idle();
    expect(worker.state()).toBe('halted');
    expect(readApnsStatus(db)).toEqual({ ok: false, code: 'BadCertificate', message: expect.stringMatching(/certificate/), at: expect.any(Number) });
    expect(jobStatuses()).toEqual({ pending: 20 });
    expect(db.prepare('SELECT count(*) AS n FROM jobs WHERE locked_until IS NOT NULL OR attempts > 0').get()).toEqual({ n: 0 });
    expect(fx.fake.pushes).toHaveLength(0);

    // Once fixed, a new sender and a restarted worker deliver everything and the UI sees it working again.
    await worker.stop();
    await sender.close();
    sender = createApnsSender({ identity: fx.identity, endpoint: fx.endpoint });
    worker = createPushWorker({ db, sender, topic: fx.identity.passTypeIdentifier, pollMs: 50 });
    worker.start();
    await worker.idle();
    expect(jobStatuses()).toEqual({ done: 20 });
    expect(readApnsStatus(db)).toMatchObject({ ok: true });
  });

  it('5xx that persists is rescheduled with backoff, attempts and the error kept', async () => {
    await setup({}, { retries: 0 }, { retryBackoff: { baseMs: 60_000, maxMs: 60_000 } });
    const { passIds, tokens } = seedRegisteredPasses(db, { passes: 2, passTypeIdentifier: fx.identity.passTypeIdentifier });
    fx.fake.failToken(tokens[0]!, { status: 503, reason: 'ServiceUnavailable' });
    enqueuePushes(db, passIds);
    const before = Date.now();
    worker.start();
    await worker.idle();
    const row = db
      .prepare<[string], { status: string; attempts: number; last_error: string; run_at: number; locked_until: number | null }>(
        'SELECT status, attempts, last_error, run_at, locked_until FROM jobs WHERE dedupe_key LIKE ?',
      )
      .get(`apns:${tokens[0]}:%`)!;
    expect(row).toMatchObject({ status: 'pending', attempts: 1, last_error: '503 ServiceUnavailable', locked_until: null });
    expect(row.run_at).toBeGreaterThanOrEqual(before + 30_000);
    expect(jobStatuses()).toEqual({ done: 1, pending: 1 });
  });

  it('a row for another pass type fails: this certificate cannot push it', async () => {
    await setup();
    const { passIds } = seedRegisteredPasses(db, { passes: 1, passTypeIdentifier: 'pass.other.brand' });
    enqueuePushes(db, passIds);
    worker.start();
    await worker.idle();
    expect(db.prepare('SELECT status, last_error FROM jobs').get()).toEqual({
      status: 'failed',
      last_error: expect.stringMatching(/^0 TopicMismatch/),
    });
    expect(fx.fake.pushes).toHaveLength(0);
  });
});
