import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AccessVerifier } from '../http/access.js';
import type { Server } from '../http/fastify.js';
import type { Services } from '../services.js';
import { allowedAdminHosts, checkHostAndOrigin } from './host-check.js';

export const SESSION_COOKIE = 'passerelle_session';

export function sessionToken(request: FastifyRequest): string | undefined {
  const value = request.cookies[SESSION_COOKIE];
  return value && value.length <= 200 ? value : undefined;
}

/** The `session` access: the admin's session cookie, from a login link, Electron's launch token or the password. */
export function sessionAccess(services: Services): AccessVerifier {
  return {
    stage: 'onRequest',
    verify(request: FastifyRequest, reply: FastifyReply) {
      const token = sessionToken(request);
      if (token && services.sessions.isValidSession(token)) return true;
      reply.status(401).send({ code: 'UNAUTHENTICATED', message: 'Sign in to Passerelle first.' });
      return false;
    },
  };
}

/**
 * Every admin request, whatever route it matches (or none): the Host/Origin check against DNS rebinding and
 * cross-site requests. Who may call each route is the route's own `access` (http/access.ts). Loopback is never a
 * reason to trust: a tunnel delivers the whole internet from 127.0.0.1.
 */
export function installAdminHostCheck(app: Server, services: Services): void {
  const cache = new Map<number, Set<string>>();
  const allowedFor = (port: number): Set<string> => {
    let set = cache.get(port);
    if (!set) {
      set = allowedAdminHosts(port, services.config.adminAllowedHosts);
      cache.set(port, set);
    }
    return set;
  };

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const port = request.socket.localPort ?? services.urls.boundPorts().admin;
    const check = checkHostAndOrigin(allowedFor(port), request.headers.host, request.headers.origin);
    if (!check.ok) {
      const message =
        check.reason === 'HOST_NOT_ALLOWED'
          ? 'This address is not allowed to reach the Passerelle admin. Open it through 127.0.0.1 or localhost.'
          : 'Requests from another site are refused.';
      return reply.status(403).send({ code: check.reason, message });
    }
  });
}
