import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findAppRoot } from '../app-root.js';
import { buildApp, type Passerelle } from '../app.js';
import { loadConfig } from '../config.js';
import { PUBLIC_CONNECTION_LIMITS, type ConnectionLimits } from './fastify.js';

interface Opened {
  socket: Socket;
  received: string;
  closed: Promise<void>;
}

function open(port: number): Promise<Opened> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const o: Opened = { socket, received: '', closed: new Promise((r) => socket.once('close', () => r())) };
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => (o.received += d));
    socket.on('error', () => {}); // a reset is one of the ways the server ends it
    socket.once('connect', () => resolve(o));
    socket.once('error', reject);
  });
}

/** The public listener under slow and too many connections: it closes them itself, with a bounded count, on 127.0.0.1. */
describe('connection limits of the public listener', () => {
  let dataDir: string | undefined;
  let app: Passerelle | undefined;
  const sockets: Socket[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.destroy();
    await app?.close();
    app = undefined;
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  async function start(limits: Partial<ConnectionLimits>): Promise<number> {
    const dir = mkdtempSync(join(tmpdir(), 'passerelle-connections-'));
    dataDir = dir;
    const config = loadConfig({ env: { PASSERELLE_DATA_DIR: dir, PASSERELLE_LOG_LEVEL: 'silent' }, cwd: dir, appRoot: findAppRoot() });
    app = await buildApp(config, { publicConnections: { ...PUBLIC_CONNECTION_LIMITS, ...limits } });
    await app.public.listen({ host: '127.0.0.1', port: 0 });
    const address = app.public.server.address();
    return typeof address === 'object' && address ? address.port : 0;
  }

  it('has limits on by default', () => {
    expect(PUBLIC_CONNECTION_LIMITS.maxConnections).toBeLessThanOrEqual(1024);
    expect(PUBLIC_CONNECTION_LIMITS.headersTimeoutMs).toBeLessThanOrEqual(PUBLIC_CONNECTION_LIMITS.requestTimeoutMs);
    expect(PUBLIC_CONNECTION_LIMITS.checkIntervalMs).toBeLessThan(PUBLIC_CONNECTION_LIMITS.headersTimeoutMs);
  });

  it('closes connections whose headers never finish', async () => {
    const port = await start({ headersTimeoutMs: 300, requestTimeoutMs: 600, checkIntervalMs: 100 });
    const slow = await Promise.all(Array.from({ length: 20 }, () => open(port)));
    sockets.push(...slow.map((s) => s.socket));
    for (const s of slow) s.socket.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
    await Promise.all(slow.map((s) => s.closed));
    // Node answers 408 before closing when it can; either way nothing was served.
    for (const s of slow) expect(s.received).not.toContain('200 OK');
    const fresh = await fetch(`http://127.0.0.1:${port}/health`);
    expect(fresh.status).toBe(200);
  });

  it('refuses connections past the maximum, and serves again once they are gone', async () => {
    const port = await start({ maxConnections: 8 });
    const held = await Promise.all(Array.from({ length: 8 }, () => open(port)));
    sockets.push(...held.map((s) => s.socket));
    // The server has accepted all eight before the next one knocks.
    for (;;) {
      const n = await new Promise<number>((r) => app!.public.server.getConnections((_e, count) => r(count)));
      if (n === 8) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const extra = await Promise.all(Array.from({ length: 5 }, () => open(port)));
    sockets.push(...extra.map((s) => s.socket));
    for (const s of extra) s.socket.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    await Promise.all(extra.map((s) => s.closed));
    for (const s of extra) expect(s.received).toBe('');

    for (const s of held) s.socket.destroy();
    await Promise.all(held.map((s) => s.closed));
    for (;;) {
      const n = await new Promise<number>((r) => app!.public.server.getConnections((_e, count) => r(count)));
      if (n === 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
  });
});
