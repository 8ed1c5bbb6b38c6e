import type { BridgeChannels } from './bridge-types.js';

/** The main-process side of the channel names; the preload spells the same literals, checked by the same type. */
export const IPC_CHANNELS = {
  copyPublicUrl: 'passerelle:copy-public-url',
  openExternal: 'passerelle:open-external',
  appVersion: 'passerelle:app-version',
} as const satisfies BridgeChannels;
