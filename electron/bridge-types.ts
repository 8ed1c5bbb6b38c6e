/**
 * The whole surface the desktop window gets from the main process, exposed by the preload as `window.passerelle`.
 * Types only: the renderer imports them (`import type`) to type `window.passerelle`, which is absent in browser mode.
 */
export interface PasserelleBridge {
  /** Puts the public URL (the one phones reach through the tunnel) on the clipboard. */
  copyPublicUrl(): Promise<void>;
  /** Opens an https URL in the system browser; rejects any other URL. */
  openExternal(url: string): Promise<void>;
  appVersion(): Promise<string>;
}

/**
 * One IPC channel per bridge method. The preload cannot import values (a sandboxed preload only `require`s
 * 'electron'), so both sides spell the names and this map makes a typo a type error on either side.
 */
export interface BridgeChannels {
  copyPublicUrl: 'passerelle:copy-public-url';
  openExternal: 'passerelle:open-external';
  appVersion: 'passerelle:app-version';
}

type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false;
type Assert<T extends true> = T;
/** Fails to compile when a bridge method has no channel or a channel has no method. */
export type BridgeChannelsMatchBridge = Assert<SameKeys<PasserelleBridge, BridgeChannels>>;
