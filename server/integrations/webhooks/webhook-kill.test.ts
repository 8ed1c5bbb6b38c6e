import { spawn, type ChildProcess } from 'node:child_process';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findAppRoot } from '../../app-root.js';
import { closeDatabase } from '../../db/connection.js';
import { openAppDatabase } from '../../db/index.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../testing/webhook-receiver.js';
import { createApiKeysRepository } from '../api/api-keys-repository.js';
import { createApiKeys } from '../api/api-keys.js';
import { newWebhookSecret } from './signature.js';
import { createWebhooksRepository } from './webhooks-repository.js';

const CUSTOMERS = 120;

function startChild(dataDir: string): { child: ChildProcess; publicUrl: Promise<string>; exited: Promise<unknown> } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(findAppRoot(), 'server/main.ts')], {
    cwd: findAppRoot(),
    env: { ...process.env, PASSERELLE_DATA_DIR: dataDir, PASSERELLE_ADMIN_PORT: '0', PASSERELLE_PUBLIC_PORT: '0', PASSERELLE_LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const publicUrl = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /Public: (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', () => reject(new Error(`the server exited: ${out}`)));
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  return { child, publicUrl, exited };
}

async function eventually(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

// Two server processes (tsx compiles each on start) on a loaded 2-core box.
describe('webhooks across a server kill', { timeout: 180_000 }, () => {
  let dataDir: string;
  let receiver: WebhookReceiver | undefined;
  const children: ChildProcess[] = [];
  afterEach(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await receiver?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('every event whose request was answered is delivered after a SIGKILL and a restart; only the tries in flight repeat', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'passerelle-webhook-kill-'));
    receiver = await startWebhookReceiver();
    // Slow enough that the kill lands with deliveries waiting and in flight.
    receiver.answer = () => ({ status: 200, delayMs: 40 });
    const secret = newWebhookSecret();
    receiver.secrets = [secret];
    const { db } = openAppDatabase(dataDir);
    const { key } = createApiKeys(createApiKeysRepository(db), Date.now).create('Kill test', ['customers:write']);
    createWebhooksRepository(db).insertEndpoint({ url: receiver.url, description: '', secret, eventTypes: ['customer.enrolled'], at: Date.now() });
    closeDatabase(db);

    const first = startChild(dataDir);
    children.push(first.child);
    const url = await first.publicUrl;
    const answered: string[] = [];
    await Promise.all(
      Array.from({ length: CUSTOMERS }, async (_, i) => {
        const res = await fetch(`${url}/v1/customers`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ email: `kill-${i}@example.fr` }),
        });
        if (res.status === 201) answered.push(`kill-${i}@example.fr`);
      }),
    );
    expect(answered).toHaveLength(CUSTOMERS);
    await eventually(() => receiver!.received.length >= 15, 'the first deliveries');
    first.child.kill('SIGKILL');
    await first.exited;
    const atKill = new Set(receiver.received.map((r) => r.id)).size;
    expect(atKill).toBeLessThan(CUSTOMERS);

    const second = startChild(dataDir);
    children.push(second.child);
    await second.publicUrl;
    await eventually(() => new Set(receiver!.received.map((r) => r.id)).size === CUSTOMERS, 'every message delivered');
    // The tries the dead process had in flight come back once their lease runs out, and are recorded as delivered.
    const watch = new Database(join(dataDir, 'passerelle.sqlite'), { readonly: true });
    const settled = watch.prepare("SELECT COUNT(*) AS n FROM webhook_deliveries WHERE status = 'succeeded'");
    await eventually(() => (settled.get() as { n: number }).n === CUSTOMERS, 'every delivery recorded', 90_000);
    watch.close();

    const emails = new Set(receiver.received.map((r) => (JSON.parse(r.body) as { data: { customer: { email: string } } }).data.customer.email));
    expect([...emails].sort()).toEqual([...answered].sort());
    expect(receiver.received.every((r) => r.verified)).toBe(true);
    // Sent twice: only what was in flight (8 at most) when the process died.
    const duplicates = receiver.received.length - CUSTOMERS;
    console.log(`webhook kill test: ${atKill} messages delivered before the kill, ${CUSTOMERS - atKill} after the restart, ${duplicates} sent twice`);
    expect(duplicates).toBeLessThanOrEqual(8);
    second.child.kill('SIGTERM');
    await second.exited;
    const check = openAppDatabase(dataDir).db;
    expect(check.prepare('SELECT status, COUNT(*) AS n FROM webhook_deliveries GROUP BY status').all()).toEqual([{ status: 'succeeded', n: CUSTOMERS }]);
    closeDatabase(check);
  });
});
