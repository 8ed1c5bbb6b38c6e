/**
 * The window's only door to the main process: `window.passerelle`, three named calls and nothing else.
 * CommonJS because sandboxed preloads cannot be ES modules, and self-contained because their `require` knows
 * only 'electron': the channel names are spelled here and checked against `BridgeChannels`.
 */
import electron = require('electron');
import type { BridgeChannels, PasserelleBridge } from './bridge-types.js';

const { contextBridge, ipcRenderer } = electron;

// ipcRenderer stays inside this closure: the page gets functions, never the object that can reach any channel.
function invoke<K extends keyof BridgeChannels>(channel: BridgeChannels[K], ...args: unknown[]): Promise<unknown> {
  return ipcRenderer.invoke(channel, ...args);
}

const bridge: PasserelleBridge = {
  copyPublicUrl: async () => {
    await invoke<'copyPublicUrl'>('passerelle:copy-public-url');
  },
  openExternal: async (url) => {
    await invoke<'openExternal'>('passerelle:open-external', String(url));
  },
  appVersion: async () => String(await invoke<'appVersion'>('passerelle:app-version')),
};

contextBridge.exposeInMainWorld('passerelle', bridge);
