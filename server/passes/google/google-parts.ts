/**
 * The Google Wallet parts, built once (by the composition root, or by a CLI command or benchmark through it): the
 * sync (one pacer, so every Google call of this process shares the 20 calls/s), save links, callback keys.
 */
import type { Services } from '../../services.js';
import type { DesignsRepository } from '../design/designs-repository.js';
import type { Locale } from '../design/schema.js';
import type { ImagePipeline } from '../images/pipeline.js';
import { createRootKeys, type RootKeys } from './callbacks/root-keys.js';
import { createPacer, GOOGLE_RATE_PER_SECOND, type Pacer } from './client/pacer.js';
import type { RetryPolicy } from './client/wallet-api.js';
import type { GoogleSettings } from './context.js';
import { createSaveLinks, type SaveLinks } from './save-links.js';
import { createGoogleSync, type CardEvents, type GoogleSync } from './sync.js';

export interface GoogleParts {
  sync: GoogleSync;
  links: SaveLinks;
  rootKeys: RootKeys;
  pacer: Pacer;
  images: ImagePipeline;
  settings(): GoogleSettings & { keysUrl: string; senderId: string };
}

export interface GoogleOptions {
  /** Google's 20 calls/s unless told otherwise (a benchmark or test against the local fake). */
  ratePerSecond?: number;
  retry?: Partial<RetryPolicy>;
  /** Told of each pacing release (benchmarks). */
  onPace?: (at: number, units: number) => void;
}

export interface GooglePartsDeps {
  services: Services;
  images: ImagePipeline;
  designs: DesignsRepository;
  /** The wallet-events writer (cards/wallet-events.ts): messages sent are recorded through it. */
  events?: CardEvents;
  /** The stores a customer's cards carry, nearest first (merchant locations). */
  locations?: (customerId: number) => ReadonlyArray<{ latitude: number; longitude: number }>;
  options?: GoogleOptions;
}

export function createGoogleParts(deps: GooglePartsDeps): GoogleParts {
  const { services, images, designs, options = {} } = deps;
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
  const sync = createGoogleSync({
    db: services.db,
    now: services.now,
    designs,
    images,
    pacer,
    settings,
    publicUrl: () => services.urls.public(),
    defaultLocale: () => services.settings.get('brand.defaultLocale') as Locale,
    ...(deps.events ? { events: deps.events } : {}),
    ...(deps.locations ? { locations: deps.locations } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
  });
  return {
    sync,
    links: createSaveLinks({ sync, now: services.now, defaultDesignOf: (customerId) => sync.cards.designOfCustomer(customerId) ?? designs.defaultDesign()?.id }),
    rootKeys: createRootKeys({ url: () => settings().keysUrl, now: services.now }),
    pacer,
    images,
    settings,
  };
}
