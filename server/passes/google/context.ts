/**
 * What Google calls are made under, read for each batch so that a change in Settings or from the CLI applies at the
 * next call: the issuer id, our id namespace, the service-account key and an API client for it (one per key and
 * base URLs, so its access token is reused), the public URL and the default language.
 */
import type { Locale } from '../design/schema.js';
import type { AccountRepository, StoredKey } from './account-repository.js';
import type { Pacer } from './client/pacer.js';
import { createWalletApi, type RetryPolicy, type WalletApi } from './client/wallet-api.js';
import { isIssuerId } from './ids.js';
import { callbackUrlOf, imageUrlOf } from './public-paths.js';
import type { GoogleImageSlot } from './to-google.js';

export interface GoogleSettings {
  issuerId: string;
  merchantLocations: boolean;
  apiUrl: string;
  tokenUrl: string;
}

export interface GoogleContext {
  issuerId: string;
  namespace: string;
  key: StoredKey;
  api: WalletApi;
  publicUrl: string;
  defaultLocale: Locale;
  merchantLocations: boolean;
  imageUrl: (imageId: string, slot: GoogleImageSlot) => string;
  callbackUrl: string | undefined;
}

export type Unconfigured = { missing: 'issuerId' | 'serviceAccount' };

export interface ContextDeps {
  account: AccountRepository;
  settings: () => GoogleSettings;
  publicUrl: () => string;
  defaultLocale: () => Locale;
  pacer: Pacer;
  retry?: Partial<RetryPolicy>;
}

export function createContextSource(deps: ContextDeps) {
  let client: { id: string; api: WalletApi } | undefined;

  return function context(): GoogleContext | Unconfigured {
    const s = deps.settings();
    if (!isIssuerId(s.issuerId)) return { missing: 'issuerId' };
    const key = deps.account.key();
    if (!key) return { missing: 'serviceAccount' };
    const id = `${key.fingerprint}|${key.clientEmail}|${s.apiUrl}|${s.tokenUrl}`;
    if (client?.id !== id) {
      const api = createWalletApi({
        clientEmail: key.clientEmail,
        privateKeyPem: key.privateKeyPem,
        apiUrl: s.apiUrl,
        tokenUrl: s.tokenUrl,
        pacer: deps.pacer,
        ...(deps.retry ? { retry: deps.retry } : {}),
      });
      client = { id, api };
    }
    const publicUrl = deps.publicUrl().replace(/\/+$/, '');
    return {
      issuerId: s.issuerId,
      namespace: deps.account.namespace(),
      key,
      api: client.api,
      publicUrl,
      defaultLocale: deps.defaultLocale(),
      merchantLocations: s.merchantLocations,
      imageUrl: imageUrlOf(publicUrl),
      callbackUrl: callbackUrlOf(publicUrl),
    };
  };
}

export const isConfigured = (c: GoogleContext | Unconfigured): c is GoogleContext => !('missing' in c);
