import cookie from '@fastify/cookie';
import type { Logger } from 'pino';
import { installAdminHostCheck, sessionAccess } from './auth/guard.js';
import { compose, type ComposeOptions, type Parts } from './composition.js';
import type { Config } from './config.js';
import { closeDatabase, type Db } from './db/connection.js';
import { openAppDatabase } from './db/index.js';
import { assertAccessDeclared, installAccessControl, type AccessVerifiers } from './http/access.js';
import { registerAdminUi, tileOrigin } from './http/admin-ui.js';
import { createServer, type ConnectionLimits, type Server } from './http/fastify.js';
import { installPublicRateLimits } from './http/rate-limits.js';
import { createLogger } from './http/logger.js';
import { createServices, type ServerLifecycle, type Services } from './services.js';
import { appVersion } from './version.js';

export interface Passerelle {
  /** Admin UI + admin API; binds 127.0.0.1 unless explicitly configured. */
  admin: Server;
  /** What the tunnel exposes: public routes only. */
  public: Server;
  services: Services;
  /** Every module's parts, built once by the composition root (composition.ts). */
  parts: Parts;
  /** Starts the modules' background work (job runner, pushes): main.ts calls it once both listeners are bound. */
  start(): Promise<void>;
  /** Stops background work, closes both listeners, then checkpoints and closes SQLite (when buildApp opened it). */
  close(): Promise<void>;
}

export interface BuildOptions {
  /** An already-open, migrated database (tests); otherwise the data folder's is opened and migrated. */
  db?: Db;
  logger?: Logger;
  now?: () => number;
  signing?: ComposeOptions['signing'];
  campaignLeaseMs?: ComposeOptions['campaignLeaseMs'];
  tunnel?: ComposeOptions['tunnel'];
  /** Set by main.ts: lets the admin restore a backup (close, swap, start again). */
  lifecycle?: ServerLifecycle;
  /** The public listener's connection limits (tests use small ones); http/fastify.ts has the defaults. */
  publicConnections?: ConnectionLimits;
}

/** Builds both Fastify instances; never listens (server/main.ts does). */
export async function buildApp(config: Config, opts: BuildOptions = {}): Promise<Passerelle> {
  const log = opts.logger ?? createLogger(config);
  const ownsDb = opts.db === undefined;
  const db = opts.db ?? openAppDatabase(config.dataDir).db;
  const services = createServices(config, db, log, opts.now, opts.lifecycle);
  const composition = compose(services, {
    version: appVersion(),
    ...(opts.signing ? { signing: opts.signing } : {}),
    ...(opts.campaignLeaseMs ? { campaignLeaseMs: opts.campaignLeaseMs } : {}),
    ...(opts.tunnel ? { tunnel: opts.tunnel } : {}),
  });
  const { modules } = composition;
  const verifiers = (listener: 'admin' | 'public'): AccessVerifiers =>
    Object.assign({}, ...modules.map((m) => m.access?.[listener] ?? {})) as AccessVerifiers;

  const admin = createServer({ logger: log, name: 'admin' });
  const pub = createServer({ logger: log, name: 'public', ...(opts.publicConnections ? { connections: opts.publicConnections } : {}) });
  try {
    await admin.register(cookie);
    installAdminHostCheck(admin, services);
    installAccessControl(admin, 'admin', { ...verifiers('admin'), session: sessionAccess(services) });
    await registerAdminUi(admin, config.uiDir, { tileOrigin: () => tileOrigin(services.settings.get('map.tileUrl') as string) });
    for (const m of modules) for (const routes of m.adminRoutes ?? []) await admin.register(routes);

    // Behind a tunnel every request comes from 127.0.0.1: limits count the address the trusted proxies report.
    await installPublicRateLimits(pub, { trustedProxyHops: config.trustedProxyHops, now: services.now });
    // After the rate limit: a request refused for its credentials still counts against its address.
    installAccessControl(pub, 'public', verifiers('public'));
    for (const m of modules) for (const routes of m.publicRoutes ?? []) await pub.register(routes);
    await Promise.all([admin.ready(), pub.ready()]);
    assertAccessDeclared(admin);
    assertAccessDeclared(pub);
  } catch (err) {
    await composition.stop();
    if (ownsDb) closeDatabase(db);
    throw err;
  }

  let closed = false;
  return {
    admin,
    public: pub,
    services,
    parts: composition.parts,
    start: () => composition.start(),
    async close() {
      if (closed) return;
      closed = true;
      await Promise.allSettled([admin.close(), pub.close()]);
      await composition.stop();
      if (ownsDb) closeDatabase(db);
    },
  };
}
