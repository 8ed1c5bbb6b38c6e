import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  app,
  type BrowserWindow,
  clipboard,
  dialog,
  Menu,
  session,
  shell,
  utilityProcess,
  type Tray,
  type UtilityProcess,
} from 'electron';
import { appPaths } from './app-paths.js';
import { bridgeHandlers } from './bridge-handlers.js';
import { registerBridge } from './ipc.js';
import { stopServer, waitForReady } from './server-lifecycle.js';
import { serverEnv } from './server-env.js';
import { loginUrl } from './server-messages.js';
import { desktopStrings } from './strings.js';
import { createTray } from './tray.js';
import { createAdminWindow, hardenAllWebContents, hardenSession, showWindow } from './window.js';

/**
 * The Electron main process, kept thin: the server runs in a utility process (SQLite and signing are synchronous,
 * and the window must never freeze), the window shows the admin UI it serves, and every decision lives in a
 * small pure module next to this one.
 */

const READY_TIMEOUT_MS = 20_000;
/** Long enough for the server to finish requests and checkpoint SQLite; then it is killed. */
const SHUTDOWN_GRACE_MS = 10_000;
const KILL_WAIT_MS = 2_000;

const state: {
  server?: UtilityProcess;
  serverAlive: boolean;
  serverStopped: boolean;
  stopping: boolean;
  quitting: boolean;
  window?: BrowserWindow;
  /** Held so the tray icon is not garbage-collected away. */
  tray?: Tray;
} = { serverAlive: false, serverStopped: false, stopping: false, quitting: false };

function onBeforeQuit(event: { preventDefault(): void }): void {
  state.quitting = true;
  const server = state.server;
  if (!server || !state.serverAlive || state.serverStopped) return;
  event.preventDefault();
  if (state.stopping) return;
  state.stopping = true;
  void stopServer(server, { graceMs: SHUTDOWN_GRACE_MS, killWaitMs: KILL_WAIT_MS }).then((outcome) => {
    if (outcome !== 'exited') console.error(`Passerelle server did not stop in time: ${outcome}`);
    state.serverStopped = true;
    app.quit();
  });
}

function installAppHandlers(): void {
  app.on('before-quit', onBeforeQuit);
  // Closing the window keeps Passerelle in the tray: phones keep reaching the public listener.
  app.on('window-all-closed', () => undefined);
  app.on('second-instance', () => state.window && showWindow(state.window));
  app.on('activate', () => state.window && showWindow(state.window));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());
}

async function main(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.enableSandbox();
  installAppHandlers();
  await app.whenReady();
  // The default menu is English and offers reload and devtools; macOS keeps it for Cmd+C/Cmd+V and Cmd+Q.
  if (process.platform !== 'darwin' && app.isPackaged) Menu.setApplicationMenu(null);

  const locale = app.getLocale();
  const strings = desktopStrings(locale);
  const paths = appPaths({
    electronDir: dirname(fileURLToPath(import.meta.url)),
    isPackaged: app.isPackaged,
    appPath: app.getAppPath(),
    resourcesPath: process.resourcesPath,
  });

  const launchToken = randomBytes(32).toString('base64url');
  const server = utilityProcess.fork(paths.serverEntry, [], {
    env: serverEnv(process.env, { userDataDir: app.getPath('userData'), launchToken }),
    serviceName: 'Passerelle server',
  });
  state.server = server;
  state.serverAlive = true;
  let started = false;
  server.once('exit', (code) => {
    state.serverAlive = false;
    if (!started || state.quitting) return;
    // Code 0 is the server closing on a signal (Ctrl-C in the terminal reaches both processes): quit quietly.
    if (code === 0) {
      app.quit();
      return;
    }
    dialog.showErrorBox(strings.serverStoppedTitle, strings.serverStopped(code));
    app.exit(1);
  });

  const start = await waitForReady(server, READY_TIMEOUT_MS);
  if (state.quitting) return;
  if (!start.ok) {
    if (state.serverAlive) server.kill();
    dialog.showErrorBox(strings.startFailedTitle, strings.startFailed(start.failure));
    app.exit(1);
    return;
  }
  started = true;
  const { adminUrl, publicUrl } = start.ready;

  hardenSession(session.defaultSession, adminUrl);
  hardenAllWebContents(adminUrl);
  registerBridge(
    bridgeHandlers({
      adminOrigin: adminUrl,
      publicUrl,
      version: app.getVersion(),
      writeClipboard: (text) => clipboard.writeText(text),
      openExternal: (url) => shell.openExternal(url),
    }),
  );

  const window = createAdminWindow({ preloadPath: paths.preload, iconPath: paths.icon, devTools: !app.isPackaged });
  state.window = window;
  window.on('close', (event) => {
    if (state.quitting) return;
    event.preventDefault();
    window.hide();
  });
  window.loadURL(loginUrl(adminUrl, launchToken)).catch((err: unknown) => {
    console.error(`Passerelle window could not load the admin UI: ${String(err)}`);
  });

  state.tray = createTray({
    iconPath: paths.icon,
    locale,
    tooltip: strings.trayTooltip,
    actions: {
      open: () => showWindow(window),
      'copy-public-url': () => clipboard.writeText(publicUrl),
      quit: () => app.quit(),
    },
  });
}

main().catch((err: unknown) => {
  console.error('Passerelle failed to start', err);
  app.exit(1);
});
