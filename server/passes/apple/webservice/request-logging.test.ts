import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAppRoot } from '../../../app-root.js';
import { buildApp, type Passerelle } from '../../../app.js';
import { loadConfig } from '../../../config.js';
import { createLogger } from '../../../http/logger.js';

describe('web-service request logging', () => {
  let dataDir: string;
  let app: Passerelle;
  const lines: Array<{ msg?: string; level?: number; req?: { url?: string }; reqId?: string }> = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'passerelle-ws-logging-'));
    const config = loadConfig({ env: { PASSERELLE_DATA_DIR: dataDir, PASSERELLE_LOG_LEVEL: 'info' }, cwd: dataDir, appRoot: findAppRoot() });
    app = await buildApp(config, { logger: createLogger(config, { write: (line: string) => void lines.push(JSON.parse(line)) }) });
  });
  afterAll(async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('does not log phones’ routine requests one by one, but still logs other requests at info', async () => {
    const list = await app.public.inject({ method: 'GET', url: '/apple/v1/devices/abcdef0123456789/registrations/pass.fr.example.card' });
    expect(list.statusCode).toBe(204);
    const pass = await app.public.inject({ method: 'GET', url: '/apple/v1/passes/pass.fr.example.card/unknownserial', headers: { authorization: 'ApplePass nope' } });
    expect(pass.statusCode).toBe(401);
    expect(lines.filter((l) => l.req?.url?.startsWith('/apple/'))).toEqual([]);

    const health = await app.public.inject({ method: 'GET', url: '/health' });
    expect(health.statusCode).toBe(200);
    expect(lines.some((l) => l.msg === 'incoming request' && l.req?.url === '/health')).toBe(true);
  });
});
