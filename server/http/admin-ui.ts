import { existsSync } from 'node:fs';
import { join } from 'node:path';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import { declareAccessForScope } from './access.js';
import type { Server } from './fastify.js';

/** The admin UI is a static single-page app; its CSP forbids inline scripts and any other origin. */
export const ADMIN_CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  upgradeInsecureRequests: null,
};

export async function registerAdminUi(app: Server, uiDir: string): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: ADMIN_CSP },
    // Plain http on 127.0.0.1: HSTS would break other local services of the shop computer.
    strictTransportSecurity: false,
    crossOriginEmbedderPolicy: false,
  });
  if (existsSync(join(uiDir, 'admin.html'))) {
    // The UI shell holds no data: every file of it is public; the data comes from `session` routes.
    await app.register(async (scope: Server) => {
      declareAccessForScope(scope, 'public');
      await scope.register(fastifyStatic, { root: uiDir, prefix: '/', index: ['admin.html'], wildcard: true });
    });
    return;
  }
  app.get('/', { config: { access: 'public' } }, async (_request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .send(
        '<!doctype html><meta charset="utf-8"><title>Passerelle</title>' +
          '<p>The admin interface is not built yet. Run <code>npm run build</code> (or <code>npm run serve</code>, which builds it) and reload.</p>',
      ),
  );
}
