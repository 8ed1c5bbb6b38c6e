/**
 * The computer switched off for a day: the server starts again on the same data folder, the automation.tick row
 * (released to a time that passed while it was off) runs at once through the job runner and sends what fell due
 * meanwhile, once; a second start sends nothing again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findAppRoot } from '../app-root.js';
import { buildApp, type Passerelle } from '../app.js';
import { loadConfig } from '../config.js';
import { instantOf } from '../shop-days.js';
import { seedCardHolder } from '../testing/automation-fixtures.js';
import { TICK_JOB } from './jobs.js';

const T0 = instantOf('2026-03-02', '10:00', 'Europe/Paris');
const HOUR = 3_600_000;

describe('automations after the computer was off', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'passerelle-automations-restart-'));
  const config = loadConfig({ env: { PASSERELLE_DATA_DIR: dataDir, PASSERELLE_LOG_LEVEL: 'silent' }, cwd: dataDir, appRoot: findAppRoot() });
  let now = T0;
  let app: Passerelle | undefined;
  const start = async (at: number) => {
    now = at;
    app = await buildApp(config, { now: () => now });
    await app.start();
    await app.parts.jobs.runner.idle(TICK_JOB);
    return app;
  };
  const birthdayWishes = (a: Passerelle) =>
    a.services.db.prepare(`SELECT COUNT(*) FROM message_sends WHERE mechanic = 'birthday' AND outcome = 'sent'`).pluck().get() as number;
  afterAll(async () => {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs the overdue tick at start and sends what fell due while it was off, once', async () => {
    let a = await start(T0);
    a.parts.automations.service.update('birthday', { enabled: true });
    seedCardHolder(a.services.db, { email: 'ines@example.fr', firstName: 'Inès', birthday: '1990-03-03', createdAt: T0, installedAt: T0 - 3 * HOUR });
    // The next evaluation is due 5 minutes later; the computer is switched off before.
    await a.close();

    // Back on Tuesday at 18:00: the birthday was at 10:00.
    a = await start(T0 + 32 * HOUR);
    expect(birthdayWishes(a)).toBe(1);
    const row = a.parts.jobs.jobs.byKey(TICK_JOB)!;
    expect(row.status).toBe('pending');
    expect(row.runAt).toBe(now + 5 * 60_000);
    await a.close();

    a = await start(T0 + 33 * HOUR);
    expect(birthdayWishes(a)).toBe(1);
  });
});
