import type { PasserelleBridge } from './bridge-types.js';
import { isTrustedSender, toSafeExternalUrl } from './security.js';

export interface BridgeDeps {
  adminOrigin: string;
  publicUrl: string;
  version: string;
  writeClipboard(text: string): void;
  openExternal(url: string): Promise<void>;
}

/** What a bridge method returns, whatever the renderer passed: arguments arrive from web content as `unknown`. */
export type BridgeHandlers = {
  [K in keyof PasserelleBridge]: (senderUrl: string | undefined, ...args: unknown[]) => ReturnType<PasserelleBridge[K]>;
};

/** The error codes a rejected bridge call carries (Electron prefixes the message, so the renderer matches on them). */
export const BRIDGE_ERRORS = {
  untrustedSender: 'BRIDGE_UNTRUSTED_SENDER',
  urlNotAllowed: 'BRIDGE_URL_NOT_ALLOWED',
} as const;

/** The main-process side of `window.passerelle`, with Electron's side effects injected. */
export function bridgeHandlers(deps: BridgeDeps): BridgeHandlers {
  const guard = (senderUrl: string | undefined): void => {
    if (!isTrustedSender(senderUrl, deps.adminOrigin)) throw new Error(BRIDGE_ERRORS.untrustedSender);
  };
  return {
    copyPublicUrl: async (senderUrl) => {
      guard(senderUrl);
      deps.writeClipboard(deps.publicUrl);
    },
    openExternal: async (senderUrl, url) => {
      guard(senderUrl);
      const safe = toSafeExternalUrl(url);
      if (safe === null) throw new Error(BRIDGE_ERRORS.urlNotAllowed);
      await deps.openExternal(safe);
    },
    appVersion: async (senderUrl) => {
      guard(senderUrl);
      return deps.version;
    },
  };
}
