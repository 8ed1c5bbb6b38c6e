import { app, BrowserWindow, shell, type Session } from 'electron';
import { withContentSecurityPolicy } from './csp.js';
import { decideNavigation, isAllowedNavigation, isPermissionAllowed } from './security.js';
import { secureWebPreferences } from './web-preferences.js';

/** Permissions and the CSP header for every page of the session. */
export function hardenSession(ses: Session, adminOrigin: string): void {
  ses.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isPermissionAllowed(permission, details.requestingUrl, adminOrigin));
  });
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isPermissionAllowed(permission, requestingOrigin, adminOrigin),
  );
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withContentSecurityPolicy(details.url, details.responseHeaders, adminOrigin) });
  });
}

/** Applied to every web contents the app ever creates, so a future window cannot forget it. */
export function hardenAllWebContents(adminOrigin: string): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.on('will-frame-navigate', (details) => {
      const decision = decideNavigation(details.url, adminOrigin, { mayOpenExternal: details.isMainFrame });
      if (decision.action === 'allow') return;
      details.preventDefault();
      if (decision.action === 'open-external') void shell.openExternal(decision.url);
    });
    contents.on('will-redirect', (details) => {
      if (!isAllowedNavigation(details.url, adminOrigin)) details.preventDefault();
    });
    contents.setWindowOpenHandler(({ url }) => {
      const decision = decideNavigation(url, adminOrigin, { mayOpenExternal: true });
      if (decision.action === 'open-external') void shell.openExternal(decision.url);
      return { action: 'deny' };
    });
  });
}

/** A renderer that crashes again this soon is left alone rather than reloaded in a loop. */
const RELOAD_AFTER_CRASH_MIN_INTERVAL_MS = 10_000;

export function createAdminWindow(opts: { preloadPath: string; iconPath: string; devTools: boolean }): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Passerelle',
    autoHideMenuBar: true,
    // Windows and macOS take the icon from the executable; Linux needs it for the window itself.
    icon: process.platform === 'linux' ? opts.iconPath : undefined,
    webPreferences: secureWebPreferences({ preloadPath: opts.preloadPath, devTools: opts.devTools }),
  });
  window.once('ready-to-show', () => window.show());
  let lastCrash = 0;
  window.webContents.on('render-process-gone', (_event, details) => {
    console.error(`Passerelle window renderer gone: ${details.reason}`);
    const now = Date.now();
    if (details.reason !== 'clean-exit' && now - lastCrash > RELOAD_AFTER_CRASH_MIN_INTERVAL_MS) window.webContents.reload();
    lastCrash = now;
  });
  return window;
}

export function showWindow(window: BrowserWindow): void {
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
