import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { IPC_CHANNELS } from './ipc-channels.js';

/**
 * Runs the compiled preload the way Electron's sandbox does (a script with `require`, `module` and `exports`),
 * with fakes for the two Electron objects it may touch, and looks at what the page would receive.
 */
function loadPreload() {
  const source = readFileSync(fileURLToPath(new URL('./preload.cts', import.meta.url)), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  });
  const exposed = new Map<string, unknown>();
  const invoked: { channel: string; args: unknown[] }[] = [];
  const required: string[] = [];
  const ipcRenderer = {
    invoke: async (channel: string, ...args: unknown[]) => {
      invoked.push({ channel, args });
      return channel === IPC_CHANNELS.appVersion ? '0.1.0' : undefined;
    },
    send: () => {
      throw new Error('the preload must not use send');
    },
    on: () => {
      throw new Error('the preload must not listen');
    },
  };
  const contextBridge = { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) };
  const module = { exports: {} };
  runInNewContext(outputText, {
    module,
    exports: module.exports,
    require: (id: string) => {
      required.push(id);
      if (id !== 'electron') throw new Error(`a sandboxed preload cannot require ${id}`);
      return { contextBridge, ipcRenderer };
    },
  });
  return { exposed, invoked, required, ipcRenderer };
}

describe('preload', () => {
  it('requires nothing but electron (a sandboxed preload cannot)', () => {
    expect(loadPreload().required).toEqual(['electron']);
  });

  it('exposes exactly window.passerelle with three functions', () => {
    const { exposed } = loadPreload();
    expect([...exposed.keys()]).toEqual(['passerelle']);
    const api = exposed.get('passerelle') as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual(['appVersion', 'copyPublicUrl', 'openExternal']);
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
  });

  it('never hands the page ipcRenderer', () => {
    const { exposed, ipcRenderer } = loadPreload();
    const api = exposed.get('passerelle') as Record<string, unknown>;
    expect(Object.values(api)).not.toContain(ipcRenderer);
    expect(Object.values(api)).not.toContain(ipcRenderer.invoke);
  });

  it('calls each bridge method on the channel the main process handles', async () => {
    const { exposed, invoked } = loadPreload();
    const api = exposed.get('passerelle') as {
      copyPublicUrl(): Promise<void>;
      openExternal(url: unknown): Promise<void>;
      appVersion(): Promise<string>;
    };
    await expect(api.copyPublicUrl()).resolves.toBeUndefined();
    await expect(api.openExternal('https://example.com')).resolves.toBeUndefined();
    await expect(api.appVersion()).resolves.toBe('0.1.0');
    expect(invoked).toEqual([
      { channel: IPC_CHANNELS.copyPublicUrl, args: [] },
      { channel: IPC_CHANNELS.openExternal, args: ['https://example.com'] },
      { channel: IPC_CHANNELS.appVersion, args: [] },
    ]);
  });

  it('sends openExternal a string whatever the page passes', async () => {
    const { exposed, invoked } = loadPreload();
    const api = exposed.get('passerelle') as { openExternal(url: unknown): Promise<void> };
    await api.openExternal({ toString: () => 'https://example.com/x' });
    expect(invoked[0]?.args).toEqual(['https://example.com/x']);
  });
});
