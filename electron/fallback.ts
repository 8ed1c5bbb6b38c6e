/**
 * Whether `npm start` can open the desktop app or must fall back to browser mode (the same server, with a login
 * link printed in the terminal). Each reason is phrased to complete "Electron cannot start (…)".
 */

export type BinaryState =
  | { state: 'found'; path: string }
  | { state: 'no-package' }
  | { state: 'not-installed' }
  | { state: 'download-skipped' }
  | { state: 'download-failed' };

export interface LaunchFacts {
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  /** `process.getuid?.()`: undefined on Windows. */
  uid: number | undefined;
}

export type LaunchDecision = { ok: true; electronPath: string } | { ok: false; reason: string };

const ELECTRON_PLATFORMS: readonly NodeJS.Platform[] = ['linux', 'darwin', 'win32'];

function isSet(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

/** What stops Electron whatever its binary: checked first, so a headless box never downloads 100 MB for nothing. */
export function environmentBlocker(facts: LaunchFacts): string | null {
  if (isSet(facts.env.PASSERELLE_BROWSER_MODE)) return 'PASSERELLE_BROWSER_MODE is set';
  if (!ELECTRON_PLATFORMS.includes(facts.platform)) return `there is no Electron build for ${facts.platform}`;
  if (facts.platform === 'linux') {
    if (!facts.env.DISPLAY && !facts.env.WAYLAND_DISPLAY) return 'no display: neither DISPLAY nor WAYLAND_DISPLAY is set';
    // Chromium refuses to run as root unless its sandbox is disabled, and the sandbox is not negotiable here.
    if (facts.uid === 0) return 'running as root, which the Chromium sandbox refuses';
  }
  return null;
}

/** The electron package's own install step honours this variable; a missing binary is then not fetched either. */
export function mayDownloadElectron(env: Readonly<Record<string, string | undefined>>): boolean {
  return !isSet(env.ELECTRON_SKIP_BINARY_DOWNLOAD);
}

export function decideLaunch(facts: LaunchFacts, binary: BinaryState): LaunchDecision {
  const blocker = environmentBlocker(facts);
  if (blocker !== null) return { ok: false, reason: blocker };
  switch (binary.state) {
    case 'found':
      return { ok: true, electronPath: binary.path };
    case 'no-package':
      return { ok: false, reason: 'the electron package is not installed' };
    case 'not-installed':
      return { ok: false, reason: 'binary not installed' };
    case 'download-skipped':
      return { ok: false, reason: 'binary not installed and ELECTRON_SKIP_BINARY_DOWNLOAD is set' };
    case 'download-failed':
      return { ok: false, reason: 'binary not installed and could not be downloaded' };
  }
}

/** The one line `npm start` prints before serving in browser mode. */
export function fallbackLine(reason: string): string {
  return `Electron cannot start (${reason}): falling back to browser mode.`;
}

/**
 * An Electron that dies this soon with a failure code never got as far as its window (missing system libraries,
 * a GPU process that cannot start…): browser mode is then more useful than an error.
 */
export const EARLY_EXIT_MS = 5_000;

export function isEarlyFailure(code: number | null, signal: string | null, elapsedMs: number): boolean {
  return signal === null && code !== null && code !== 0 && elapsedMs < EARLY_EXIT_MS;
}

/** The environment for the Electron child: `ELECTRON_RUN_AS_NODE` (set by some editors' terminals) would make it plain Node. */
export function electronChildEnv(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && key !== 'ELECTRON_RUN_AS_NODE') result[key] = value;
  }
  return result;
}
