import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDemo } from '../../demo/generate.js';
import { createHarness } from '../../testing/app-harness.js';

const statusOf = async (h: Awaited<ReturnType<typeof createHarness>>, id: number) =>
  (await h.admin({ method: 'GET', url: `/api/exports/${id}` })).json() as { status: string; done: number; total: number };

describe('bulk export jobs across stops and starts', () => {
  it('an export stopped with the server is resumed at the next start, and finishes', { timeout: 120_000 }, async () => {
    const first = await createHarness({}, { start: true });
    generateDemo(first.app.services.db, { customers: 3_000, now: Date.now() });
    const start = await first.admin({ method: 'POST', url: '/api/exports/passes', payload: { scope: 'all' } });
    expect(start.statusCode, start.body).toBe(202);
    const { id } = start.json() as { id: number };
    await expect.poll(async () => (await statusOf(first, id)).done, { timeout: 60_000, interval: 20 }).toBeGreaterThan(0);
    await first.app.close();

    // Stopped: not failed, and no half-written zip will be served.
    const second = await createHarness({ PASSERELLE_DATA_DIR: first.dataDir });
    try {
      expect(await statusOf(second, id)).toMatchObject({ status: 'running' });
      expect((await second.admin({ method: 'GET', url: `/api/exports/${id}/download` })).json().code).toBe('EXPORT_NOT_READY');
      // Released by the stopping server (not left leased): started, this server takes the job up again at once.
      expect(second.app.services.db.prepare(`SELECT status, locked_until FROM jobs WHERE kind = 'export.passes'`).get()).toEqual({
        status: 'pending',
        locked_until: null,
      });
      await second.app.start();
      await expect.poll(async () => (await statusOf(second, id)).status, { timeout: 90_000 }).toBe('done');
      expect(await statusOf(second, id)).toMatchObject({ done: 3_000, total: 3_000 });
      expect(readdirSync(join(first.dataDir, 'exports')).filter((f) => f.endsWith('.part'))).toEqual([]);
      expect((await second.admin({ method: 'GET', url: `/api/exports/${id}/download` })).statusCode).toBe(200);
    } finally {
      await second.close();
    }
  });

  it('at start, a partial zip left by a crash is deleted and its export written again', async () => {
    const first = await createHarness();
    const dir = join(first.dataDir, 'exports');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'passes-7-20260101-000000.zip.part'), 'half a zip');
    await first.app.close();

    const second = await createHarness({ PASSERELLE_DATA_DIR: first.dataDir }, { start: true });
    try {
      expect(existsSync(join(dir, 'passes-7-20260101-000000.zip.part'))).toBe(false);
      expect((await second.admin({ method: 'POST', url: '/api/exports/passes', payload: { scope: 'all' } })).json().code).toBe('NOTHING_TO_EXPORT');
    } finally {
      await second.close();
    }
  });
});
