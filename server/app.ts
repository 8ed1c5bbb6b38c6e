import cookie from '@fastify/cookie';
import type { Logger } from 'pino';
import { authRoutes } from './auth/routes.js';
import { backupRoutes } from './backups/routes.js';
import { installAdminHostCheck, sessionAccess } from './auth/guard.js';
import { assertAccessDeclared, installAccessControl } from './http/access.js';
import { applePassAccess } from './passes/apple/webservice/pass-auth.js';
import { overviewRoutes } from './analytics/overview-routes.js';
import type { Config } from './config.js';
import { customerRoutes } from './customers/routes.js';
import { loyaltyRoutes } from './loyalty/routes.js';
import { closeDatabase, type Db } from './db/connection.js';
import { openAppDatabase } from './db/index.js';
import { demoRoutes } from './demo/routes.js';
import { registerAdminUi } from './http/admin-ui.js';
import { createServer, type ConnectionLimits, type Server } from './http/fastify.js';
import { installPublicRateLimits } from './http/rate-limits.js';
import { healthRoutes } from './http/health-routes.js';
import { createLogger } from './http/logger.js';
import { walletAdminRoutes } from './passes/apple/admin-routes.js';
import { apnsStatusRoutes } from './passes/apple/apns/status-routes.js';
import { appleWebServiceRoutes } from './passes/apple/webservice/routes.js';
import { designRoutes } from './passes/design/routes.js';
import { passExportRoutes } from './passes/exports/routes.js';
import { publicPassRoutes } from './passes/exports/public-routes.js';
import { appleSettingsRoutes } from './passes/identity/routes.js';
import { imageRoutes } from './passes/images/routes.js';
import { createServices, type ServerLifecycle, type Services } from './services.js';
import { settingsRoutes } from './settings/routes.js';
import { storeRoutes } from './stores/routes.js';
import { appVersion } from './version.js';

export interface Passerelle {
  /** Admin UI + admin API; binds 127.0.0.1 unless explicitly configured. */
  admin: Server;
  /** What the tunnel exposes: public routes only. */
  public: Server;
  services: Services;
  /** Closes both listeners, then checkpoints and closes SQLite (when buildApp opened it). */
  close(): Promise<void>;
}

export interface BuildOptions {
  /** An already-open, migrated database (tests); otherwise the data folder's is opened and migrated. */
  db?: Db;
  logger?: Logger;
  now?: () => number;
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
  const version = appVersion();

  const admin = createServer({ logger: log, name: 'admin' });
  const pub = createServer({ logger: log, name: 'public', ...(opts.publicConnections ? { connections: opts.publicConnections } : {}) });
  try {
    await admin.register(cookie);
    installAdminHostCheck(admin, services);
    installAccessControl(admin, 'admin', { session: sessionAccess(services) });
    await registerAdminUi(admin, config.uiDir);
    await admin.register(healthRoutes(version));
    await admin.register(authRoutes(services, version));
    await admin.register(overviewRoutes(services));
    await admin.register(customerRoutes(services));
    await admin.register(storeRoutes(services));
    await admin.register(designRoutes(services));
    await admin.register(imageRoutes(services));
    await admin.register(settingsRoutes(services));
    await admin.register(appleSettingsRoutes(services));
    await admin.register(passExportRoutes(services));
    await admin.register(walletAdminRoutes(services));
    await admin.register(apnsStatusRoutes(services));
    await admin.register(loyaltyRoutes(services));
    await admin.register(demoRoutes(services));
    await admin.register(backupRoutes(services));

    // Behind a tunnel every request comes from 127.0.0.1: limits count the address the trusted proxies report.
    await installPublicRateLimits(pub, { trustedProxyHops: config.trustedProxyHops, now: services.now });
    // After the rate limit: a request refused for its credentials still counts against its address.
    installAccessControl(pub, 'public', { applePass: applePassAccess(db) });
    await pub.register(healthRoutes(version));
    await pub.register(publicPassRoutes(services));
    await pub.register(appleWebServiceRoutes(services));
    await Promise.all([admin.ready(), pub.ready()]);
    assertAccessDeclared(admin);
    assertAccessDeclared(pub);
  } catch (err) {
    if (ownsDb) closeDatabase(db);
    throw err;
  }

  let closed = false;
  return {
    admin,
    public: pub,
    services,
    async close() {
      if (closed) return;
      closed = true;
      await Promise.allSettled([admin.close(), pub.close()]);
      if (ownsDb) closeDatabase(db);
    },
  };
}
