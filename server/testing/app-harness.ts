import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { findAppRoot } from '../app-root.js';
import { buildApp, type BuildOptions, type Passerelle } from '../app.js';
import { loadConfig, type Config } from '../config.js';
import { SESSION_COOKIE } from '../auth/guard.js';

export const ADMIN_HOST_HEADER = '127.0.0.1:4380';

export interface Harness {
  app: Passerelle;
  config: Config;
  dataDir: string;
  /** A valid admin session cookie header. */
  cookie: string;
  /** inject on the admin listener with a loopback Host and, unless told otherwise, a session. */
  admin(opts: InjectOptions & { anonymous?: boolean }): Promise<LightMyRequestResponse>;
  public(opts: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Start the modules' background work (the job runner, APNs pushes) as main.ts does once it listens. */
  start?: boolean;
  /** The app's clock (tests that move time on: retry schedules). */
  now?: () => number;
  build?: BuildOptions;
}

/** A real app on a real temporary SQLite file, with a fresh data folder. */
export async function createHarness(env: Record<string, string> = {}, options: HarnessOptions = {}): Promise<Harness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'passerelle-test-'));
  const config = loadConfig({
    env: { PASSERELLE_DATA_DIR: dataDir, PASSERELLE_LOG_LEVEL: 'silent', ...env },
    cwd: dataDir,
    appRoot: findAppRoot(),
  });
  const app = await buildApp(config, { ...(options.build ?? {}), ...(options.now ? { now: options.now } : {}) });
  if (options.start) await app.start();
  const cookie = `${SESSION_COOKIE}=${app.services.sessions.createSession('test')}`;
  return {
    app,
    config,
    dataDir,
    cookie,
    admin({ anonymous, ...opts }) {
      const headers = { host: ADMIN_HOST_HEADER, ...(anonymous ? {} : { cookie }), ...(opts.headers ?? {}) };
      return app.admin.inject({ ...opts, headers });
    },
    public(opts) {
      return app.public.inject(opts);
    },
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
