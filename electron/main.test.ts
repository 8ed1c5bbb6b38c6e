import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/**
 * The main process's wiring, driven through a stand-in for the `electron` module (the real one cannot run here).
 * The decisions themselves are tested in their own files; this checks that main.ts hands them the right values
 * and that start, failure and quit happen in the right order.
 */

class FakeUtilityProcess extends EventEmitter {
  posted: unknown[] = [];
  killed = false;
  postMessage(message: unknown): void {
    this.posted.push(message);
  }
  kill(): boolean {
    this.killed = true;
    return true;
  }
}

class FakeWindow extends EventEmitter {
  static created: FakeWindow[] = [];
  loaded: string[] = [];
  hidden = false;
  webContents = Object.assign(new EventEmitter(), { reload: vi.fn() });
  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeWindow.created.push(this);
  }
  async loadURL(url: string): Promise<void> {
    this.loaded.push(url);
  }
  hide(): void {
    this.hidden = true;
  }
  show(): void {
    this.hidden = false;
  }
  focus(): void {}
  isMinimized(): boolean {
    return false;
  }
  restore(): void {}
}

const fake = vi.hoisted(() => ({
  app: null as unknown as ReturnType<typeof makeApp>,
  forks: [] as { modulePath: string; args: string[]; options: { env: Record<string, string>; serviceName: string } }[],
  proc: null as unknown,
  errorBoxes: [] as [string, string][],
  trayMenus: [] as { label?: string; type?: string }[][],
  clipboard: [] as string[],
  ipcChannels: [] as string[],
  lock: true,
  locale: 'fr-FR',
}));

function makeApp() {
  const emitter = new EventEmitter();
  return Object.assign(emitter, {
    isPackaged: false,
    requestSingleInstanceLock: () => fake.lock,
    enableSandbox: vi.fn(),
    whenReady: () => Promise.resolve(),
    getLocale: () => fake.locale,
    getPath: (name: string) => `/home/ana/.config/Passerelle-${name}`,
    getAppPath: () => '/app',
    getVersion: () => '0.1.0',
    quit: vi.fn(() => {
      const event = { defaultPrevented: false, preventDefault: () => (event.defaultPrevented = true) };
      emitter.emit('before-quit', event);
      return event.defaultPrevented;
    }),
    exit: vi.fn(),
  });
}

vi.mock('electron', () => ({
  app: new Proxy({}, { get: (_t, key) => (fake.app as unknown as Record<string | symbol, unknown>)[key] }),
  BrowserWindow: FakeWindow,
  clipboard: { writeText: (text: string) => fake.clipboard.push(text) },
  dialog: { showErrorBox: (title: string, body: string) => fake.errorBoxes.push([title, body]) },
  Menu: { setApplicationMenu: vi.fn(), buildFromTemplate: (t: { label?: string; type?: string }[]) => (fake.trayMenus.push(t), t) },
  nativeImage: { createFromPath: () => ({ resize: () => ({}) }) },
  Tray: class {
    setToolTip(): void {}
    setContextMenu(): void {}
    on(): void {}
  },
  ipcMain: { handle: (channel: string) => fake.ipcChannels.push(channel) },
  session: {
    defaultSession: {
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
      webRequest: { onHeadersReceived: vi.fn() },
    },
  },
  shell: { openExternal: vi.fn() },
  utilityProcess: {
    fork: (modulePath: string, args: string[], options: { env: Record<string, string>; serviceName: string }) => {
      fake.forks.push({ modulePath, args, options });
      fake.proc = new FakeUtilityProcess();
      return fake.proc;
    },
  },
}));

const READY = { type: 'ready', adminUrl: 'http://127.0.0.1:4380', publicUrl: 'https://shop.example' };
const flush = () => new Promise((resolve) => setImmediate(resolve));
const proc = () => fake.proc as FakeUtilityProcess;
let signalListeners: Map<string, Function[]>;

beforeEach(() => {
  vi.resetModules();
  fake.app = makeApp();
  fake.forks.length = 0;
  fake.errorBoxes.length = 0;
  fake.trayMenus.length = 0;
  fake.clipboard.length = 0;
  fake.ipcChannels.length = 0;
  fake.lock = true;
  fake.locale = 'fr-FR';
  FakeWindow.created.length = 0;
  signalListeners = new Map(['SIGINT', 'SIGTERM'].map((s) => [s, process.listeners(s as NodeJS.Signals)]));
});

afterEach(() => {
  // main.ts relays SIGINT/SIGTERM to app.quit(); do not leave those listeners on the test worker.
  for (const [signal, before] of signalListeners) {
    for (const listener of process.listeners(signal as NodeJS.Signals)) {
      if (!before.includes(listener)) process.off(signal, listener as () => void);
    }
  }
});

async function start(): Promise<void> {
  await import('./main.js');
  await flush();
}

describe('main process', () => {
  it('leaves at once when another instance holds the lock', async () => {
    fake.lock = false;
    await start();
    expect(fake.app.quit).toHaveBeenCalled();
    expect(fake.forks).toHaveLength(0);
  });

  it('forks the compiled server with desktop mode, a data folder under userData and a fresh token', async () => {
    await start();
    expect(fake.app.enableSandbox).toHaveBeenCalled();
    expect(fake.forks).toHaveLength(1);
    const { modulePath, options } = fake.forks[0]!;
    expect(modulePath.replaceAll('\\', '/')).toMatch(/\/server\/main\.js$/);
    expect(options.serviceName).toBe('Passerelle server');
    expect(options.env.PASSERELLE_MODE).toBe('desktop');
    expect(options.env.PASSERELLE_DATA_DIR?.replaceAll('\\', '/')).toBe('/home/ana/.config/Passerelle-userData/data');
    expect(options.env.PASSERELLE_LAUNCH_TOKEN).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(FakeWindow.created).toHaveLength(0);
  });

  it('opens a locked-down window on the login URL with the same token once the server is ready', async () => {
    await start();
    proc().emit('message', READY);
    await flush();
    const token = fake.forks[0]!.options.env.PASSERELLE_LAUNCH_TOKEN;
    const [window] = FakeWindow.created;
    expect(window?.loaded).toEqual([`http://127.0.0.1:4380/login?token=${token}`]);
    expect(window?.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(fake.ipcChannels.sort()).toEqual(['passerelle:app-version', 'passerelle:copy-public-url', 'passerelle:open-external']);
    expect(fake.trayMenus[0]?.map((i) => i.label ?? i.type)).toEqual(['Ouvrir', 'Copier l’URL publique', 'separator', 'Quitter']);
  });

  it('hides the window on close instead of stopping the server', async () => {
    await start();
    proc().emit('message', READY);
    await flush();
    const window = FakeWindow.created[0]!;
    const event = { defaultPrevented: false, preventDefault: () => (event.defaultPrevented = true) };
    window.emit('close', event);
    expect(event.defaultPrevented).toBe(true);
    expect(window.hidden).toBe(true);
    expect(proc().posted).toEqual([]);
  });

  it('on quit, asks the server to shut down and quits once it has exited', async () => {
    await start();
    proc().emit('message', READY);
    await flush();
    expect(fake.app.quit()).toBe(true);
    expect(proc().posted).toEqual([{ type: 'shutdown' }]);
    proc().emit('exit', 0);
    await flush();
    expect(fake.app.quit).toHaveBeenCalledTimes(2);
    expect(fake.errorBoxes).toEqual([]);
  });

  it('shows one error dialog and exits when the server reports a startup error', async () => {
    fake.locale = 'en-US';
    await start();
    proc().emit('message', { type: 'error', message: 'port 4380 is in use' });
    await flush();
    expect(fake.errorBoxes).toEqual([['Passerelle could not start', 'The Passerelle server could not start:\n\nport 4380 is in use']]);
    expect(proc().killed).toBe(true);
    expect(fake.app.exit).toHaveBeenCalledWith(1);
    expect(FakeWindow.created).toHaveLength(0);
  });

  it('tells the user and exits when the server dies after startup', async () => {
    fake.locale = 'en-US';
    await start();
    proc().emit('message', READY);
    await flush();
    proc().emit('exit', 134);
    expect(fake.errorBoxes[0]?.[1]).toMatch(/exit code 134/);
    expect(fake.app.exit).toHaveBeenCalledWith(1);
  });
});
