import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from './main.js';
import { hashPassword } from './auth/password.js';
import { openAppDatabase } from './db/index.js';
import { createSettingsRepository } from './settings/settings-repository.js';
import { closeDatabase } from './db/connection.js';

describe('startServer: real listeners on real sockets', () => {
  let dataDir: string;
  let running: RunningServer | undefined;
  const lines: string[] = [];
  const env = () => ({
    PASSERELLE_DATA_DIR: dataDir,
    PASSERELLE_ADMIN_PORT: '0',
    PASSERELLE_PUBLIC_PORT: '0',
    PASSERELLE_LOG_LEVEL: 'silent',
    PASSERELLE_RUNTIME_DIR: join(dataDir, 'running'),
  });
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'passerelle-main-'));
    lines.length = 0;
  });
  afterEach(async () => {
    await running?.close();
    running = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('binds the admin listener to 127.0.0.1, prints both URLs and a working one-time login link', async () => {
    running = await startServer({ env: env(), printLoginLink: true, out: (l) => lines.push(l) });
    expect(running.app.admin.server.address()).toMatchObject({ address: '127.0.0.1' });
    expect(running.app.public.server.address()).toMatchObject({ address: '127.0.0.1' });
    expect(lines.join('\n')).toContain(`Admin: ${running.adminUrl}`);
    expect(lines.join('\n')).toContain(`Public: ${running.publicUrl}`);
    expect(running.loginUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/login\?token=[\w-]{40,}$/);

    expect((await fetch(`${running.adminUrl}/api/overview`)).status).toBe(401);
    expect((await fetch(`${running.publicUrl}/api/overview`)).status).toBe(404);
    expect((await fetch(`${running.publicUrl}/health`)).status).toBe(200);

    const login = await fetch(running.loginUrl ?? '', { redirect: 'manual' });
    expect(login.status).toBe(303);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const overview = await fetch(`${running.adminUrl}/api/overview`, { headers: { cookie } });
    expect(overview.status).toBe(200);
  });

  it('refuses to bind the admin listener beyond loopback without an admin password', async () => {
    await expect(
      startServer({ env: { ...env(), PASSERELLE_ADMIN_HOST: '0.0.0.0' }, out: () => {} }),
    ).rejects.toMatchObject({ code: 'ADMIN_PASSWORD_REQUIRED' });
  });

  it('binds beyond loopback once an admin password is set, and accepts the configured host name', async () => {
    const { db } = openAppDatabase(dataDir);
    createSettingsRepository(db, dataDir).setSecret('admin.passwordHash', await hashPassword('a long admin password'));
    closeDatabase(db);
    running = await startServer({
      env: { ...env(), PASSERELLE_ADMIN_HOST: '0.0.0.0', PASSERELLE_ADMIN_ALLOWED_HOSTS: 'shop-box.local' },
      out: () => {},
    });
    const port = running.app.services.urls.boundPorts().admin;
    const viaName = await running.app.admin.inject({ method: 'GET', url: '/api/session', headers: { host: `shop-box.local:${port}` } });
    expect(viaName.json()).toMatchObject({ passwordLogin: true, authenticated: false });
    const res = await fetch(`http://127.0.0.1:${port}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ password: 'a long admin password' }),
    });
    expect(res.status).toBe(200);
  });
});
