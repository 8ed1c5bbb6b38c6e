import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { BinaryState } from './fallback.js';

/**
 * Finding the Electron binary the way `node_modules/electron/index.js` does, minus its side effect: requiring
 * that module from plain Node starts an unbounded download when the binary is missing.
 */

/** Where the electron package says its binary is, or null when its install step never finished. */
export function electronBinaryPath(opts: {
  packageDir: string;
  pathTxt: string | undefined;
  overrideDistPath: string | undefined;
}): string | null {
  const relative = opts.pathTxt?.trim() || undefined;
  if (opts.overrideDistPath) return join(opts.overrideDistPath, relative ?? 'electron');
  return relative === undefined ? null : join(opts.packageDir, 'dist', relative);
}

/** The folder of the installed electron package, or null (a production install has no devDependencies). */
export function electronPackageDir(from: string): string | null {
  try {
    return dirname(createRequire(from).resolve('electron/package.json'));
  } catch {
    return null;
  }
}

function readIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

export function locateElectronBinary(
  packageDir: string | null,
  env: Readonly<Record<string, string | undefined>>,
): BinaryState {
  if (packageDir === null) return { state: 'no-package' };
  const path = electronBinaryPath({
    packageDir,
    pathTxt: readIfExists(join(packageDir, 'path.txt')),
    overrideDistPath: env.ELECTRON_OVERRIDE_DIST_PATH,
  });
  return path !== null && existsSync(path) ? { state: 'found', path } : { state: 'not-installed' };
}

/**
 * Runs the electron package's own installer once, bounded by `timeoutMs`, its output swallowed (the caller says
 * in one line what happened). Resolves true when it exited cleanly.
 */
export function runElectronInstaller(packageDir: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(packageDir, 'install.js')], {
      cwd: packageDir,
      stdio: 'ignore',
      windowsHide: true,
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', () => {
      clearTimeout(timer);
      resolve(false);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code === 0);
    });
  });
}
