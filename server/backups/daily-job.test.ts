import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type Db } from '../db/connection.js';
import { openAppDatabase } from '../db/index.js';
import { loadDemoBrand } from '../demo/load.js';
import { createJobsRepository, type JobsRepository } from '../jobs/jobs-repository.js';
import { createJobRunner } from '../jobs/runner.js';
import type { Job, JobContext, JobOutcome } from '../jobs/types.js';
import { backupsDir, dailyName, localDay, manualName } from './backup-files.js';
import {
  BACKUP_DAILY_KIND,
  createDailyBackupHandler,
  dailyBackupStatus,
  dailyKey,
  nextDayStart,
  scheduleDailyBackup,
  START_DELAY_MS,
} from './daily-job.js';

const DAY = 24 * 3_600_000;

describe('backup.daily', () => {
  let dataDir: string;
  let db: Db;
  let jobs: JobsRepository;
  let keep = 7;
  let clock = new Date(2026, 11, 7, 9, 30).getTime();
  const now = () => clock;
  const handler = () => createDailyBackupHandler({ db, dataDir, jobs, keep: () => keep });
  const ctx = (): JobContext => ({ now, signal: new AbortController().signal, deadline: clock + 60_000, heartbeat: () => {} });
  const job = (id = 1): Job<Record<string, never>> => ({ id, kind: BACKUP_DAILY_KIND, dedupeKey: null, payload: {}, attempts: 0, generation: 0, runAt: clock, createdAt: clock });
  const run = async () => (await handler().handle([job()], ctx())) as JobOutcome[];
  const dailyFiles = () => readdirSync(backupsDir(dataDir)).filter((n) => n.endsWith('-daily.sqlite')).sort();

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'passerelle-daily-'));
    db = openAppDatabase(dataDir).db;
    await loadDemoBrand(db, { customers: 20 });
    jobs = createJobsRepository(db);
    keep = 7;
    clock = new Date(2026, 11, 7, 9, 30).getTime();
  });
  afterEach(() => {
    closeDatabase(db);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes the day’s backup, verified and private, and schedules the next day in the same transaction', async () => {
    const [outcome] = await run();
    expect(outcome).toMatchObject({ kind: 'done', note: dailyName('2026-12-07') });
    const file = join(backupsDir(dataDir), dailyName('2026-12-07'));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(backupsDir(dataDir)).mode & 0o777).toBe(0o700);
    const copy = openDatabase(file, { readonly: true });
    expect(copy.pragma('quick_check', { simple: true })).toBe('ok');
    expect(copy.prepare('SELECT COUNT(*) AS n FROM customers').get()).toEqual({ n: 20 });
    copy.close();
    expect(jobs.byKey(dailyKey('2026-12-08'))).toBeUndefined();
    db.transaction(() => outcome!.apply!())();
    expect(jobs.byKey(dailyKey('2026-12-08'))).toMatchObject({ status: 'pending', runAt: nextDayStart(clock) });
    expect(new Date(nextDayStart(clock)).getDate()).toBe(8);
  });

  it('is idempotent within a day: a second run does not write again', async () => {
    await run();
    const file = join(backupsDir(dataDir), dailyName('2026-12-07'));
    const first = statSync(file).mtimeMs;
    clock += 3_600_000;
    const [outcome] = await run();
    expect(outcome).toMatchObject({ kind: 'done', note: expect.stringContaining('already there') });
    expect(statSync(file).mtimeMs).toBe(first);
  });

  it(`keeps the last ${7} daily backups (the setting), never the manual ones or a restore's copies`, async () => {
    mkdirSync(backupsDir(dataDir), { recursive: true });
    const seed = join(dataDir, 'seed.sqlite');
    await run();
    copyFileSync(join(backupsDir(dataDir), dailyName('2026-12-07')), seed);
    rmSync(join(backupsDir(dataDir), dailyName('2026-12-07')));
    for (let d = 1; d <= 9; d++) copyFileSync(seed, join(backupsDir(dataDir), dailyName(`2026-11-${String(d).padStart(2, '0')}`)));
    writeFileSync(join(backupsDir(dataDir), manualName(clock - 40 * DAY)), 'kept');
    writeFileSync(join(backupsDir(dataDir), 'passerelle-2025-01-01-000000-before-restore.sqlite'), 'kept');
    await run();
    expect(dailyFiles()).toEqual([
      ...['03', '04', '05', '06', '07', '08', '09'].slice(1).map((d) => dailyName(`2026-11-${d}`)),
      dailyName('2026-12-07'),
    ]);
    keep = 2;
    clock += DAY;
    await run();
    expect(dailyFiles()).toEqual([dailyName('2026-12-07'), dailyName('2026-12-08')]);
    expect(readdirSync(backupsDir(dataDir)).filter((n) => !n.endsWith('-daily.sqlite'))).toHaveLength(2);
  });

  it('through the job runner: scheduled at start, run once, next day pending; the status says so', async () => {
    const runner = createJobRunner({ db, jobs, now, pollMs: 20 });
    runner.register(handler());
    scheduleDailyBackup(jobs, clock);
    scheduleDailyBackup(jobs, clock);
    expect(dailyBackupStatus(jobs, clock)).toEqual({ nextAt: clock + START_DELAY_MS, lastError: null });
    clock += START_DELAY_MS;
    runner.start();
    await runner.idle(BACKUP_DAILY_KIND);
    await runner.stop();
    expect(runner.stats(BACKUP_DAILY_KIND)).toMatchObject({ done: 1, failed: 0 });
    expect(existsSync(join(backupsDir(dataDir), dailyName(localDay(clock))))).toBe(true);
    expect(jobs.byKey(dailyKey(localDay(clock)))).toMatchObject({ status: 'done' });
    expect(dailyBackupStatus(jobs, clock)).toEqual({ nextAt: nextDayStart(clock), lastError: null });
    // A later start the same day does not schedule it again.
    scheduleDailyBackup(jobs, clock + 1000);
    expect(jobs.byKey(dailyKey(localDay(clock)))).toMatchObject({ status: 'done' });
  });

  it('a backup that cannot be written is retried, and dead-lettered with its error after the last attempt', async () => {
    writeFileSync(backupsDir(dataDir), 'a file where the folder should be');
    const runner = createJobRunner({ db, jobs, now, pollMs: 20 });
    runner.register({ ...handler(), maxAttempts: 1 });
    scheduleDailyBackup(jobs, clock);
    clock += START_DELAY_MS;
    runner.start();
    await runner.idle(BACKUP_DAILY_KIND);
    await runner.stop();
    expect(runner.stats(BACKUP_DAILY_KIND)).toMatchObject({ failed: 1 });
    expect(dailyBackupStatus(jobs, clock).lastError).toMatchObject({ message: expect.any(String) });
  });
});
