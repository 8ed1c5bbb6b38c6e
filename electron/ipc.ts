import { ipcMain } from 'electron';
import type { BridgeHandlers } from './bridge-handlers.js';
import { IPC_CHANNELS } from './ipc-channels.js';

/** Wires each bridge channel to its handler; the sender's frame URL goes along so the handler can refuse it. */
export function registerBridge(handlers: BridgeHandlers): void {
  for (const method of Object.keys(IPC_CHANNELS) as (keyof typeof IPC_CHANNELS)[]) {
    ipcMain.handle(IPC_CHANNELS[method], (event, ...args: unknown[]) => handlers[method](event.senderFrame?.url, ...args));
  }
}
