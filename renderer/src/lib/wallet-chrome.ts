import type { Locale } from './contract';

/**
 * The words Wallet itself shows around a pass (not the design's texts), in the preview's language — which may differ
 * from the interface's, so they are not in the interface dictionaries.
 */
export interface WalletChrome {
  details: string;
  automaticUpdates: string;
  suggestOnLockScreen: string;
  latestMessage: string;
  sampleMessage: string;
  remove: string;
}

export const walletChrome: Record<Locale, WalletChrome> = {
  fr: {
    details: 'Détails du pass',
    automaticUpdates: 'Mises à jour automatiques',
    suggestOnLockScreen: 'Suggérer sur l’écran verrouillé',
    latestMessage: 'Dernier message',
    sampleMessage: 'Le dernier message envoyé à vos clients s’affiche ici.',
    remove: 'Supprimer le pass',
  },
  en: {
    details: 'Pass Details',
    automaticUpdates: 'Automatic Updates',
    suggestOnLockScreen: 'Suggest on Lock Screen',
    latestMessage: 'Latest message',
    sampleMessage: 'The latest message sent to your customers shows here.',
    remove: 'Remove Pass',
  },
};
