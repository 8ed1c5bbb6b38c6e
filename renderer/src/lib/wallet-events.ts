import type { WalletEvent } from './contract';
import type { MessageKey } from './i18n/fr';

export interface EventText {
  key: MessageKey;
  params: Record<string, string | number>;
}

export type EventTone = 'good' | 'bad' | 'neutral';

const PLATFORMS = { apple: 'Apple Wallet', google: 'Google Wallet' } as const;

const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const signed = (n: number): string => (n > 0 ? `+${n}` : String(n));

/** What a timeline line says about a wallet event (the server's `detail` is read defensively: it is JSON). */
export function describeEvent(event: WalletEvent): EventText {
  const platform = PLATFORMS[event.platform];
  const d = event.detail;
  switch (event.kind) {
    case 'installed':
      return { key: 'wallet.event.installed', params: { platform } };
    case 'uninstalled':
      return { key: str(d.reason).startsWith('apns-') ? 'wallet.event.uninstalledApns' : 'wallet.event.uninstalled', params: { platform } };
    case 'message':
      // Google Wallet: sent without a notification (3 a day per card) — d.fallbackReason says whose count stopped it.
      if (str(d.fallbackReason)) return { key: 'wallet.event.messageQuiet', params: { text: str(d.text), platform } };
      return { key: 'wallet.event.message', params: { text: str(d.text) } };
    case 'updated': {
      const delta = num(d.delta);
      if (d.reason === 'tier' && delta !== undefined && str(d.tier)) return { key: 'wallet.event.tier', params: { tier: str(d.tier), delta: signed(delta) } };
      if ((d.reason === 'points' || d.reason === 'tier') && delta !== undefined) {
        return { key: 'wallet.event.points', params: { delta: signed(delta), balance: num(d.balance) ?? 0 } };
      }
      const version = num(d.designVersion);
      if (d.reason === 'design' && version !== undefined) return { key: 'wallet.event.design', params: { version } };
      return { key: 'wallet.event.updated', params: {} };
    }
  }
}

export function eventTone(event: WalletEvent): EventTone {
  if (event.kind === 'installed') return 'good';
  if (event.kind === 'uninstalled') return 'bad';
  return 'neutral';
}
