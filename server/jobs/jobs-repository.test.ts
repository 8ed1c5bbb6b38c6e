import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDatabase, type Db } from '../db/connection.js';
import { openMigratedDatabase } from '../testing/wallet-fixtures.js';
import { createJobsRepository, type JobsRepository } from './jobs-repository.js';

const NOW = 1_760_000_000_000;

describe('jobs repository', () => {
  let db: Db;
  let jobs: JobsRepository;
  beforeEach(() => {
    db = openMigratedDatabase();
    jobs = createJobsRepository(db);
  });
  afterEach(() => closeDatabase(db));

  const row = (id: number) =>
    db.prepare<[number], { status: string; attempts: number; generation: number; run_at: number; payload: string; last_error: string | null }>(
      'SELECT status, attempts, generation, run_at, payload, last_error FROM jobs WHERE id = ?',
    ).get(id)!;

  it('coalesces on the dedupe key: a pending row takes the new payload and keeps its run time', () => {
    const id = jobs.enqueue('google.object', { v: 1 }, NOW, { dedupeKey: 'g:1', runAt: NOW + 5_000 });
    expect(jobs.enqueue('google.object', { v: 2 }, NOW + 1, { dedupeKey: 'g:1' })).toBe(id);
    expect(row(id)).toMatchObject({ status: 'pending', payload: '{"v":2}', run_at: NOW + 5_000 });
    // Without a key, every enqueue is its own row.
    expect(jobs.enqueue('webhook.deliver', {}, NOW)).not.toBe(jobs.enqueue('webhook.deliver', {}, NOW));
  });

  it('claims only due, unleased rows of the kind, oldest first; a lease that ran out makes them claimable again', () => {
    const a = jobs.enqueue('k', 'a', NOW, { runAt: NOW - 10 });
    const b = jobs.enqueue('k', 'b', NOW);
    jobs.enqueue('k', 'later', NOW, { runAt: NOW + 60_000 });
    jobs.enqueue('other', 'x', NOW);
    expect(jobs.claim('k', NOW, NOW + 1_000, 10).map((j) => j.id)).toEqual([a, b]);
    expect(jobs.claim('k', NOW + 999, NOW + 2_000, 10)).toEqual([]);
    expect(jobs.claim('k', NOW + 1_001, NOW + 2_000, 10).map((j) => j.payload)).toEqual(['a', 'b']);
  });

  it('done only for the generation claimed: enqueued again in flight, the row stays pending and due now', () => {
    const id = jobs.enqueue('apns.push', { n: 1 }, NOW, { dedupeKey: 'apns:t' });
    const [job] = jobs.claim('apns.push', NOW, NOW + 10_000, 1);
    jobs.enqueue('apns.push', { n: 2 }, NOW + 1, { dedupeKey: 'apns:t' });
    expect(jobs.complete(job!, NOW + 2)).toBe(false);
    expect(row(id)).toMatchObject({ status: 'pending', generation: 1, run_at: NOW + 2 });
    const [again] = jobs.claim('apns.push', NOW + 2, NOW + 10_000, 1);
    expect(again).toMatchObject({ id, generation: 1, payload: { n: 2 } });
    expect(jobs.complete(again!, NOW + 3, '200')).toBe(true);
    expect(row(id)).toMatchObject({ status: 'done', last_error: '200' });
    // Done, then enqueued again: armed from scratch.
    jobs.enqueue('apns.push', { n: 3 }, NOW + 4, { dedupeKey: 'apns:t' });
    expect(row(id)).toMatchObject({ status: 'pending', attempts: 0, run_at: NOW + 4, last_error: null });
  });

  it('retry counts an attempt and waits; release does not; fail dead-letters until "retry now"', () => {
    const [r, l, f] = ['r', 'l', 'f'].map((p) => jobs.enqueue('k', p, NOW));
    const claimed = jobs.claim('k', NOW, NOW + 1_000, 3);
    jobs.retry(claimed[0]!, NOW + 5_000, '503 ServiceUnavailable', NOW);
    jobs.release(claimed[1]!, NOW + 10, NOW);
    jobs.fail(claimed[2]!, '400 BadRequest', NOW);
    expect(row(r!)).toMatchObject({ status: 'pending', attempts: 1, run_at: NOW + 5_000, last_error: '503 ServiceUnavailable' });
    expect(row(l!)).toMatchObject({ status: 'pending', attempts: 0 });
    expect(row(f!)).toMatchObject({ status: 'failed', attempts: 1, last_error: '400 BadRequest' });
    expect(jobs.counts(NOW + 20)).toEqual([
      { kind: 'k', pending: 2, due: 1, running: 0, failed: 1, lastError: '400 BadRequest', lastFailedAt: NOW },
    ]);
    expect(jobs.failed('k')).toMatchObject([{ id: f, lastError: '400 BadRequest', attempts: 1 }]);
    expect(jobs.retryFailed('k', NOW + 30)).toBe(1);
    expect(row(f!)).toMatchObject({ status: 'pending', attempts: 0, run_at: NOW + 30 });
  });

  it('enqueues thousands in one statement, coalescing duplicate keys, inside the caller’s transaction', () => {
    const rows = Array.from({ length: 5_000 }, (_, i) => ({ dedupeKey: `k:${i % 4_000}`, payload: { i } }));
    expect(() =>
      db.transaction(() => {
        jobs.enqueueMany('bulk', rows, NOW);
        throw new Error('rolled back');
      })(),
    ).toThrow('rolled back');
    expect(jobs.pendingCount('bulk')).toBe(0);
    expect(jobs.enqueueMany('bulk', rows, NOW)).toBe(5_000);
    expect(jobs.pendingCount('bulk')).toBe(4_000);
    expect(jobs.byKey('k:1')).toMatchObject({ status: 'pending', payload: { i: 4_001 } });
    expect(jobs.enqueueMany('bulk', [], NOW)).toBe(0);
  });

  it('purges done rows by age only', () => {
    const old = jobs.enqueue('k', 1, NOW);
    const [job] = jobs.claim('k', NOW, NOW + 1, 1);
    jobs.complete(job!, NOW);
    jobs.enqueue('k', 2, NOW + 10);
    expect(jobs.purgeDone(NOW + 1)).toBe(1);
    expect(db.prepare('SELECT id FROM jobs').all()).not.toContainEqual({ id: old });
    expect(jobs.pendingCount('k')).toBe(1);
  });
});
