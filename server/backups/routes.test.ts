import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../auth/guard.js';
import { loadDemoBrand } from '../demo/load.js';
import { startServer, type RunningServer } from '../main.js';
import { createHarness, type Harness } from '../testing/app-harness.js';
import { allRows } from '../testing/db-rows.js';
import { backupsDir } from './backup-files.js';
import type { BackupFileView, BackupsView } from './schemas.js';

describe('Settings → Backups over the admin API', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
    await loadDemoBrand(h.app.services.db, { customers: 10 });
  });
  afterAll(() => h.close());

  it('needs a session', async () => {
    for (const [method, url] of [['GET', '/api/backups'], ['POST', '/api/backups'], ['POST', '/api/backups/upload']] as const) {
      expect((await h.admin({ method, url, anonymous: true })).statusCode, url).toBe(401);
    }
  });

  it('creates a backup now, lists it, and downloads it as the file on disk', async () => {
    const created = await h.admin({ method: 'POST', url: '/api/backups' });
    expect(created.statusCode, created.body).toBe(201);
    const file = created.json() as BackupFileView;
    expect(file).toMatchObject({ kind: 'manual', name: expect.stringMatching(/^passerelle-.*-manual\.sqlite$/) });
    const list = (await h.admin({ method: 'GET', url: '/api/backups' })).json() as BackupsView;
    expect(list.backups.map((b) => b.name)).toContain(file.name);
    expect(list).toMatchObject({ keep: 7, canRestore: false, lastRestore: null, folder: backupsDir(h.dataDir) });
    const download = await h.admin({ method: 'GET', url: `/api/backups/${file.name}/download` });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-disposition']).toContain(file.name);
    expect(download.rawPayload.equals(readFileSync(join(backupsDir(h.dataDir), file.name)))).toBe(true);
    expect(statSync(join(backupsDir(h.dataDir), file.name)).mode & 0o777).toBe(0o600);
  });

  it('refuses names outside the folder, unknown backups, and a restore without a server process to restart', async () => {
    for (const name of ['..%2Fpasserelle.sqlite', '.hidden.sqlite', 'x.txt', 'nope.sqlite']) {
      const res = await h.admin({ method: 'GET', url: `/api/backups/${name}/download` });
      expect([400, 404], name).toContain(res.statusCode);
    }
    const file = (await h.admin({ method: 'POST', url: '/api/backups' })).json() as BackupFileView;
    const res = await h.admin({ method: 'POST', url: `/api/backups/${file.name}/restore`, payload: { confirm: file.name } });
    expect(res.json()).toMatchObject({ code: 'RESTORE_NEEDS_SERVER' });
  });

  it('takes an uploaded backup only when it is a sound Passerelle database', async () => {
    const upload = (payload: Buffer) =>
      h.admin({ method: 'POST', url: '/api/backups/upload', payload, headers: { 'content-type': 'application/octet-stream' } });
    const bad = await upload(Buffer.from('not a database'));
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'BACKUP_INVALID' });
    const file = (await h.admin({ method: 'POST', url: '/api/backups' })).json() as BackupFileView;
    const good = await upload(readFileSync(join(backupsDir(h.dataDir), file.name)));
    expect(good.statusCode, good.body).toBe(201);
    expect(good.json()).toMatchObject({ kind: 'uploaded' });
  });

  it('sets how many daily backups to keep', async () => {
    const res = await h.admin({ method: 'PUT', url: '/api/backups/settings', payload: { keep: 14 } });
    expect(res.json()).toMatchObject({ keep: 14 });
    expect((await h.admin({ method: 'PUT', url: '/api/backups/settings', payload: { keep: 0 } })).statusCode).toBe(400);
  });
});

/** The admin UI's restore on a real server: it answers, closes, swaps, starts again on the same ports. */
describe('restore from a running server', () => {
  let dataDir: string;
  let server: RunningServer;
  let cookie: string;
  // A connection kept alive from before the restart was closed by it: like a browser, ask again on a new one.
  const api = async (method: string, path: string, body?: unknown): Promise<Response> => {
    const send = () =>
      fetch(`${server.adminUrl}${path}`, {
        method,
        headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    try {
      return await send();
    } catch {
      return send();
    }
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'passerelle-restore-live-'));
    server = await startServer({
      env: { PASSERELLE_DATA_DIR: dataDir, PASSERELLE_ADMIN_PORT: '0', PASSERELLE_PUBLIC_PORT: '0', PASSERELLE_LOG_LEVEL: 'silent' },
      out: () => {},
      cwd: dataDir,
    });
    await loadDemoBrand(server.app.services.db, { customers: 15 });
    cookie = `${SESSION_COOKIE}=${server.app.services.sessions.createSession('test')}`;
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('restores the backup’s rows, keeps the replaced database, and the person stays signed in', async () => {
    const backup = (await (await api('POST', '/api/backups')).json()) as BackupFileView;
    const rowsAtBackup = allRows(server.app.services.db);
    expect((await api('PUT', '/api/settings/brand', { name: 'Après la sauvegarde', primaryColor: '#123456', defaultLocale: 'fr', website: '' })).status).toBe(200);
    server.app.services.db.prepare('DELETE FROM purchases WHERE id % 2 = 0').run();
    const oldApp = server.app;

    expect((await api('POST', `/api/backups/${backup.name}/restore`, { confirm: 'something else' })).status).toBe(400);
    const res = await api('POST', `/api/backups/${backup.name}/restore`, { confirm: backup.name });
    expect(res.status).toBe(202);
    await server.restoring();
    expect(server.app).not.toBe(oldApp);

    // The business data is the backup's. (The server's own background work writes at every start: jobs, the
    // nearest-stores cache, the restorer's session; the CLI and in-process round trips compare every table.)
    const after = allRows(server.app.services.db);
    for (const table of ['settings', 'customers', 'purchases', 'stores', 'card_designs', 'points_ledger']) {
      expect(after[table], table).toEqual(rowsAtBackup[table]);
    }
    expect((after.purchases ?? []).length).toBeGreaterThan(0);
    expect(await (await api('GET', '/api/session')).json()).toMatchObject({ authenticated: true });
    const view = (await (await api('GET', '/api/backups')).json()) as BackupsView;
    expect(view.lastRestore).toMatchObject({ ok: true, restoredFrom: join(backupsDir(dataDir), backup.name) });
    expect(view.backups.some((b) => b.kind === 'before-restore')).toBe(true);
    expect(((await (await api('GET', '/api/settings')).json()) as { brand: { name: string } }).brand.name).not.toBe('Après la sauvegarde');
  });
});
