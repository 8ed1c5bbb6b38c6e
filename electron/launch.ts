import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronPackageDir, locateElectronBinary, runElectronInstaller } from './electron-binary.js';
import {
  decideLaunch,
  electronChildEnv,
  environmentBlocker,
  fallbackLine,
  isEarlyFailure,
  mayDownloadElectron,
  type BinaryState,
  type LaunchFacts,
} from './fallback.js';

/**
 * What `npm start` runs: the desktop app when Electron can start here, otherwise the same server in browser mode.
 * Plain Node, no Electron import: this file decides whether Electron exists at all.
 */

/** A first download is about 100 MB; past this the shop is better served by browser mode now and a retry later. */
const DOWNLOAD_TIMEOUT_MS = 180_000;
/** Say nothing about a download that fails at once (no network): the fallback line says it all. */
const DOWNLOAD_NOTICE_AFTER_MS = 2_000;

const appRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

async function resolveBinary(env: LaunchFacts['env']): Promise<BinaryState> {
  const packageDir = electronPackageDir(import.meta.url);
  const found = locateElectronBinary(packageDir, env);
  if (found.state !== 'not-installed' || packageDir === null) return found;
  if (!mayDownloadElectron(env)) return { state: 'download-skipped' };
  const notice = setTimeout(() => console.log('Downloading the Electron binary (first launch)…'), DOWNLOAD_NOTICE_AFTER_MS);
  await runElectronInstaller(packageDir, DOWNLOAD_TIMEOUT_MS);
  clearTimeout(notice);
  const after = locateElectronBinary(packageDir, env);
  return after.state === 'found' ? after : { state: 'download-failed' };
}

async function browserMode(reason: string): Promise<void> {
  console.log(fallbackLine(reason));
  // Imported here, not at the top: the desktop path should not load the server into this launcher process.
  const { startServer } = await import('../server/main.js');
  await startServer({ env: process.env, mode: 'headless', printLoginLink: true, handleSignals: true });
}

type ElectronRun = { kind: 'exited'; code: number | null; signal: NodeJS.Signals | null; elapsedMs: number } | { kind: 'spawn-error'; message: string };

const FORWARDED_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

function runElectron(electronPath: string, env: LaunchFacts['env']): Promise<ElectronRun> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(electronPath, [appRoot], { stdio: 'inherit', env: electronChildEnv(env), windowsHide: false });
    // Electron quits cleanly on these (its main process stops the server first); this launcher only relays them.
    const relay = (signal: NodeJS.Signals): void => {
      child.kill(signal);
    };
    for (const signal of FORWARDED_SIGNALS) process.on(signal, relay);
    const done = (run: ElectronRun): void => {
      for (const signal of FORWARDED_SIGNALS) process.off(signal, relay);
      resolve(run);
    };
    child.once('error', (err) => done({ kind: 'spawn-error', message: err.message }));
    child.once('exit', (code, signal) => done({ kind: 'exited', code, signal, elapsedMs: Date.now() - started }));
  });
}

async function main(): Promise<void> {
  const facts: LaunchFacts = { platform: process.platform, env: process.env, uid: process.getuid?.() };
  const blocker = environmentBlocker(facts);
  if (blocker !== null) return browserMode(blocker);
  const decision = decideLaunch(facts, await resolveBinary(facts.env));
  if (!decision.ok) return browserMode(decision.reason);

  const run = await runElectron(decision.electronPath, facts.env);
  if (run.kind === 'spawn-error') return browserMode(`could not run ${decision.electronPath}: ${run.message}`);
  if (isEarlyFailure(run.code, run.signal, run.elapsedMs)) {
    return browserMode(`it exited with code ${run.code} at startup`);
  }
  process.exitCode = run.signal !== null ? 128 + (constants.signals[run.signal] ?? 0) : (run.code ?? 1);
}

main().catch((err: unknown) => {
  console.error(`Passerelle could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
