import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import type { Logger } from 'pino';
import { installAdminHostCheck, sessionAccess } from './auth/guard.js';
import { compose, type ComposeOptions, type Parts } from './composition.js';
import type { Config } from './config.js';
import { closeDatabase, type Db } from './db/connection.js';
import { openAppDatabase } from './db/index.js';
import { assertAccessDeclared, installAccessControl, type AccessVerifiers } from './http/access.js';
import { registerAdminUi } from './http/admin-ui.js';
import { createServer, type Server } from './http/fastify.js';
import { createLogger } from './http/logger.js';
import { createServices, type Services } from './services.js';
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
  tunnel?: ComposeOptions['tunnel'];
}

/** Builds both Fastify instances; never listens (server/main.ts does). */
export async function buildApp(config: Config, opts: BuildOptions = {}): Promise<Passerelle> {
  const log = opts.logger ?? createLogger(config);
  const ownsDb = opts.db === undefined;
  const db = opts.db ?? openAppDatabase(config.dataDir).db;
  const services = createServices(config, db, log, opts.now);
  const composition = compose(services, {
    version: appVersion(),
    ...(opts.signing ? { signing: opts.signing } : {}),
    ...(opts.tunnel ? { tunnel: opts.tunnel } : {}),
  });
  const { modules } = composition;
  const verifiers = (listener: 'admin' | 'public'): AccessVerifiers =>
    Object.assign({}, ...modules.map((m) => m.access?.[listener] ?? {})) as AccessVerifiers;

  const admin = createServer({ logger: log, name: 'admin' });
  const pub = createServer({ logger: log, name: 'public' });
  try {
    await admin.register(cookie);
    installAdminHostCheck(admin, services);
    installAccessControl(admin, 'admin', { ...verifiers('admin'), session: sessionAccess(services) });
    await registerAdminUi(admin, config.uiDir);
    for (const m of modules) for (const routes of m.adminRoutes ?? []) await admin.register(routes);

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
