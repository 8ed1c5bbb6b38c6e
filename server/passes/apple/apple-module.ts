/**
 * Apple Wallet, built once by the composition root: the signing identity, the pass issuer, the one signing pool
 * (behind PassBytes), the web service, APNs pushes as a job kind, and Apple's subscription to "cards changed".
 * Everything else reaches Apple through what this returns: `files` (cards/card-files.ts) and the routes.
 */
import type { JobRunner } from '../../jobs/runner.js';
import type { Module } from '../../module.js';
import type { Services } from '../../services.js';
import type { CardFiles } from '../cards/card-files.js';
import type { CardsParts } from '../cards/cards-module.js';
import type { CardLocation } from '../design/card-locations.js';
import type { Locale } from '../design/schema.js';
import type { DesignsRepository } from '../design/designs-repository.js';
import type { ImagePipeline } from '../images/pipeline.js';
import { walletAdminRoutes } from './admin-routes.js';
import { appleChecks } from './health-checks.js';
import { appleCardsSubscriber } from './apple-cards.js';
import { appleFiles } from './apple-files.js';
import { createServerPushes, type ServerPushes } from './apns/server-pushes.js';
import { apnsStatusRoutes } from './apns/status-routes.js';
import { createIdentityStore, type IdentityStore } from './identity/identity-store.js';
import { appleSettingsRoutes } from './identity/routes.js';
import { appleCsrRoutes } from './identity/csr-routes.js';
import { createPendingKeysRepository, type PendingKeysRepository } from './identity/pending-keys-repository.js';
import { loadWwdrBundle, type WwdrBundle } from './identity/wwdr-bundle.js';
import { createPassIssuer, type PassIssuer } from './issuer.js';
import { createRegistrations, type Registrations } from './registrations.js';
import { createDeviceLogs, type DeviceLogs } from './webservice/device-logs.js';
import { applePassAccess } from './webservice/pass-auth.js';
import { createPassBytes, type PassBytes } from './webservice/pass-bytes.js';
import { appleWebServiceRoutes } from './webservice/routes.js';
import type { BuildQueueOptions } from './signing-queue.js';

export interface AppleDeps {
  services: Services;
  images: ImagePipeline;
  designs: DesignsRepository;
  cards: CardsParts;
  runner: JobRunner;
  /** Signing pool tuning (tests, benchmarks). */
  signing?: BuildQueueOptions;
  /** Where each customer's card is relevant (the stores feature's nearest stores). */
  locations?: (customerId: number) => CardLocation[];
}

export interface AppleParts {
  identity: IdentityStore;
  issuer: PassIssuer;
  registrations: Registrations;
  logs: DeviceLogs;
  bytes: PassBytes;
  pushes: ServerPushes;
  files: CardFiles;
  /** Keys made for certificate signing requests, waiting for Apple's certificate. */
  pendingKeys: PendingKeysRepository;
  /** Apple's WWDR certificates shipped in resources/apple, read and checked once. */
  wwdrBundle: () => WwdrBundle;
}

export function createApple(deps: AppleDeps): { parts: AppleParts; module: Module } {
  const { services, images, designs, cards, runner } = deps;
  const { db, now } = services;
  const identity = createIdentityStore(db, now);
  const pendingKeys = createPendingKeysRepository(db);
  let bundle: WwdrBundle | undefined;
  const wwdrBundle = () => (bundle ??= loadWwdrBundle(services.config.resourcesDir));
  const issuer = createPassIssuer({
    db,
    now,
    publicUrl: () => services.urls.public(),
    defaultLocale: () => services.settings.get('brand.defaultLocale') as Locale,
    identity,
    images,
    designs,
    ...(deps.locations ? { locations: deps.locations } : {}),
  });
  const bytes = createPassBytes({
    db,
    issuer,
    identity,
    now,
    queue: {
      ...deps.signing,
      onPoolError: (err) => services.log.error({ err }, 'pass signing worker failed; signing on the main thread'),
    },
  });
  const registrations = createRegistrations(db, now, cards.events);
  const logs = createDeviceLogs(db, now);
  const pushes = createServerPushes({ services, identity, runner, events: cards.events });
  // Changed passes that phones hold are built ahead, while their pushes go out (see webservice/pass-bytes.ts).
  const warm = (passIds: readonly number[]) =>
    void bytes.warm(passIds).catch((err: unknown) => services.log.warn({ err }, 'building changed passes ahead failed'));
  cards.changes.subscribe(appleCardsSubscriber({ db, wake: () => pushes.wake(), warm }));

  const files = appleFiles({ issuer, identity, bytes });
  const parts: AppleParts = { identity, issuer, registrations, logs, bytes, pushes, files, pendingKeys, wwdrBundle };
  return {
    parts,
    module: {
      name: 'apple',
      adminRoutes: [
        appleSettingsRoutes(services, { identity, issuer, wwdrBundle }),
        appleCsrRoutes(services, { identity, issuer, pendingKeys, wwdrBundle }),
        walletAdminRoutes(services, { registrations, events: cards.events, logs }),
        apnsStatusRoutes(services, { pushes }),
      ],
      publicRoutes: [appleWebServiceRoutes(services, { registrations, logs, bytes })],
      access: { public: { applePass: applePassAccess(db) } },
      checks: appleChecks({ services, identity, wwdrBundle }),
      start: () => pushes.start(),
      async stop() {
        await pushes.stop();
        await bytes.close();
      },
    },
  };
}
