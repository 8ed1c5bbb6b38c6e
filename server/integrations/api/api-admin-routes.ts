/** Settings → API keys (create shown once, list, revoke) and the API's OpenAPI document with Swagger UI, on the admin listener. */
import swaggerUi from '@fastify/swagger-ui';
import swagger from '@fastify/swagger';
import { Type } from 'typebox';
import { declareAccessForScope } from '../../http/access.js';
import type { Server } from '../../http/fastify.js';
import { errorResponses, IdParams } from '../../http/schemas.js';
import type { RoutePlugin } from '../../module.js';
import { ApiKeyView, CreatedApiKey, NewApiKey } from '../schemas.js';
import type { ApiKeys } from './api-keys.js';

export interface ApiAdminDeps {
  keys: ApiKeys;
  /** The REST API's OpenAPI document (built on first use). */
  document(): Promise<Record<string, unknown>>;
  serverUrl(): string;
}

export function apiAdminRoutes(deps: ApiAdminDeps): RoutePlugin {
  return async function (app: Server): Promise<void> {
    app.get(
      '/api/integrations/api-keys',
      { config: { access: 'session' }, schema: { response: { 200: Type.Object({ items: Type.Array(ApiKeyView) }), ...errorResponses } } },
      async () => ({ items: deps.keys.list() }),
    );
    app.post(
      '/api/integrations/api-keys',
      { config: { access: 'session' }, schema: { body: NewApiKey, response: { 201: CreatedApiKey, ...errorResponses } } },
      async (request, reply) => reply.status(201).send(deps.keys.create(request.body.name, request.body.scopes)),
    );
    app.delete(
      '/api/integrations/api-keys/:id',
      { config: { access: 'session' }, schema: { params: IdParams, response: { 200: ApiKeyView, ...errorResponses } } },
      async (request) => deps.keys.revoke(request.params.id),
    );

    let built: Record<string, unknown> | undefined;
    const withServer = async () => {
      built ??= await deps.document();
      return { ...built, servers: [{ url: deps.serverUrl() }] };
    };
    app.get('/api/integrations/openapi.json', { config: { access: 'session' }, schema: { hide: true } }, async (_request, reply) =>
      reply.type('application/json; charset=utf-8').send(JSON.stringify(await withServer())),
    );

    // Swagger UI reads its document from its own /json route, which it fills synchronously: the static document it is
    // handed is swapped for the API's, built (on first use) by a hook before its routes run.
    await app.register(async (scope: Server) => {
      declareAccessForScope(scope, 'session');
      await scope.register(swagger, { mode: 'static', specification: { document: { openapi: '3.0.3', info: { title: 'Passerelle API', version: '' }, paths: {} } } });
      await scope.register(swaggerUi, {
        routePrefix: '/api-docs',
        uiConfig: { validatorUrl: null, deepLinking: false },
        staticCSP: false,
        uiHooks: {
          onRequest: async () => {
            await withServer();
          },
        },
        transformSpecificationClone: false,
        transformSpecification: () => ({ ...built!, servers: [{ url: deps.serverUrl() }] }),
      });
    });
  };
}
