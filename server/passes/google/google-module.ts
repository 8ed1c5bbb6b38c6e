/**
 * Google Wallet, built once by the composition root: its parts (sync, save links, callback keys), the google.object
 * job kind on the shared runner, its subscription to "cards changed", its admin routes (Settings, links, designer
 * preview), its public routes (callbacks, images, button) and the googleCallback access of the public listener.
 * Everything else reaches Google through what this returns: `cardLinks` (the public card link) and the routes.
 */
import type { JobRunner } from '../../jobs/runner.js';
import type { Module } from '../../module.js';
import type { Services } from '../../services.js';
import type { CardsParts } from '../cards/cards-module.js';
import type { DesignsRepository } from '../design/designs-repository.js';
import type { GoogleCardLinks } from '../exports/public-routes.js';
import type { ImagePipeline } from '../images/pipeline.js';
import { googleAdminRoutes } from './admin-routes.js';
import { googleCallbackAccess, googleCallbackRoutes } from './callbacks/routes.js';
import { googleSubscriber } from './cards-changed.js';
import { createGoogleParts, type GoogleOptions, type GoogleParts } from './google-parts.js';
import { googleCheck } from './health-check.js';
import { GOOGLE_OBJECT_KIND, createObjectHandler } from './object-job.js';
import { BUTTON_PATH } from './public-paths.js';
import { googlePublicRoutes } from './public-routes.js';

export interface GoogleDeps {
  services: Services;
  images: ImagePipeline;
  designs: DesignsRepository;
  cards: CardsParts;
  runner: JobRunner;
  /** The stores a customer's cards carry, nearest first (the stores module's directory). */
  locations?: (customerId: number) => ReadonlyArray<{ latitude: number; longitude: number }>;
  options?: GoogleOptions;
}

export interface GoogleModuleParts extends GoogleParts {
  cardLinks: GoogleCardLinks;
}

export function createGoogle(deps: GoogleDeps): { parts: GoogleModuleParts; module: Module } {
  const { services, cards, runner } = deps;
  const google = createGoogleParts({
    services,
    images: deps.images,
    designs: deps.designs,
    events: cards.events,
    ...(deps.locations ? { locations: deps.locations } : {}),
    ...(deps.options ? { options: deps.options } : {}),
  });
  cards.changes.subscribe(googleSubscriber(services.db, { wake: () => runner.wake(GOOGLE_OBJECT_KIND) }));
  const cardLinks: GoogleCardLinks = {
    enabled: () => google.links.enabled(),
    saveUrl: async (customerId, designId) => (await google.links.forCustomer(customerId, designId)).url,
    buttonUrl: (locale) => `${BUTTON_PATH}/${locale}.svg`,
  };
  return {
    parts: { ...google, cardLinks },
    module: {
      name: 'google',
      adminRoutes: [googleAdminRoutes(services, google)],
      publicRoutes: [googleCallbackRoutes(services, google, cards.events), googlePublicRoutes(services, google)],
      jobs: [createObjectHandler(google.sync) as never],
      access: { public: { googleCallback: googleCallbackAccess(services, google) } },
      checks: [googleCheck(google.sync)],
    },
  };
}
