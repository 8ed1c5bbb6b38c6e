import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DestinationStream } from 'pino';
import { findAppRoot } from './app-root.js';
import { buildApp, type Passerelle } from './app.js';
import { isLoopbackHost, loadConfig, type Config } from './config.js';
import { AppError } from './errors.js';
import { createLogger } from './http/logger.js';
import { runRestore } from './backups/restore-run.js';
import { acquireLock } from './db/server-lock.js';
import { registerInstance } from './runtime/instances.js';
import type { RestoreReport, ServerLifecycle } from './services.js';

export interface StartOptions {
  env: Record<string, string | undefined>;
  mode?: Config['mode'];
  /** Browser mode: print a one-time login link (Electron uses its per-launch token instead). */
  printLoginLink?: boolean;
  /** Where the ready lines go; stdout by default. */
  out?: (line: string) => void;
  /** Close on SIGINT/SIGTERM (and on Electron's shutdown message); off in tests. */
  handleSignals?: boolean;
  /** Where log lines go; stdout by default (tests read them). */
  logDestination?: DestinationStream;
  cwd?: string;
}

export interface RunningServer {
  adminUrl: string;
  publicUrl: string;
  loginUrl?: string;
  /** The running app (a restore from the admin UI replaces it). */
  readonly app: Passerelle;
  close(): Promise<void>;
  /** Resolves when a restore started from the admin UI is over (tests). */
  restoring(): Promise<void>;
}

/** Electron's utilityProcess gives the child a `parentPort`; plain Node has none. */
interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
}
const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;

function assertRemoteAdminIsProtected(app: Passerelle): void {
  const { config, settings } = app.services;
  if (isLoopbackHost(config.adminHost)) return;
  if (settings.getSecret('admin.passwordHash') === undefined) {
    throw new AppError(
      'ADMIN_PASSWORD_REQUIRED',
      `The admin listener is set to bind ${config.adminHost}, beyond this computer. ` +
        'Set an admin password first: passerelle settings admin-password',
      500,
    );
  }
}

/** The listeners' actual ports (port 0 picks a free one). */
const portOf = (s: Passerelle['admin']): number => {
  const a = s.server.address();
  return typeof a === 'object' && a ? a.port : 0;
};

/** Parses config, opens the database, starts both listeners and prints where they are. */
export async function startServer(opts: StartOptions): Promise<RunningServer> {
  const started = performance.now();
  const out = opts.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const mode = opts.mode ?? (opts.env.PASSERELLE_MODE === 'desktop' ? 'desktop' : 'headless');
  const config = loadConfig({ env: opts.env, cwd: opts.cwd ?? process.cwd(), mode, appRoot: findAppRoot() });
  // Before the database is opened: a second server on this folder, or a restore in progress, refuses to start.
  const lock = acquireLock(config.dataDir, 'server');
  const logger = opts.logDestination ? createLogger(config, opts.logDestination) : undefined;

  let app: Passerelle;
  let lastRestore: RestoreReport | undefined;
  let restoring: Promise<void> | undefined;
  const lifecycle: ServerLifecycle = {
    restore: (source, token) => {
      restoring ??= restoreInPlace(source, token).finally(() => (restoring = undefined));
    },
    lastRestore: () => lastRestore,
  };

  async function boot(ports: { admin: number; public: number }): Promise<void> {
    const next = await buildApp(config, { ...(logger ? { logger } : {}), lifecycle });
    try {
      assertRemoteAdminIsProtected(next);
      await next.admin.listen({ host: config.adminHost, port: ports.admin });
      await next.public.listen({ host: config.publicHost, port: ports.public });
    } catch (err) {
      await next.close();
      throw err;
    }
    next.services.urls.setBoundPorts(portOf(next.admin), portOf(next.public));
    app = next;
    // Background work (the job runner, APNs pushes, daily backups) once the URLs it writes into passes are known.
    await next.start();
  }

  // app.close() stops the background work first: it needs the database that closes last.
  const shutdown = (): Promise<void> => app.close();

  /**
   * The admin UI's restore: close everything, swap the file, start again on the same ports. The restart is the
   * honest way: every repository holds statements prepared on the old connection. If the restored database does
   * not start, the one it replaced (kept as a dated copy) is put back and started, and the report says why.
   */
  async function restoreInPlace(source: string, token: string | undefined): Promise<void> {
    const ports = app.services.urls.boundPorts();
    const log = app.services.log;
    const session = token ? app.services.sessions.sessionRow(token) : undefined;
    await shutdown();
    const at = Date.now();
    let keptAs: string | undefined;
    try {
      const run = runRestore({ dataDir: config.dataDir, source, now: at, ...(session ? { session } : {}) });
      keptAs = run.keptAs;
      lastRestore = { at, ok: true, message: `Restored ${basename(source)}.`, restoredFrom: source, ...(keptAs ? { keptAs } : {}) };
      await boot(ports);
      log.info({ backup: basename(source), keptAs }, 'backup restored, server started again');
    } catch (err) {
      const why = err instanceof AppError ? err.message : (err as Error).message;
      lastRestore = { at, ok: false, message: why, restoredFrom: source };
      if (keptAs) {
        runRestore({ dataDir: config.dataDir, source: keptAs, now: Date.now(), ...(session ? { session } : {}) });
        lastRestore.message = `The restored database did not start (${why}); the previous one is back in place.`;
      }
      log.error({ err }, 'restore failed');
      await boot(ports);
    }
  }

  try {
    await boot({ admin: config.adminPort, public: config.publicPort });
  } catch (err) {
    lock.release();
    throw err;
  }
  const adminUrl = app!.services.urls.admin();
  const publicUrl = app!.services.urls.public();
  lock.update(adminUrl);
  const loginUrl = opts.printLoginLink ? `${adminUrl}/login?token=${app!.services.sessions.createLoginToken()}` : undefined;
  // Commands run from another terminal find this server (and its real ports) through this note.
  let unregister: () => void = () => {};
  try {
    const ports = app!.services.urls.boundPorts();
    unregister = registerInstance(config.runtimeDir, {
      dataDir: config.dataDir,
      adminUrl,
      publicUrl,
      adminPort: ports.admin,
      publicPort: ports.public,
      mode,
      startedAt: Date.now(),
    });
  } catch (err) {
    app!.services.log.warn({ err, runtimeDir: config.runtimeDir }, 'could not note this server for the command line');
  }

  out(`Passerelle ${mode === 'desktop' ? 'desktop' : 'headless'} server ready in ${Math.round(performance.now() - started)} ms`);
  out(`Data: ${config.dataDir}`);
  out(`Admin: ${adminUrl}`);
  out(`Public: ${publicUrl}`);
  if (loginUrl) out(`Login link: ${loginUrl}  (works once; new link: npm run cli -- login-link)`);

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      unregister();
      await restoring?.catch(() => undefined);
      await shutdown();
      lock.release();
    })());
  if (opts.handleSignals) {
    // Output piped into a program that has exited (`serve | head -1`) must not keep the server from stopping.
    process.stdout.on('error', () => {});
    const stop = (signal: string) => {
      // A backstop: whatever hangs (a client that never lets go), the process still ends.
      setTimeout(() => process.exit(1), 10_000).unref();
      try {
        app.services.log.info({ signal }, 'shutting down');
      } catch {
        // stdout may be a closed pipe (`… | head`); shutting down matters more than saying so.
      }
      void close().then(() => process.exit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    parentPort?.on('message', (e) => {
      if ((e.data as { type?: string } | null)?.type === 'shutdown') stop('shutdown message');
    });
  }
  parentPort?.postMessage({ type: 'ready', adminUrl, publicUrl });
  return {
    adminUrl,
    publicUrl,
    ...(loginUrl ? { loginUrl } : {}),
    get app() {
      return app;
    },
    close,
    restoring: () => restoring ?? Promise.resolve(),
  };
}

const isEntry = parentPort !== undefined || (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href);
if (isEntry) {
  startServer({ env: process.env, handleSignals: true, printLoginLink: process.env.PASSERELLE_MODE !== 'desktop' }).catch(
    (err: unknown) => {
      const message = err instanceof AppError ? err.message : (err as Error).stack ?? String(err);
      process.stderr.write(`Passerelle could not start: ${message}\n`);
      parentPort?.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) });
      // Give the message to Electron a moment to leave before the process ends.
      setTimeout(() => process.exit(1), parentPort ? 200 : 0);
    },
  );
}
