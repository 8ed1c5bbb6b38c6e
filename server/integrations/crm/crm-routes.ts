/** Settings → CRM connectors on the admin listener. */
import { Type } from 'typebox';
import type { Server } from '../../http/fastify.js';
import { errorResponses } from '../../http/schemas.js';
import type { RoutePlugin } from '../../module.js';
import { CrmConnectionInput, CrmConnectionView, CrmProviderParams } from '../schemas.js';
import type { Crm } from './crm.js';

export function crmRoutes(crm: Crm): RoutePlugin {
  return async function (app: Server): Promise<void> {
    const config = { access: 'session' as const };
    app.get('/api/integrations/crm', { config, schema: { response: { 200: Type.Object({ items: Type.Array(CrmConnectionView) }), ...errorResponses } } }, async () => ({
      items: crm.list(),
    }));
    app.put(
      '/api/integrations/crm/:provider',
      { config, schema: { params: CrmProviderParams, body: CrmConnectionInput, response: { 200: CrmConnectionView, ...errorResponses } } },
      async (request) => crm.save(request.params.provider, request.body),
    );
    app.delete(
      '/api/integrations/crm/:provider',
      { config, schema: { params: CrmProviderParams, response: { 200: CrmConnectionView, ...errorResponses } } },
      async (request) => {
        crm.remove(request.params.provider);
        return crm.view(request.params.provider);
      },
    );
    app.post(
      '/api/integrations/crm/:provider/test',
      { config, schema: { params: CrmProviderParams, response: { 200: CrmConnectionView, ...errorResponses } } },
      async (request) => crm.test(request.params.provider),
    );
    app.post(
      '/api/integrations/crm/:provider/sync-all',
      { config, schema: { params: CrmProviderParams, response: { 202: Type.Object({ queued: Type.Integer() }), ...errorResponses } } },
      async (request, reply) => reply.status(202).send({ queued: crm.syncAll(request.params.provider) }),
    );
  };
}
