import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Server } from '../http/fastify.js';
import type { Services } from '../services.js';
import { allowedAdminHosts, checkHostAndOrigin } from './host-check.js';

export const SESSION_COOKIE = 'passerelle_session';

/** Routes of the admin listener that answer without a session (the UI shell itself holds no data). */
function isOpenPath(method: string, path: string): boolean {
  if (path === '/api/session' || path === '/health' || path === '/login') return true;
  return !path.startsWith('/api/') && method === 'GET';
}

export function sessionToken(request: FastifyRequest): string | undefined {
  const value = request.cookies[SESSION_COOKIE];
  return value && value.length <= 200 ? value : undefined;
}

/**
 * Every admin request: first the Host/Origin check (DNS rebinding, cross-site requests), then the session.
 * Loopback is never a reason to trust: a tunnel delivers the whole internet from 127.0.0.1.
 */
export function installAdminGuard(app: Server, services: Services): void {
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
    const path = request.url.split('?')[0] ?? '';
    if (isOpenPath(request.method, path)) return;
    const token = sessionToken(request);
    if (!token || !services.sessions.isValidSession(token)) {
      return reply.status(401).send({ code: 'UNAUTHENTICATED', message: 'Sign in to Passerelle first.' });
    }
  });
}
