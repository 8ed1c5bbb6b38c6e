import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appPaths } from './app-paths.js';

describe('appPaths', () => {
  const electronDir = join('/app', 'dist', 'electron');

  it('finds the server entry and the CommonJS preload next to the compiled main', () => {
    const p = appPaths({ electronDir, isPackaged: false, appPath: '/app', resourcesPath: '/unused' });
    expect(p.serverEntry).toBe(join('/app', 'dist', 'server', 'main.js'));
    expect(p.preload).toBe(join('/app', 'dist', 'electron', 'preload.cjs'));
  });

  it('takes the icon from build/ in development and from the resources folder when packaged', () => {
    expect(appPaths({ electronDir, isPackaged: false, appPath: '/app', resourcesPath: '/r' }).icon).toBe(join('/app', 'build', 'icon.png'));
    expect(appPaths({ electronDir, isPackaged: true, appPath: '/r/app.asar', resourcesPath: '/r' }).icon).toBe(join('/r', 'icon.png'));
  });
});
