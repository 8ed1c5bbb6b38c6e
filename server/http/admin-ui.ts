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

/**
 * The origin of a map tile URL template ("https://tile.openstreetmap.org/{z}/{x}/{y}.png" → its https origin), the one
 * host the admin page may load images from besides itself; '' when the template has no usable origin.
 */
export function tileOrigin(template: string): string {
  const concrete = template.replace(/\{s\}/g, 'a').replace(/\{[a-z]+\}/g, '0');
  if (!URL.canParse(concrete)) return '';
  const url = new URL(concrete);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return '';
  // A {s} subdomain template allows the provider's subdomains (a.tile…, b.tile…).
  return template.includes('{s}') ? `${url.protocol}//*.${url.host.split('.').slice(1).join('.')}` : url.origin;
}

export interface AdminUiOptions {
  /** The map tiles' origin (from the map.tileUrl setting), read for each response so a changed setting applies at once. */
  tileOrigin?: () => string;
}

export async function registerAdminUi(app: Server, uiDir: string, options: AdminUiOptions = {}): Promise<void> {
  const tiles = options.tileOrigin;
  const directives = tiles ? { ...ADMIN_CSP, imgSrc: [...ADMIN_CSP.imgSrc, () => tiles() || "'self'"] } : ADMIN_CSP;
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives },
    // Plain http on 127.0.0.1: HSTS would break other local services of the shop computer.
    strictTransportSecurity: false,
    crossOriginEmbedderPolicy: false,
  });
  if (existsSync(join(uiDir, 'admin.html'))) {
    // The UI shell holds no data: every file of it is public; the data comes from `session` routes.
    await app.register(async (scope: Server) => {
      declareAccessForScope(scope, 'public');
      // A NUL byte names no file: answer like any other unknown path (the static plugin would say 400 Bad Request).
      scope.addHook('onRequest', async (request, reply) => {
        if (/%00/.test(request.url)) return reply.status(404).send({ code: 'NOT_FOUND', message: 'Nothing here.' });
      });
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
