/**
 * One identity store and one issuer per app (per Services), shared by the admin routes, the public download route
 * and the CLI, so that the parsed identity and the bytes cache are shared too. Kept out of Services itself so that
 * the foundation does not depend on the passes feature.
 */
import type { Services } from '../../services.js';
import { createDesignsRepository, type DesignsRepository } from '../design/designs-repository.js';
import { createIdentityStore, type IdentityStore } from '../identity/identity-store.js';
import { createImagePipeline, type ImagePipeline } from '../images/pipeline.js';
import type { Locale } from '../design/schema.js';
import { storeServices } from '../../stores/store-services.js';
import { createPassIssuer, type PassIssuer } from './issuer.js';

export interface PassServices {
  identity: IdentityStore;
  images: ImagePipeline;
  designs: DesignsRepository;
  issuer: PassIssuer;
}

const registry = new WeakMap<Services, PassServices>();

export function passServices(services: Services): PassServices {
  let found = registry.get(services);
  if (!found) {
    const identity = createIdentityStore(services.db, services.now);
    const images = createImagePipeline(services.db, services.now);
    const designs = createDesignsRepository(services.db, services.now);
    const issuer = createPassIssuer({
      db: services.db,
      now: services.now,
      publicUrl: () => services.urls.public(),
      defaultLocale: () => services.settings.get('brand.defaultLocale') as Locale,
      identity,
      images,
      designs,
      locations: (customerId) => storeServices(services).directory.cardLocations(customerId),
    });
    found = { identity, images, designs, issuer };
    registry.set(services, found);
  }
  return found;
}
