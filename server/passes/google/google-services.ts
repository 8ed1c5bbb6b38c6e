/**
 * The Google Wallet parts of one app (per Services), shared by the admin and public routes, the job handler and the
 * CLI: the sync (one pacer, so every Google call of this process shares the 20 calls/s), save links, callback keys.
 */
import type { Services } from '../../services.js';
import type { Locale } from '../design/schema.js';
import { passServices } from '../issuing/pass-services.js';
import { createRootKeys, type RootKeys } from './callbacks/root-keys.js';
import { createGoogleWaker, type GoogleWaker } from './cards-changed.js';
import { createPacer, GOOGLE_RATE_PER_SECOND, type Pacer } from './client/pacer.js';
import type { RetryPolicy } from './client/wallet-api.js';
import type { GoogleSettings } from './context.js';
import { createSaveLinks, type SaveLinks } from './save-links.js';
import { createGoogleSync, type CardEvents, type GoogleSync } from './sync.js';

export interface GoogleServices {
  sync: GoogleSync;
  links: SaveLinks;
  rootKeys: RootKeys;
  pacer: Pacer;
  waker: GoogleWaker;
  settings(): GoogleSettings & { keysUrl: string; senderId: string };
}

export interface GoogleOptions {
  /** The wallet-events writer (installed, uninstalled, message) shared with the other wallets. */
  events?: CardEvents;
  /** Google's 20 calls/s unless told otherwise (a benchmark against the local fake). */
  ratePerSecond?: number;
  retry?: Partial<RetryPolicy>;
  /** Told of each pacing release (benchmarks). */
  onPace?: (at: number, units: number) => void;
}

const registry = new WeakMap<Services, GoogleServices>();

/** The app's Google parts, made on first use (with `options` then; later calls get the same parts). */
export function googleServices(services: Services, options: GoogleOptions = {}): GoogleServices {
  let found = registry.get(services);
  if (found) return found;
  const get = (key: string) => services.settings.get(key);
  const settings = () => ({
    issuerId: get('google.issuerId') as string,
    merchantLocations: get('google.merchantLocations') as boolean,
    apiUrl: get('google.apiUrl') as string,
    tokenUrl: get('google.tokenUrl') as string,
    keysUrl: get('google.keysUrl') as string,
    senderId: get('google.callbackSenderId') as string,
  });
  const pacer = createPacer(options.ratePerSecond ?? GOOGLE_RATE_PER_SECOND, options.onPace ? { onRelease: options.onPace } : {});
  const { designs, images, issuer } = passServices(services);
  const sync = createGoogleSync({
    db: services.db,
    now: services.now,
    designs,
    images,
    pacer,
    settings,
    publicUrl: () => services.urls.public(),
    defaultLocale: () => services.settings.get('brand.defaultLocale') as Locale,
    ...(options.events ? { events: options.events } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
  });
  found = {
    sync,
    links: createSaveLinks({ sync, now: services.now, defaultDesignOf: (customerId) => issuer.issuePass(customerId).designId }),
    rootKeys: createRootKeys({ url: () => settings().keysUrl, now: services.now }),
    pacer,
    waker: createGoogleWaker(),
    settings,
  };
  registry.set(services, found);
  return found;
}
