import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import type { Logger } from 'pino';
import { authRoutes } from './auth/routes.js';
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
import { createServer, type Server } from './http/fastify.js';
import { healthRoutes } from './http/health-routes.js';
import { createLogger } from './http/logger.js';
import { walletAdminRoutes } from './passes/apple/admin-routes.js';
import { apnsStatusRoutes } from './passes/apple/apns/status-routes.js';
import { appleWebServiceRoutes } from './passes/apple/webservice/routes.js';
import { walletServices } from './passes/apple/wallet-services.js';
import { googleAdminRoutes } from './passes/google/admin-routes.js';
import { googleCallbackAccess, googleCallbackRoutes } from './passes/google/callbacks/routes.js';
import { googleCardLinks } from './passes/google/card-links.js';
import { googleSubscriber } from './passes/google/cards-changed.js';
import { googleServices } from './passes/google/google-services.js';
import { googlePublicRoutes } from './passes/google/public-routes.js';
import { designRoutes } from './passes/design/routes.js';
import { passExportRoutes } from './passes/exports/routes.js';
import { publicPassRoutes } from './passes/exports/public-routes.js';
import { appleSettingsRoutes } from './passes/identity/routes.js';
import { imageRoutes } from './passes/images/routes.js';
import { createServices, type Services } from './services.js';
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
}

/** Builds both Fastify instances; never listens (server/main.ts does). */
export async function buildApp(config: Config, opts: BuildOptions = {}): Promise<Passerelle> {
  const log = opts.logger ?? createLogger(config);
  const ownsDb = opts.db === undefined;
  const db = opts.db ?? openAppDatabase(config.dataDir).db;
  const services = createServices(config, db, log, opts.now);
  const version = appVersion();
  // Google Wallet subscribes to "cards changed" and records its wallet events through the one writer.
  const wallet = walletServices(services);
  const google = googleServices(services, { events: wallet.events });
  wallet.updates.subscribe(googleSubscriber(db, google.waker));

  const admin = createServer({ logger: log, name: 'admin' });
  const pub = createServer({ logger: log, name: 'public' });
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
    await admin.register(googleAdminRoutes(services));

    // Behind a tunnel every request comes from 127.0.0.1; the tunnel's forwarded address keys the limit.
    await pub.register(rateLimit, {
      max: 300,
      timeWindow: 60_000,
      keyGenerator: (request) => {
        const fwd = request.headers['x-forwarded-for'];
        const first = (Array.isArray(fwd) ? fwd[0] : fwd)?.split(',')[0]?.trim();
        return first || request.ip;
      },
      errorResponseBuilder: (_request, context) => ({
        statusCode: 429,
        code: 'RATE_LIMITED',
        message: `Too many requests. Try again in ${Math.ceil(context.ttl / 1000)} s.`,
      }),
    });
    // After the rate limit: a request refused for its credentials still counts against its address.
    installAccessControl(pub, 'public', { applePass: applePassAccess(db), googleCallback: googleCallbackAccess(services) });
    await pub.register(healthRoutes(version));
    await pub.register(publicPassRoutes(services, { google: googleCardLinks(services) }));
    await pub.register(appleWebServiceRoutes(services));
    await pub.register(googleCallbackRoutes(services, wallet.events));
    await pub.register(googlePublicRoutes(services));
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
