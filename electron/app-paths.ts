import { join } from 'node:path';

export interface AppPaths {
  serverEntry: string;
  preload: string;
  icon: string;
}

/**
 * Files the main process loads, from the folder of the compiled `main.js` (`dist/electron/`). The icon lives in
 * `build/` during development and is copied next to the asar by electron-builder (`extraResources`) when packaged.
 */
export function appPaths(opts: { electronDir: string; isPackaged: boolean; appPath: string; resourcesPath: string }): AppPaths {
  return {
    serverEntry: join(opts.electronDir, '..', 'server', 'main.js'),
    preload: join(opts.electronDir, 'preload.cjs'),
    icon: opts.isPackaged ? join(opts.resourcesPath, 'icon.png') : join(opts.appPath, 'build', 'icon.png'),
  };
}
