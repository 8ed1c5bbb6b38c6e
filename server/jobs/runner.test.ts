import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDatabase, type Db } from '../db/connection.js';
import { openMigratedDatabase } from '../testing/wallet-fixtures.js';
import { createJobsRepository, type JobsRepository } from './jobs-repository.js';
import { createJobRunner, type JobRunner } from './runner.js';
import type { Job, JobHandler, JobOutcome } from './types.js';

describe('job runner', () => {
  let db: Db;
  let jobs: JobsRepository;
  let runner: JobRunner;
  beforeEach(() => {
    db = openMigratedDatabase();
    db.exec('CREATE TABLE effects (job_id INTEGER PRIMARY KEY) STRICT');
    jobs = createJobsRepository(db);
    runner = createJobRunner({ db, jobs, pollMs: 20 });
  });
  afterEach(async () => {
    await runner.stop(100);
    closeDatabase(db);
  });

  const statuses = () =>
    db.prepare<[], { payload: string; status: string; attempts: number }>('SELECT payload, status, attempts FROM jobs ORDER BY id').all();
  const handler = (kind: string, handle: JobHandler<number>['handle'], extra: Partial<JobHandler<number>> = {}): JobHandler<number> => ({
    kind,
    backoff: () => 10,
    handle,
    ...extra,
  });

  it('runs each kind through its handler, batch by batch, with outcomes as one promise or one per job', async () => {
    const batches: number[][] = [];
    runner.register(
      handler('whole', async (js) => {
        batches.push(js.map((j) => j.payload));
        return js.map((): JobOutcome => ({ kind: 'done' }));
      }, { batch: 3 }),
    );
    runner.register(handler('each', (js) => js.map(async (): Promise<JobOutcome> => ({ kind: 'done', note: 'ok' })), { batch: 50 }));
    for (let i = 0; i < 7; i++) jobs.enqueue('whole', i, Date.now());
    for (let i = 0; i < 100; i++) jobs.enqueue('each', i, Date.now());
    runner.start();
    await runner.idle();
    expect(batches.flat().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(Math.max(...batches.map((b) => b.length))).toBe(3);
    expect(statuses().every((s) => s.status === 'done')).toBe(true);
    expect(runner.stats('each')).toMatchObject({ done: 100, failed: 0 });
  });

  it('retries on the handler’s backoff, a thrown error included, and dead-letters after maxAttempts', async () => {
    let calls = 0;
    runner.register(
      handler('flaky', async (js) => {
        calls++;
        if (calls === 1) throw new Error('connection reset');
        return js.map((j): JobOutcome => (j.payload === 1 ? { kind: 'retry', error: '503' } : { kind: 'done' }));
      }, { maxAttempts: 3, batch: 10 }),
    );
    jobs.enqueue('flaky', 1, Date.now());
    jobs.enqueue('flaky', 2, Date.now());
    runner.start();
    await waitFor(() => statuses()[0]!.status === 'failed');
    expect(statuses()).toEqual([
      { payload: '1', status: 'failed', attempts: 3 },
      { payload: '2', status: 'done', attempts: 1 },
    ]);
    expect(jobs.failed('flaky')[0]).toMatchObject({ lastError: '503' });
  });

  it('commits an outcome’s own work in the same transaction as the row, or neither', async () => {
    const insert = db.prepare('INSERT INTO effects (job_id) VALUES (?)');
    runner.register(
      handler('effect', async (js) =>
        js.map((j: Job<number>): JobOutcome => ({
          kind: 'done',
          apply: () => {
            insert.run(j.id);
            if (j.payload === 13) throw new Error('the effect failed');
          },
        })),
      { leaseMs: 60_000, batch: 10 },
    ));
    jobs.enqueue('effect', 1, Date.now());
    jobs.enqueue('effect', 13, Date.now());
    runner.start();
    await runner.idle('effect');
    // One transaction per turn: both rows failed to record together, and no effect stayed.
    expect(db.prepare('SELECT count(*) AS n FROM effects').get()).toEqual({ n: 0 });
    expect(statuses().map((s) => s.status)).toEqual(['pending', 'pending']);
  });

  it('pauses and resumes a kind; stop aborts the signal of the jobs in hand', async () => {
    let seen = 0;
    runner.register(handler('p', async (js) => ((seen += js.length), js.map((): JobOutcome => ({ kind: 'done' })))));
    runner.register(
      handler('long', async (js, ctx) => {
        await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve()));
        return js.map((): JobOutcome => ({ kind: 'release' }));
      }),
    );
    runner.start();
    runner.pause('p');
    jobs.enqueue('p', 1, Date.now());
    jobs.enqueue('long', 1, Date.now());
    runner.wake();
    await new Promise((r) => setTimeout(r, 100));
    expect(seen).toBe(0);
    expect(runner.state('p')).toBe('paused');
    runner.resume('p');
    await runner.idle('p');
    expect(seen).toBe(1);
    await waitFor(() => db.prepare(`SELECT locked_until FROM jobs WHERE kind = 'long'`).get() !== undefined);
    await runner.stop(2_000);
    expect(db.prepare(`SELECT status, attempts, locked_until FROM jobs WHERE kind = 'long'`).get()).toEqual({
      status: 'pending',
      attempts: 0,
      locked_until: null,
    });
  });

  it('rows held by a runner that died are run by another once their lease runs out, and done rows never again', async () => {
    const file = db.name;
    expect(file).toBe(':memory:');
    // Two runners on one database stand for two processes: the first takes a batch and never answers.
    const stuck = createJobRunner({ db, jobs, pollMs: 20 });
    stuck.register(handler('lease', () => [new Promise<JobOutcome>(() => {})], { leaseMs: 200 }));
    const ran: number[] = [];
    for (let i = 0; i < 3; i++) jobs.enqueue('lease', i, Date.now());
    stuck.start();
    await waitFor(() => (db.prepare(`SELECT count(*) AS n FROM jobs WHERE locked_until IS NOT NULL`).get() as { n: number }).n === 1);
    await stuck.stop(1);
    runner.register(handler('lease', async (js) => (ran.push(...js.map((j) => j.payload)), js.map((): JobOutcome => ({ kind: 'done' })))));
    runner.start();
    await waitFor(() => ran.length === 3, 3_000);
    expect(ran.sort()).toEqual([0, 1, 2]);
    await runner.idle('lease');
    expect(statuses().map((s) => s.status)).toEqual(['done', 'done', 'done']);
  });
});

async function waitFor(check: () => boolean, timeoutMs = 2_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
