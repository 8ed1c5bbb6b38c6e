/**
 * What Google fetches from the public listener: the Google-sized logo and hero of a card (1:1 660 px, 1032×336 px,
 * made on first use and cached like every variant). Images are named by the SHA-256 of their bytes, so a URL is
 * only known to whoever was given it (Google, through a class or object).
 */
import { Type } from 'typebox';
import { notFound } from '../../errors.js';
import type { Server } from '../../http/fastify.js';
import { RATE_LIMITS } from '../../http/rate-limits.js';
import { errorResponses } from '../../http/schemas.js';
import type { Services } from '../../services.js';
import { googleWalletButtonSvg } from './button.js';
import type { GoogleParts } from './google-parts.js';
import type { ImagePipeline } from '../images/pipeline.js';
import { BUTTON_PATH, IMAGES_PATH } from './public-paths.js';

export const GOOGLE_IMAGE_FILES = ['google-logo.png', 'google-hero.png'] as const;
const Params = Type.Object({ id: Type.String({ pattern: '^[0-9a-f]{64}$' }), file: Type.Enum(GOOGLE_IMAGE_FILES) });

export async function googleImagePng(images: ImagePipeline, id: string, file: (typeof GOOGLE_IMAGE_FILES)[number]): Promise<Buffer> {
  if (!images.image(id)) throw notFound('Image');
  return (await images.variant(id, file === 'google-logo.png' ? 'google-logo' : 'google-hero', 1)).png;
}

export function googlePublicRoutes(_services: Services, google: Pick<GoogleParts, 'images'>) {
  return async function (app: Server): Promise<void> {
    app.get(
      `${IMAGES_PATH}/:id/:file`,
      {
        config: { access: 'public', rateLimit: RATE_LIMITS.googleImages },
        schema: { params: Params, response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'image/png' }), ...errorResponses } },
      },
      async (request, reply) => {
        const png = await googleImagePng(google.images, request.params.id, request.params.file);
        // Content-addressed: a given image and size never change.
        return reply.header('content-type', 'image/png').header('cache-control', 'public, max-age=31536000, immutable').send(png);
      },
    );
    googleButtonRoute(app, `${BUTTON_PATH}/:file`, 'public');
  };
}

/** The button artwork, for the public card page and the admin UI (one drawing for both). */
export function googleButtonRoute(app: Server, path: string, access: 'public' | 'session'): void {
  app.get(
    path,
    {
      config: { access },
      schema: {
        params: Type.Object({ file: Type.Enum(['fr.svg', 'en.svg']) }),
        response: { 200: Type.String({ description: 'image/svg+xml' }), ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .header('content-type', 'image/svg+xml; charset=utf-8')
        .header('cache-control', 'public, max-age=86400')
        .send(googleWalletButtonSvg(request.params.file === 'en.svg' ? 'en' : 'fr')),
  );
}
