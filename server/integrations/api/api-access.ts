/**
 * The `apiKey` access kind of the public listener: `Authorization: Bearer pk_…`. A missing, unknown or revoked key is
 * a 401; a live key without the route's scope (`config.apiScope`) a 403. The key's owner rides on the request for
 * the per-key rate limit and for what the route records.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AccessVerifier } from '../../http/access.js';
import type { ApiScope } from '../api-schemas.js';
import type { ApiKeyInfo, ApiKeys } from './api-keys.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The scope an API key needs for this route (any live key when absent). */
    apiScope?: ApiScope;
  }
  interface FastifyRequest {
    apiKey?: ApiKeyInfo;
  }
}

export function bearerOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header !== 'string' || header.length > 200) return undefined;
  const m = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return m?.[1];
}

export function apiKeyAccess(keys: Pick<ApiKeys, 'verify'>): AccessVerifier {
  return {
    stage: 'onRequest',
    verify(request: FastifyRequest, reply: FastifyReply) {
      const key = keys.verify(bearerOf(request));
      if (!key) {
        reply
          .status(401)
          .header('www-authenticate', 'Bearer realm="passerelle"')
          .send({ code: 'API_KEY_INVALID', message: 'Send a live API key as "Authorization: Bearer pk_…" (Settings → API keys).' });
        return false;
      }
      const scope = request.routeOptions.config.apiScope;
      if (scope && !key.scopes.includes(scope)) {
        reply.status(403).send({ code: 'API_KEY_SCOPE', message: `This API key lacks the ${scope} scope.`, params: { scope } });
        return false;
      }
      request.apiKey = key;
      return true;
    },
  };
}
