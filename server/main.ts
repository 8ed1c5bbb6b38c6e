import { pathToFileURL } from 'node:url';
import type { DestinationStream } from 'pino';
import { findAppRoot } from './app-root.js';
import { buildApp, type Passerelle } from './app.js';
import { isLoopbackHost, loadConfig, type Config } from './config.js';
import { AppError } from './errors.js';
import { createLogger } from './http/logger.js';
import { registerInstance } from './runtime/instances.js';

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
  app: Passerelle;
  close(): Promise<void>;
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

/** Parses config, opens the database, starts both listeners and prints where they are. */
export async function startServer(opts: StartOptions): Promise<RunningServer> {
  const started = performance.now();
  const out = opts.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const mode = opts.mode ?? (opts.env.PASSERELLE_MODE === 'desktop' ? 'desktop' : 'headless');
  const config = loadConfig({ env: opts.env, cwd: opts.cwd ?? process.cwd(), mode, appRoot: findAppRoot() });
  const app = await buildApp(config, opts.logDestination ? { logger: createLogger(config, opts.logDestination) } : {});
  try {
    assertRemoteAdminIsProtected(app);
    await app.admin.listen({ host: config.adminHost, port: config.adminPort });
    await app.public.listen({ host: config.publicHost, port: config.publicPort });
  } catch (err) {
    await app.close();
    throw err;
  }
  const port = (s: Passerelle['admin']) => {
    const a = s.server.address();
    return typeof a === 'object' && a ? a.port : 0;
  };
  app.services.urls.setBoundPorts(port(app.admin), port(app.public));
  // Background work (the job runner, APNs pushes) once the URLs it writes into passes are known.
  await app.start();
  const adminUrl = app.services.urls.admin();
  const publicUrl = app.services.urls.public();
  const loginUrl = opts.printLoginLink ? `${adminUrl}/login?token=${app.services.sessions.createLoginToken()}` : undefined;
  // Commands run from another terminal find this server (and its real ports) through this note.
  let unregister: () => void = () => {};
  try {
    const ports = app.services.urls.boundPorts();
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
    app.services.log.warn({ err, runtimeDir: config.runtimeDir }, 'could not note this server for the command line');
  }

  out(`Passerelle ${mode === 'desktop' ? 'desktop' : 'headless'} server ready in ${Math.round(performance.now() - started)} ms`);
  out(`Data: ${config.dataDir}`);
  out(`Admin: ${adminUrl}`);
  out(`Public: ${publicUrl}`);
  if (loginUrl) out(`Login link: ${loginUrl}  (works once; new link: npm run cli -- login-link)`);

  let closing: Promise<void> | undefined;
  const close = () => (closing ??= (unregister(), app.close()));
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
  return { adminUrl, publicUrl, ...(loginUrl ? { loginUrl } : {}), app, close };
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
