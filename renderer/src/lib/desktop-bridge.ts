import type { PasserelleBridge } from '../../../electron/bridge-types';

/**
 * The desktop window's narrow bridge (`window.passerelle`, from Electron's preload), or null in a plain browser.
 * Checked at run time: the UI must work the same without it.
 */
export function desktopBridge(): PasserelleBridge | null {
  const candidate: unknown = (window as Window & { passerelle?: unknown }).passerelle;
  if (typeof candidate !== 'object' || candidate === null) return null;
  const methods = candidate as Record<keyof PasserelleBridge, unknown>;
  const complete =
    typeof methods.copyPublicUrl === 'function' &&
    typeof methods.openExternal === 'function' &&
    typeof methods.appVersion === 'function';
  return complete ? (candidate as PasserelleBridge) : null;
}

/** Puts a text on the clipboard: through the bridge for the public URL on the desktop, else the Clipboard API. */
export async function copyToClipboard(text: string, { isPublicUrl = false } = {}): Promise<void> {
  const bridge = desktopBridge();
  if (bridge && isPublicUrl) return bridge.copyPublicUrl();
  await navigator.clipboard.writeText(text);
}
