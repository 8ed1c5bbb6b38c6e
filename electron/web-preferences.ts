/**
 * The admin window's `webPreferences`. The literal types make a weakened setting a type error here and at the
 * `new BrowserWindow` call, and the tests read the same object the window gets.
 */
export interface SecureWebPreferences {
  preload: string;
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  webviewTag: false;
  experimentalFeatures: false;
  /** A file dropped on the window must not replace the admin UI with a local page. */
  navigateOnDragDrop: false;
  /** A page looping `alert()` cannot lock the window. */
  safeDialogs: true;
  devTools: boolean;
}

export function secureWebPreferences(opts: { preloadPath: string; devTools: boolean }): SecureWebPreferences {
  return {
    preload: opts.preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    devTools: opts.devTools,
  };
}
