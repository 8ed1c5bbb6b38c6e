import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDemo } from '../../demo/generate.js';
import { createHarness } from '../../testing/app-harness.js';

describe('bulk export jobs across stops and starts', () => {
  it('stopping the server stops a running export, marks it failed and leaves no partial file', async () => {
    const first = await createHarness();
    generateDemo(first.app.services.db, { customers: 400, now: Date.now() });
    const start = await first.admin({ method: 'POST', url: '/api/exports/passes', payload: { scope: 'all' } });
    expect(start.statusCode, start.body).toBe(202);
    const { id } = start.json() as { id: number };
    await first.app.close();

    const second = await createHarness({ PASSERELLE_DATA_DIR: first.dataDir });
    try {
      const status = (await second.admin({ method: 'GET', url: `/api/exports/${id}` })).json();
      expect(status).toMatchObject({ id, status: 'failed', error: expect.stringMatching(/^Interrupted/) });
      expect(readdirSync(join(first.dataDir, 'exports')).filter((f) => f.includes(`passes-${id}-`))).toEqual([]);
      expect((await second.admin({ method: 'GET', url: `/api/exports/${id}/download` })).json().code).toBe('EXPORT_NOT_READY');
    } finally {
      await second.close();
    }
  });

  it('at start, an export left running by a crash is marked failed and its partial zip deleted', async () => {
    const first = await createHarness();
    const dir = join(first.dataDir, 'exports');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'passes-7-20260101-000000.zip.part'), 'half a zip');
    first.app.services.db
      .prepare(`INSERT INTO pass_exports (id, status, scope, total, done, created_at) VALUES (7, 'running', '{"scope":"all"}', 10, 3, 1)`)
      .run();
    await first.app.close();

    const second = await createHarness({ PASSERELLE_DATA_DIR: first.dataDir });
    try {
      expect((await second.admin({ method: 'GET', url: '/api/exports/7' })).json()).toMatchObject({ status: 'failed', done: 3, total: 10 });
      expect(existsSync(join(dir, 'passes-7-20260101-000000.zip.part'))).toBe(false);
      // Nothing is running any more: a new export may start (and says there is nothing to export here).
      expect((await second.admin({ method: 'POST', url: '/api/exports/passes', payload: { scope: 'all' } })).json().code).toBe('NOTHING_TO_EXPORT');
    } finally {
      await second.close();
    }
  });
});
