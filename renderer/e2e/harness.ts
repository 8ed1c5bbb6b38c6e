/**
 * What the browser tests need from the outside world: the system Chromium and the real server, started the way a
 * user starts it (`node dist/server/cli.js serve`) on a fresh data folder and random ports.
 */
import Database from 'better-sqlite3';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SCREENSHOT_DIR = join(ROOT, 'test-artifacts', 'screenshots');
const DEFAULT_CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  // Tests never reach the internet: every name but this machine's fails to resolve (map tiles of a page whose tile
  // URL a test did not point at a stand-in, fonts, anything a library would fetch).
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
];

/**
 * The Chromium to drive, or null when the tests must be skipped (said once, loudly). Under CI a missing browser is
 * a failure, never a silent skip.
 */
export function requireChromium(): string | null {
  const wanted = process.env['PASSERELLE_CHROMIUM'] || DEFAULT_CHROMIUM;
  if (existsSync(wanted)) return wanted;
  if (process.env['CI']) {
    throw new Error(`Browser tests need Chromium at ${wanted} (CI is set, so this fails instead of skipping) — install it with: sudo apt-get install -y chromium`);
  }
  console.warn(`SKIPPED browser tests: no Chromium at ${wanted} — install it with: sudo apt-get install -y chromium`);
  return null;
}

export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, timeout: 60_000 });
}

export interface RunningServer {
  adminUrl: string;
  publicUrl: string;
  loginLink: string;
  dataDir: string;
  /** A fresh one-time login link, from `cli.js login-link` run like a user would, against the same data folder. */
  newLoginLink(): Promise<string>;
  /** Sets the admin password with `cli.js settings admin-password --password-stdin`, as an admin would. */
  setAdminPassword(password: string): Promise<void>;
  /** Everything the server printed so far, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 60_000;

function ownEnvironment(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  // The developer's own PASSERELLE_* settings must not leak into a test server.
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('PASSERELLE_')) env[key] = value;
  return {
    ...env,
    PASSERELLE_DATA_DIR: dataDir,
    PASSERELLE_ADMIN_PORT: '0',
    PASSERELLE_PUBLIC_PORT: '0',
    // Each test server notes itself in its own folder, not in the developer's ~/.passerelle/running.
    PASSERELLE_RUNTIME_DIR: join(dataDir, '.running'),
    ...extra,
  };
}

export interface StartOptions {
  /** CLI commands run on the fresh data folder before the server starts (`['settings', 'apns', '--host', …]`). */
  cliBefore?: string[][];
  /** More environment for the server process (NODE_EXTRA_CA_CERTS for a test authority, say). */
  env?: Record<string, string>;
}

/** Starts `node dist/server/cli.js serve` and waits for its `Admin:`, `Public:` and `Login link:` lines. */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const cli = join(ROOT, 'dist', 'server', 'cli.js');
  for (const built of [cli, join(ROOT, 'dist', 'renderer', 'admin.html')]) {
    if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` before the browser tests.`);
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'passerelle-e2e-'));
  try {
    for (const args of options.cliBefore ?? []) await runCli(cli, dataDir, args);
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const child = spawn(process.execPath, [cli, 'serve'], {
    cwd: ROOT,
    env: ownEnvironment(dataDir, options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));

  const found: { admin?: string; public?: string; login?: string } = {};
  try {
    await new Promise<void>((resolveReady, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`The server did not print its addresses within ${READY_TIMEOUT_MS / 1000} s:\n${output}`)),
        READY_TIMEOUT_MS,
      );
      let pending = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        output += chunk;
        pending += chunk;
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) {
          found.admin ??= /Admin:\s*(https?:\/\/\S+)/.exec(line)?.[1];
          found.public ??= /Public:\s*(https?:\/\/\S+)/.exec(line)?.[1];
          found.login ??= /Login link:\s*(https?:\/\/\S+)/.exec(line)?.[1];
        }
        if (found.admin && found.public && found.login) {
          clearTimeout(timer);
          resolveReady();
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`The server exited (code ${code}, signal ${signal}) before it was ready:\n${output}`));
      });
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  } catch (error) {
    await stopChild(child);
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }

  return {
    adminUrl: found.admin!.replace(/\/$/, ''),
    publicUrl: found.public!.replace(/\/$/, ''),
    loginLink: found.login!,
    dataDir,
    newLoginLink: () => newLoginLink(cli, dataDir, found.admin!.replace(/\/$/, '')),
    setAdminPassword: (password) => setAdminPassword(cli, dataDir, password),
    output: () => output,
    stop: async () => {
      await stopChild(child);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function runCli(cli: string, dataDir: string, args: string[]): Promise<string> {
  return new Promise<string>((done, fail) =>
    execFile(process.execPath, [cli, ...args], { cwd: ROOT, env: ownEnvironment(dataDir) }, (error, stdout, stderr) =>
      error ? fail(new Error(`cli.js ${args.join(' ')} failed: ${error.message}\n${stdout}${stderr}`)) : done(stdout),
    ),
  );
}

async function newLoginLink(cli: string, dataDir: string, adminUrl: string): Promise<string> {
  const printed = (await runCli(cli, dataDir, ['login-link'])).trim();
  // The command finds the running server and prints its real address (its port was chosen at start).
  if (!printed.startsWith(`${adminUrl}/login?token=`)) throw new Error(`login-link printed another address than ${adminUrl}:\n${printed}`);
  return printed;
}

async function setAdminPassword(cli: string, dataDir: string, password: string): Promise<void> {
  const child = spawn(process.execPath, [cli, 'settings', 'admin-password', '--password-stdin'], {
    cwd: ROOT,
    env: ownEnvironment(dataDir),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let printed = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (printed += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (printed += chunk));
  child.stdin.end(`${password}\n`);
  const code = await new Promise<number | null>((done) => child.once('exit', done));
  if (code !== 0) throw new Error(`settings admin-password failed (${code}):\n${printed}`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return join(SCREENSHOT_DIR, `${name}.png`);
}

/** The WWDR (stand-in) a running server signs with, read from its database as an auditor would. */
export function serverWwdr(dataDir: string): string {
  const db = new Database(join(dataDir, 'passerelle.sqlite'), { readonly: true });
  try {
    const row = db
      .prepare(`SELECT wwdr_pem FROM signing_identities ORDER BY source = 'imported' DESC LIMIT 1`)
      .get() as { wwdr_pem: string };
    return row.wwdr_pem;
  } finally {
    db.close();
  }
}

export interface AdminPageOptions {
  acceptDownloads?: boolean;
  /** Load the demo brand from the welcome panel first (the install starts empty). */
  demo?: boolean;
}

/**
 * A page of the admin UI in English at 1360×900, signed in through the server's login link; the page's uncaught
 * errors are pushed to `pageErrors`.
 */
export async function openAdmin(browser: Browser, server: RunningServer, pageErrors: string[], options: AdminPageOptions = {}): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1360, height: 900 },
    locale: 'en-GB',
    ...(options.acceptDownloads ? { acceptDownloads: true } : {}),
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(server.loginLink);
  if (options.demo) {
    await page.getByTestId('load-demo').click();
    await page.getByTestId('welcome-panel').waitFor({ state: 'detached', timeout: 60_000 });
  }
  return page;
}
