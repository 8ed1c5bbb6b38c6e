/**
 * A Passerelle listening on 127.0.0.1 (ports 0) with APNs pointed at a local fake and a clock the test moves: for
 * the automations' tests that need phones (the device simulator) and frozen time. The demo brand is loaded, the
 * background work started as main.ts starts it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findAppRoot } from '../app-root.js';
import { buildApp, type Passerelle } from '../app.js';
import { SESSION_COOKIE } from '../auth/guard.js';
import { loadConfig } from '../config.js';
import { loadDemoBrand } from '../demo/load.js';
import { SimulatedDevice } from './device-simulator.js';
import { startFakeApns, type FakeApns } from './fake-apns.js';

export interface AutomationServer {
  app: Passerelle;
  apns: FakeApns;
  publicUrl: string;
  adminUrl: string;
  wwdrPem: string;
  topic: string;
  /** The app's clock; `at` sets it. */
  clock: { now: number; at(t: number): void };
  phone(): SimulatedDevice;
  /** A request to the admin API with a session. */
  admin(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

export async function startAutomationServer(options: { start: number; customers?: number }): Promise<AutomationServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'passerelle-automations-'));
  const clock = {
    now: options.start,
    at(t: number) {
      clock.now = t;
    },
  };
  const config = loadConfig({
    env: { PASSERELLE_DATA_DIR: dataDir, PASSERELLE_LOG_LEVEL: 'silent', PASSERELLE_ADMIN_PORT: '0', PASSERELLE_PUBLIC_PORT: '0' },
    cwd: dataDir,
    appRoot: findAppRoot(),
  });
  const app = await buildApp(config, { now: () => clock.now });
  const identity = app.parts.apple.identity.current();
  const topic = identity.identity.passTypeIdentifier;
  const apns = await startFakeApns({ clientCaPem: identity.pems.wwdrPem, topic });
  const caFile = join(dataDir, 'fake-apns-ca.pem');
  writeFileSync(caFile, apns.caPem);
  app.services.settings.setMany({ 'apns.host': '127.0.0.1', 'apns.port': apns.port, 'apns.caFile': caFile });
  await loadDemoBrand(app.services.db, { customers: options.customers ?? 5, now: options.start });
  await app.admin.listen({ host: '127.0.0.1', port: 0 });
  await app.public.listen({ host: '127.0.0.1', port: 0 });
  const port = (s: Passerelle['admin']) => {
    const a = s.server.address();
    return typeof a === 'object' && a ? a.port : 0;
  };
  app.services.urls.setBoundPorts(port(app.admin), port(app.public));
  await app.start();
  const cookie = `${SESSION_COOKIE}=${app.services.sessions.createSession('test')}`;
  const adminUrl = app.services.urls.admin();
  return {
    app,
    apns,
    publicUrl: app.services.urls.public(),
    adminUrl,
    wwdrPem: identity.pems.wwdrPem,
    topic,
    clock,
    phone: () => new SimulatedDevice({ wwdrPem: identity.pems.wwdrPem }),
    admin: (path, init = {}) => fetch(`${adminUrl}${path}`, { ...init, headers: { cookie, 'content-type': 'application/json', ...init.headers } }),
    async close() {
      await app.close();
      await apns.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The value of a pass.json field by key, whichever group holds it. */
export function passField(passJson: Record<string, unknown>, key: string): unknown {
  for (const style of ['storeCard', 'coupon', 'eventTicket', 'generic', 'boardingPass']) {
    const groups = passJson[style] as Record<string, Array<{ key: string; value: unknown }>> | undefined;
    if (!groups) continue;
    for (const fields of Object.values(groups)) {
      if (!Array.isArray(fields)) continue;
      const f = fields.find((x) => x.key === key);
      if (f) return f.value;
    }
  }
  return undefined;
}
