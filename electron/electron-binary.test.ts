import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { electronBinaryPath, electronPackageDir, locateElectronBinary, runElectronInstaller } from './electron-binary.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'passerelle-electron-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('electronBinaryPath', () => {
  it('reads path.txt relative to dist/, as the electron package does', () => {
    expect(electronBinaryPath({ packageDir: '/p', pathTxt: 'electron', overrideDistPath: undefined })).toBe(join('/p', 'dist', 'electron'));
    expect(
      electronBinaryPath({ packageDir: '/p', pathTxt: 'Electron.app/Contents/MacOS/Electron\n', overrideDistPath: undefined }),
    ).toBe(join('/p', 'dist', 'Electron.app/Contents/MacOS/Electron'));
  });

  it('is null when the install step never wrote path.txt', () => {
    expect(electronBinaryPath({ packageDir: '/p', pathTxt: undefined, overrideDistPath: undefined })).toBeNull();
    expect(electronBinaryPath({ packageDir: '/p', pathTxt: '  ', overrideDistPath: undefined })).toBeNull();
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH', () => {
    expect(electronBinaryPath({ packageDir: '/p', pathTxt: undefined, overrideDistPath: '/opt/electron' })).toBe(
      join('/opt/electron', 'electron'),
    );
    expect(electronBinaryPath({ packageDir: '/p', pathTxt: 'electron.exe', overrideDistPath: '/opt/e' })).toBe(join('/opt/e', 'electron.exe'));
  });
});

describe('locateElectronBinary', () => {
  it('reports a missing package', () => {
    expect(locateElectronBinary(null, {})).toEqual({ state: 'no-package' });
  });

  it('reports a package whose binary was never fetched', () => {
    expect(locateElectronBinary(dir, {})).toEqual({ state: 'not-installed' });
  });

  it('reports a path.txt that points at nothing', () => {
    writeFileSync(join(dir, 'path.txt'), 'electron');
    expect(locateElectronBinary(dir, {})).toEqual({ state: 'not-installed' });
  });

  it('finds an installed binary', () => {
    writeFileSync(join(dir, 'path.txt'), 'electron');
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'dist', 'electron'), '');
    expect(locateElectronBinary(dir, {})).toEqual({ state: 'found', path: join(dir, 'dist', 'electron') });
  });

  it('finds a binary in ELECTRON_OVERRIDE_DIST_PATH', () => {
    const override = join(dir, 'custom');
    mkdirSync(override);
    writeFileSync(join(override, 'electron'), '');
    expect(locateElectronBinary(dir, { ELECTRON_OVERRIDE_DIST_PATH: override })).toEqual({
      state: 'found',
      path: join(override, 'electron'),
    });
  });
});

describe('electronPackageDir', () => {
  it('finds the installed electron package from this folder', () => {
    const found = electronPackageDir(import.meta.url);
    expect(found).not.toBeNull();
    expect(JSON.parse(readFileSync(join(found ?? '', 'package.json'), 'utf8')).name).toBe('electron');
  });

  it('is null where no electron package can be resolved', () => {
    expect(electronPackageDir(pathToFileURL(join(dir, 'x.js')).href)).toBeNull();
  });
});

describe('runElectronInstaller', () => {
  it('runs install.js and reports success', async () => {
    writeFileSync(
      join(dir, 'install.js'),
      `const fs = require('fs'); fs.mkdirSync('dist'); fs.writeFileSync('dist/electron', ''); fs.writeFileSync('path.txt', 'electron');`,
    );
    await expect(runElectronInstaller(dir, 10_000)).resolves.toBe(true);
    expect(locateElectronBinary(dir, {})).toEqual({ state: 'found', path: join(dir, 'dist', 'electron') });
  });

  it('reports a failed download', async () => {
    writeFileSync(join(dir, 'install.js'), `console.error('TypeError: fetch failed'); process.exit(1);`);
    await expect(runElectronInstaller(dir, 10_000)).resolves.toBe(false);
  });

  it('stops a download that outlives its time limit', async () => {
    writeFileSync(join(dir, 'install.js'), `setInterval(() => {}, 1000);`);
    const started = Date.now();
    await expect(runElectronInstaller(dir, 300)).resolves.toBe(false);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('reports a package without an installer', async () => {
    await expect(runElectronInstaller(dir, 10_000)).resolves.toBe(false);
  });
});
