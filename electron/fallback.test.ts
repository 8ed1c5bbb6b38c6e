import { describe, expect, it } from 'vitest';
import {
  decideLaunch,
  EARLY_EXIT_MS,
  electronChildEnv,
  environmentBlocker,
  fallbackLine,
  isEarlyFailure,
  mayDownloadElectron,
  type LaunchFacts,
} from './fallback.js';

const found = { state: 'found', path: '/app/node_modules/electron/dist/electron' } as const;
const desktopLinux: LaunchFacts = { platform: 'linux', env: { DISPLAY: ':0' }, uid: 1000 };

describe('decideLaunch', () => {
  it('starts Electron on a Linux desktop with a display and a binary', () => {
    expect(decideLaunch(desktopLinux, found)).toEqual({ ok: true, electronPath: found.path });
  });

  it('accepts a Wayland-only session', () => {
    expect(decideLaunch({ ...desktopLinux, env: { WAYLAND_DISPLAY: 'wayland-0' } }, found).ok).toBe(true);
  });

  it('needs no display variable on macOS or Windows', () => {
    expect(decideLaunch({ platform: 'darwin', env: {}, uid: 501 }, found).ok).toBe(true);
    expect(decideLaunch({ platform: 'win32', env: {}, uid: undefined }, found).ok).toBe(true);
  });

  it('falls back without a display on Linux (a server, SSH, CI)', () => {
    expect(decideLaunch({ ...desktopLinux, env: {} }, found)).toEqual({
      ok: false,
      reason: 'no display: neither DISPLAY nor WAYLAND_DISPLAY is set',
    });
    expect(decideLaunch({ ...desktopLinux, env: { DISPLAY: '', WAYLAND_DISPLAY: '' } }, found).ok).toBe(false);
  });

  it('falls back as root on Linux, where the Chromium sandbox refuses to run', () => {
    expect(decideLaunch({ ...desktopLinux, uid: 0 }, found)).toEqual({
      ok: false,
      reason: 'running as root, which the Chromium sandbox refuses',
    });
  });

  it('falls back on a platform Electron does not ship for', () => {
    expect(decideLaunch({ platform: 'freebsd', env: { DISPLAY: ':0' }, uid: 1000 }, found)).toEqual({
      ok: false,
      reason: 'there is no Electron build for freebsd',
    });
  });

  it('falls back when the user asks for browser mode, whatever else is true', () => {
    for (const value of ['1', 'true', 'yes']) {
      expect(decideLaunch({ ...desktopLinux, env: { DISPLAY: ':0', PASSERELLE_BROWSER_MODE: value } }, found)).toEqual({
        ok: false,
        reason: 'PASSERELLE_BROWSER_MODE is set',
      });
    }
    for (const value of ['', '0', 'false', 'FALSE']) {
      expect(decideLaunch({ ...desktopLinux, env: { DISPLAY: ':0', PASSERELLE_BROWSER_MODE: value } }, found).ok).toBe(true);
    }
  });

  it.each([
    [{ state: 'no-package' } as const, 'the electron package is not installed'],
    [{ state: 'not-installed' } as const, 'binary not installed'],
    [{ state: 'download-skipped' } as const, 'binary not installed and ELECTRON_SKIP_BINARY_DOWNLOAD is set'],
    [{ state: 'download-failed' } as const, 'binary not installed and could not be downloaded'],
  ])('falls back when the binary is %j', (binary, reason) => {
    expect(decideLaunch(desktopLinux, binary)).toEqual({ ok: false, reason });
  });

  it('reports the environment before the binary', () => {
    expect(decideLaunch({ ...desktopLinux, env: {} }, { state: 'download-failed' })).toMatchObject({ reason: /no display/ });
  });
});

describe('environmentBlocker', () => {
  it('is null when only the binary is left to check', () => {
    expect(environmentBlocker(desktopLinux)).toBeNull();
    expect(environmentBlocker({ platform: 'darwin', env: {}, uid: 0 })).toBeNull();
  });
});

describe('mayDownloadElectron', () => {
  it('honours ELECTRON_SKIP_BINARY_DOWNLOAD', () => {
    expect(mayDownloadElectron({})).toBe(true);
    expect(mayDownloadElectron({ ELECTRON_SKIP_BINARY_DOWNLOAD: '1' })).toBe(false);
    expect(mayDownloadElectron({ ELECTRON_SKIP_BINARY_DOWNLOAD: '0' })).toBe(true);
  });
});

describe('fallbackLine', () => {
  it('is the one line npm start prints', () => {
    expect(fallbackLine('binary not installed and could not be downloaded')).toBe(
      'Electron cannot start (binary not installed and could not be downloaded): falling back to browser mode.',
    );
    expect(fallbackLine('x')).not.toMatch(/\n/);
  });
});

describe('isEarlyFailure', () => {
  it('is a failure code soon after spawn', () => {
    expect(isEarlyFailure(127, null, 300)).toBe(true);
    expect(isEarlyFailure(1, null, EARLY_EXIT_MS - 1)).toBe(true);
  });

  it('is not a clean exit, a signal, or a failure after the window had time to open', () => {
    expect(isEarlyFailure(0, null, 100)).toBe(false);
    expect(isEarlyFailure(null, 'SIGINT', 100)).toBe(false);
    expect(isEarlyFailure(1, null, EARLY_EXIT_MS)).toBe(false);
  });
});

describe('electronChildEnv', () => {
  it('drops ELECTRON_RUN_AS_NODE and undefined values, keeps the rest', () => {
    expect(electronChildEnv({ ELECTRON_RUN_AS_NODE: '1', DISPLAY: ':0', X: undefined })).toEqual({ DISPLAY: ':0' });
  });
});
